"""Fixtures for the capture GUI tests: a real clinic in a temp folder, a visit flow, an engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.storage import Session
from desktop_app.ui.review.engine import EngineProvider
from desktop_app.ui.viewmodels.visit import VisitFlow
from tests.ui.capture.support import clinic_session, make_flow, ready_provider


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
