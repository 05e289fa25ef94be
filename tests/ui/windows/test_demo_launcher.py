from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.cli import build_parser
from desktop_app.demo import DEMO_PASSWORD, DEMO_USER
from desktop_app.ui.demo_launcher import DemoSplash
from desktop_app.ui.windows.main_window import MainWindow


def test_demo_flag_is_parsed() -> None:
    assert build_parser().parse_args(["--demo"]).demo is True
    assert build_parser().parse_args([]).demo is False


def test_demo_builds_off_the_gui_thread_then_opens_the_login(qtbot: QtBot, tmp_path: Path) -> None:
    splash = DemoSplash(tmp_path / "demo", patients=2)
    qtbot.addWidget(splash)
    splash.show()
    with qtbot.waitSignal(splash.ready, timeout=30_000) as blocker:
        pass
    window = blocker.args[0]
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert window.stack.currentWidget() is window.login_page
    assert window.login_page.username.text() == DEMO_USER
    assert DEMO_PASSWORD in window.login_page.hint.text()
    window.login_page.password.setText(DEMO_PASSWORD)
    window.login_page.login_button.click()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)
    assert len(window.workspace.patients.model.patients) == 2  # type: ignore[union-attr]
    window.close()


def test_unexpected_errors_are_reported_not_fatal(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.ui import app as app_module

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[1]))
    try:
        raise RuntimeError("a programming error")
    except RuntimeError as exc:
        app_module._unexpected_error(RuntimeError, exc, exc.__traceback__)
    assert shown == ["Unexpected error"]
