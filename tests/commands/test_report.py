"""``scorad-desk report``: authenticated, audited, clean errors and exit codes, no stray files."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.storage import FAST_TEST_KDF, open_clinic, setup_clinic
from tests.reports.conftest import pdf_text

PASSWORD = "admin-password"
GRADES = {
    "erythema": 1,
    "oedema_papulation": 1,
    "oozing_crusts": 0,
    "excoriations": 2,
    "lichenification": 0,
    "dryness": 1,
}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "data"
    setup_clinic(folder, "Cabinet Dupré", "admin", PASSWORD, kdf=FAST_TEST_KDF)
    session = open_clinic(folder).login("admin", PASSWORD)
    try:
        patient = session.add_patient("P-42", "Zoë", "Ångström", "1988-07-01", "other")
        first = session.add_visit(patient.id, date(2026, 1, 10))
        session.record_scorad(first.id, {"lower_limb_left": 0.5}, GRADES, 4.5, 1.0)
        second = session.add_visit(patient.id, date(2026, 2, 14))
        session.record_scorad(second.id, {"lower_limb_left": 0.25}, GRADES, 2.0, 0.5)
        other = session.add_patient("P-43", "Jean", "Dupont", "1970-01-01")
        session.add_visit(other.id, date(2026, 1, 1))
    finally:
        session.close()
    return folder


def _run(data_dir: Path, monkeypatch: pytest.MonkeyPatch, *args: str, password: str = PASSWORD) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(["--data-dir", str(data_dir), "report", "--user", "admin", "--password-stdin", *args])


def test_latest_visit_report_by_default(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "visit.pdf"
    assert _run(data_dir, monkeypatch, "--patient", "P-42", "-o", str(out)) == 0
    text = pdf_text(out.read_bytes())
    assert "Visit report" in text and "ÅNGSTRÖM, Zoë" in text and "14 Feb 2026" in text
    # A = 18 * 0.25 = 4.5; B = 5; C = 2.5 → SCORAD = 0.9 + 17.5 + 2.5 = 20.9 (mild)
    assert "SCORAD 20.9 mild" in text
    assert "Wrote the visit report" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == [out]


def test_history_in_french_on_letter_paper(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "historique.pdf"
    args = ("--patient", "P-42", "--history", "--language", "fr", "--paper", "letter", "-o", str(out))
    assert _run(data_dir, monkeypatch, *args) == 0
    text = pdf_text(out.read_bytes())
    assert "Historique de sévérité" in text and "2 consultations du 10 janv. 2026 au 14 févr. 2026" in text
    assert "10 janv. 2026 admin 9,0 5 5,5" in text


def test_export_is_audited(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert (
        _run(data_dir, monkeypatch, "--patient", "P-42", "--visit", "1", "-o", str(tmp_path / "a.pdf")) == 0
    )
    session = open_clinic(data_dir).login("admin", PASSWORD)
    try:
        exports = [e for e in session.audit_entries(limit=20) if e.action == "export"]
        assert exports and (exports[0].table_name, exports[0].record_id) == ("visits", "1")
    finally:
        session.close()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--patient", "NOPE"), 2, "No patient has the identifier 'NOPE'"),
        (("--patient", "P-42", "--visit", "3"), 2, "Visit 3 is not a visit of patient P-42"),
        (("--patient", "P-43"), 2, "no SCORAD, PO-SCORAD or ASCORAD"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    code: int,
    message: str,
) -> None:
    assert _run(data_dir, monkeypatch, *args, "-o", str(tmp_path / "r.pdf")) == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_wrong_password_exits_2(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.pdf"
    assert _run(data_dir, monkeypatch, "--patient", "P-42", "-o", str(out), password="wrong-password") == 2
    assert "error:" in capsys.readouterr().err
    assert not out.exists()


def test_missing_folder_exits_1_and_writes_nothing(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(data_dir, monkeypatch, "--patient", "P-42", "-o", str(tmp_path / "no" / "r.pdf")) == 1
    assert "does not exist" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_visit_and_history_are_exclusive(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(SystemExit) as info:
        _run(
            data_dir,
            monkeypatch,
            "--patient",
            "P-42",
            "--visit",
            "1",
            "--history",
            "-o",
            str(tmp_path / "r.pdf"),
        )
    assert info.value.code == 2


@pytest.mark.parametrize("visit", ["99999999999999999999", "0", "-1"])
def test_a_visit_number_that_cannot_exist_is_a_usage_error(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    visit: str,
) -> None:
    # 10**20 reached SQLite and came back as an OverflowError traceback
    with pytest.raises(SystemExit) as info:
        _run(data_dir, monkeypatch, "--patient", "P-42", "--visit", visit, "-o", str(tmp_path / "r.pdf"))
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "argument --visit:" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"a clinic letterhead, in words", "is not a picture (use a PNG or JPEG file)"),
        (b"", "is not a picture (use a PNG or JPEG file)"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0", "is not a picture (use a PNG or JPEG file)"),  # cut short
        (None, "is too large a picture for a page header"),
    ],
)
def test_a_logo_that_cannot_be_drawn_is_refused_not_left_out(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    content: bytes | None,
    message: str,
) -> None:
    # the report silently left such a logo out and said it had written the report
    from PIL import Image

    logo = tmp_path / "logo.png"
    if content is None:  # a picture over Pillow's decompression-bomb limit (made small here)
        monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 50 * 50)
        Image.new("RGB", (80, 80), (0, 90, 200)).save(logo)
    else:
        logo.write_bytes(content)
    out = tmp_path / "r.pdf"
    assert _run(data_dir, monkeypatch, "--patient", "P-42", "--logo", str(logo), "-o", str(out)) == 2
    err = capsys.readouterr().err
    assert f"error: the logo file {logo} {message}" in err and "Traceback" not in err
    assert not out.exists()


def test_an_output_whose_folder_is_a_file_is_named_as_such(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # the writer said "notes.txt/r.pdf is a folder, not a file name"
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me")
    assert _run(data_dir, monkeypatch, "--patient", "P-42", "-o", str(notes / "r.pdf")) == 1
    err = capsys.readouterr().err
    assert f"error: {notes} is a file, not a folder. Choose another folder." in err
    assert notes.read_text() == "keep me" and list(tmp_path.iterdir()) == [notes]
