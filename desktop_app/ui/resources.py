"""Where the GUI's shipped files live (body maps, translations, style sheet).

``resources/`` sits next to the package in a source checkout; a frozen build sets
``SCORAD_DESK_RESOURCES`` (or ships the folder beside the executable) and the same paths apply.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

RESOURCES_ENV = "SCORAD_DESK_RESOURCES"


def resources_dir() -> Path:
    override = os.environ.get(RESOURCES_ENV)
    if override:
        return Path(override)
    frozen_base = getattr(sys, "_MEIPASS", None)
    if frozen_base:
        return Path(frozen_base) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def body_map_file(figure: str) -> Path:
    return resources_dir() / "body_map" / f"{figure}.json"


def translations_dir() -> Path:
    return resources_dir() / "translations"


def icon_file() -> Path:
    return resources_dir() / "icons" / "scorad-desk.svg"


def style_sheet_file() -> Path:
    return resources_dir() / "style.qss"
