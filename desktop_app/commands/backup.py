"""``scorad-desk backup DEST``: copy the clinic's data, still encrypted, into a new folder in DEST.

The database is copied with SQLite's online backup API (the app may keep running), the
encrypted photos as they are, and a manifest of checksums authenticated with the clinic's
key. The same passwords and recovery key open the backup.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.commands import _args, _auth

if TYPE_CHECKING:
    from desktop_app.storage import Session


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("backup", help="back up the clinic data (encrypted)", description=__doc__)
    parser.add_argument("dest", metavar="DEST", help="folder in which the backup folder is created")
    _auth.add_auth_arguments(parser)
    parser.set_defaults(handler=run_backup)


def _dest_problem(dest: str) -> str | None:
    """What is wrong with DEST before logging in, if anything: the storage layer reports a file
    in the way as "the folder does not exist", and an empty DEST meant the current folder."""
    if not dest.strip():
        return "DEST is empty: give the folder in which to create the backup"
    path = Path(dest)
    in_the_way = _args.file_instead_of_folder(path)
    if in_the_way == path:
        return f"{path} is a file, not a folder: give the folder in which to create the backup"
    if in_the_way is not None:
        return f"{in_the_way} is a file, not a folder: choose another place for the backup"
    return None


def _unrestorable(session: Session) -> list[str]:
    """Why ``restore`` would refuse the backup just written, if it would.

    Damaged and missing photos are left out and noted by the backup itself (restore accepts
    those); a damaged database page or a broken audit trail is copied as it is, and restore then
    refuses the whole backup. Checked on the live data right after the copy."""
    report = session.check_integrity(verify_photos=False)
    if report.database_ok and report.audit_ok:
        return []
    return ["the clinic database failed its check: " + "; ".join(report.messages)]


def run_backup(args: argparse.Namespace) -> int:
    problem = _dest_problem(args.dest)
    if problem is not None:
        print(f"error: {problem}; nothing was written.", file=sys.stderr)
        return _auth.EXIT_INVALID

    def work(session: Session) -> int:
        result = session.backup(args.dest)
        print(
            f"Backup written to {result.folder}: {result.patients} patients, {result.photos} photos, "
            f"{result.bytes / 1e6:.1f} MB."
        )
        for problem in result.problems:
            print(f"warning: {problem}")
        reasons = _unrestorable(session)
        for reason in reasons:
            print(f"error: {reason}", file=sys.stderr)
        if reasons:
            print(
                "error: `scorad-desk restore` will refuse this backup because of the damage above; "
                "repair or restore the damaged data first, then back up again.",
                file=sys.stderr,
            )
        return _auth.EXIT_FAILURE if result.problems or reasons else _auth.EXIT_OK

    return _auth.run_authenticated(args, work)
