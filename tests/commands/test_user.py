"""``scorad-desk user ...``: account administration without the GUI; auth failures exit 2 and are audited."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.storage import open_clinic
from tests.commands._storage_cli import ADMIN, ADMIN_PW, auth, make_clinic, run


def test_add_list_disable_reset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_clinic(monkeypatch, tmp_path)
    capsys.readouterr()
    assert (
        run(
            monkeypatch,
            folder,
            ["user", "add", "ada", "--role", "clinician", *auth()],
            ADMIN_PW,
            "ada-pass-1",
        )
        == 0
    )
    assert "Added clinician ada" in capsys.readouterr().out
    assert run(monkeypatch, folder, ["user", "list", *auth()], ADMIN_PW) == 0
    listing = capsys.readouterr().out
    assert "ada" in listing and "clinician" in listing and "active" in listing
    # a clinician cannot manage accounts
    assert run(monkeypatch, folder, ["user", "add", "eve", *auth("ada")], "ada-pass-1", "eve-pass-12") == 2
    assert "administrator" in capsys.readouterr().err
    assert run(monkeypatch, folder, ["user", "disable", "ada", *auth()], ADMIN_PW) == 0
    assert run(monkeypatch, folder, ["user", "list", *auth("ada")], "ada-pass-1") == 2
    capsys.readouterr()
    assert run(monkeypatch, folder, ["user", "reset-password", "ada", *auth()], ADMIN_PW, "ada-pass-2") == 0
    assert run(monkeypatch, folder, ["user", "list", *auth("ada")], "ada-pass-2") == 0


def test_wrong_password_and_lockout_exit_2_and_are_audited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_clinic(monkeypatch, tmp_path)
    capsys.readouterr()
    for _ in range(4):
        assert run(monkeypatch, folder, ["user", "list", *auth()], "wrong-password") == 2
        err = capsys.readouterr().err
        assert "Wrong user name or password" in err and "Traceback" not in err
    assert run(monkeypatch, folder, ["user", "list", *auth()], "wrong-password") == 2
    assert "locked" in capsys.readouterr().err
    assert run(monkeypatch, folder, ["user", "list", *auth()], ADMIN_PW) == 2
    assert "locked" in capsys.readouterr().err
    # once the lock has expired, the failures appear in the audit trail
    clinic = open_clinic(folder)
    ring = clinic.keyring()
    ring.users[ADMIN].locked_until = 0
    from desktop_app.storage import keyring

    keyring.save(clinic.keyring_path, ring)
    session = clinic.login(ADMIN, ADMIN_PW)
    actions = [e.action for e in session.audit_entries(limit=100)]
    assert actions.count("login_failed") == 5 and actions.count("login_locked") == 1
    session.close()


def test_not_set_up_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(monkeypatch, tmp_path / "empty", ["user", "list", *auth()], ADMIN_PW) == 2
    assert "setup" in capsys.readouterr().err
