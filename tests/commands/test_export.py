"""``scorad-desk export history|training``."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from desktop_app.storage import open_clinic
from tests.commands._storage_cli import ADMIN, ADMIN_PW, auth, make_clinic, run

INTENSITY = dict.fromkeys(
    ("erythema", "oedema_papulation", "oozing_crusts", "excoriations", "lichenification", "dryness"), 1
)


def test_history_and_training_exports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_clinic(monkeypatch, tmp_path)
    session = open_clinic(folder).login(ADMIN, ADMIN_PW)
    patient = session.add_patient("MRN-5", "Ana", "Silva", "2010-05-05", "female", 6, True)
    visit = session.add_visit(patient.id, "2024-01-01")
    session.record_scorad(visit.id, {"back": 0.5}, INTENSITY, 1, 1)
    session.close()
    capsys.readouterr()
    out = tmp_path / "h.csv"
    argv = ["export", "history", "--patient", "MRN-5", "--output", str(out), *auth()]
    assert run(monkeypatch, folder, argv, ADMIN_PW) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 1 and rows[0]["patient_identifier"] == "MRN-5"
    argv = [
        "export",
        "history",
        "--patient",
        "MRN-5",
        "--format",
        "json",
        "--output",
        str(tmp_path / "h.json"),
    ]
    assert run(monkeypatch, folder, [*argv, *auth()], ADMIN_PW) == 0
    assert json.loads((tmp_path / "h.json").read_text())["patient"]["identifier"] == "MRN-5"
    assert (
        run(monkeypatch, folder, ["export", "training", "--output", str(tmp_path / "t"), *auth()], ADMIN_PW)
        == 0
    )
    manifest = json.loads((tmp_path / "t" / "manifest.json").read_text())
    assert manifest["format"] == "scorad-desk-training-export" and manifest["items"] == 0
    capsys.readouterr()
    argv = ["export", "history", "--patient", "NOPE", "--output", str(out), *auth()]
    assert run(monkeypatch, folder, argv, ADMIN_PW) == 2
    assert "NOPE" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("kind", "output", "code", "message"),
    [
        ("history", "", 2, "--output is empty: give a file name"),  # was a ValueError traceback
        ("training", "", 2, "--output is empty: give a folder name"),  # exported into the current folder
        ("training", "notes.txt", 2, "notes.txt is a file: the training export needs an empty or new folder"),
        ("history", "notes.txt/h.csv", 1, "notes.txt is a file, not a folder: choose another folder"),
        ("training", "notes.txt/t", 1, "notes.txt is a file, not a folder: choose another folder"),
    ],
)
def test_an_output_that_cannot_be_written_is_refused_before_anything_is_exported(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    output: str,
    code: int,
    message: str,
) -> None:
    folder = make_clinic(monkeypatch, tmp_path)
    session = open_clinic(folder).login(ADMIN, ADMIN_PW)
    session.add_patient("MRN-5", "Zoë", "Müller", "2010-05-05")
    session.close()
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me")
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    patient = ["--patient", "MRN-5"] if kind == "history" else []
    argv = ["export", kind, *patient, "--output", str(tmp_path / output) if output else "", *auth()]
    assert run(monkeypatch, folder, argv, ADMIN_PW) == code
    err = capsys.readouterr().err
    assert f"{message}; nothing was written." in err and "Traceback" not in err
    assert notes.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "notes.txt"]
