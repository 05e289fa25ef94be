"""``scorad-desk --demo``: build a throwaway demo clinic off the GUI thread, then open it.

The folder is a fresh temporary directory, removed when the application quits; the login
screen shows the demo user and password.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QApplication, QLabel, QProgressBar, QVBoxLayout, QWidget

from desktop_app.ui.errors import error_text
from desktop_app.ui.workers import run_in_background

translate = QCoreApplication.translate


class DemoSplash(QWidget):
    """Shown while the demo data is generated; replaced by the main window when ready."""

    ready = Signal(object)  # the MainWindow

    def __init__(self, folder: Path, patients: int = 18) -> None:
        super().__init__()
        self.folder = folder
        self.setWindowTitle(translate("Demo", "ScoradDesk demo"))
        layout = QVBoxLayout(self)
        self.label = QLabel(translate("Demo", "Preparing a demo clinic with made-up patients…"))
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.resize(420, 120)
        self.main_window: QWidget | None = None
        from desktop_app.demo import create_demo_clinic

        run_in_background(
            lambda: create_demo_clinic(folder, patients=patients),
            self._done,
            self._failed,
            translate("Demo", "Preparing the demo…"),
            None,
        )

    def _done(self, demo: object) -> None:
        from desktop_app.ui.windows.main_window import MainWindow

        window = MainWindow(self.folder, login_hint=(demo.username, demo.password))  # type: ignore[attr-defined]
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.main_window = window
        window.show()
        self.ready.emit(window)
        self.hide()

    def _failed(self, exc: BaseException) -> None:
        self.bar.setRange(0, 1)
        self.label.setText(error_text(exc))


def launch_demo() -> DemoSplash:
    base = Path(tempfile.mkdtemp(prefix="scorad-desk-demo-"))
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(lambda: shutil.rmtree(base, ignore_errors=True))
    return DemoSplash(base / "clinic")
