"""``scorad-desk audit verify|list``: exit 0 on an intact chain, 1 with the first broken row."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.storage import database, open_clinic
from desktop_app.storage.service import db_key_for
from tests.commands._storage_cli import ADMIN, ADMIN_PW, auth, make_clinic, run


def test_verify_and_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_clinic(monkeypatch, tmp_path)
    capsys.readouterr()
    assert run(monkeypatch, folder, ["audit", "verify", *auth()], ADMIN_PW) == 0
    assert "Audit trail intact" in capsys.readouterr().out
    assert run(monkeypatch, folder, ["audit", "list", "--limit", "3", *auth()], ADMIN_PW) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and "login" in lines[0]
    # someone holding the key rewrites a row behind the triggers' back
    session = open_clinic(folder).login(ADMIN, ADMIN_PW)
    key = session._data_key
    session.close()
    db = database.open_database(folder / "clinic.db", db_key_for(key))
    db.conn.execute("DROP TRIGGER audit_no_update")
    db.conn.execute("UPDATE audit SET username = 'nobody' WHERE id = 2")
    db.close()
    assert run(monkeypatch, folder, ["audit", "verify", *auth()], ADMIN_PW) == 1
    assert "BROKEN at row 2" in capsys.readouterr().out


@pytest.mark.parametrize("limit", ["99999999999999999999", "0", "-1"])
def test_a_limit_that_is_not_a_positive_row_count_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], limit: str
) -> None:
    # 10**20 reached SQLite as an OverflowError traceback; -1 listed every row, 0 none
    folder = make_clinic(monkeypatch, tmp_path)
    capsys.readouterr()
    with pytest.raises(SystemExit) as info:
        run(monkeypatch, folder, ["audit", "list", "--limit", limit, *auth()], ADMIN_PW)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "argument --limit:" in err and limit in err and "Traceback" not in err
