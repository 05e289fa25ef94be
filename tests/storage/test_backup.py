"""Backup and restore (verified before replacing anything) and patient erasure."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from desktop_app.storage import (
    FAST_TEST_KDF,
    AuthenticationError,
    Clinic,
    OtherInstallationError,
    PermissionDeniedError,
    RestoreError,
    Session,
    check_backup_installation,
    open_clinic,
    restore_backup,
    setup_clinic,
    verify_backup_folder,
)
from tests.storage.conftest import ADMIN, ADMIN_PW, INTENSITY, add_patient, png_bytes


def _populate(session: Session) -> tuple[int, str]:
    patient_id = add_patient(session)
    visit = session.add_visit(patient_id, "2024-01-01")
    session.record_scorad(visit.id, {"back": 0.5}, INTENSITY, 2, 2)
    photo = session.add_photo(visit.id, png_bytes(), "back", device="cam")
    return patient_id, photo.id


def test_backup_then_restore_round_trip(session: Session, data_dir: Path, tmp_path: Path) -> None:
    _patient_id, photo_id = _populate(session)
    result = session.backup(tmp_path / "backups")
    assert (result.patients, result.photos, result.problems) == (1, 1, ())
    folder = Path(result.folder)
    assert sorted(p.name for p in folder.iterdir()) == [
        "clinic.db",
        "keyring.json",
        "manifest.json",
        "photos",
    ]
    assert "Müller".encode() not in (folder / "clinic.db").read_bytes()
    assert verify_backup_folder(folder, ADMIN, ADMIN_PW)["patients"] == 1
    # later changes are undone by the restore
    session.add_patient("LATER", "A", "B", "2000-01-01")
    session.close()
    restored = restore_backup(data_dir, folder, ADMIN, ADMIN_PW)
    assert restored.patients == 1 and Path(restored.previous_data_kept_in).is_dir()
    assert (Path(restored.previous_data_kept_in) / "clinic.db").exists()
    again = open_clinic(data_dir).login(ADMIN, ADMIN_PW)
    assert [p.identifier for p in again.search_patients("")] == ["MRN-0001"]
    assert again.read_photo(photo_id) == png_bytes()
    assert again.check_integrity().ok
    actions = [e.action for e in again.audit_entries(limit=5)]
    assert "restore" in actions
    again.close()


def test_tampered_backup_is_refused_and_current_data_untouched(
    session: Session, data_dir: Path, tmp_path: Path
) -> None:
    _populate(session)
    folder = Path(session.backup(tmp_path / "bk").folder)
    session.close()
    before = sorted(p.relative_to(data_dir) for p in data_dir.rglob("*"))
    photo = next((folder / "photos").rglob("*.sdp"))
    original = photo.read_bytes()
    photo.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
    with pytest.raises(RestoreError, match="damaged"):
        restore_backup(data_dir, folder, ADMIN, ADMIN_PW)
    photo.write_bytes(original)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["body"]["patients"] = 99  # an edited manifest fails its HMAC
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(RestoreError, match="altered"):
        restore_backup(data_dir, folder, ADMIN, ADMIN_PW)
    with pytest.raises(AuthenticationError):
        restore_backup(data_dir, folder, ADMIN, "wrong-password")
    with pytest.raises(RestoreError):
        restore_backup(data_dir, tmp_path / "nowhere", ADMIN, ADMIN_PW)
    assert sorted(p.relative_to(data_dir) for p in data_dir.rglob("*")) == before
    assert not [p for p in data_dir.parent.iterdir() if "restore" in p.name]
    open_clinic(data_dir).login(ADMIN, ADMIN_PW).close()


def test_restore_requires_an_admin_of_the_backup(session: Session, data_dir: Path, tmp_path: Path) -> None:
    session.add_user("nurse", "nurse-password", "clinician")
    folder = Path(session.backup(tmp_path / "bk").folder)
    session.close()
    with pytest.raises(PermissionDeniedError):
        restore_backup(data_dir, folder, "nurse", "nurse-password")


def test_restore_into_a_damaged_folder(session: Session, data_dir: Path, tmp_path: Path) -> None:
    _populate(session)
    folder = Path(session.backup(tmp_path / "bk").folder)
    session.close()
    (data_dir / "clinic.db").write_bytes(b"garbage" * 1000)
    shutil.rmtree(data_dir / "photos")
    restore_backup(data_dir, folder, ADMIN, ADMIN_PW)
    s = open_clinic(data_dir).login(ADMIN, ADMIN_PW)
    assert s.count_patients() == 1 and s.check_integrity().ok
    s.close()


def _other_clinic_backup(tmp_path: Path) -> Path:
    """A backup of another installation (same admin name and password, one patient)."""
    theirs = tmp_path / "theirs"
    setup_clinic(theirs, "Cabinet Voisin", ADMIN, ADMIN_PW, kdf=FAST_TEST_KDF)
    session = open_clinic(theirs).login(ADMIN, ADMIN_PW)
    session.add_patient("THEIRS-1", "Jürgen", "Weiß", "1990-01-01")
    folder = Path(session.backup(tmp_path / "usb").folder)
    session.close()
    return folder


def test_the_installation_check_names_both_clinics_of_another_installation(
    session: Session, data_dir: Path, tmp_path: Path
) -> None:
    ours = Path(session.backup(tmp_path / "bk").folder)
    session.close()
    theirs = _other_clinic_backup(tmp_path)
    check_backup_installation(data_dir, ours)  # our own backup: nothing to say
    with pytest.raises(OtherInstallationError) as caught:
        check_backup_installation(data_dir, theirs)
    assert (caught.value.backup_clinic, caught.value.current_clinic) == ("Cabinet Voisin", "Clinique Test")
    assert isinstance(caught.value, RestoreError) and caught.value.code == "other_installation"
    assert "Cabinet Voisin" in caught.value.message and "Clinique Test" in caught.value.message
    # a backup without a readable keyring is left to restore's own checks
    check_backup_installation(data_dir, tmp_path / "nowhere")


def test_the_installation_check_is_skipped_when_the_live_keyring_cannot_be_read(
    session: Session, data_dir: Path, tmp_path: Path
) -> None:
    session.close()
    theirs = _other_clinic_backup(tmp_path)
    (data_dir / "keyring.json").write_bytes(b"{ damaged")
    check_backup_installation(data_dir, theirs)  # the live data may be the broken thing
    (data_dir / "keyring.json").unlink()
    check_backup_installation(data_dir, theirs)
    check_backup_installation(tmp_path / "not-set-up", theirs)


def test_a_backup_of_another_installation_is_refused_before_anything_is_replaced(
    session: Session, data_dir: Path, tmp_path: Path
) -> None:
    _populate(session)
    session.close()
    theirs = _other_clinic_backup(tmp_path)
    before = {p.relative_to(data_dir): p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    neighbours = sorted(p.name for p in data_dir.parent.iterdir())
    with pytest.raises(OtherInstallationError):
        restore_backup(data_dir, theirs, ADMIN, ADMIN_PW)
    after = {p.relative_to(data_dir): p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in data_dir.parent.iterdir()) == neighbours  # nothing staged or set aside
    s = open_clinic(data_dir).login(ADMIN, ADMIN_PW)
    assert [p.identifier for p in s.search_patients("")] == ["MRN-0001"]
    s.close()


def test_a_backup_of_another_installation_restores_when_allowed_and_keeps_ours_aside(
    session: Session, data_dir: Path, tmp_path: Path
) -> None:
    _populate(session)
    session.close()
    theirs = _other_clinic_backup(tmp_path)
    result = restore_backup(data_dir, theirs, ADMIN, ADMIN_PW, allow_other_installation=True)
    assert result.patients == 1
    s = open_clinic(data_dir).login(ADMIN, ADMIN_PW)
    assert [p.identifier for p in s.search_patients("")] == ["THEIRS-1"]
    assert s.clinic.clinic_name == "Cabinet Voisin"
    s.close()
    kept = open_clinic(result.previous_data_kept_in).login(ADMIN, ADMIN_PW)
    assert [p.identifier for p in kept.search_patients("")] == ["MRN-0001"]
    kept.close()


def test_backup_reports_a_missing_photo_but_still_completes(session: Session, tmp_path: Path) -> None:
    _patient, photo_id = _populate(session)
    for path in session.clinic.photos_dir.rglob("*.sdp"):
        path.unlink()
    result = session.backup(tmp_path / "bk")
    assert result.photos == 0 and len(result.problems) == 1 and photo_id in result.problems[0]


def test_erasure_removes_rows_and_files_but_keeps_the_audit(session: Session, clinic: Clinic) -> None:
    patient_id, _photo = _populate(session)
    other = add_patient(session, "MRN-OTHER")
    other_visit = session.add_visit(other, "2024-01-01")
    kept = session.add_photo(other_visit.id, png_bytes(colour=(9, 9, 9)), "back", device="cam")
    audit_rows = session.verify_audit().rows
    assert session.erase_patient(patient_id) == 1
    conn = session._connection()
    for table in ("visits", "assessments", "photos"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == (
            1 if table != "assessments" else 0
        )
    assert len(list(clinic.photos_dir.rglob("*.sdp"))) == 1
    assert session.read_photo(kept.id) == png_bytes(colour=(9, 9, 9))
    report = session.verify_audit()
    assert report.ok and report.rows == audit_rows + 1
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
