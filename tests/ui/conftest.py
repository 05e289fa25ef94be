"""Fixtures for the GUI tests: a fresh clinic folder, fast key derivation, a set-up clinic."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app import storage
from desktop_app.storage import Session
from desktop_app.ui.i18n import set_language
from desktop_app.ui.review.engine import EngineProvider
from desktop_app.ui.viewmodels.clinic import ClinicGateway
from desktop_app.ui.viewmodels.visit import VisitFlow
from desktop_app.ui.windows.main_window import MainWindow
from tests.ui.capture.support import clinic_session, make_flow, ready_provider

ADMIN = "admin"
PASSWORD = "correct horse battery"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def english(qapp: object) -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def gateway(tmp_path: Path, clock: FakeClock) -> ClinicGateway:
    return ClinicGateway(tmp_path / "clinic", clock=clock, kdf=storage.FAST_TEST_KDF)


@pytest.fixture
def clinic_ready(gateway: ClinicGateway) -> ClinicGateway:
    gateway.setup("Clinique du Parc", ADMIN, PASSWORD, "Dr Admin")
    return gateway


def open_window(qtbot: QtBot, gateway: ClinicGateway, **kwargs: object) -> MainWindow:
    window = MainWindow(gateway.data_dir, gateway=gateway, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def log_in(qtbot: QtBot, window: MainWindow, username: str = ADMIN, password: str = PASSWORD) -> None:
    assert window.stack.currentWidget() is window.login_page
    window.login_page.username.setText(username)
    window.login_page.password.setText(password)
    window.login_page.login_button.click()
    qtbot.waitUntil(lambda: window.workspace is not None and not window.busy, timeout=10_000)


# A real clinic session, a visit flow on it and a warmed-up ASCORAD engine, for the capture,
# review, compare and history-photo tests.
@pytest.fixture
def provider(qapp: object) -> EngineProvider:
    return ready_provider()


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    with clinic_session(tmp_path / "clinic") as s:
        yield s


@pytest.fixture
def flow(session: Session) -> VisitFlow:
    return make_flow(session)
