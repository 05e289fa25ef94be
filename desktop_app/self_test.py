"""``scorad-desk --self-test``: the check every build runs, frozen or not.

It exercises each part that a packaging mistake breaks — shipped model files, OpenCV,
SQLCipher and AES-GCM, the embedded report fonts, the Qt platform plugin — end to end in a
throwaway data folder, and prints one summary line. Exit 0 only if every step passed.
Nothing here touches the clinic's real data folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

_PASSWORD = "self-test-Passw0rd!"
_SIGNS = ("erythema", "oedema_papulation", "oozing_crusts", "excoriations", "lichenification", "dryness")

if TYPE_CHECKING:
    from desktop_app.ascorad.engine import PhotoResult
    from desktop_app.imaging.importer import ImportedPhoto
    from desktop_app.storage import Session


@dataclass
class _Step:
    name: str
    seconds: float
    detail: str


@dataclass
class _State:
    """What one step hands to the next."""

    photo: ImportedPhoto | None = None
    result: PhotoResult | None = None
    session: Session | None = None
    visit_id: int | None = None


def _models_and_score(state: _State) -> str:
    import cv2

    from desktop_app.ascorad.engine import AscoradEngine
    from desktop_app.imaging.importer import import_photo
    from desktop_app.reports.demo import demo_photo

    engine = AscoradEngine.load()
    rgb, _ = demo_photo(seed=1, width=960, height=720)
    ok, png = cv2.imencode(".png", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    if not ok:
        raise RuntimeError("OpenCV could not encode the generated photo")
    state.photo = import_photo(png.tobytes())
    state.result = engine.score_photo(state.photo.rgb, region="back", image_sha256=state.photo.sha256)
    if not state.result.accepted:
        raise RuntimeError(f"the generated photo was refused: {state.result.reason}")
    return f"lesion {state.result.lesion_percent:.0f} %"


def _storage_roundtrip(state: _State, folder: Path) -> str:
    from desktop_app.storage import FAST_TEST_KDF, open_clinic, setup_clinic

    assert state.photo is not None and state.result is not None
    setup_clinic(folder, "Self-test clinic", "selftest", _PASSWORD, kdf=FAST_TEST_KDF)
    session = open_clinic(folder).login("selftest", _PASSWORD)
    state.session = session
    patient = session.add_patient(
        "ST-0001", "Françoise", "Lévêque-Núñez", date(1990, 5, 17), photo_consent=True
    )
    visit = session.add_visit(patient.id)
    stored = session.add_photo(
        visit.id,
        state.photo.encoded,
        "back",
        device="self-test",
        width=state.photo.width,
        height=state.photo.height,
    )
    if session.read_photo(stored.id) != state.photo.encoded:
        raise RuntimeError("the photo read back differs from the one written")
    result = state.result
    grades = {sign: round(estimate.grade) for sign, estimate in result.signs.items()}
    session.record_ascorad(
        visit.id, {"back": (result.lesion_percent or 0.0) / 100}, grades, provenance=result.provenance
    )
    session.record_scorad(
        visit.id, extent={"back": 0.4}, intensity=dict.fromkeys(_SIGNS, 1), pruritus=4.0, sleeplessness=2.5
    )
    if len(session.patient_history(patient.id).visits[0].assessments) != 2:
        raise RuntimeError("the assessments read back are not the ones written")
    state.visit_id = visit.id
    return "encrypted record written and read back"


def _report(state: _State, folder: Path) -> str:
    from desktop_app.reports.from_storage import export_visit_report

    assert state.session is not None and state.visit_id is not None
    out = folder / "self-test-report.pdf"
    exported = export_visit_report(state.session, state.visit_id, out)
    if not out.read_bytes().startswith(b"%PDF") or exported.size < 2000:
        raise RuntimeError("the PDF written is not a valid report")
    return f"PDF {exported.size // 1024} KiB"


def _qt_window(folder: Path) -> str:
    # Offscreen unless a display is configured: the self-test runs on build machines too.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop_app.ui.self_check import build_main_window_once

    return build_main_window_once(folder / "qt-data")


def run_self_test() -> int:
    steps: list[_Step] = []
    state = _State()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="scorad-desk-self-test-") as tmp:
        folder = Path(tmp)
        plan: list[tuple[str, Callable[[], str]]] = [
            ("models+score", lambda: _models_and_score(state)),
            ("storage", lambda: _storage_roundtrip(state, folder / "data")),
            ("report", lambda: _report(state, folder)),
            ("qt", lambda: _qt_window(folder)),
        ]
        for name, action in plan:
            step_start = time.perf_counter()
            try:
                detail = action()
            except Exception as exc:
                print(f"self-test FAILED at {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
                return 1
            steps.append(_Step(name, time.perf_counter() - step_start, detail))
        if state.session is not None:
            state.session.close()
    total = time.perf_counter() - started
    parts = ", ".join(f"{s.name} {s.seconds:.1f}s ({s.detail})" for s in steps)
    print(f"self-test OK in {total:.1f} s: {parts}")
    return 0
