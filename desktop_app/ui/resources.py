"""Where the GUI's shipped files live (body maps, translations, style sheet).

The folder itself is found by ``desktop_app.resource_paths`` (shared with the Qt-free services).
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.resource_paths import RESOURCES_ENV as RESOURCES_ENV  # re-exported
from desktop_app.resource_paths import resources_dir as resources_dir  # re-exported

__all__ = [
    "RESOURCES_ENV",
    "body_map_file",
    "icon_file",
    "resources_dir",
    "style_sheet_file",
    "translations_dir",
]


def body_map_file(figure: str) -> Path:
    return resources_dir() / "body_map" / f"{figure}.json"


def translations_dir() -> Path:
    return resources_dir() / "translations"


def icon_file() -> Path:
    return resources_dir() / "icons" / "scorad-desk.svg"


def style_sheet_file() -> Path:
    return resources_dir() / "style.qss"
