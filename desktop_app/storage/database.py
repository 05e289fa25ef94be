"""Opening the SQLCipher database through sqlite-utils, and the numbered migrations.

sqlite-utils accepts any DB-API connection object in ``Database(conn)``; we hand it a
``sqlcipher3`` connection keyed with a *raw* 256-bit key (``PRAGMA key = "x'..'"``), so
SQLCipher skips its own PBKDF2 (the Argon2id stretching already happened when the key was
unwrapped) and opening stays fast. SQLCipher 4 encrypts every page with AES-256 and
authenticates it with HMAC-SHA512, so a flipped byte in any page fails on read.

Migrations: sqlite-utils 4 has no migrations class in its core package (the
``sqlite-migrate`` plugin needs its own CLI wiring and tracking table), so a tiny numbered
runner on ``PRAGMA user_version`` does it: each step is one script applied in one
transaction together with the version bump.
"""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import sqlcipher3

from desktop_app.storage.errors import (
    DatabaseCorruptError,
    DatabaseMissingError,
    DiskFullError,
    ForeignDatabaseError,
    ReadOnlyError,
    SchemaTooNewError,
    StorageError,
    StorageIOError,
    WrongKeyError,
)

APPLICATION_ID = 0x53434452  # "SCDR": tells our database apart from any other SQLite file
PAGE_SIZE = 4096  # SQLCipher 4 default
SQLITE_HEADER = b"SQLite format 3\x00"

MIGRATIONS: tuple[tuple[int, str], ...] = (
    (
        1,
        """
CREATE TABLE users(
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'clinician')),
    active INTEGER NOT NULL DEFAULT 1,
    created_utc TEXT NOT NULL
);
CREATE TABLE patients(
    id INTEGER PRIMARY KEY,
    identifier TEXT NOT NULL UNIQUE,
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
    phototype INTEGER CHECK (phototype BETWEEN 1 AND 6),
    photo_consent INTEGER NOT NULL CHECK (photo_consent IN (0, 1)),
    search_text TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    updated_utc TEXT NOT NULL
);
CREATE INDEX patients_family ON patients(family_name COLLATE NOCASE, given_name COLLATE NOCASE);
CREATE TABLE visits(
    id INTEGER PRIMARY KEY,
    patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    visit_date TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_utc TEXT NOT NULL
);
CREATE INDEX visits_patient ON visits(patient_id, visit_date);
CREATE TABLE photos(
    id TEXT PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    region TEXT NOT NULL,
    device TEXT NOT NULL,
    profile TEXT NOT NULL,
    quality_json TEXT,
    width INTEGER,
    height INTEGER,
    sha256 TEXT NOT NULL,
    blob_name TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_utc TEXT NOT NULL
);
CREATE INDEX photos_visit ON photos(visit_id);
CREATE TABLE assessments(
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('clinician_scorad', 'po_scorad', 'ascorad', 'easi')),
    items_json TEXT NOT NULL,
    age_years REAL NOT NULL,
    a REAL, b REAL, c REAL, scorad REAL, oscorad REAL, easi REAL,
    provenance_json TEXT,
    review_of INTEGER REFERENCES assessments(id) ON DELETE SET NULL,
    review TEXT CHECK (review IN ('confirmed', 'corrected')),
    created_by TEXT NOT NULL,
    created_utc TEXT NOT NULL
);
CREATE INDEX assessments_visit ON assessments(visit_id);
CREATE TABLE annotations(
    id INTEGER PRIMARY KEY,
    photo_id TEXT NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    lesion_mask BLOB,
    lesion_percent REAL,
    signs_json TEXT NOT NULL,
    skin_tone TEXT CHECK (skin_tone IN ('I-II', 'III-IV', 'V-VI')),
    created_by TEXT NOT NULL,
    created_utc TEXT NOT NULL
);
CREATE INDEX annotations_photo ON annotations(photo_id);
CREATE TABLE settings(
    key TEXT PRIMARY KEY,
    value_json TEXT NOT NULL
);
CREATE TABLE audit(
    id INTEGER PRIMARY KEY,
    ts_utc TEXT NOT NULL,
    username TEXT NOT NULL,
    action TEXT NOT NULL,
    table_name TEXT NOT NULL,
    record_id TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END;
""",
    ),
    (
        2,
        """
CREATE TABLE visit_drafts(
    visit_id INTEGER PRIMARY KEY REFERENCES visits(id) ON DELETE CASCADE,
    payload_json TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_utc TEXT NOT NULL
);
""",
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]

DbError = sqlcipher3.dbapi2.Error


def translate(exc: BaseException, doing: str) -> StorageError:
    """Map a SQLCipher/SQLite error to the matching typed error."""
    text = str(exc).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return DiskFullError(
            f"The disk or database is full ({doing}). Free space and try again; nothing was saved."
        )
    if "readonly" in text or "read-only" in text:
        return ReadOnlyError(
            f"The database is read-only ({doing}). Check the drive and folder; nothing was saved."
        )
    if "disk i/o error" in text:
        return StorageIOError(f"The disk reported an input/output error ({doing}); nothing was saved.")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return DatabaseCorruptError(
            f"The clinic database is damaged ({doing}). Restore it from the latest backup."
        )
    if "locked" in text or "busy" in text:
        return StorageIOError(f"The database is busy in another program ({doing}); try again in a moment.")
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return DiskFullError(f"The disk is full ({doing}); nothing was saved.")
    return StorageError(f"The database reported an error ({doing}): {exc}")


@contextlib.contextmanager
def translated(doing: str) -> Iterator[None]:
    try:
        yield
    except DbError as exc:
        raise translate(exc, doing) from None


def _key_pragma(db_key: bytes) -> str:
    return f"PRAGMA key = \"x'{db_key.hex()}'\""


def _raw_connect(path: Path, db_key: bytes) -> Any:
    conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=10.0)
    with contextlib.suppress(DbError):
        conn.execute("PRAGMA cipher_log_level = NONE")  # SQLCipher would print errors to stderr
    conn.execute(_key_pragma(db_key))
    return conn


