"""Shared log-in for every command that touches patient data (storage, report, ...).

Usage in a command module::

    from desktop_app.commands import _auth

    def register(subparsers):
        parser = subparsers.add_parser("report", ...)
        _auth.add_auth_arguments(parser)
        parser.set_defaults(handler=run)

    def run(args):
        return _auth.run_authenticated(args, lambda session: do_work(session, args))

The password comes from the terminal prompt (``getpass``, not echoed) or, for scripts, the
first line of standard input with ``--password-stdin``; never from an argument or an
environment variable (both leak into process lists and shell history). A wrong password or
a locked/disabled account prints a clear message and exits 2; the failure is recorded in the
audit trail (see ``desktop_app.storage.service.Clinic.login``). Storage and score errors
print their message (never a traceback): exit 2 for bad input or credentials, 1 for a
damaged, full or read-only data folder.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.storage import Session

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INVALID = 2
NOT_UTF8 = "The password is not valid UTF-8 text (was it saved in another encoding?); nothing was changed."


class PasswordInputError(Exception):
    """No password could be read (empty standard input, prompt interrupted)."""


def add_auth_arguments(parser: argparse.ArgumentParser, user_required: bool = True) -> None:
    parser.add_argument("--user", required=user_required, metavar="USER", help="your ScoradDesk user name")
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input instead of prompting",
    )


def _checked_text(password: str) -> str:
    """The password, once it is text: bytes that are not UTF-8 (a password file saved in
    another encoding) arrive as lone surrogates and made the key derivation raise a
    UnicodeEncodeError traceback half-way through setup."""
    try:
        password.encode("utf-8")
    except UnicodeEncodeError:
        raise PasswordInputError(NOT_UTF8) from None
    return password


def read_password(args: argparse.Namespace, prompt: str = "Password: ") -> str:
    """One password: the next stdin line with --password-stdin, else a hidden terminal prompt."""
    if getattr(args, "password_stdin", False):
        if sys.stdin is None:  # started with standard input closed (``<&-``)
            raise PasswordInputError("No standard input to read the password from (--password-stdin).")
        try:
            line = sys.stdin.readline()
        except UnicodeDecodeError:  # a strict decoder meets non-UTF-8 bytes
            raise PasswordInputError(NOT_UTF8) from None
        if not line:
            raise PasswordInputError("No password on standard input (--password-stdin expects one line).")
        return _checked_text(line.rstrip("\r\n"))
    try:
        return _checked_text(getpass.getpass(prompt))
    except (EOFError, KeyboardInterrupt):
        raise PasswordInputError("No password entered.") from None


def read_new_password(args: argparse.Namespace, prompt: str = "New password: ") -> str:
    """A new password: asked twice at the terminal (must match), or one stdin line."""
    first = read_password(args, prompt)
    if getattr(args, "password_stdin", False):
        return first
    second = read_password(args, "Repeat the password: ")
    if first != second:
        raise PasswordInputError("The two passwords differ; nothing was changed.")
    return first


def open_session(args: argparse.Namespace) -> Session:
    """Open the clinic named by the global --data-dir option and log ``--user`` in."""
    from desktop_app.data_dir import resolve_data_dir
    from desktop_app.storage import open_clinic

    clinic = open_clinic(resolve_data_dir(getattr(args, "data_dir", None)))
    return clinic.login(args.user, read_password(args))


def exit_code_for(exc: BaseException) -> int:
    from desktop_app.storage import errors

    invalid = (
        errors.AuthenticationError,
        errors.InvalidRecordError,
        errors.PermissionDeniedError,
        errors.NotFoundError,
        errors.DuplicateError,
        errors.NotSetUpError,
        errors.AlreadySetUpError,
        errors.RestoreError,
        errors.SessionLockedError,
    )
    return EXIT_INVALID if isinstance(exc, invalid) else EXIT_FAILURE


def guarded(action: Callable[[], int]) -> int:
    """Run ``action``; print typed errors as one clear line on stderr and return the exit code."""
    from desktop_app.domain.errors import ScoreInputError
    from desktop_app.storage import StorageError

    try:
        return action()
    except PasswordInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except ScoreInputError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return EXIT_INVALID
    except StorageError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        if exc.offers_restore:
            print("hint: restore the data folder with `scorad-desk restore BACKUP_FOLDER`.", file=sys.stderr)
        return exit_code_for(exc)


def run_authenticated(args: argparse.Namespace, work: Callable[[Session], int]) -> int:
    """Log in, run ``work(session)``, always log out; errors handled as in :func:`guarded`."""

    def action() -> int:
        session = open_session(args)
        try:
            return work(session)
        finally:
            session.close()

    return guarded(action)
