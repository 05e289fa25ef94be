"""Backup and restore of a whole clinic folder, still encrypted, verified before anything is replaced.

A backup is a folder ``scorad-desk-backup-<UTC time>`` holding ``clinic.db`` (copied page
by page with SQLite's online backup API, so it is consistent while the app keeps
working), ``keyring.json`` (the same wrapped keys: the same passwords and recovery key
open it), ``photos/`` (the encrypted files as they are) and ``manifest.json`` with the
size and sha256 of every file, authenticated by an HMAC under a key derived from the data
key (a backup that was altered, or mixed with another clinic's files, is refused). It is
built under a temporary name and renamed at the end, so a half-written backup never looks
complete.

Restore checks everything first — manifest HMAC, every file's hash, password against the
backup's keyring, database integrity_check, the audit chain, every photo's GCM tag — in a
staging folder next to the data folder. Only then is the current folder renamed aside
(``<folder>.before-restore-<time>``, kept so nothing is lost) and the staged copy renamed
into place; any failure on the way puts the original back.

A backup of another installation (its keyring's ``installation_id`` is not the live clinic's,
e.g. a colleague's USB stick) is refused with :class:`OtherInstallationError` before anything
is copied, unless the caller passes ``allow_other_installation=True`` after asking the user:
restore authenticates against the backup's own keyring, so nothing else would notice. When the
live keyring cannot be read the check is skipped (the live data may be the broken thing).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3

from desktop_app.storage import crypto, database
from desktop_app.storage import keyring as keyring_file
from desktop_app.storage.atomic_file import fsync_dir, os_error, write_atomic
from desktop_app.storage.errors import (
    AuthenticationError,
    BackupError,
    PermissionDeniedError,
    PhotoMissingError,
    PhotoTamperedError,
    RestoreError,
    StorageError,
)
from desktop_app.storage.models import BackupResult, RestoreResult
from desktop_app.storage.photostore import PhotoStore

if TYPE_CHECKING:
    from desktop_app.storage.service import Clock, Session

MANIFEST = "manifest.json"
MANIFEST_FORMAT = "scorad-desk-backup"


class OtherInstallationError(RestoreError):
    """The backup is of another installation (another clinic) than the data folder's; nothing
    was changed. ``backup_clinic`` and ``current_clinic`` name both, for the question to ask."""

    code = "other_installation"

    def __init__(self, backup_folder: Path, backup_clinic: str, current_clinic: str) -> None:
        super().__init__(
            f"{backup_folder} is a backup of another installation (clinic {backup_clinic!r}), not of "
            f"this clinic ({current_clinic!r}); nothing was changed."
        )
        self.backup_folder = backup_folder
        self.backup_clinic = backup_clinic
        self.current_clinic = current_clinic


def check_backup_installation(data_dir: Path | str, backup_folder: Path | str) -> None:
    """Raise :class:`OtherInstallationError` when ``backup_folder`` is a backup of another
    installation than the clinic in ``data_dir``. Reads both keyrings only (no password, nothing
    written). Says nothing when either keyring cannot be read: a broken live keyring is what a
    restore repairs, and restore itself refuses a backup whose keyring is damaged."""
    from desktop_app.storage.service import KEYRING_NAME

    try:
        current = keyring_file.load(Path(data_dir) / KEYRING_NAME)
        backup = keyring_file.load(Path(backup_folder) / KEYRING_NAME)
    except StorageError:
        return
    if current.installation_id != backup.installation_id:
        raise OtherInstallationError(Path(backup_folder), backup.clinic_name, current.clinic_name)


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _manifest_mac(key: bytes, body: dict[str, Any]) -> str:
    return hmac.new(key, json.dumps(body, sort_keys=True).encode("utf-8"), hashlib.sha256).hexdigest()


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)  # Windows' fsync (_commit) needs a writable descriptor
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def create_backup(session: Session, dest_parent: Path) -> BackupResult:
    """Write a verified, encrypted backup folder under ``dest_parent``; audited as ``backup``."""
    from desktop_app.storage.service import DB_NAME, KEYRING_NAME, PHOTOS_DIR, db_key_for

    dest_parent = Path(dest_parent)
    name = f"scorad-desk-backup-{_stamp()}"
    final = dest_parent / name
    staging = dest_parent / f".{name}.partial"
    data_key = session._data_key
    try:
        staging.mkdir(parents=True)
        (staging / PHOTOS_DIR).mkdir()
    except OSError as exc:
        raise os_error(exc, "creating the backup folder") from None
    try:
        target_path = staging / DB_NAME
        target = sqlcipher3.connect(str(target_path), isolation_level=None)
        try:
            with database.translated("copying the database"):
                target.execute(f"PRAGMA key = \"x'{db_key_for(data_key).hex()}'\"")
                with session._side_connection() as source:  # the session stays usable meanwhile
                    source.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")
                rows = target.execute("SELECT id, blob_name, sha256 FROM photos").fetchall()
                patients = target.execute("SELECT count(*) FROM patients").fetchone()[0]
        finally:
            target.close()
        _fsync_file(target_path)
        problems: list[str] = []
        for photo_id, blob, sha in rows:
            source = session.photos.path(blob)
            copy = PhotoStore(staging / PHOTOS_DIR, data_key).path(blob)
            copy.parent.mkdir(exist_ok=True)
            try:
                # Verified before it is copied: a damaged file copied as is made restore refuse the
                # whole backup; left out and noted, it is treated like a missing one.
                session.photos.verify_file(photo_id, blob, sha)
                shutil.copyfile(source, copy)
                _fsync_file(copy)
            except (FileNotFoundError, PhotoMissingError):
                problems.append(f"photo {photo_id}: file missing in the data folder, not backed up")
            except PhotoTamperedError:
                problems.append(
                    f"photo {photo_id}: file damaged in the data folder (it fails its integrity check), "
                    "not backed up"
                )
            except StorageError as exc:
                problems.append(f"photo {photo_id}: file could not be read ({exc.message}), not backed up")
        ring = session.clinic.keyring()
        ring.db_salt = database.file_salt(target_path)
        ring.pending_events = []
        keyring_file.save(staging / KEYRING_NAME, ring)
        files = {}
        total = 0
        for path in sorted(p for p in staging.rglob("*") if p.is_file()):
            rel = path.relative_to(staging).as_posix()
            size = path.stat().st_size
            total += size
            files[rel] = {"size": size, "sha256": _sha256_file(path)}
        body = {
            "format": MANIFEST_FORMAT,
            "version": 1,
            "created_utc": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            "installation_id": ring.installation_id,
            "schema_version": database.SCHEMA_VERSION,
            "patients": patients,
            "photos": len(rows) - len(problems),
            "problems": problems,
            "files": files,
        }
        manifest = {"body": body, "hmac": _manifest_mac(crypto.subkey(data_key, "backup-manifest"), body)}
        write_atomic(staging / MANIFEST, json.dumps(manifest, indent=1).encode("utf-8"))
        for folder in [*(p for p in (staging / PHOTOS_DIR).iterdir()), staging / PHOTOS_DIR, staging]:
            fsync_dir(folder)
        staging.rename(final)
        fsync_dir(dest_parent)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise os_error(exc, "writing the backup") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    session._record_event("backup", "clinic", "", {"patients": patients, "photos": len(rows) - len(problems)})
    return BackupResult(str(final), patients, len(rows) - len(problems), total, tuple(problems))


def _verify_backup(folder: Path, username: str, password: str) -> tuple[bytes, dict[str, Any]]:
    """Check a backup folder completely; returns (data key, manifest body). Raises RestoreError."""
    from desktop_app.storage.service import DB_NAME, KEYRING_NAME, PHOTOS_DIR, Role, db_key_for

    try:
        manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
        body = manifest["body"]
        if body.get("format") != MANIFEST_FORMAT:
            raise ValueError("format")
    except FileNotFoundError:
        raise RestoreError(f"{folder} is not a ScoradDesk backup (no manifest.json).") from None
    except (ValueError, KeyError, TypeError, OSError):
        raise RestoreError(
            f"The backup manifest in {folder} is damaged; this backup cannot be used."
        ) from None
    try:
        ring = keyring_file.load(folder / KEYRING_NAME)
    except StorageError as exc:
        raise RestoreError(f"The backup's keyring is damaged: {exc.message}") from None
    name = username.strip().lower()
    slot = ring.users.get(name)
    data_key = None
    if slot is not None:
        data_key = crypto.unwrap_key(
            crypto.password_kek(password, slot.salt, slot.kdf), slot.wrapped, ring.key_aad(name)
        )
    if data_key is None:
        raise AuthenticationError(
            "Wrong user name or password for this backup (use the password that was valid when it was made)."
        )
    expected = _manifest_mac(crypto.subkey(data_key, "backup-manifest"), body)
    if not hmac.compare_digest(expected, str(manifest.get("hmac", ""))):
        raise RestoreError("The backup manifest does not match this clinic's key: the backup was altered.")
    listed = dict(body["files"])
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {MANIFEST}
    if set(listed) - present:
        raise RestoreError(f"The backup is incomplete: {len(set(listed) - present)} file(s) are missing.")
    for rel, info in listed.items():
        path = folder / rel
        if path.stat().st_size != info["size"] or _sha256_file(path) != info["sha256"]:
            raise RestoreError(f"The backup file {rel} is damaged (its checksum does not match).")
    if DB_NAME not in listed or KEYRING_NAME not in listed:
        raise RestoreError("The backup lacks its database or keyring.")
    db = database.open_database(
        folder / DB_NAME, db_key_for(data_key), expected_salt=ring.db_salt, migrate=False
    )
    try:
        conn = db.conn
        if [r[0] for r in conn.execute("PRAGMA integrity_check")] != ["ok"]:
            raise RestoreError("The backup database failed its integrity check.")
        from desktop_app.storage import audit

        report = audit.verify(conn)
        if not report.ok:
            raise RestoreError(f"The backup's audit trail is broken: {report.reason}.")
        user = conn.execute("SELECT role, active FROM users WHERE username = ?", (name,)).fetchone()
        if user is None or not user[1] or user[0] != Role.ADMIN.value:
            raise PermissionDeniedError(
                "Only an active administrator of the backed-up clinic can restore it."
            )
        store = PhotoStore(folder / PHOTOS_DIR, data_key)
        problems = set(body.get("problems", []))
        for photo_id, blob, sha in conn.execute("SELECT id, blob_name, sha256 FROM photos"):
            try:
                store.verify_file(photo_id, blob, sha)
            except StorageError as exc:
                if not any(photo_id in p for p in problems):
                    raise RestoreError(f"A photo in the backup failed verification: {exc.message}") from None
    finally:
        db.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{folder / DB_NAME}{suffix}").unlink(missing_ok=True)
    return data_key, body


def restore_backup(
    data_dir: Path | str,
    backup_folder: Path | str,
    username: str,
    password: str,
    clock: Clock = time.time,
    *,
    allow_other_installation: bool = False,
) -> RestoreResult:
    """Replace the clinic in ``data_dir`` by a verified backup. The backup's own keyring
    authenticates (an admin of the backed-up clinic, with that backup's password); the
    current folder is kept aside as ``<data_dir>.before-restore-<time>``. Audited as ``restore``.

    A backup of another installation raises :class:`OtherInstallationError` before anything is
    copied unless ``allow_other_installation`` (the user confirmed it; see
    :func:`check_backup_installation`)."""
    from desktop_app.storage.service import Clinic

    source = Path(backup_folder)
    target = Path(data_dir)
    if not source.is_dir():
        raise RestoreError(f"The backup folder {source} does not exist.")
    if not allow_other_installation:
        check_backup_installation(target, source)
    stamp = _stamp()
    staging = target.parent / f".{target.name}.restore-{stamp}"
    aside = target.parent / f"{target.name}.before-restore-{stamp}"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(source, staging)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise os_error(exc, "copying the backup") from None
    try:
        data_key, body = _verify_backup(staging, username, password)
        (staging / MANIFEST).unlink()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    moved_aside = False
    try:
        if target.exists():
            target.rename(aside)
            moved_aside = True
        staging.rename(target)
        fsync_dir(target.parent)
    except OSError as exc:
        if moved_aside and not target.exists():
            with contextlib.suppress(OSError):
                aside.rename(target)
        shutil.rmtree(staging, ignore_errors=True)
        raise os_error(exc, "putting the restored data in place") from None
    session = Clinic(target, clock).login_with_key(data_key, username.strip().lower())
    try:
        session._record_event("restore", "clinic", "", {"backup_created_utc": body.get("created_utc", "")})
    finally:
        session.close(audit_logout=False)
    return RestoreResult(
        restored_from=str(source),
        previous_data_kept_in=str(aside) if moved_aside else "",
        patients=int(body.get("patients", 0)),
        photos=int(body.get("photos", 0)),
    )


def verify_backup_folder(folder: Path | str, username: str, password: str) -> dict[str, Any]:
    """Check a backup without restoring it (for a "test my backup" button); returns its manifest."""
    source = Path(folder)
    # a scratch copy (ciphertext only) so that checking never writes into the backup medium
    scratch = Path(tempfile.mkdtemp(prefix="scorad-desk-verify-")) / "backup"
    try:
        shutil.copytree(source, scratch)
    except OSError as exc:
        shutil.rmtree(scratch, ignore_errors=True)
        raise BackupError(f"The backup cannot be read ({exc.strerror}).") from None
    try:
        return _verify_backup(scratch, username, password)[1]
    finally:
        shutil.rmtree(scratch.parent, ignore_errors=True)
