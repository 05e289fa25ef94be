"""``scorad-desk backup`` / ``restore``: encrypted backup, verified restore, bad states without tracebacks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.storage import open_clinic
from tests.commands._storage_cli import ADMIN, ADMIN_PW, auth, make_clinic, run


def test_backup_and_restore(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_clinic(monkeypatch, tmp_path)
    session = open_clinic(folder).login(ADMIN, ADMIN_PW)
    session.add_patient("MRN-1", "Ana", "Silva", "2010-05-05")
    session.close()
    capsys.readouterr()
    assert run(monkeypatch, folder, ["backup", str(tmp_path / "bk"), *auth()], ADMIN_PW) == 0
    assert "1 patients" in capsys.readouterr().out
    (backup,) = (tmp_path / "bk").iterdir()
    (folder / "clinic.db").write_bytes(b"\0" * 8192)  # the live database is ruined
    assert run(monkeypatch, folder, ["user", "list", *auth()], ADMIN_PW) == 1
    err = capsys.readouterr().err
    assert "damaged" in err and "scorad-desk restore" in err and "Traceback" not in err
    assert run(monkeypatch, folder, ["restore", str(backup), *auth()], "wrong-password") == 2
    assert run(monkeypatch, folder, ["restore", str(backup), *auth()], ADMIN_PW) == 0
    out = capsys.readouterr().out
    assert "Restored 1 patients" in out and "kept in" in out
    session = open_clinic(folder).login(ADMIN, ADMIN_PW)
    assert session.count_patients() == 1
    session.close()


def test_restore_of_a_non_backup_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_clinic(monkeypatch, tmp_path)
    (tmp_path / "junk").mkdir()
    capsys.readouterr()
    assert run(monkeypatch, folder, ["restore", str(tmp_path / "junk"), *auth()], ADMIN_PW) == 2
    assert "not a ScoradDesk backup" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("dest", "message"),
    [
        ("notes.txt", "notes.txt is a file, not a folder: give the folder in which to create the backup"),
        ("notes.txt/bk", "notes.txt is a file, not a folder: choose another place for the backup"),
        ("", "DEST is empty: give the folder in which to create the backup"),  # was the current folder
    ],
)
def test_a_backup_destination_that_is_no_folder_is_named_as_such(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    dest: str,
    message: str,
) -> None:
    # a file in the way was reported as "The folder does not exist"
    folder = make_clinic(monkeypatch, tmp_path)
    (tmp_path / "notes.txt").write_text("keep me")
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    target = str(tmp_path / dest) if dest else ""
    assert run(monkeypatch, folder, ["backup", target, *auth()], ADMIN_PW) == 2
    err = capsys.readouterr().err
    assert f"{message}; nothing was written." in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "notes.txt"]
    assert (tmp_path / "notes.txt").read_text() == "keep me"


@pytest.mark.parametrize(
    ("make_src", "message"),
    [
        (lambda p: p.write_bytes(b""), "is a file, not a backup folder"),
        (lambda p: p.write_bytes(bytes(range(256)) * 20), "is a file, not a backup folder"),
        (lambda p: p.write_text("scorad-desk-backup"), "is a file, not a backup folder"),
        (lambda p: p.mkdir(), "is not a ScoradDesk backup (no manifest.json); give the scorad-desk-backup"),
    ],
)
def test_a_restore_source_that_is_no_backup_names_it_and_keeps_the_data(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    make_src: Callable[[Path], object],
    message: str,
) -> None:
    # a file was reported as "does not exist", an empty folder under the name of a deleted copy
    folder = make_clinic(monkeypatch, tmp_path)
    source = tmp_path / "sauvegarde été"
    make_src(source)
    capsys.readouterr()
    assert run(monkeypatch, folder, ["restore", str(source), *auth()], ADMIN_PW) == 2
    err = capsys.readouterr().err
    assert f"error: {source} {message}" in err and "nothing was changed." in err
    assert ".restore-" not in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "sauvegarde été"]
    open_clinic(folder).login(ADMIN, ADMIN_PW).close()


def test_a_damaged_backup_manifest_names_the_backup_not_a_deleted_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_clinic(monkeypatch, tmp_path)
    assert run(monkeypatch, folder, ["backup", str(tmp_path / "bk"), *auth()], ADMIN_PW) == 0
    (backup,) = (tmp_path / "bk").iterdir()
    (backup / "manifest.json").write_bytes(b"\xff\xfe not json")
    capsys.readouterr()
    assert run(monkeypatch, folder, ["restore", str(backup), *auth()], ADMIN_PW) == 2
    err = capsys.readouterr().err
    assert f"The backup manifest in {backup} is damaged" in err and ".restore-" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bk", "data"]


def test_a_damaged_photo_is_left_out_of_the_backup_and_named_and_the_rest_restores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # a damaged photo file was copied as is: exit 0, "1 photos", and restore refused the backup
    import cv2
    import numpy as np

    folder = make_clinic(monkeypatch, tmp_path)
    session = open_clinic(folder).login(ADMIN, ADMIN_PW)
    patient = session.add_patient("MRN-1", "Zoë", "Müller", "2010-05-05", photo_consent=True)
    visit = session.add_visit(patient.id, "2024-01-01")
    png = cv2.imencode(".png", np.full((40, 40, 3), 150, np.uint8))[1].tobytes()
    photo = session.add_photo(visit.id, png, "back", device="test")
    session.close()
    (stored,) = (p for p in (folder / "photos").rglob("*") if p.is_file())
    damaged = bytearray(stored.read_bytes())
    damaged[-3] ^= 0x01  # one flipped bit on the disk
    stored.write_bytes(bytes(damaged))
    capsys.readouterr()
    assert run(monkeypatch, folder, ["backup", str(tmp_path / "bk"), *auth()], ADMIN_PW) == 1
    captured = capsys.readouterr()
    assert "0 photos" in captured.out
    assert f"warning: photo {photo.id}: file damaged in the data folder" in captured.out
    assert "Traceback" not in captured.err
    (backup,) = (tmp_path / "bk").iterdir()
    assert run(monkeypatch, folder, ["restore", str(backup), *auth()], ADMIN_PW) == 0
    restored = open_clinic(folder).login(ADMIN, ADMIN_PW)
    found = restored.find_patient("MRN-1")  # the record came back, without the damaged file
    assert found is not None and found.family_name == "Müller"
    restored.close()


def test_a_backup_of_another_clinic_needs_other_clinic_to_replace_this_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # restore authenticates against the backup's own keyring: another clinic's backup replaced
    # this clinic's data with exit 0 and no word about it
    ours = make_clinic(monkeypatch, tmp_path / "ours")
    theirs = make_clinic(monkeypatch, tmp_path / "theirs")
    session = open_clinic(theirs).login(ADMIN, ADMIN_PW)
    session.add_patient("MRN-9", "Jürgen", "Weiß", "1990-01-01")
    session.close()
    assert run(monkeypatch, theirs, ["backup", str(tmp_path / "usb"), *auth()], ADMIN_PW) == 0
    (backup,) = (tmp_path / "usb").iterdir()
    capsys.readouterr()
    assert run(monkeypatch, ours, ["restore", str(backup), *auth()], ADMIN_PW) == 2
    err = capsys.readouterr().err
    assert f"error: {backup} is a backup of another installation" in err and "--other-clinic" in err
    session = open_clinic(ours).login(ADMIN, ADMIN_PW)
    assert session.count_patients() == 0  # still our clinic
    session.close()
    assert sorted(p.name for p in ours.parent.iterdir()) == ["data"]
    assert run(monkeypatch, ours, ["restore", str(backup), "--other-clinic", *auth()], ADMIN_PW) == 0
    assert "kept in" in capsys.readouterr().out
    session = open_clinic(ours).login(ADMIN, ADMIN_PW)
    assert session.find_patient("MRN-9") is not None
    session.close()
