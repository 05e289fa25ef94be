"""Bad states: each gives one typed error with a clear message, and never a half-written record."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from desktop_app.storage import (
    FAST_TEST_KDF,
    Clinic,
    DatabaseCorruptError,
    DatabaseMissingError,
    DiskFullError,
    ForeignDatabaseError,
    KeyringError,
    PhotoMissingError,
    PhotoTamperedError,
    ReadOnlyError,
    Session,
    StorageError,
    StorageIOError,
    WrongKeyError,
    audit,
    open_clinic,
    setup_clinic,
)
from tests.storage.conftest import ADMIN, ADMIN_PW, INTENSITY, add_patient, png_bytes

PAGE = 4096


def _closed_clinic_with_data(session: Session, patients: int = 30) -> Path:
    for i in range(patients):
        pid = session.add_patient(f"P{i:04d}", "Given" * 20, "Family" * 20, "1990-01-01")
        session.add_visit(pid.id, "2024-01-01", note="x" * 500)
    path = session.clinic.db_path
    session.close()
    return path


def _flip(path: Path, offset: int) -> None:
    with path.open("r+b") as handle:
        handle.seek(offset)
        byte = handle.read(1)
        handle.seek(offset)
        handle.write(bytes([byte[0] ^ 0x01]))


def test_corrupt_first_page(session: Session, clinic: Clinic) -> None:
    path = _closed_clinic_with_data(session)
    _flip(path, 200)
    with pytest.raises(DatabaseCorruptError) as info:
        clinic.login(ADMIN, ADMIN_PW)
    assert "Restore" in info.value.message and info.value.offers_restore


def test_corrupt_later_page_is_detected_on_read(session: Session, clinic: Clinic) -> None:
    path = _closed_clinic_with_data(session)
    pages = path.stat().st_size // PAGE
    assert pages > 8
    for page in range(2, pages):
        _flip(path, page * PAGE + 1000)
    try:
        s = clinic.login(ADMIN, ADMIN_PW)
    except DatabaseCorruptError:
        return  # the users or audit page was hit: refused at login, also fine
    with pytest.raises(DatabaseCorruptError):
        s.search_patients("")
    report = s.check_integrity()
    assert not report.ok and not report.database_ok


@pytest.mark.parametrize("keep", [PAGE * 2 + 100, 10])
def test_truncated_file(session: Session, clinic: Clinic, keep: int) -> None:
    path = _closed_clinic_with_data(session)
    with path.open("r+b") as handle:
        handle.truncate(keep)
    with pytest.raises(DatabaseCorruptError, match="truncated"):
        clinic.login(ADMIN, ADMIN_PW)
    with pytest.raises(DatabaseCorruptError):
        clinic.check_files()


def test_truncated_at_a_page_boundary(session: Session, clinic: Clinic) -> None:
    path = _closed_clinic_with_data(session)
    with path.open("r+b") as handle:
        handle.truncate(PAGE * 3)
    with pytest.raises(DatabaseCorruptError):
        s = clinic.login(ADMIN, ADMIN_PW)
        s.search_patients("")  # if the first pages survived, reading the rest fails


def test_foreign_plain_sqlite_file(session: Session, clinic: Clinic) -> None:
    path = _closed_clinic_with_data(session, 1)
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()
    with pytest.raises(ForeignDatabaseError, match="not a ScoradDesk"):
        clinic.login(ADMIN, ADMIN_PW)


def test_database_of_another_installation(session: Session, clinic: Clinic, tmp_path: Path) -> None:
    path = _closed_clinic_with_data(session, 1)
    setup_clinic(tmp_path / "other", "Other clinic", ADMIN, ADMIN_PW, kdf=FAST_TEST_KDF)
    shutil.copyfile(tmp_path / "other" / "clinic.db", path)
    with pytest.raises(WrongKeyError):
        clinic.login(ADMIN, ADMIN_PW)


def test_random_bytes_in_place_of_the_database(session: Session, clinic: Clinic) -> None:
    path = _closed_clinic_with_data(session, 1)
    path.write_bytes(os.urandom(PAGE * 4))
    with pytest.raises((WrongKeyError, ForeignDatabaseError)):
        clinic.login(ADMIN, ADMIN_PW)


def test_missing_database_and_keyring(session: Session, clinic: Clinic, data_dir: Path) -> None:
    path = _closed_clinic_with_data(session, 1)
    moved = path.with_name("moved.db")
    path.rename(moved)
    with pytest.raises(DatabaseMissingError):
        clinic.login(ADMIN, ADMIN_PW)
    moved.rename(path)
    (data_dir / "keyring.json").write_text("{not json")
    with pytest.raises(KeyringError):
        clinic.login(ADMIN, ADMIN_PW)
    (data_dir / "keyring.json").unlink()
    with pytest.raises(KeyringError):
        open_clinic(data_dir)


def test_disk_full_via_max_page_count_leaves_no_half_record(session: Session) -> None:
    conn = session._connection()
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    added = 0
    with pytest.raises(DiskFullError, match="full"):
        for i in range(500):
            session.add_patient(f"FULL-{i}", "N" * 200, "M" * 200, "1990-01-01")
            added += 1
    assert session.count_patients() == added
    creates = [e for e in session.audit_entries(limit=10_000) if e.table_name == "patients"]
    assert len(creates) == added
    assert session.check_integrity().ok


def test_photo_write_failures_are_clean(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    visit = session.add_visit(add_patient(session), "2024-01-01")
    cases = [(errno.ENOSPC, DiskFullError), (errno.EROFS, ReadOnlyError), (errno.EIO, StorageIOError)]
    for code, error in cases:

        def failing_fsync(fd: int, code: int = code) -> None:
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(os, "fsync", failing_fsync)
        with pytest.raises(error):
            session.add_photo(visit.id, png_bytes(), "back", device="cam")
        monkeypatch.undo()
        assert session.list_photos(visit.id) == []
        assert [p for p in session.clinic.photos_dir.rglob("*") if p.is_file()] == []


def test_read_only_database_is_a_clean_error(session: Session) -> None:
    add_patient(session)
    session._connection().execute("PRAGMA query_only = ON")
    with pytest.raises(ReadOnlyError, match="read-only"):
        session.add_patient("RO-1", "A", "B", "2000-01-01")
    session._connection().execute("PRAGMA query_only = OFF")
    assert session.count_patients() == 1
    assert session.check_integrity().ok


def test_failure_between_record_and_audit_rolls_back(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    visit = session.add_visit(add_patient(session), "2024-01-01")

    def boom(*args: object, **kwargs: object) -> int:
        raise OSError(errno.EIO, "simulated")

    monkeypatch.setattr(audit, "append", boom)
    with pytest.raises(OSError):
        session.record_scorad(visit.id, {"back": 0.5}, INTENSITY, 1, 1)
    monkeypatch.undo()
    assert session.list_assessments(visit.id) == []


def test_keyring_write_failure_rolls_back_the_new_user(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.storage import keyring as keyring_file

    def full(path: Path, ring: object) -> None:
        raise DiskFullError("The disk is full.")

    monkeypatch.setattr(keyring_file, "save", full)
    with pytest.raises(DiskFullError):
        session.add_user("zed", "zed-password", "clinician")
    monkeypatch.undo()
    assert [u.username for u in session.list_users()] == [ADMIN]


def test_missing_tampered_and_swapped_photos(session: Session) -> None:
    visit = session.add_visit(add_patient(session), "2024-01-01")
    images = [png_bytes(colour=(1, 2, 3)), png_bytes(colour=(4, 5, 6))]
    photos = [session.add_photo(visit.id, image, "back", device="cam") for image in images]
    conn = session._connection()
    paths = [
        session.photos.path(conn.execute("SELECT blob_name FROM photos WHERE id = ?", (p.id,)).fetchone()[0])
        for p in photos
    ]
    contents = [p.read_bytes() for p in paths]
    paths[0].write_bytes(contents[1])  # swap: each file is valid ciphertext, but of the other photo
    paths[1].write_bytes(contents[0])
    for photo in photos:
        with pytest.raises(PhotoTamperedError, match="integrity"):
            session.read_photo(photo.id)
    for path, content in zip(paths, contents, strict=True):
        path.write_bytes(content)
    assert [session.read_photo(p.id) for p in photos] == images
    for offset in (0, 10, len(contents[0]) // 2, len(contents[0]) - 1):
        _flip(paths[0], offset)
        with pytest.raises(PhotoTamperedError):
            session.read_photo(photos[0].id)
        _flip(paths[0], offset)
    assert session.read_photo(photos[0].id) == images[0]
    paths[0].unlink()
    with pytest.raises(PhotoMissingError, match="missing"):
        session.read_photo(photos[0].id)
    report = session.check_integrity()
    assert report.photos_checked == 2 and len(report.photo_problems) == 1 and not report.ok


def test_every_bad_state_error_has_a_message(session: Session) -> None:
    import desktop_app.storage.errors as errors

    for name in dir(errors):
        cls = getattr(errors, name)
        if isinstance(cls, type) and issubclass(cls, StorageError):
            assert cls.code and cls.__doc__


_FSIZE_SCRIPT = """
import resource, signal, sys
from desktop_app.storage import StorageError, open_clinic
session = open_clinic(sys.argv[1]).login("admin", "admin-password")
limit = max(p.stat().st_size for p in session.clinic.data_dir.rglob("*") if p.is_file())
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
try:
    for i in range(200):
        session.add_patient(f"IO-{i}", "N" * 200, "M" * 200, "1990-01-01")
except StorageError as exc:
    print(exc.code)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_kernel_io_error_on_database_growth_is_clean(session: Session, data_dir: Path) -> None:
    """A real OS-level write failure (RLIMIT_FSIZE -> EFBIG), in a child process so the limit stays there."""
    import subprocess

    session.close()
    out = subprocess.run(
        [sys.executable, "-c", _FSIZE_SCRIPT, str(data_dir)], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    assert out.stdout.strip() in ("io_error", "disk_full")
    again = open_clinic(data_dir).login(ADMIN, ADMIN_PW)
    report = again.check_integrity()
    assert report.ok, report.messages
    entries = again.audit_entries(limit=10_000)
    creates = [e for e in entries if e.table_name == "patients" and e.action == "create"]
    assert again.count_patients() == len(creates)
    again.close()
