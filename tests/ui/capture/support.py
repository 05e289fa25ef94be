"""Helpers shared by the capture, review, compare, photos-step and history-photo tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image
from PySide6.QtWidgets import QFileDialog

from desktop_app.capture import SceneSettings, SyntheticSource
from desktop_app.storage import FAST_TEST_KDF, Session, open_clinic, setup_clinic
from desktop_app.ui.photos_step import PhotosStep
from desktop_app.ui.review.engine import EngineProvider
from desktop_app.ui.viewmodels.visit import VisitFlow
from tests.ui.capture.engines import standin_engine

_ENGINE: Any = None


def shared_test_engine() -> Any:
    """One stand-in engine per test process (building the network takes ~0.2 s)."""
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = standin_engine()
    return _ENGINE


def ready_provider() -> EngineProvider:
    provider = EngineProvider()
    provider.set_engine(shared_test_engine())
    return provider


@contextmanager
def clinic_session(folder: Path) -> Iterator[Session]:
    setup_clinic(folder, "Clinique Test", "admin", "admin-password", kdf=FAST_TEST_KDF)
    session = open_clinic(folder).login("admin", "admin-password")
    try:
        yield session
    finally:
        session.close()


def make_flow(
    session: Session, consent: bool = True, identifier: str = "P-1", day: date = date(2026, 11, 28)
) -> VisitFlow:
    patient = session.find_patient(identifier) or session.add_patient(
        identifier, "Alice", "Martin", date(1990, 5, 1), photo_consent=consent
    )
    visit = session.add_visit(patient.id, day)
    return VisitFlow(session, patient, visit)


def photos_step(flow: VisitFlow, provider: EngineProvider) -> PhotosStep:
    """The real photos step of ``flow``, its camera the demo scene at 320×240 (no camera probing)."""
    scene = SceneSettings(width=320, height=240)
    return PhotosStep(
        flow, engine=provider, camera_lister=lambda: [], source=lambda: SyntheticSource(scene, fps=30.0)
    )


def skin(width: int, height: int) -> np.ndarray:
    """Synthetic skin from the demo camera's scene, ``width`` × ``height``."""
    source = SyntheticSource(SceneSettings(width=width, height=height), fps=None)
    source.open()
    try:
        return source.read().rgb
    finally:
        source.close()


def jpeg(path: Path, rgb: np.ndarray) -> Path:
    Image.fromarray(rgb).save(path, quality=90)
    return path


def choose_in_dialog(monkeypatch: pytest.MonkeyPatch, path: Path, before: Callable[[], None]) -> None:
    """The file dialog returns ``path``; ``before`` runs as the user clicks Open."""

    def dialog(*_args: object, **_kwargs: object) -> tuple[str, str]:
        before()
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(dialog))
