"""``scorad-desk restore SRC``: replace the clinic's data by a backup folder, after verifying it.

Log in as an administrator *of the backup* (the password valid when it was made). Every
file's checksum, the database's integrity, the audit chain and every photo are checked
before anything is replaced; the current data folder is then kept aside (its path is
printed), never deleted.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from desktop_app.commands import _auth

MANIFEST = "manifest.json"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "restore", help="restore the clinic data from a backup", description=__doc__
    )
    parser.add_argument("src", metavar="SRC", help="a backup folder made by `scorad-desk backup`")
    parser.add_argument(
        "--other-clinic",
        action="store_true",
        help="allow a backup of another installation to replace this clinic's data (kept aside all the same)",
    )
    _auth.add_auth_arguments(parser)
    parser.set_defaults(handler=run_restore)


def _src_problem(src: Path) -> str | None:
    """What makes SRC no backup at all, found before the password is asked and before the
    storage layer copies SRC next to the data folder (a whole home folder given by mistake
    would be copied first). A file was reported as "does not exist"."""
    if not src.exists():
        return f"the backup folder {src} does not exist"
    if not src.is_dir():
        return f"{src} is a file, not a backup folder (give the scorad-desk-backup-<time> folder)"
    if not (src / MANIFEST).is_file():
        return (
            f"{src} is not a ScoradDesk backup (no {MANIFEST}); give the scorad-desk-backup-<time> "
            "folder that `scorad-desk backup` created"
        )
    return None


def _name_the_source(message: str, data_dir: Path, src: str) -> str:
    """The storage layer checks a copy of SRC made beside the data folder and names that copy
    (``.<data folder>.restore-<time>``, deleted by then) in some messages: name SRC instead."""
    staging = re.escape(str(data_dir.parent / f".{data_dir.name}.restore-")) + r"\d{8}T\d{12}Z"
    return re.sub(staging, lambda _: src, message)


def _other_clinic(data_dir: Path, src: Path) -> str | None:
    """A sentence when SRC is a backup of another installation than the clinic in ``data_dir``
    (the storage layer's check, which every restore goes through; asked here before the password)."""
    from desktop_app.storage import OtherInstallationError, check_backup_installation

    try:
        check_backup_installation(data_dir, src)
    except OtherInstallationError as exc:
        return (
            f"{src} is a backup of another installation (clinic {exc.backup_clinic!r}), not of the clinic "
            f"in {data_dir} ({exc.current_clinic!r}); add --other-clinic to replace this clinic's data by it"
        )
    return None


def run_restore(args: argparse.Namespace) -> int:
    from desktop_app.data_dir import resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir)
    problem = _src_problem(Path(args.src))
    if problem is None and not args.other_clinic:
        problem = _other_clinic(data_dir, Path(args.src))
    if problem is not None:
        print(f"error: {problem}; nothing was changed.", file=sys.stderr)
        return _auth.EXIT_INVALID

    def action() -> int:
        from desktop_app.storage import RestoreError, restore_backup

        password = _auth.read_password(args, "Password (as in the backup): ")
        try:
            result = restore_backup(
                data_dir, args.src, args.user, password, allow_other_installation=args.other_clinic
            )
        except RestoreError as exc:
            raise RestoreError(_name_the_source(exc.message, data_dir, args.src)) from None
        print(f"Restored {result.patients} patients and {result.photos} photos from {result.restored_from}.")
        if result.previous_data_kept_in:
            print(f"The previous data folder was kept in {result.previous_data_kept_in}.")
        return _auth.EXIT_OK

    return _auth.guarded(action)
