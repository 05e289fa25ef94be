"""Fixtures: a fresh clinic folder per test (cheap Argon2 cost), sessions, a controllable clock."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from desktop_app.storage import FAST_TEST_KDF, Clinic, Session, open_clinic, setup_clinic

ADMIN = "admin"
ADMIN_PW = "admin-password"
INTENSITY = {
    "erythema": 2,
    "oedema_papulation": 1,
    "oozing_crusts": 0,
    "excoriations": 1,
    "lichenification": 2,
    "dryness": 1,
}


class FakeClock:
    """Wall-clock stand-in: tests move time forward explicitly."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "clinic"
    result = setup_clinic(folder, "Clinique Test", ADMIN, ADMIN_PW, kdf=FAST_TEST_KDF)
    (tmp_path / "recovery.txt").write_text(result.recovery_key)
    return folder


@pytest.fixture
def recovery_key(data_dir: Path) -> str:
    return (data_dir.parent / "recovery.txt").read_text()


@pytest.fixture
def clinic(data_dir: Path, clock: FakeClock) -> Clinic:
    return open_clinic(data_dir, clock=clock)


@pytest.fixture
def session(clinic: Clinic) -> Iterator[Session]:
    s = clinic.login(ADMIN, ADMIN_PW)
    yield s
    s.close()


def png_bytes(width: int = 32, height: int = 24, colour: tuple[int, int, int] = (200, 120, 110)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def mask_bytes(width: int = 32, height: int = 24, lesion_columns: int = 8) -> bytes:
    image = Image.new("L", (width, height), 0)
    for x in range(lesion_columns):
        for y in range(height):
            image.putpixel((x, y), 255)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def add_patient(session: Session, identifier: str = "MRN-0001", consent: bool = True) -> int:
    patient = session.add_patient(identifier, "Zoé", "Müller-Lefèvre", "2016-04-10", "female", 3, consent)
    return patient.id
