"""The storage service: open a clinic folder, log in, and read/write everything through a Session.

Every write runs in one ``BEGIN IMMEDIATE`` transaction together with its audit row, so a
crash leaves either the record *and* its audit row, or neither. Photos are written to the
encrypted store first and their row committed second: a crash in between leaves an
unreferenced ciphertext file (removed by :meth:`Session.collect_orphan_photos`), never a
row without its file.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import threading
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop_app.domain.easi import compute_easi
from desktop_app.domain.regions import parse_region
from desktop_app.domain.scorad import Extent, Intensity, Sign, Subjective, compute_po_scorad, compute_scorad
from desktop_app.domain.severity import parse_band_set
from desktop_app.storage import audit, crypto, database
from desktop_app.storage import keyring as keyring_file
from desktop_app.storage.atomic_file import os_error
from desktop_app.storage.errors import (
    AccountDisabledError,
    AccountLockedError,
    AlreadySetUpError,
    AuthenticationError,
    DuplicateError,
    InvalidRecordError,
    KeyringError,
    NotFoundError,
    NotSetUpError,
    PermissionDeniedError,
    SessionClosedError,
    SessionLockedError,
    StorageError,
    WeakPasswordError,
)
from desktop_app.storage.models import (
    Annotation,
    Assessment,
    AssessmentKind,
    BackupResult,
    ExportResult,
    IntegrityReport,
    Patient,
    PatientHistory,
    Photo,
    Review,
    Role,
    Settings,
    SetupResult,
    Sex,
    User,
    Visit,
    VisitRecord,
)
from desktop_app.storage.photostore import PhotoStore

DB_NAME = "clinic.db"
KEYRING_NAME = "keyring.json"
PHOTOS_DIR = "photos"

MAX_FAILED_LOGINS = 5
LOCKOUT_SECONDS = 15 * 60
DEFAULT_IDLE_LOCK_MINUTES = 10.0
MIN_PASSWORD_LENGTH = 8
RECOVERY_SLOT = "@recovery"
_USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
_LANGUAGE_RE = re.compile(r"^[a-z]{2}(_[A-Z]{2})?$")
SIGN_NAMES: tuple[str, ...] = tuple(s.value for s in Sign)
SKIN_TONES = ("I-II", "III-IV", "V-VI")
_IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")  # what imaging.importer and cameras produce
PHOTO_PROFILES = ("clinical", "dermatoscope")

DEFAULT_SETTINGS: dict[str, Any] = {
    "clinic_name": "",
    "language": "en",
    "band_set": "classic",
    "idle_lock_minutes": DEFAULT_IDLE_LOCK_MINUTES,
    "backup_folder": "",
    "camera_defaults": {},
    "forecast_parameters": {},  # empty: the forecaster's defaults; else the clinic's fitted set
}
_ADMIN_SETTINGS = {"clinic_name", "band_set", "idle_lock_minutes", "backup_folder", "forecast_parameters"}
# Which assessment row and column each forecastable score series reads (see score_series).
_SERIES_SOURCES = {
    "scorad": ("clinician_scorad", "scorad"),
    "oscorad": ("clinician_scorad", "oscorad"),
    "po_scorad": ("po_scorad", "scorad"),
}

Clock = Callable[[], float]


def utc_now() -> str:
    return audit.utc_now()


def db_key_for(data_key: bytes) -> bytes:
    return crypto.subkey(data_key, "sqlcipher")


# --------------------------------------------------------------------------------------------
# validation helpers (raise InvalidRecordError with the field name)
# --------------------------------------------------------------------------------------------


def _text(field: str, label: str, value: object, max_len: int = 200, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        raise InvalidRecordError(field, f"{label} must be text.")
    text = value.strip()
    if not text and not allow_empty:
        raise InvalidRecordError(field, f"{label} is missing.")
    if len(text) > max_len:
        raise InvalidRecordError(field, f"{label} is too long (at most {max_len} characters).")
    return text


def _username(value: object) -> str:
    if not isinstance(value, str) or not _USERNAME_RE.match(value.strip().lower()):
        raise InvalidRecordError(
            "username",
            "A user name is 2-32 characters: lower-case letters, digits, dot, dash or underscore.",
        )
    return value.strip().lower()


def _password(value: object) -> str:
    if not isinstance(value, str) or len(value) < MIN_PASSWORD_LENGTH:
        raise WeakPasswordError("password", f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    return value


def _date(field: str, label: str, value: object) -> date:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidRecordError(field, f"{label} must be a date (YYYY-MM-DD), got {value!r}.") from None
    if not isinstance(value, date):
        raise InvalidRecordError(field, f"{label} must be a date.")
    if value > date.today():
        raise InvalidRecordError(field, f"{label} cannot be in the future ({value.isoformat()}).")
    if value.year < 1890:
        raise InvalidRecordError(field, f"{label} {value.isoformat()} is not plausible.")
    return value


def _json_mapping(field: str, label: str, value: object) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidRecordError(field, f"{label} must be a mapping.")
    try:
        return dict(json.loads(json.dumps(dict(value), allow_nan=False)))
    except (TypeError, ValueError):
        raise InvalidRecordError(
            field, f"{label} must contain only JSON values (text, numbers, lists)."
        ) from None


def _fold(text: str) -> str:
    """Case- and accent-insensitive form used for patient search (Müller finds muller)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _like_escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# --------------------------------------------------------------------------------------------
# row -> record
# --------------------------------------------------------------------------------------------

_PATIENT_COLS = (
    "id, identifier, given_name, family_name, birth_date, sex, phototype, photo_consent, "
    "created_utc, updated_utc"
)
_VISIT_COLS = "id, patient_id, visit_date, note, created_by, created_utc"
_ASSESSMENT_COLS = (
    "id, visit_id, kind, items_json, age_years, a, b, c, scorad, oscorad, easi, provenance_json, review_of, "
    "review, created_by, created_utc"
)
_PHOTO_COLS = (
    "id, visit_id, region, device, profile, quality_json, width, height, sha256, size, "
    "created_by, created_utc"
)
_ANNOTATION_COLS = "id, photo_id, lesion_mask, lesion_percent, signs_json, skin_tone, created_by, created_utc"


def _prefixed(alias: str, columns: str) -> str:
    return ", ".join(f"{alias}.{c.strip()}" for c in columns.split(","))


def _patient(r: Sequence[Any]) -> Patient:
    return Patient(
        id=r[0],
        identifier=r[1],
        given_name=r[2],
        family_name=r[3],
        birth_date=date.fromisoformat(r[4]),
        sex=Sex(r[5]),
        phototype=r[6],
        photo_consent=bool(r[7]),
        created_utc=r[8],
        updated_utc=r[9],
    )


def _visit(r: Sequence[Any]) -> Visit:
    return Visit(r[0], r[1], date.fromisoformat(r[2]), r[3], r[4], r[5])


def _assessment(r: Sequence[Any]) -> Assessment:
    from types import MappingProxyType

    return Assessment(
        id=r[0],
        visit_id=r[1],
        kind=AssessmentKind(r[2]),
        items=MappingProxyType(json.loads(r[3])),
        age_years=r[4],
        a=r[5],
        b=r[6],
        c=r[7],
        scorad=r[8],
        oscorad=r[9],
        easi=r[10],
        provenance=MappingProxyType(json.loads(r[11])) if r[11] else None,
        review_of=r[12],
        review=Review(r[13]) if r[13] else None,
        created_by=r[14],
        created_utc=r[15],
    )


def _photo(r: Sequence[Any]) -> Photo:
    from types import MappingProxyType

    return Photo(
        id=r[0],
        visit_id=r[1],
        region=r[2],
        device=r[3],
        profile=r[4],
        quality=MappingProxyType(json.loads(r[5])) if r[5] else None,
        width=r[6],
        height=r[7],
        sha256=r[8],
        size=r[9],
        created_by=r[10],
        created_utc=r[11],
    )


def _annotation(r: Sequence[Any]) -> Annotation:
    from types import MappingProxyType

    return Annotation(
        id=r[0],
        photo_id=r[1],
        lesion_mask_png=bytes(r[2]) if r[2] is not None else None,
        lesion_percent=r[3],
        signs=MappingProxyType(json.loads(r[4])),
        skin_tone=r[5],
        created_by=r[6],
        created_utc=r[7],
    )


def _user(r: Sequence[Any]) -> User:
    return User(r[0], r[1], r[2], Role(r[3]), bool(r[4]), r[5])


