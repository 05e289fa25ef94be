"""Encryption at rest: nothing readable on disk, wrong keys refused, sqlite-utils on SQLCipher."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import sqlcipher3

from desktop_app.storage import Session, WrongKeyError, crypto, database
from desktop_app.storage.service import db_key_for
from tests.storage.conftest import add_patient, png_bytes


def _all_bytes(folder: Path) -> list[tuple[Path, bytes]]:
    return [(p, p.read_bytes()) for p in folder.rglob("*") if p.is_file()]


def test_no_plaintext_patient_data_or_photo_anywhere_on_disk(session: Session, data_dir: Path) -> None:
    patient_id = session.add_patient("MRN-SECRET-77", "Sigrid", "Zwanenburg", "2001-02-03", "female", 2, True)
    visit = session.add_visit(patient_id.id, "2024-03-01", note="itchy after swimming")
    image = png_bytes(40, 30, (17, 99, 201))
    session.add_photo(visit.id, image, "back", device="Webcam X")
    needles = [b"MRN-SECRET-77", b"Zwanenburg", b"Sigrid", b"swimming", "Zwanenburg".encode("utf-16-le")]
    # checked while the session is open (WAL present) and after close (checkpointed)
    for phase in ("open", "closed"):
        files = _all_bytes(data_dir)
        assert any(p.name.endswith("-wal") for p, _ in files) or phase == "closed"
        for path, content in files:
            for needle in needles:
                assert needle not in content, f"{needle!r} in {path.name} ({phase})"
            assert image[16:48] not in content, f"photo pixels in {path.name}"
            assert b"IHDR" not in content and b"SQLite format 3" not in content
        session.close()


def test_sqlite_utils_works_on_the_sqlcipher_connection(session: Session) -> None:
    db = session._db
    assert type(db).__module__.startswith("sqlite_utils")
    assert isinstance(db.conn, sqlcipher3.dbapi2.Connection)
    assert {"patients", "visits", "photos", "assessments", "annotations", "audit"} <= set(db.table_names())
    add_patient(session)
    assert db["patients"].count == 1
    assert db.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY: no temp files on disk
    assert db.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert db.execute("PRAGMA user_version").fetchone()[0] == database.SCHEMA_VERSION


def test_wrong_key_is_refused_with_a_typed_error(data_dir: Path) -> None:
    with pytest.raises(WrongKeyError):
        database.open_database(data_dir / "clinic.db", crypto.new_data_key())


def test_right_key_opens_without_the_keyring(data_dir: Path, session: Session) -> None:
    add_patient(session)
    key = session._data_key
    session.close()
    db = database.open_database(data_dir / "clinic.db", db_key_for(key))
    assert db["patients"].count == 1
    db.close()


def test_photo_files_are_named_by_keyed_hash_not_plain_sha256(session: Session) -> None:
    import hashlib

    visit = session.add_visit(add_patient(session), "2024-01-02")
    image = png_bytes()
    photo = session.add_photo(visit.id, image, "trunk_front", device="cam")
    files = list(session.clinic.photos_dir.rglob("*.sdp"))
    assert len(files) == 1
    assert hashlib.sha256(image).hexdigest() not in files[0].name
    assert photo.sha256 == hashlib.sha256(image).hexdigest()
    # the same image stored twice gives two different files (no equality leak, independent erasure)
    session.add_photo(visit.id, image, "trunk_front", device="cam")
    assert len(list(session.clinic.photos_dir.rglob("*.sdp"))) == 2


def test_keyring_holds_no_patient_data(session: Session, data_dir: Path) -> None:
    session.add_patient("MRN-9", "Ines", "Quartermaine", "1990-01-01", "female", None, False)
    text = (data_dir / "keyring.json").read_text()
    assert "Quartermaine" not in text and "MRN-9" not in text


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_files_are_readable_by_the_owner_only(session: Session, data_dir: Path) -> None:
    visit = session.add_visit(add_patient(session), "2024-01-01")
    session.add_photo(visit.id, png_bytes(), "back", device="cam")
    for path in [data_dir / "clinic.db", data_dir / "keyring.json", *data_dir.rglob("*.sdp")]:
        assert path.stat().st_mode & 0o077 == 0, path.name
