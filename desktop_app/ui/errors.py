"""Turning typed errors from storage and the domain into a translated sentence for the screen.

Storage and domain errors carry an English ``message`` and a stable ``code``/class; the
GUI shows the translated sentence for known codes, and the service's own message otherwise,
so a user never sees a traceback.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate


def error_text(exc: BaseException) -> str:
    code = getattr(exc, "code", "")
    known = {
        "wrong_credentials": translate("Errors", "Wrong user name or password."),
        "account_disabled": translate("Errors", "This account has been disabled by an administrator."),
        "session_locked": translate("Errors", "The session is locked. Enter your password to continue."),
        "session_closed": translate("Errors", "This session has ended; log in again."),
        "not_set_up": translate("Errors", "This data folder holds no clinic yet: run first-time setup."),
        "database_missing": translate("Errors", "The clinic database file is missing."),
        "database_corrupt": translate("Errors", "The clinic database is damaged."),
        "foreign_database": translate(
            "Errors", "The data folder holds a file that is not a ScoradDesk database."
        ),
        "wrong_key": translate("Errors", "The database does not open with this installation's key."),
        "keyring_damaged": translate("Errors", "The key file of this clinic is missing or damaged."),
        "disk_full": translate(
            "Errors", "The disk is full: nothing was saved. Free some space and try again."
        ),
        "read_only": translate("Errors", "The data folder is read-only: nothing was saved."),
        "io_error": translate("Errors", "The disk reported an error: nothing was saved."),
        "schema_too_new": translate(
            "Errors", "This database was written by a newer ScoradDesk: update the application."
        ),
        "permission_denied": translate("Errors", "Only an administrator can do this."),
        "backup_failed": translate("Errors", "The backup could not be written."),
        "restore_failed": translate(
            "Errors", "The backup failed its checks; your current data was not touched."
        ),
        "other_installation": translate(
            "Errors", "This backup is of another clinic; your current data was not touched."
        ),
    }
    if code == "account_locked":
        # the service's message names the wait time; keep it, prefixed by a translated sentence
        return (
            translate("Errors", "This account is locked after too many failed logins.")
            + "\n"
            + str(getattr(exc, "message", exc))
        )
    if code in known:
        return known[code]
    return str(getattr(exc, "message", None) or exc)
