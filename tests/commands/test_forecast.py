"""``scorad-desk forecast refit|show`` and the refitted parameters reaching the reports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop_app.forecast import DEFAULT_PARAMETERS
from desktop_app.reports.from_storage import clinic_forecast_parameters
from desktop_app.storage import Session, open_clinic
from tests.commands._storage_cli import ADMIN, ADMIN_PW, auth, make_clinic, run

INTENSITY = dict.fromkeys(
    ("erythema", "oedema_papulation", "oozing_crusts", "excoriations", "lichenification", "dryness"), 1
)


@contextmanager
def _admin_session(folder: Path) -> Iterator[Session]:
    session = open_clinic(folder).login(ADMIN, ADMIN_PW)
    try:
        yield session
    finally:
        session.close()


def _add_patients(folder: Path, patients: int, visits: int) -> None:
    with _admin_session(folder) as session:
        for p in range(patients):
            patient = session.add_patient(f"MRN-{p}", "Ana", f"Silva{p}", "2010-05-05", "female", 3, True)
            for v in range(visits):
                visit = session.add_visit(patient.id, date(2024, 1, 1) + timedelta(days=30 * v + p))
                session.record_scorad(visit.id, {"back": 0.1 + 0.05 * ((p + v) % 5)}, INTENSITY, 2 + v % 3, 1)


def _clinic_with(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    patients: int,
    visits: int,
) -> Path:
    """A clinic folder with ``patients`` × ``visits`` SCORADs, the setup's output discarded."""
    folder = make_clinic(monkeypatch, tmp_path)
    _add_patients(folder, patients, visits)
    capsys.readouterr()
    return folder


def test_refit_stores_the_clinic_set_and_show_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _clinic_with(monkeypatch, tmp_path, capsys, patients=6, visits=3)
    assert run(monkeypatch, folder, ["forecast", "show", *auth()], ADMIN_PW) == 0
    assert "defaults (not fitted on this clinic yet)" in capsys.readouterr().out

    assert run(monkeypatch, folder, ["forecast", "refit", "--json", *auth()], ADMIN_PW) == 0
    fitted = json.loads(capsys.readouterr().out)["parameters"]
    assert fitted["fitted_patients"] == 6 and fitted["fitted_assessments"] == 18
    assert fitted["fitted_utc"]

    assert run(monkeypatch, folder, ["forecast", "show", *auth()], ADMIN_PW) == 0
    assert "on 6 patients, 18 assessments" in capsys.readouterr().out
    with _admin_session(folder) as session:
        in_use = clinic_forecast_parameters(session)
    assert in_use.fitted_patients == 6 and in_use != DEFAULT_PARAMETERS


def test_refit_with_too_little_history_exits_2_and_keeps_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _clinic_with(monkeypatch, tmp_path, capsys, patients=2, visits=3)
    assert run(monkeypatch, folder, ["forecast", "refit", *auth()], ADMIN_PW) == 2
    assert "keeps its default parameters" in capsys.readouterr().err
    with _admin_session(folder) as session:
        assert dict(session.settings().forecast_parameters) == {}


def test_only_an_administrator_may_refit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_clinic(monkeypatch, tmp_path)
    _add_patients(folder, patients=6, visits=2)
    with _admin_session(folder) as session:
        session.add_user("ada", "ada-password", "clinician")
    capsys.readouterr()
    assert run(monkeypatch, folder, ["forecast", "refit", *auth("ada")], "ada-password") == 2
    assert "administrator" in capsys.readouterr().err.lower()
