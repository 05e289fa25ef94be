"""Creating the QApplication and running the main window (or the demo clinic)."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QLocale, QThreadPool, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop_app import APP_NAME, __version__
from desktop_app.ui.i18n import set_language
from desktop_app.ui.resources import icon_file, style_sheet_file

QUIT_WHEN_READY_ENV = "SCORAD_DESK_QUIT_WHEN_READY"
QUIT_GRACE_MS = 60_000


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(icon_file())))
    style = style_sheet_file()
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    # Before login the clinic's language is unknown (it is in the encrypted database):
    # follow the computer's language until then.
    set_language("fr" if QLocale.system().language() == QLocale.Language.French else "en")
    return app


def _unexpected_error(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """Last resort for a programming error: keep the window, tell the user, print for support.

    Nothing is lost by it: finished steps are recorded and unfinished forms are autosaved.
    """
    traceback.print_exception(kind, error, tb)
    if QApplication.instance() is not None:
        QMessageBox.critical(
            None,
            QCoreApplication.translate("App", "Unexpected error"),
            QCoreApplication.translate(
                "App",
                "Something went wrong in ScoradDesk. What was saved is safe. If it happens again, "
                "note what you were doing and tell your IT support.",
            ),
        )


def run(data_dir: Path, demo: bool = False) -> int:
    app = create_application()
    sys.excepthook = _unexpected_error
    from desktop_app.ui.pages.visit import install_capture_step

    install_capture_step()
    from desktop_app.ui.windows.main_window import MainWindow

    window: QWidget
    if demo:
        from desktop_app.ui.demo_launcher import launch_demo

        window = launch_demo()
    else:
        window = MainWindow(data_dir)
    window.show()
    # A backup, PDF export or scoring job still running when the window closes finishes
    # before the process ends: nothing is cut off half-written.
    app.aboutToQuit.connect(lambda: QThreadPool.globalInstance().waitForDone(QUIT_GRACE_MS))
    if os.environ.get(QUIT_WHEN_READY_ENV) == "1":
        # Start-up measurement (packaging/build.py, benchmarks): the first event-loop turn
        # after the window is shown is the moment a user could type.
        def ready() -> None:
            print(f"READY {window.windowTitle()}", flush=True)
            app.quit()

        QTimer.singleShot(0, ready)
    return app.exec()