def check_file(path: Path, expected_salt: bytes | None) -> None:
    """Cheap checks before keying: missing, empty/truncated, plain SQLite (foreign)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(16)
    except FileNotFoundError:
        raise DatabaseMissingError(
            "The clinic database file is missing from the data folder. Restore it from a backup."
        ) from None
    except OSError as exc:
        raise StorageIOError(f"The clinic database cannot be read ({exc.strerror}).") from None
    if head == SQLITE_HEADER:
        raise ForeignDatabaseError(
            "The database file is an unencrypted SQLite file, not a ScoradDesk clinic database. "
            "Restore the clinic database from a backup."
        )
    if size < PAGE_SIZE or size % PAGE_SIZE:
        raise DatabaseCorruptError(
            "The clinic database file is truncated (its size is not a whole number of pages). "
            "Restore it from the latest backup."
        )
    if head == bytes(16):
        raise DatabaseCorruptError(
            "The clinic database file is damaged (its first bytes were zeroed, as after a failed disk "
            "write). Restore it from the latest backup."
        )
    if expected_salt is not None and head != expected_salt:
        raise WrongKeyError(
            "The database file does not belong to this installation's keyring (another clinic's or "
            "another installation's file). Restore the matching database and keyring from a backup."
        )


def open_database(path: Path, db_key: bytes, expected_salt: bytes | None = None, migrate: bool = True) -> Any:
    """Open an existing clinic database and bring its schema up to date.

    Returns a ``sqlite_utils.Database`` on the keyed sqlcipher3 connection. Raises one
    typed error per bad state (missing, truncated, foreign, wrong key, corrupt).
    """
    check_file(path, expected_salt)
    conn = _raw_connect(path, db_key)
    try:
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        except DbError as exc:
            if "not a database" in str(exc).lower() and expected_salt is None:
                raise WrongKeyError(
                    "The database does not open with this key: it belongs to another installation, "
                    "or its first page is damaged."
                ) from None
            raise translate(exc, "opening the clinic database") from None
        if app_id != APPLICATION_ID:
            raise ForeignDatabaseError(
                "This file is not a ScoradDesk clinic database. Restore the clinic database from a backup."
            )
        _configure(conn)
        if migrate:
            migrate_schema(conn)
    except BaseException:
        conn.close()
        raise
    return _wrap(conn)


def create_database(path: Path, db_key: bytes) -> Any:
    """Create a new encrypted database at ``path`` (must not exist) with the full schema."""
    conn = _raw_connect(path, db_key)
    try:
        with translated("creating the clinic database"):
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            _configure(conn)
            migrate_schema(conn)
    except BaseException:
        conn.close()
        raise
    return _wrap(conn)


def _configure(conn: Any) -> None:
    with translated("configuring the clinic database"):
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")  # erased rows are overwritten, not left in free pages
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA temp_store = MEMORY")  # sorts and temp tables never spill to a disk file


def migrate_schema(conn: Any) -> int:
    """Apply every migration newer than ``PRAGMA user_version``; return the final version."""
    with translated("upgrading the database schema"):
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        if current > SCHEMA_VERSION:
            raise SchemaTooNewError(
                f"The clinic database was written by a newer ScoradDesk (schema {current}, this "
                f"version knows {SCHEMA_VERSION}). Update the application."
            )
        for version, script in MIGRATIONS:
            if version > current:
                conn.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {version};\nCOMMIT;")
                current = version
    return int(current)


def _wrap(conn: Any) -> Any:
    import sqlite_utils

    return sqlite_utils.Database(cast(Any, conn), execute_plugins=False)


def file_salt(path: Path) -> bytes:
    """SQLCipher keeps a random 16-byte salt in the first bytes of the file."""
    with path.open("rb") as handle:
        return handle.read(16)
