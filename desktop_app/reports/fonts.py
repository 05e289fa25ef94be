"""The embedded Unicode font family (DejaVu Sans, Bitstream Vera licence, in resources/fonts).

PDF's standard 14 fonts only cover Latin-1 in WinAnsi encoding and are not embedded, so a
name like "Françoise Lévêque-Núñez" or the French "Œdème" needs a real TrueType font; the
subset actually used is embedded in every PDF, so it prints the same on any machine.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop_app.reports.errors import ReportError

REGULAR = "ScoradDeskSans"
BOLD = "ScoradDeskSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


def fonts_dir() -> Path:
    """resources/fonts in a source checkout, or inside a PyInstaller bundle (``sys._MEIPASS``)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources" / "fonts"
    return Path(__file__).resolve().parents[2] / "resources" / "fonts"


@cache
def register_fonts() -> tuple[str, str]:
    """Register the family once per process (parsing the TTF files takes ~0.1 s)."""
    folder = fonts_dir()
    for name, filename in _FILES.items():
        path = folder / filename
        if not path.is_file():
            raise ReportError(
                "font_missing", f"The report font {filename} is missing from {folder}; reinstall ScoradDesk."
            )
        pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD
