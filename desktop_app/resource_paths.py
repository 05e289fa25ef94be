"""Where the shipped data files live (``resources/``), for the GUI and the Qt-free services alike.

``resources/`` sits next to the package in a source checkout; a PyInstaller bundle unpacks it
under ``sys._MEIPASS``; ``SCORAD_DESK_RESOURCES`` overrides both (tests, unusual installs).
One lookup for everyone, so the GUI's body maps and the imaging colour-cast model can never
come from two different folders.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Final

RESOURCES_ENV: Final = "SCORAD_DESK_RESOURCES"


def resources_dir() -> Path:
    override = os.environ.get(RESOURCES_ENV)
    if override:
        return Path(override)
    frozen_base = getattr(sys, "_MEIPASS", None)
    if frozen_base:
        return Path(frozen_base) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"
