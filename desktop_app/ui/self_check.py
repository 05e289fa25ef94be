"""The Qt part of ``scorad-desk --self-test``: proves the platform plugin and widgets load."""

from __future__ import annotations

from pathlib import Path

from desktop_app.ui.app import create_application
from desktop_app.ui.windows.main_window import MainWindow


def build_main_window_once(data_dir: Path) -> str:
    """Build (and discard) the main window on an empty data folder; return the Qt platform used."""
    app = create_application([])
    window = MainWindow(data_dir)
    window.show()
    app.processEvents()
    title = window.windowTitle()
    window.close()
    window.deleteLater()
    app.processEvents()
    if not title:
        raise RuntimeError("the main window has no title: Qt did not build it")
    return f"Qt {app.platformName()} window built"
