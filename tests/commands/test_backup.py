"""``scorad-desk backup`` / ``restore``: encrypted backup, verified restore, bad states without tracebacks."""

from __future__ import annotations

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
