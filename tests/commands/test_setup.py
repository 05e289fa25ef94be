"""``scorad-desk setup``: first-run setup from the command line, recovery key printed once."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.storage import FAST_TEST_KDF, crypto, open_clinic

RECOVERY = re.compile(r"^\s+([A-Z2-7]{4}(?:-[A-Z2-7]{4}){7})$", re.MULTILINE)


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "DEFAULT_KDF", FAST_TEST_KDF)


def run(argv: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(argv)


def test_setup_creates_the_clinic_and_prints_the_recovery_key_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data"
    argv = [
        "--data-dir",
        str(folder),
        "setup",
        "--clinic",
        "Clinique A",
        "--admin",
        "chief",
        "--password-stdin",
    ]
    assert run(argv, "chief-password\n", monkeypatch) == 0
    out = capsys.readouterr().out
    keys = RECOVERY.findall(out)
    assert len(keys) == 1 and "shown only this once" in out
    clinic = open_clinic(folder)
    assert clinic.clinic_name == "Clinique A"
    clinic.login("chief", "chief-password").close()
    clinic.login_with_recovery_key(keys[0], "chief", "another-password").close()
    assert keys[0] not in (folder / "keyring.json").read_text()
    # a second setup of the same folder is refused with a clear message
    assert run(argv, "chief-password\n", monkeypatch) == 2
    err = capsys.readouterr().err
    assert "already holds a clinic" in err and "Traceback" not in err


def test_setup_refuses_bad_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    base = [
        "--data-dir",
        str(tmp_path / "d"),
        "setup",
        "--clinic",
        "C",
        "--admin",
        "chief",
        "--password-stdin",
    ]
    assert run(base, "short\n", monkeypatch) == 2
    assert "at least 8 characters" in capsys.readouterr().err
    assert run(base, "", monkeypatch) == 2
    assert "No password" in capsys.readouterr().err
    assert not (tmp_path / "d" / "clinic.db").exists()


def test_setup_prompts_twice_and_needs_matching_passwords(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter(["first-password", "other-password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    argv = ["--data-dir", str(tmp_path / "d"), "setup", "--clinic", "C", "--admin", "chief"]
    assert main(argv) == 2
    assert "differ" in capsys.readouterr().err
    answers = iter(["same-password", "same-password"])
    assert main(argv) == 0


@pytest.mark.parametrize("data_dir", ["notes.txt", "notes.txt/data"])
def test_a_data_folder_that_is_a_file_is_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data_dir: str
) -> None:
    # a file named like the data folder was reported as "The disk reported an input/output error
    # ... The drive may be failing"; a file above it as "The folder does not exist"
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me")
    argv = ["--data-dir", str(tmp_path / data_dir), "setup", "--clinic", "C", "--admin", "chief"]
    assert run([*argv, "--password-stdin"], "chief-password\n", monkeypatch) == 2
    err = capsys.readouterr().err
    assert f"error: {notes} is a file, not a folder: choose another data folder; nothing was saved." in err
    assert "Traceback" not in err and notes.read_text() == "keep me"


@pytest.mark.parametrize("errors", ["surrogateescape", "strict"])
def test_a_password_that_is_not_utf8_is_refused_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], errors: str
) -> None:
    # Latin-1 bytes on a real stdin (surrogateescape) were a UnicodeEncodeError traceback in the
    # key derivation, after the half-made database had been written
    stdin = io.TextIOWrapper(io.BytesIO("pàsswörd-1\n".encode("latin-1")), encoding="utf-8", errors=errors)
    monkeypatch.setattr("sys.stdin", stdin)
    folder = tmp_path / "data"
    assert (
        main(["--data-dir", str(folder), "setup", "--clinic", "C", "--admin", "chief", "--password-stdin"])
        == 2
    )
    err = capsys.readouterr().err
    assert "error: The password is not valid UTF-8 text" in err and "Traceback" not in err
    assert not folder.exists()


def test_a_closed_standard_input_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", None)  # what Python gives a program started with <&-
    folder = tmp_path / "data"
    assert (
        main(["--data-dir", str(folder), "setup", "--clinic", "C", "--admin", "chief", "--password-stdin"])
        == 2
    )
    err = capsys.readouterr().err
    assert "error: No standard input to read the password from" in err and "Traceback" not in err
    assert not folder.exists()