def skin_tone_of_phototype(phototype: int | None) -> str | None:
    """Fitzpatrick I-VI grouped as the training export's three skin-tone classes."""
    if phototype is None:
        return None
    return SKIN_TONES[(phototype - 1) // 2]


# --------------------------------------------------------------------------------------------
# the clinic folder (before login)
# --------------------------------------------------------------------------------------------


class Clinic:
    """A clinic data folder: ``clinic.db`` (SQLCipher), ``keyring.json``, ``photos/``.

    Construct with :func:`open_clinic` (or :func:`setup_clinic` on first run). Nothing here
    reads patient data: that needs :meth:`login`.
    """

    def __init__(self, data_dir: Path, clock: Clock = time.time) -> None:
        self.data_dir = Path(data_dir)
        self.clock = clock

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_NAME

    @property
    def keyring_path(self) -> Path:
        return self.data_dir / KEYRING_NAME

    @property
    def photos_dir(self) -> Path:
        return self.data_dir / PHOTOS_DIR

    def keyring(self) -> keyring_file.Keyring:
        return keyring_file.load(self.keyring_path)

    @property
    def clinic_name(self) -> str:
        return self.keyring().clinic_name

    def check_files(self) -> None:
        """Raise the typed error of a bad database/keyring state without logging in (start screen)."""
        ring = self.keyring()
        database.check_file(self.db_path, ring.db_salt)

    # -- logins -------------------------------------------------------------------------------

    def login(self, username: str, password: str) -> Session:
        """Unlock the data key with the user's password and open a session.

        Wrong password: :class:`AuthenticationError`; 5 failures in a row lock the account
        for 15 minutes (:class:`AccountLockedError`); a disabled account:
        :class:`AccountDisabledError`. Failures are recorded in the keyring and moved into
        the audit trail at the next successful login (the audit table is encrypted, so
        nothing can be written there before someone has the key).
        """
        name = username.strip().lower() if isinstance(username, str) else ""
        ring = self.keyring()
        now = self.clock()
        slot = ring.users.get(name)
        if slot is not None and slot.locked_until > now:
            self._record_failure(ring, name, "login_locked")
            raise AccountLockedError(
                f"The account {name!r} is locked after {MAX_FAILED_LOGINS} failed logins. Try again in "
                f"{math.ceil((slot.locked_until - now) / 60)} minutes or ask an administrator.",
                slot.locked_until,
            )
        data_key = None
        if slot is not None:
            kek = crypto.password_kek(password, slot.salt, slot.kdf)
            data_key = crypto.unwrap_key(kek, slot.wrapped, ring.key_aad(name))
        else:
            # same Argon2 cost for an unknown name, so timing does not reveal which names exist
            any_slot = next(iter(ring.users.values()), None)
            crypto.password_kek(password, crypto.new_salt(), any_slot.kdf if any_slot else crypto.DEFAULT_KDF)
        if data_key is None:
            if slot is not None:
                slot.failed += 1
                if slot.failed >= MAX_FAILED_LOGINS:
                    slot.failed = 0
                    slot.locked_until = now + LOCKOUT_SECONDS
                    self._record_failure(ring, name, "login_failed", locked=True)
                    raise AccountLockedError(
                        f"Wrong password. The account {name!r} is now locked for "
                        f"{LOCKOUT_SECONDS // 60} minutes after {MAX_FAILED_LOGINS} failed logins.",
                        slot.locked_until,
                    )
            self._record_failure(ring, name, "login_failed")
            raise AuthenticationError("Wrong user name or password.")
        changed = slot is not None and (slot.failed or slot.locked_until)
        if slot is not None:
            slot.failed = 0
            slot.locked_until = 0.0
        if changed:
            with contextlib.suppress(StorageError):  # a full disk must not stop a correct login
                keyring_file.save(self.keyring_path, ring)
        return self._open_session(ring, data_key, name, "login")

    def login_with_recovery_key(self, recovery_key: str, username: str, new_password: str) -> Session:
        """Forgotten password: the printed recovery key unlocks the data key and sets a new password."""
        name = _username(username)
        _password(new_password)
        ring = self.keyring()
        kek = crypto.recovery_kek(recovery_key)
        data_key = crypto.unwrap_key(kek, ring.recovery_wrapped, ring.key_aad(RECOVERY_SLOT)) if kek else None
        if data_key is None:
            self._record_failure(ring, RECOVERY_SLOT, "recovery_failed")
            raise AuthenticationError("The recovery key is not correct.")
        session = self._open_session(ring, data_key, name, "login_recovery")
        try:
            session._set_password_slot(name, new_password, audit_action="password_reset_recovery")
        except BaseException:
            session.close()
            raise
        return session

    def login_with_key(self, data_key: bytes, username: str) -> Session:
        """Open a session with the raw data key (tooling that already holds it: restore checks,
        crash and scale benchmarks). Audited like any login."""
        return self._open_session(self.keyring(), data_key, username, "login_key")

    def _record_failure(
        self, ring: keyring_file.Keyring, name: str, action: str, locked: bool = False
    ) -> None:
        ring.pending_events.append(
            {
                "id": uuid.uuid4().hex,
                "ts_utc": utc_now(),
                # only well-formed user names are kept: whatever else was typed into the field
                # (it could be anything, even a patient's name) must not reach the immutable audit
                "username": name if _USERNAME_RE.match(name) or name == RECOVERY_SLOT else "(invalid name)",
                "action": action,
                "locked": locked,
            }
        )
        del ring.pending_events[:-1000]  # bounded: a script hammering logins cannot fill the disk
        with contextlib.suppress(StorageError):
            keyring_file.save(self.keyring_path, ring)

    def _open_session(self, ring: keyring_file.Keyring, data_key: bytes, name: str, action: str) -> Session:
        db = database.open_database(self.db_path, db_key_for(data_key), expected_salt=ring.db_salt)
        try:
            conn = db.conn
            row = conn.execute(
                "SELECT id, username, display_name, role, active, created_utc FROM users WHERE username = ?",
                (name,),
            ).fetchone()
            if row is None or not row[4]:
                with database.translated("recording a refused login"):
                    conn.execute("BEGIN IMMEDIATE")
                    audit.append(conn, name[:64], "login_refused", "users", row[0] if row else "", {})
                    conn.execute("COMMIT")
                if row is None:
                    raise AuthenticationError("Wrong user name or password.")
                raise AccountDisabledError(f"The account {name!r} is disabled. Ask an administrator.")
            user = _user(row)
            flushed = list(ring.pending_events)
            with database.translated("recording the login"):
                conn.execute("BEGIN IMMEDIATE")
                known = (
                    {
                        r[0]
                        for r in conn.execute(
                            "SELECT json_extract(detail, '$.event') FROM audit WHERE action IN "
                            "('login_failed', 'login_locked', 'recovery_failed')"
                        )
                    }
                    if flushed
                    else set()
                )
                for event in flushed:
                    if event.get("id") in known:
                        continue
                    audit.append(
                        conn,
                        str(event.get("username", "")),
                        str(event.get("action", "login_failed")),
                        "users",
                        "",
                        {"event": event.get("id"), "locked": bool(event.get("locked"))},
                        ts_utc=str(event.get("ts_utc")),
                    )
                audit.append(conn, name, action, "users", user.id, {})
                conn.execute("COMMIT")
            if flushed:
                done = {e.get("id") for e in flushed}
                with contextlib.suppress(StorageError):
                    fresh = self.keyring()  # re-read: another process may have queued events meanwhile
                    fresh.pending_events = [e for e in fresh.pending_events if e.get("id") not in done]
                    keyring_file.save(self.keyring_path, fresh)
        except BaseException:
            with contextlib.suppress(Exception):
                if db.conn.in_transaction:
                    db.conn.execute("ROLLBACK")
            db.close()
            raise
        return Session(self, db, data_key, user, self.clock)


def is_set_up(data_dir: Path | str) -> bool:
    """True when the folder holds a clinic (keyring and database)."""
    folder = Path(data_dir)
    return (folder / KEYRING_NAME).exists() or (folder / DB_NAME).exists()


def open_clinic(data_dir: Path | str, clock: Clock = time.time) -> Clinic:
    """The clinic in ``data_dir``; :class:`NotSetUpError` if first-run setup has not happened."""
    folder = Path(data_dir)
    if not (folder / KEYRING_NAME).exists():
        if (folder / DB_NAME).exists():
            raise KeyringError(
                "The keyring file (keyring.json) is missing, so nobody can log in. Restore it from a backup."
            )
        raise NotSetUpError("This data folder holds no clinic yet: run first-time setup.")
    return Clinic(folder, clock)


def setup_clinic(
    data_dir: Path | str,
    clinic_name: str,
    admin_username: str,
    admin_password: str,
    *,
    admin_display_name: str = "",
    language: str = "en",
    kdf: crypto.KdfParams | None = None,
) -> SetupResult:
    """First-run setup: new data key, database, administrator, recovery key (returned once).

    The database is built under a temporary name and renamed into place last, so an
    interrupted setup never leaves a half-made clinic that looks set up.
    """
    folder = Path(data_dir)
    kdf = kdf or crypto.DEFAULT_KDF
    name = _text("clinic_name", "Clinic name", clinic_name)
    admin = _username(admin_username)
    _password(admin_password)
    if not _LANGUAGE_RE.match(language):
        raise InvalidRecordError("language", f"Unknown language code {language!r} (use e.g. 'en' or 'fr').")
    if is_set_up(folder):
        raise AlreadySetUpError(f"{folder} already holds a clinic. Use a new folder, or restore a backup.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / PHOTOS_DIR).mkdir(exist_ok=True)
    except OSError as exc:
        raise os_error(exc, "creating the data folder") from None
    data_key = crypto.new_data_key()
    recovery_key = crypto.new_recovery_key()
    installation_id = uuid.uuid4().hex
    tmp_db = folder / f".{DB_NAME}.setup"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp_db}{suffix}").unlink(missing_ok=True)
    db = database.create_database(tmp_db, db_key_for(data_key))
    with contextlib.suppress(OSError):
        tmp_db.chmod(0o600)  # owner only (SQLite gives its -wal/-shm files the same mode)
    try:
        conn = db.conn
        now = utc_now()
        with database.translated("creating the administrator"):
            conn.execute("BEGIN IMMEDIATE")
            cur = conn.execute(
                "INSERT INTO users(username, display_name, role, active, created_utc) "
                "VALUES (?, ?, 'admin', 1, ?)",
                (admin, admin_display_name.strip() or admin, now),
            )
            settings = dict(DEFAULT_SETTINGS, clinic_name=name, language=language)
            for key, value in settings.items():
                conn.execute("INSERT INTO settings(key, value_json) VALUES (?, ?)", (key, json.dumps(value)))
            audit.append(conn, admin, "setup", "users", cur.lastrowid, {"role": "admin"})
            conn.execute("COMMIT")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    ring = keyring_file.Keyring(
        installation_id=installation_id,
        clinic_name=name,
        db_salt=database.file_salt(tmp_db),
        recovery_wrapped=b"",
    )
    kek = crypto.recovery_kek(recovery_key)
    assert kek is not None  # our own freshly made key always parses
    ring.recovery_wrapped = crypto.wrap_key(kek, data_key, ring.key_aad(RECOVERY_SLOT))
    salt = crypto.new_salt()
    ring.users[admin] = keyring_file.UserSlot(
        salt=salt,
        kdf=kdf,
        wrapped=crypto.wrap_key(
            crypto.password_kek(admin_password, salt, kdf), data_key, ring.key_aad(admin)
        ),
    )
    keyring_file.save(folder / KEYRING_NAME, ring)
    try:
        for suffix in ("-wal", "-shm"):
            Path(f"{tmp_db}{suffix}").unlink(missing_ok=True)
        tmp_db.replace(folder / DB_NAME)
    except OSError as exc:
        raise os_error(exc, "finishing setup") from None
    return SetupResult(data_dir=str(folder), recovery_key=recovery_key, admin=admin)


# --------------------------------------------------------------------------------------------
# the session (after login)
# --------------------------------------------------------------------------------------------


class Session:
    """A logged-in user's access to the clinic's data. Thread-safe (one lock per session).

    Auto-lock: after ``idle_lock_minutes`` (setting, default 10) without a call, the next
    call raises :class:`SessionLockedError`; :meth:`unlock` with the same user's password
    resumes. :meth:`touch` counts as activity (the UI calls it on user input).
    """

    def __init__(self, clinic: Clinic, db: Any, data_key: bytes, user: User, clock: Clock) -> None:
        self.clinic = clinic
        self._db = db
        self._conn = db.conn
        self._data_key = data_key
        self._user = user
        self._clock = clock
        self._mutex = threading.RLock()
        self._last_activity = clock()
        self._locked = False
        self._closed = False
        self.photos = PhotoStore(clinic.photos_dir, data_key)
        self._idle_minutes = float(self._setting_raw("idle_lock_minutes", DEFAULT_IDLE_LOCK_MINUTES))

    # -- state --------------------------------------------------------------------------------

    @property
    def user(self) -> User:
        return self._user

    @property
    def is_locked(self) -> bool:
        """Never blocks (safe to poll from a GUI timer while a worker thread uses the session):
        the auto-lock audit row is written now if the session is free, else by the next call."""
        if self._closed:
            raise SessionClosedError("This session has ended; log in again.")
        if self._locked:
            return True
        if self._clock() - self._last_activity <= self._idle_minutes * 60:
            return False
        if self._mutex.acquire(blocking=False):
            try:
                self._check_idle()
            finally:
                self._mutex.release()
        return True

    @property
    def is_closed(self) -> bool:
        return self._closed

    def touch(self) -> None:
        """Record user activity (resets the idle timer) unless already locked or idle too long.
        Never blocks, so the GUI can call it on every input event."""
        if not self._closed and not self.is_locked:
            self._last_activity = self._clock()

    def lock(self) -> None:
        with self._mutex:
            if not self._locked and not self._closed:
                self._locked = True
                self._audit_now("lock", "users", self._user.id, {})

    def unlock(self, password: str) -> None:
        """Resume a locked session with the same user's password (counts towards lockout)."""
        with self._mutex:
            if self._closed:
                raise SessionClosedError("This session has ended; log in again.")
            probe = self.clinic.login(self._user.username, password)  # lockout + audit rules apply
            probe.close(audit_logout=False)
            self._locked = False
            self._last_activity = self._clock()
            self._audit_now("unlock", "users", self._user.id, {})

    def close(self, audit_logout: bool = True) -> None:
        with self._mutex:
            if self._closed:
                return
            if audit_logout:
                with contextlib.suppress(StorageError):
                    self._audit_now("logout", "users", self._user.id, {})
            with contextlib.suppress(Exception):
                self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            self._db.close()
            self._closed = True

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_idle(self) -> None:
        if self._closed:
            raise SessionClosedError("This session has ended; log in again.")
        if not self._locked and self._clock() - self._last_activity > self._idle_minutes * 60:
            self._locked = True
            with contextlib.suppress(StorageError):
                self._audit_now("auto_lock", "users", self._user.id, {"idle_minutes": self._idle_minutes})

    @contextlib.contextmanager
    def _active(self) -> Iterator[Any]:
        with self._mutex:
            self._check_idle()
            if self._locked:
                raise SessionLockedError("The session is locked. Enter your password to continue.")
            self._last_activity = self._clock()
            yield self._conn

    def _require_admin(self, what: str) -> None:
        if self._user.role is not Role.ADMIN:
            raise PermissionDeniedError(f"Only an administrator can {what}.")

    @contextlib.contextmanager
    def _write(self, doing: str) -> Iterator[Any]:
        """One write transaction: BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""
        with self._active() as conn:
            try:
                conn.execute("BEGIN IMMEDIATE")
                yield conn
                conn.execute("COMMIT")
            except database.DbError as exc:
                self._rollback()
                raise database.translate(exc, doing) from None
            except BaseException:
                self._rollback()
                raise

    def _rollback(self) -> None:
        with contextlib.suppress(Exception):
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")

    def _audit(
        self, conn: Any, action: str, table: str, record_id: object, detail: Mapping[str, Any]
    ) -> None:
        audit.append(conn, self._user.username, action, table, record_id, detail)

    def _audit_now(self, action: str, table: str, record_id: object, detail: Mapping[str, Any]) -> None:
        with database.translated(f"recording {action}"):
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                self._audit(self._conn, action, table, record_id, detail)
                self._conn.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._active() as conn, database.translated("reading the clinic database"):
            return list(conn.execute(sql, tuple(params)).fetchall())

    # -- users ----------------------------------------------------------------------------------

    def list_users(self) -> list[User]:
        rows = self._read(
            "SELECT id, username, display_name, role, active, created_utc FROM users ORDER BY username"
        )
        return [_user(r) for r in rows]

    def add_user(self, username: str, password: str, role: Role | str, display_name: str = "") -> User:
        """Admin only: a new account whose password wraps the data key."""
        self._require_admin("add users")
        name = _username(username)
        _password(password)
        try:
            role = Role(role)
        except ValueError:
            raise InvalidRecordError("role", "Role must be 'admin' or 'clinician'.") from None
        label = _text("display_name", "Display name", display_name or name)
        with self._write("adding a user") as conn:
            if conn.execute("SELECT 1 FROM users WHERE username = ?", (name,)).fetchone():
                raise DuplicateError(f"The user name {name!r} is already taken.")
            cur = conn.execute(
                "INSERT INTO users(username, display_name, role, active, created_utc) VALUES (?, ?, ?, 1, ?)",
                (name, label, role.value, utc_now()),
            )
            user_id = cur.lastrowid
            self._audit(conn, "create", "users", user_id, {"role": role.value})
            # keyring last, inside the transaction: if it cannot be saved the row is rolled back
            self._store_slot(name, password)
        return self._get_user(name)

    def disable_user(self, username: str) -> User:
        """Admin only: the account can no longer log in; its wrapped key is removed from the keyring."""
        self._require_admin("disable users")
        name = _username(username)
        if name == self._user.username:
            raise InvalidRecordError("username", "You cannot disable your own account.")
        with self._write("disabling a user") as conn:
            row = conn.execute("SELECT id FROM users WHERE username = ?", (name,)).fetchone()
            if row is None:
                raise NotFoundError(f"There is no user {name!r}.")
            conn.execute("UPDATE users SET active = 0 WHERE id = ?", (row[0],))
            self._audit(conn, "disable", "users", row[0], {})
            ring = self.clinic.keyring()
            ring.users.pop(name, None)
            keyring_file.save(self.clinic.keyring_path, ring)
        return self._get_user(name)

    def reset_password(self, username: str, new_password: str) -> User:
        """Admin only: set a user's password (re-enables a disabled account)."""
        self._require_admin("reset passwords")
        name = _username(username)
        _password(new_password)
        with self._write("resetting a password") as conn:
            row = conn.execute("SELECT id FROM users WHERE username = ?", (name,)).fetchone()
            if row is None:
                raise NotFoundError(f"There is no user {name!r}.")
            conn.execute("UPDATE users SET active = 1 WHERE id = ?", (row[0],))
            self._audit(conn, "password_reset", "users", row[0], {})
            self._store_slot(name, new_password)
        return self._get_user(name)

    def change_password(self, old_password: str, new_password: str) -> None:
        """The logged-in user's own password: checks the old one, re-wraps the data key."""
        _password(new_password)
        with self._active():
            ring = self.clinic.keyring()
            slot = ring.users.get(self._user.username)
            kek = crypto.password_kek(old_password, slot.salt, slot.kdf) if slot else None
            if (
                slot is None
                or kek is None
                or crypto.unwrap_key(kek, slot.wrapped, ring.key_aad(self._user.username)) is None
            ):
                raise AuthenticationError("The current password is not correct.")
        self._set_password_slot(self._user.username, new_password, audit_action="password_change")

    def _set_password_slot(self, name: str, password: str, audit_action: str) -> None:
        with self._write("changing a password") as conn:
            row = conn.execute("SELECT id FROM users WHERE username = ?", (name,)).fetchone()
            if row is None:
                raise NotFoundError(f"There is no user {name!r}.")
            self._audit(conn, audit_action, "users", row[0], {})
            self._store_slot(name, password)

    def _store_slot(self, name: str, password: str) -> None:
        ring = self.clinic.keyring()
        old = ring.users.get(name)
        kdf = (
            old.kdf
            if old is not None
            else next(iter(ring.users.values())).kdf
            if ring.users
            else crypto.DEFAULT_KDF
        )
        salt = crypto.new_salt()
        ring.users[name] = keyring_file.UserSlot(
            salt=salt,
            kdf=kdf,
            wrapped=crypto.wrap_key(
                crypto.password_kek(password, salt, kdf), self._data_key, ring.key_aad(name)
            ),
        )
        keyring_file.save(self.clinic.keyring_path, ring)

    def _get_user(self, name: str) -> User:
        rows = self._read(
            "SELECT id, username, display_name, role, active, created_utc FROM users WHERE username = ?",
            (name,),
        )
        if not rows:
            raise NotFoundError(f"There is no user {name!r}.")
        return _user(rows[0])

    # -- patients ---------------------------------------------------------------------------------

    def add_patient(
        self,
        identifier: str,
        given_name: str,
        family_name: str,
        birth_date: date | str,
        sex: Sex | str = Sex.UNKNOWN,
        phototype: int | None = None,
        photo_consent: bool = False,
    ) -> Patient:
        values = self._patient_values(
            identifier, given_name, family_name, birth_date, sex, phototype, photo_consent
        )
        now = utc_now()
        with self._write("adding a patient") as conn:
            if conn.execute(
                "SELECT 1 FROM patients WHERE identifier = ?", (values["identifier"],)
            ).fetchone():
                raise DuplicateError(f"A patient with identifier {values['identifier']!r} already exists.")
            table = self._db["patients"].insert(
                {
                    key: values[key]
                    for key in (
                        "identifier", "given_name", "family_name", "birth_date", "sex", "phototype",
                        "photo_consent", "search_text",
                    )
                } | {"created_utc": now, "updated_utc": now}
            )  # fmt: skip
            patient_id = table.last_rowid
            self._audit(conn, "create", "patients", patient_id, {})
        return self.get_patient(patient_id)

    def update_patient(self, patient_id: int, **changes: Any) -> Patient:
        """Change any of identifier, given_name, family_name, birth_date, sex, phototype, photo_consent."""
        allowed = {
            "identifier",
            "given_name",
            "family_name",
            "birth_date",
            "sex",
            "phototype",
            "photo_consent",
        }
        unknown = set(changes) - allowed
        if unknown:
            raise InvalidRecordError(sorted(unknown)[0], f"{sorted(unknown)[0]!r} is not a patient field.")
        current = self.get_patient(patient_id)
        merged = {f: getattr(current, f) for f in allowed} | changes
        values = self._patient_values(**merged)
        changed = sorted(f for f in changes if getattr(current, f) != merged[f])
        with self._write("updating a patient") as conn:
            clash = conn.execute(
                "SELECT 1 FROM patients WHERE identifier = ? AND id != ?", (values["identifier"], patient_id)
            ).fetchone()
            if clash:
                raise DuplicateError(f"A patient with identifier {values['identifier']!r} already exists.")
            conn.execute(
                "UPDATE patients SET identifier=?, given_name=?, family_name=?, birth_date=?, sex=?, "
                "phototype=?, photo_consent=?, search_text=?, updated_utc=? WHERE id=?",
                (
                    values["identifier"],
                    values["given_name"],
                    values["family_name"],
                    values["birth_date"],
                    values["sex"],
                    values["phototype"],
                    values["photo_consent"],
                    values["search_text"],
                    utc_now(),
                    patient_id,
                ),
            )
            self._audit(conn, "update", "patients", patient_id, {"fields": changed})
        return self.get_patient(patient_id)

    @staticmethod
    def _patient_values(
        identifier: object,
        given_name: object,
        family_name: object,
        birth_date: object,
        sex: object,
        phototype: object,
        photo_consent: object,
    ) -> dict[str, Any]:
        ident = _text("identifier", "Patient identifier", identifier, 64)
        given = _text("given_name", "Given name", given_name)
        family = _text("family_name", "Family name", family_name)
        born = _date("birth_date", "Birth date", birth_date)
        try:
            sex_value = Sex(str(sex))
        except ValueError:
            raise InvalidRecordError("sex", "Sex must be female, male, other or unknown.") from None
        if phototype is not None and (isinstance(phototype, bool) or phototype not in range(1, 7)):
            raise InvalidRecordError(
                "phototype", "Fitzpatrick phototype must be 1 to 6 (I-VI), or left empty."
            )
        if not isinstance(photo_consent, bool):
            raise InvalidRecordError("photo_consent", "Photo consent must be yes or no.")
        return {
            "identifier": ident,
            "given_name": given,
            "family_name": family,
            "birth_date": born.isoformat(),
            "sex": sex_value.value,
            "phototype": phototype,
            "photo_consent": int(photo_consent),
            "search_text": _fold(f"{ident} {given} {family}"),
        }

    def get_patient(self, patient_id: int) -> Patient:
        rows = self._read(f"SELECT {_PATIENT_COLS} FROM patients WHERE id = ?", (patient_id,))
        if not rows:
            raise NotFoundError(f"Patient {patient_id} does not exist.")
        return _patient(rows[0])

    def find_patient(self, identifier: str) -> Patient | None:
        rows = self._read(f"SELECT {_PATIENT_COLS} FROM patients WHERE identifier = ?", (identifier.strip(),))
        return _patient(rows[0]) if rows else None

    def search_patients(self, query: str, limit: int = 50) -> list[Patient]:
        """Patients whose identifier or names contain every word of ``query`` (case/accents ignored),
        sorted by family name; an empty query lists the first ``limit`` patients."""
        words = _fold(query).split()
        where = " AND ".join("search_text LIKE ? ESCAPE '\\'" for _ in words) or "1"
        params = [f"%{_like_escape(w)}%" for w in words]
        rows = self._read(
            f"SELECT {_PATIENT_COLS} FROM patients WHERE {where} "
            "ORDER BY family_name COLLATE NOCASE, given_name COLLATE NOCASE, id LIMIT ?",
            (*params, int(limit)),
        )
        return [_patient(r) for r in rows]

    def count_patients(self) -> int:
        return int(self._read("SELECT count(*) FROM patients")[0][0])

    def erase_patient(self, patient_id: int) -> int:
        """Right to be forgotten (admin only): delete the patient, all visits, scores, photos and
        their files. Audit rows stay (they hold ids only, never names). Returns photos erased."""
        self._require_admin("erase a patient")
        self.get_patient(patient_id)
        with self._write("erasing a patient") as conn:
            blobs = [
                r[0]
                for r in conn.execute(
                    "SELECT p.blob_name FROM photos p JOIN visits v ON v.id = p.visit_id "
                    "WHERE v.patient_id = ?",
                    (patient_id,),
                )
            ]
            visits = conn.execute(
                "SELECT count(*) FROM visits WHERE patient_id = ?", (patient_id,)
            ).fetchone()[0]
            conn.execute("DELETE FROM patients WHERE id = ?", (patient_id,))
            self._audit(conn, "erase", "patients", patient_id, {"visits": visits, "photos": len(blobs)})
        for blob in blobs:
            self.photos.delete(blob)
        with contextlib.suppress(Exception):
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # old page images leave the WAL too
        return len(blobs)

    # -- visits -------------------------------------------------------------------------------------

    def add_visit(self, patient_id: int, visit_date: date | str | None = None, note: str = "") -> Visit:
        day = _date("visit_date", "Visit date", visit_date or date.today())
        text = _text("note", "Note", note, 4000, allow_empty=True)
        patient = self.get_patient(patient_id)
        if day < patient.birth_date:
            raise InvalidRecordError("visit_date", "The visit date is before the patient's birth date.")
        with self._write("adding a visit") as conn:
            visit_id = (
                self._db["visits"]
                .insert(
                    {
                        "patient_id": patient_id,
                        "visit_date": day.isoformat(),
                        "note": text,
                        "created_by": self._user.username,
                        "created_utc": utc_now(),
                    }
                )
                .last_rowid
            )
            self._audit(conn, "create", "visits", visit_id, {"patient_id": patient_id})
        return self.get_visit(visit_id)

    def update_visit(
        self, visit_id: int, visit_date: date | str | None = None, note: str | None = None
    ) -> Visit:
        current = self.get_visit(visit_id)
        day = _date("visit_date", "Visit date", visit_date) if visit_date is not None else current.visit_date
        text = _text("note", "Note", note, 4000, allow_empty=True) if note is not None else current.note
        if day < self.get_patient(current.patient_id).birth_date:
            raise InvalidRecordError("visit_date", "The visit date is before the patient's birth date.")
        fields = [f for f, v in (("visit_date", visit_date), ("note", note)) if v is not None]
        with self._write("updating a visit") as conn:
            conn.execute(
                "UPDATE visits SET visit_date = ?, note = ? WHERE id = ?", (day.isoformat(), text, visit_id)
            )
            self._audit(conn, "update", "visits", visit_id, {"fields": fields})
        return self.get_visit(visit_id)

    def delete_visit(self, visit_id: int) -> None:
        """Delete a visit with its assessments, photos (and files) and annotations."""
        self.get_visit(visit_id)
        with self._write("deleting a visit") as conn:
            blobs = [
                r[0] for r in conn.execute("SELECT blob_name FROM photos WHERE visit_id = ?", (visit_id,))
            ]
            conn.execute("DELETE FROM visits WHERE id = ?", (visit_id,))
            self._audit(conn, "delete", "visits", visit_id, {"photos": len(blobs)})
        for blob in blobs:
            self.photos.delete(blob)

    def get_visit(self, visit_id: int) -> Visit:
        rows = self._read(f"SELECT {_VISIT_COLS} FROM visits WHERE id = ?", (visit_id,))
        if not rows:
            raise NotFoundError(f"Visit {visit_id} does not exist.")
        return _visit(rows[0])

    def list_visits(self, patient_id: int) -> list[Visit]:
        rows = self._read(
            f"SELECT {_VISIT_COLS} FROM visits WHERE patient_id = ? ORDER BY visit_date, id", (patient_id,)
        )
        return [_visit(r) for r in rows]

    # -- assessments --------------------------------------------------------------------------------

    def _visit_age(self, visit_id: int) -> tuple[Visit, float]:
        visit = self.get_visit(visit_id)
        return visit, self.get_patient(visit.patient_id).age_years(visit.visit_date)

    def record_scorad(
        self,
        visit_id: int,
        extent: Mapping[str, float],
        intensity: Mapping[str, int],
        pruritus: float,
        sleeplessness: float,
        *,
        review_of: int | None = None,
    ) -> Assessment:
        """The clinician's SCORAD. With ``review_of`` (an ASCORAD assessment of the same visit) it is
        stored as ``confirmed`` when extent and all six grades equal the proposal, else ``corrected``.
        Invalid items raise ``desktop_app.domain.errors.ScoreInputError`` (field named)."""
        _visit, age = self._visit_age(visit_id)
        ext = Extent.from_mapping(extent)
        inten = Intensity.from_mapping(intensity)
        subj = Subjective(pruritus=pruritus, sleeplessness=sleeplessness)
        result = compute_scorad(age, ext, inten, subj)
        items = self._scorad_items(ext, inten, subj)
        review = None
        if review_of is not None:
            proposal = self.get_assessment(review_of)
            if proposal.kind is not AssessmentKind.ASCORAD or proposal.visit_id != visit_id:
                raise InvalidRecordError(
                    "review_of", "Only an ASCORAD proposal of the same visit can be reviewed."
                )
            same = _same_items(proposal.items, items)
            review = Review.CONFIRMED if same else Review.CORRECTED
        return self._insert_assessment(
            visit_id, AssessmentKind.CLINICIAN_SCORAD, items, age, result.a, result.b, result.c,
            result.scorad, result.oscorad, None, None, review_of, review,
        )  # fmt: skip

    def record_po_scorad(
        self,
        visit_id: int,
        extent: Mapping[str, float],
        intensity: Mapping[str, int],
        pruritus: float,
        sleeplessness: float,
    ) -> Assessment:
        """The patient's own PO-SCORAD (Stalder 2011), lay items mapped one-to-one to SCORAD items."""
        _visit, age = self._visit_age(visit_id)
        ext = Extent.from_mapping(extent)
        inten = Intensity.from_mapping(intensity)
        subj = Subjective(pruritus=pruritus, sleeplessness=sleeplessness)
        result = compute_po_scorad(age, ext, inten, subj)
        items = self._scorad_items(ext, inten, subj)
        return self._insert_assessment(
            visit_id, AssessmentKind.PO_SCORAD, items, age, result.a, result.b, result.c, result.scorad,
            result.oscorad, None, None, None, None,
        )  # fmt: skip

    def record_ascorad(
        self,
        visit_id: int,
        extent: Mapping[str, float],
        intensity: Mapping[str, int],
        provenance: Mapping[str, Any],
        *,
        pruritus: float | None = None,
        sleeplessness: float | None = None,
        confidence: Mapping[str, float] | None = None,
        flagged_regions: Sequence[str] = (),
    ) -> Assessment:
        """An automatic ASCORAD proposal. ``provenance`` (required, JSON) names model/estimator
        versions, weights sha256, input image sha256s and time. C is optional (it comes from the
        patient): without it only oSCORAD is stored and ``scorad`` is None."""
        if not isinstance(provenance, Mapping) or not provenance:
            raise InvalidRecordError(
                "provenance", "An automatic score must carry its provenance (model, versions)."
            )
        prov = _json_mapping("provenance", "Provenance", provenance)
        _visit, age = self._visit_age(visit_id)
        ext = Extent.from_mapping(extent)
        inten = Intensity.from_mapping(intensity)
        has_c = pruritus is not None or sleeplessness is not None
        if has_c and (pruritus is None or sleeplessness is None):
            raise InvalidRecordError("pruritus", "Give both itch and sleep loss, or neither.")
        subj = Subjective(pruritus=pruritus or 0.0, sleeplessness=sleeplessness or 0.0)
        result = compute_scorad(age, ext, inten, subj)
        items = self._scorad_items(ext, inten, subj if has_c else None)
        if confidence is not None:
            items["confidence"] = _json_mapping("confidence", "Confidence", confidence)
        items["flagged_regions"] = sorted({parse_region(r).value for r in flagged_regions})
        return self._insert_assessment(
            visit_id, AssessmentKind.ASCORAD, items, age, result.a, result.b, result.c if has_c else None,
            result.scorad if has_c else None, result.oscorad, None, prov, None, None,
        )  # fmt: skip

    def record_easi(self, visit_id: int, regions: Mapping[str, Mapping[str, float]]) -> Assessment:
        """EASI (Hanifin 2001): ``{easi_region: {erythema, induration_papulation, excoriation,
        lichenification, area}}`` for all four regions."""
        _visit, age = self._visit_age(visit_id)
        result = compute_easi(age, regions)
        items = {"regions": {str(k): dict(v) for k, v in regions.items()}}
        return self._insert_assessment(
            visit_id,
            AssessmentKind.EASI,
            items,
            age,
            None,
            None,
            None,
            None,
            None,
            result.total,
            None,
            None,
            None,
        )

    @staticmethod
    def _scorad_items(ext: Extent, inten: Intensity, subj: Subjective | None) -> dict[str, Any]:
        items: dict[str, Any] = {
            "extent": {r.value: f for r, f in sorted(ext.fractions.items())},
            "intensity": {s.value: inten.grade(s) for s in Sign},
        }
        if subj is not None:
            items["pruritus"] = float(subj.pruritus)
            items["sleeplessness"] = float(subj.sleeplessness)
        return items

    def _insert_assessment(
        self,
        visit_id: int,
        kind: AssessmentKind,
        items: Mapping[str, Any],
        age: float,
        a: float | None,
        b: float | None,
        c: float | None,
        scorad: float | None,
        oscorad: float | None,
        easi: float | None,
        provenance: Mapping[str, Any] | None,
        review_of: int | None,
        review: Review | None,
    ) -> Assessment:
        with self._write("saving an assessment") as conn:
            cur = conn.execute(
                "INSERT INTO assessments(visit_id, kind, items_json, age_years, a, b, c, scorad, oscorad, "
                "easi, provenance_json, review_of, review, created_by, created_utc) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    visit_id,
                    kind.value,
                    json.dumps(items, sort_keys=True),
                    age,
                    a,
                    b,
                    c,
                    scorad,
                    oscorad,
                    easi,
                    json.dumps(provenance, sort_keys=True) if provenance is not None else None,
                    review_of,
                    review.value if review else None,
                    self._user.username,
                    utc_now(),
                ),
            )
            assessment_id = cur.lastrowid
            detail: dict[str, Any] = {"kind": kind.value, "visit_id": visit_id}
            if review is not None:
                detail |= {"review": review.value, "review_of": review_of}
            self._audit(conn, "create", "assessments", assessment_id, detail)
        return self.get_assessment(assessment_id)

    def get_assessment(self, assessment_id: int) -> Assessment:
        rows = self._read(f"SELECT {_ASSESSMENT_COLS} FROM assessments WHERE id = ?", (assessment_id,))
        if not rows:
            raise NotFoundError(f"Assessment {assessment_id} does not exist.")
        return _assessment(rows[0])

    def list_assessments(self, visit_id: int) -> list[Assessment]:
        rows = self._read(
            f"SELECT {_ASSESSMENT_COLS} FROM assessments WHERE visit_id = ? ORDER BY id", (visit_id,)
        )
        return [_assessment(r) for r in rows]

    def delete_assessment(self, assessment_id: int) -> None:
        self.get_assessment(assessment_id)
        with self._write("deleting an assessment") as conn:
            conn.execute("DELETE FROM assessments WHERE id = ?", (assessment_id,))
            self._audit(conn, "delete", "assessments", assessment_id, {})

    # -- photos -------------------------------------------------------------------------------------

    def add_photo(
        self,
        visit_id: int,
        image_bytes: bytes,
        region: str,
        *,
        device: str,
        profile: str = "clinical",
        quality: Mapping[str, Any] | None = None,
        width: int | None = None,
        height: int | None = None,
    ) -> Photo:
        """Store an image (normally ``ImportedPhoto.encoded``, PNG) encrypted, tagged with its body
        region, capture device, profile and quality report. Refused without the patient's photo
        consent. The file is written (encrypted) before the row is committed."""
        if not isinstance(image_bytes, bytes | bytearray) or not image_bytes:
            raise InvalidRecordError("image", "The photo is empty.")
        if not bytes(image_bytes[:8]).startswith(_IMAGE_SIGNATURES):
            raise InvalidRecordError("image", "The photo must be PNG or JPEG bytes (import it first).")
        region_id = parse_region(region).value
        device_name = _text("device", "Capture device", device, 200)
        if profile not in PHOTO_PROFILES:
            raise InvalidRecordError("profile", "Photo profile must be 'clinical' or 'dermatoscope'.")
        quality_json = (
            json.dumps(_json_mapping("quality", "Quality report", quality)) if quality is not None else None
        )
        for field, value in (("width", width), ("height", height)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value <= 0):
                raise InvalidRecordError(field, f"Photo {field} must be a positive whole number of pixels.")
        visit = self.get_visit(visit_id)
        if not self.get_patient(visit.patient_id).photo_consent:
            raise InvalidRecordError(
                "photo_consent",
                "The patient has not consented to photos: record consent before adding photos.",
            )
        photo_id = uuid.uuid4().hex
        with self._active():
            blob_name, sha, size = self.photos.write(photo_id, bytes(image_bytes))
        try:
            with self._write("saving a photo") as conn:
                conn.execute(
                    f"INSERT INTO photos({_PHOTO_COLS}, blob_name) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        photo_id,
                        visit_id,
                        region_id,
                        device_name,
                        profile,
                        quality_json,
                        width,
                        height,
                        sha,
                        size,
                        self._user.username,
                        utc_now(),
                        blob_name,
                    ),
                )
                self._audit(conn, "create", "photos", photo_id, {"visit_id": visit_id, "region": region_id})
        except BaseException:
            with contextlib.suppress(StorageError):
                self.photos.delete(blob_name)
            raise
        return self.get_photo(photo_id)

    def get_photo(self, photo_id: str) -> Photo:
        rows = self._read(f"SELECT {_PHOTO_COLS} FROM photos WHERE id = ?", (photo_id,))
        if not rows:
            raise NotFoundError(f"Photo {photo_id} does not exist.")
        return _photo(rows[0])

    def list_photos(self, visit_id: int) -> list[Photo]:
        rows = self._read(
            f"SELECT {_PHOTO_COLS} FROM photos WHERE visit_id = ? ORDER BY created_utc, id", (visit_id,)
        )
        return [_photo(r) for r in rows]

    def read_photo(self, photo_id: str) -> bytes:
        """The decrypted image bytes, verified (GCM tag, sha256); raises PhotoMissingError or
        PhotoTamperedError. Only memory holds the plaintext."""
        rows = self._read("SELECT blob_name, sha256 FROM photos WHERE id = ?", (photo_id,))
        if not rows:
            raise NotFoundError(f"Photo {photo_id} does not exist.")
        with self._active():
            return self.photos.read(photo_id, rows[0][0], rows[0][1])

    def delete_photo(self, photo_id: str) -> None:
        rows = self._read("SELECT blob_name FROM photos WHERE id = ?", (photo_id,))
        if not rows:
            raise NotFoundError(f"Photo {photo_id} does not exist.")
        with self._write("deleting a photo") as conn:
            conn.execute("DELETE FROM photos WHERE id = ?", (photo_id,))
            self._audit(conn, "delete", "photos", photo_id, {})
        self.photos.delete(rows[0][0])

    def collect_orphan_photos(self) -> int:
        """Remove encrypted files no row refers to (left by a crash between file and commit)."""
        with self._active() as conn:
            referenced = {r[0] for r in conn.execute("SELECT blob_name FROM photos")}
            orphans = self.photos.all_blob_names() - referenced
            for name in orphans:
                self.photos.delete(name)
            removed = len(orphans) + self.photos.remove_temp_files()
            if removed:
                self._audit_now("cleanup", "photos", "", {"files_removed": removed})
            return removed

    # -- annotations ----------------------------------------------------------------------------------

    def add_annotation(
        self,
        photo_id: str,
        *,
        signs: Mapping[str, int | None],
        lesion_mask_png: bytes | None = None,
        lesion_percent: float | None = None,
        skin_tone: str | None = None,
    ) -> Annotation:
        """A clinician's confirmed/corrected labels for one photo: sign grades 0-3 (None = not
        assessed), an optional lesion mask (8-bit PNG, 255 lesion / 0 not, the photo's size) and
        lesion % of visible skin. These feed the labelled training export."""
        photo = self.get_photo(photo_id)
        clean_signs: dict[str, int | None] = {}
        for key, value in signs.items():
            if key not in SIGN_NAMES:
                raise InvalidRecordError(key, f"{key!r} is not a SCORAD sign; use {', '.join(SIGN_NAMES)}.")
            if value is not None and (isinstance(value, bool) or value not in (0, 1, 2, 3)):
                raise InvalidRecordError(key, f"The grade of {key} must be 0, 1, 2 or 3 (got {value!r}).")
            clean_signs[key] = None if value is None else int(value)
        for name in SIGN_NAMES:
            clean_signs.setdefault(name, None)
        if lesion_percent is not None and (
            isinstance(lesion_percent, bool)
            or not isinstance(lesion_percent, int | float)
            or not 0 <= lesion_percent <= 100
        ):
            raise InvalidRecordError("lesion_percent", "Lesion percent must be between 0 and 100.")
        if skin_tone is not None and skin_tone not in SKIN_TONES:
            raise InvalidRecordError("skin_tone", f"Skin tone must be one of {', '.join(SKIN_TONES)}.")
        if lesion_mask_png is not None:
            _check_mask(lesion_mask_png, photo)
        with self._write("saving an annotation") as conn:
            cur = conn.execute(
                "INSERT INTO annotations(photo_id, lesion_mask, lesion_percent, signs_json, skin_tone, "
                "created_by, created_utc) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    photo_id,
                    lesion_mask_png,
                    None if lesion_percent is None else float(lesion_percent),
                    json.dumps(clean_signs, sort_keys=True),
                    skin_tone,
                    self._user.username,
                    utc_now(),
                ),
            )
            annotation_id = cur.lastrowid
            self._audit(conn, "create", "annotations", annotation_id, {"photo_id": photo_id})
        rows = self._read(f"SELECT {_ANNOTATION_COLS} FROM annotations WHERE id = ?", (annotation_id,))
        return _annotation(rows[0])

    def list_annotations(self, photo_id: str) -> list[Annotation]:
        rows = self._read(
            f"SELECT {_ANNOTATION_COLS} FROM annotations WHERE photo_id = ? ORDER BY id", (photo_id,)
        )
        return [_annotation(r) for r in rows]

    def delete_annotation(self, annotation_id: int) -> None:
        if not self._read("SELECT 1 FROM annotations WHERE id = ?", (annotation_id,)):
            raise NotFoundError(f"Annotation {annotation_id} does not exist.")
        with self._write("deleting an annotation") as conn:
            conn.execute("DELETE FROM annotations WHERE id = ?", (annotation_id,))
            self._audit(conn, "delete", "annotations", annotation_id, {})

    # -- drafts of unfinished visit forms ------------------------------------------------------------

    def save_visit_draft(self, visit_id: int, payload: Mapping[str, Any]) -> None:
        """Keep an unfinished form (any JSON mapping) for a visit, encrypted like everything else,
        so a crash or an idle lock loses nothing typed. One draft per visit; audited."""
        data = _json_mapping("draft", "Draft", payload)
        self.get_visit(visit_id)
        with self._write("saving a draft") as conn:
            conn.execute(
                "INSERT INTO visit_drafts(visit_id, payload_json, updated_by, updated_utc) "
                "VALUES (?, ?, ?, ?) "
                "ON CONFLICT(visit_id) DO UPDATE SET payload_json = excluded.payload_json, "
                "updated_by = excluded.updated_by, updated_utc = excluded.updated_utc",
                (visit_id, json.dumps(data), self._user.username, utc_now()),
            )
            self._audit(conn, "update", "visit_drafts", visit_id, {})

    def load_visit_draft(self, visit_id: int) -> dict[str, Any] | None:
        rows = self._read("SELECT payload_json FROM visit_drafts WHERE visit_id = ?", (visit_id,))
        return dict(json.loads(rows[0][0])) if rows else None

    def discard_visit_draft(self, visit_id: int) -> None:
        """Drop a visit's draft (no-op when there is none)."""
        with self._write("discarding a draft") as conn:
            cur = conn.execute("DELETE FROM visit_drafts WHERE visit_id = ?", (visit_id,))
            if cur.rowcount:
                self._audit(conn, "delete", "visit_drafts", visit_id, {})

    # -- history ----------------------------------------------------------------------------------------

    def patient_history(self, patient_id: int) -> PatientHistory:
        """The patient and every visit (oldest first) with its assessments, photos and annotations."""
        with self._active() as conn, database.translated("reading a patient's history"):
            row = conn.execute(f"SELECT {_PATIENT_COLS} FROM patients WHERE id = ?", (patient_id,)).fetchone()
            if row is None:
                raise NotFoundError(f"Patient {patient_id} does not exist.")
            patient = _patient(row)
            visits = [
                _visit(r)
                for r in conn.execute(
                    f"SELECT {_VISIT_COLS} FROM visits WHERE patient_id = ? ORDER BY visit_date, id",
                    (patient_id,),
                )
            ]
            assessments: dict[int, list[Assessment]] = {v.id: [] for v in visits}
            photos: dict[int, list[Photo]] = {v.id: [] for v in visits}
            annotations: dict[int, list[Annotation]] = {v.id: [] for v in visits}
            for r in conn.execute(
                f"SELECT {_prefixed('a', _ASSESSMENT_COLS)} FROM assessments a "
                "JOIN visits v ON v.id = a.visit_id WHERE v.patient_id = ? ORDER BY a.id",
                (patient_id,),
            ):
                assessments[r[1]].append(_assessment(r))
            photo_visit: dict[str, int] = {}
            for r in conn.execute(
                f"SELECT {_prefixed('p', _PHOTO_COLS)} FROM photos p "
                "JOIN visits v ON v.id = p.visit_id WHERE v.patient_id = ? ORDER BY p.created_utc, p.id",
                (patient_id,),
            ):
                photos[r[1]].append(_photo(r))
                photo_visit[r[0]] = r[1]
            for r in conn.execute(
                f"SELECT {_prefixed('n', _ANNOTATION_COLS)} FROM annotations n "
                "JOIN photos p ON p.id = n.photo_id JOIN visits v ON v.id = p.visit_id "
                "WHERE v.patient_id = ? ORDER BY n.id",
                (patient_id,),
            ):
                annotations[photo_visit[r[1]]].append(_annotation(r))
        records = tuple(
            VisitRecord(v, tuple(assessments[v.id]), tuple(photos[v.id]), tuple(annotations[v.id]))
            for v in visits
        )
        return PatientHistory(patient, records)

    def score_series(self, kind: str = "scorad") -> dict[int, list[tuple[date, float]]]:
        """Every patient's (visit date, score) series, oldest first: what the forecaster's clinic
        fit reads in one query. ``kind``: "scorad" or "oscorad" (clinician) or "po_scorad".
        A visit with several assessments of the kind counts once, with its latest (as on the
        history screen). Patients without any such assessment are absent."""
        if kind not in _SERIES_SOURCES:
            raise InvalidRecordError("kind", f"Unknown score series {kind!r} (scorad, oscorad, po_scorad).")
        assessment_kind, column = _SERIES_SOURCES[kind]
        rows = self._read(
            f"SELECT v.patient_id, v.visit_date, a.{column} FROM assessments a "
            "JOIN visits v ON v.id = a.visit_id "
            f"WHERE a.kind = ? AND a.{column} IS NOT NULL AND a.id = ("
            "  SELECT b.id FROM assessments b WHERE b.visit_id = a.visit_id AND b.kind = a.kind "
            "  ORDER BY b.created_utc DESC, b.id DESC LIMIT 1) "
            "ORDER BY v.patient_id, v.visit_date, v.id",
            (assessment_kind,),
        )
        series: dict[int, list[tuple[date, float]]] = {}
        for patient_id, visit_date, score in rows:
            series.setdefault(int(patient_id), []).append((date.fromisoformat(visit_date), float(score)))
        return series

    # -- settings ---------------------------------------------------------------------------------------

    def _setting_raw(self, key: str, default: Any) -> Any:
        row = self._conn.execute("SELECT value_json FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def settings(self) -> Settings:
        from types import MappingProxyType

        values = dict(DEFAULT_SETTINGS)
        for key, value_json in self._read("SELECT key, value_json FROM settings"):
            values[key] = json.loads(value_json)
        return Settings(
            clinic_name=str(values["clinic_name"]),
            language=str(values["language"]),
            band_set=str(values["band_set"]),
            idle_lock_minutes=float(values["idle_lock_minutes"]),
            backup_folder=str(values["backup_folder"]),
            camera_defaults=MappingProxyType(dict(values["camera_defaults"])),
            forecast_parameters=MappingProxyType(dict(values["forecast_parameters"])),
        )

    def get_setting(self, key: str) -> Any:
        if key not in DEFAULT_SETTINGS:
            raise InvalidRecordError(key, f"Unknown setting {key!r}.")
        rows = self._read("SELECT value_json FROM settings WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else DEFAULT_SETTINGS[key]

    def set_setting(self, key: str, value: Any) -> Settings:
        """Change one setting (clinic name, band set, idle lock, backup folder: admin only)."""
        clean = _check_setting(key, value)
        if key in _ADMIN_SETTINGS:
            self._require_admin(f"change the {key.replace('_', ' ')}")
        with self._write("saving a setting") as conn:
            conn.execute(
                "INSERT INTO settings(key, value_json) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json",
                (key, json.dumps(clean)),
            )
            self._audit(conn, "update", "settings", key, {})
            if key == "clinic_name":
                ring = self.clinic.keyring()
                ring.clinic_name = clean
                keyring_file.save(self.clinic.keyring_path, ring)
        if key == "idle_lock_minutes":
            self._idle_minutes = float(clean)
        return self.settings()

    # -- audit and integrity ----------------------------------------------------------------------------

    def verify_audit(self) -> audit.AuditReport:
        """Walk the hash chain (about 10 s per million rows: run it on a worker). Uses its own
        connection, so the session stays usable meanwhile."""
        with self._side_connection() as conn, database.translated("checking the audit trail"):
            return audit.verify(conn)

    @contextlib.contextmanager
    def _side_connection(self) -> Iterator[Any]:
        """A second connection for long reads (checks, backups) that must not hold the session's lock."""
        with self._active():
            salt = self.clinic.keyring().db_salt
        side = database.open_database(
            self.clinic.db_path, db_key_for(self._data_key), expected_salt=salt, migrate=False
        )
        try:
            yield side.conn
        finally:
            side.close()

    def audit_entries(self, limit: int = 200, offset: int = 0) -> list[audit.AuditEntry]:
        """Newest first. Admin only (it shows who looked at which record)."""
        self._require_admin("read the audit trail")
        with self._active() as conn, database.translated("reading the audit trail"):
            return audit.entries(conn, limit, offset)

    def check_integrity(self, verify_photos: bool = True) -> IntegrityReport:
        """Full check: SQLite integrity_check (every page decrypted and HMAC-verified), foreign keys,
        the audit chain, and (optionally) every photo file decrypted and verified. Runs on its own
        connection, so other calls on this session are not held up (run it on a worker thread)."""
        messages: list[str] = []
        problems: list[str] = []
        try:
            with self._side_connection() as conn:
                result = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
                fk = conn.execute("PRAGMA foreign_key_check").fetchall()
                report = audit.verify(conn)
                rows = (
                    conn.execute("SELECT id, blob_name, sha256 FROM photos").fetchall()
                    if verify_photos
                    else []
                )
        except (SessionLockedError, SessionClosedError):
            raise
        except StorageError as exc:  # the database does not even open any more
            return IntegrityReport(False, False, 0, (), (exc.message,))
        except database.DbError as exc:
            return IntegrityReport(False, False, 0, (), (database.translate(exc, "checking").message,))
        db_ok = result == ["ok"] and not fk
        if not db_ok:
            messages.extend(result[:5])
            if fk:
                messages.append(f"{len(fk)} rows break foreign keys")
        messages.append(report.reason)
        for photo_id, blob, sha in rows:
            try:
                self.photos.verify_file(photo_id, blob, sha)
            except StorageError as exc:
                problems.append(exc.message)
        return IntegrityReport(db_ok, report.ok, len(rows), tuple(problems), tuple(messages))

    # -- backup and exports -----------------------------------------------------------------------------

    def backup(self, dest_folder: Path | str) -> BackupResult:
        """Write an encrypted, verified backup folder inside ``dest_folder``; audited."""
        from desktop_app.storage.backup import create_backup

        return create_backup(self, Path(dest_folder))

    def export_history(self, patient_id: int, path: Path | str, fmt: str = "csv") -> ExportResult:
        """One patient's history as CSV (a row per assessment) or JSON, to a path the user chose; audited."""
        from desktop_app.storage.exports import export_history

        return export_history(self, patient_id, Path(path), fmt)

    def export_training(self, folder: Path | str) -> ExportResult:
        """The anonymised labelled training export (COMMON.md format) into an empty folder; admin only."""
        self._require_admin("export training data")
        from desktop_app.storage.exports import export_training

        return export_training(self, Path(folder))

    # -- internals shared with backup / export modules ----------------------------------------------------

    def _subkey(self, purpose: str) -> bytes:
        return crypto.subkey(self._data_key, purpose)

    def _connection(self) -> Any:
        """The open connection, for the package's backup/export modules (never for callers)."""
        return self._conn

    def record_export(self, table: str, record_id: object, detail: Mapping[str, Any] | None = None) -> None:
        """Audit an export made outside this package (e.g. a PDF report): one ``export`` row.
        ``detail`` must not hold names or other patient data (audit rows can never be erased)."""
        clean = _json_mapping("detail", "Export detail", detail or {})
        self._record_event("export", _text("table", "Table", table, 64), record_id, clean)

    def _record_event(self, action: str, table: str, record_id: object, detail: Mapping[str, Any]) -> None:
        with self._active():
            self._audit_now(action, table, record_id, detail)


def _same_items(proposal: Mapping[str, Any], items: Mapping[str, Any]) -> bool:
    p_ext = {k: float(v) for k, v in dict(proposal.get("extent", {})).items() if float(v) != 0.0}
    c_ext = {k: float(v) for k, v in dict(items.get("extent", {})).items() if float(v) != 0.0}
    if p_ext.keys() != c_ext.keys() or any(abs(p_ext[k] - c_ext[k]) > 1e-9 for k in p_ext):
        return False
    return dict(proposal.get("intensity", {})) == dict(items.get("intensity", {}))


def _check_mask(png: bytes, photo: Photo) -> None:
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(png)) as image:
            if image.format != "PNG" or image.mode != "L":
                raise InvalidRecordError("lesion_mask", "The lesion mask must be an 8-bit greyscale PNG.")
            if photo.width and photo.height and image.size != (photo.width, photo.height):
                raise InvalidRecordError(
                    "lesion_mask",
                    f"The lesion mask is {image.size[0]}x{image.size[1]} but the photo is "
                    f"{photo.width}x{photo.height}.",
                )
            values = {v for _count, v in (image.getcolors(256) or [])}
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise InvalidRecordError("lesion_mask", "The lesion mask is not a readable PNG image.") from None
    if not values <= {0, 255}:
        raise InvalidRecordError(
            "lesion_mask", "The lesion mask may only contain 0 (not lesion) and 255 (lesion)."
        )


def _check_setting(key: str, value: Any) -> Any:
    if key not in DEFAULT_SETTINGS:
        raise InvalidRecordError(key, f"Unknown setting {key!r}.")
    if key == "clinic_name":
        return _text(key, "Clinic name", value)
    if key == "language":
        if not isinstance(value, str) or not _LANGUAGE_RE.match(value):
            raise InvalidRecordError(key, f"Unknown language code {value!r} (use e.g. 'en' or 'fr').")
        return value
    if key == "band_set":
        if value not in ("classic", "chopra2017"):
            raise InvalidRecordError(key, "The severity band set must be 'classic' or 'chopra2017'.")
        return parse_band_set(str(value)).value
    if key == "idle_lock_minutes":
        if isinstance(value, bool) or not isinstance(value, int | float) or not 1 <= value <= 240:
            raise InvalidRecordError(key, "The idle lock time must be between 1 and 240 minutes.")
        return float(value)
    if key == "backup_folder":
        return _text(key, "Backup folder", value, 1000, allow_empty=True)
    if key == "forecast_parameters":
        return _json_mapping(key, "Forecast parameters", value)
    return _json_mapping(key, "Camera defaults", value)


__all__ = ["Clinic", "Session", "is_set_up", "open_clinic", "setup_clinic"]
