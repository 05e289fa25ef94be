"""Typed storage errors, one per bad state, each with a message a clinician can act on.

The UI catches :class:`StorageError` (``.message`` is for the screen, ``.code`` for logic,
e.g. to offer "Restore from backup" when ``offers_restore`` is true); the CLI prints the
message and exits non-zero. No SQL, path internals or tracebacks reach the user.
"""

from __future__ import annotations


class StorageError(Exception):
    """Base class. ``code`` is a stable identifier, ``message`` the text to show."""

    code = "storage_error"
    offers_restore = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- input and permissions --------------------------------------------------------------


class InvalidRecordError(StorageError):
    """A value given to the service is missing, malformed or out of range (``field`` names it)."""

    code = "invalid_record"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(StorageError):
    """The patient, visit, photo, assessment or user asked for does not exist (any more)."""

    code = "not_found"


class DuplicateError(StorageError):
    """A unique value (patient identifier, user name) is already taken."""

    code = "duplicate"


class PermissionDeniedError(StorageError):
    """The logged-in user's role does not allow this action (e.g. a clinician adding users)."""

    code = "permission_denied"


# --- accounts and sessions --------------------------------------------------------------


class AuthenticationError(StorageError):
    """Wrong user name or password (deliberately not saying which)."""

    code = "wrong_credentials"


class AccountLockedError(AuthenticationError):
    """Too many failed logins: the account is locked until ``until_utc`` (a timestamp)."""

    code = "account_locked"

    def __init__(self, message: str, until_epoch: float) -> None:
        super().__init__(message)
        self.until_epoch = until_epoch


class AccountDisabledError(AuthenticationError):
    """An administrator disabled this account."""

    code = "account_disabled"


class WeakPasswordError(InvalidRecordError):
    """A new password that does not meet the minimum length."""

    code = "weak_password"


class SessionLockedError(StorageError):
    """The session locked itself after idle time (or was locked): unlock with the password."""

    code = "session_locked"


class SessionClosedError(StorageError):
    """The session was closed (logout); log in again."""

    code = "session_closed"


# --- the data folder ----------------------------------------------------------------------


class NotSetUpError(StorageError):
    """The data folder holds no clinic yet: run first-run setup."""

    code = "not_set_up"


class AlreadySetUpError(StorageError):
    """Setup was asked for a folder that already holds a clinic database."""

    code = "already_set_up"


class DatabaseMissingError(StorageError):
    """The keyring is there but the database file is gone."""

    code = "database_missing"
    offers_restore = True


class DatabaseCorruptError(StorageError):
    """The database file is damaged or truncated (a page failed its check)."""

    code = "database_corrupt"
    offers_restore = True


class ForeignDatabaseError(StorageError):
    """The file is not a ScoradDesk database (e.g. an unencrypted or another program's file)."""

    code = "foreign_database"
    offers_restore = True


class WrongKeyError(StorageError):
    """The database does not open with this installation's key (keyring and database mismatch)."""

    code = "wrong_key"
    offers_restore = True


class KeyringError(StorageError):
    """The keyring file (wrapped keys) is missing, damaged or of an unknown format."""

    code = "keyring_damaged"
    offers_restore = True


class DiskFullError(StorageError):
    """The disk (or the database's size limit) is full; nothing was written."""

    code = "disk_full"


class ReadOnlyError(StorageError):
    """The data folder or database is read-only; nothing was written."""

    code = "read_only"


class StorageIOError(StorageError):
    """The operating system reported an input/output error (failing disk, unplugged drive)."""

    code = "io_error"


class PhotoMissingError(StorageError):
    """A photo's encrypted file is missing from the photo store."""

    code = "photo_missing"
    offers_restore = True


class PhotoTamperedError(StorageError):
    """A photo file failed authentication (changed, damaged, or swapped with another)."""

    code = "photo_tampered"
    offers_restore = True


class BackupError(StorageError):
    """A backup could not be written or a backup folder failed verification."""

    code = "backup_failed"


class RestoreError(StorageError):
    """A restore was refused (the backup failed verification); current data untouched."""

    code = "restore_failed"


class SchemaTooNewError(StorageError):
    """The database was written by a newer ScoradDesk; update the application."""

    code = "schema_too_new"
