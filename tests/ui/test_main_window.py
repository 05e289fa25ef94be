from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop_app.ui.windows.main_window import NAV_PAGES, MainWindow


def test_main_window_builds_with_navigation(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow(tmp_path)
    qtbot.addWidget(window)
    window.show()
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [label for _, label in NAV_PAGES]
    assert window.current_page_key() == "patients"
    window.nav.setCurrentRow(3)
    assert window.current_page_key() == "settings"
    assert str(tmp_path) in window.statusBar().currentMessage()
