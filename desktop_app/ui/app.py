"""Creating the QApplication and running the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop_app import APP_NAME, __version__
from desktop_app.ui.windows.main_window import MainWindow


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    return app


def run(data_dir: Path) -> int:
    app = create_application()
    window = MainWindow(data_dir)
    window.show()
    return app.exec()
