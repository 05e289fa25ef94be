"""``scorad-desk backup DEST``: copy the clinic's data, still encrypted, into a new folder in DEST.

The database is copied with SQLite's online backup API (the app may keep running), the
encrypted photos as they are, and a manifest of checksums authenticated with the clinic's
key. The same passwords and recovery key open the backup.
"""

from __future__ import annotations

import argparse

from desktop_app.commands import _auth


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("backup", help="back up the clinic data (encrypted)", description=__doc__)
    parser.add_argument("dest", metavar="DEST", help="folder in which the backup folder is created")
    _auth.add_auth_arguments(parser)
    parser.set_defaults(handler=run_backup)


def run_backup(args: argparse.Namespace) -> int:
    from desktop_app.storage import Session

    def work(session: Session) -> int:
        result = session.backup(args.dest)
        print(
            f"Backup written to {result.folder}: {result.patients} patients, {result.photos} photos, "
            f"{result.bytes / 1e6:.1f} MB."
        )
        for problem in result.problems:
            print(f"warning: {problem}")
        return _auth.EXIT_FAILURE if result.problems else _auth.EXIT_OK

    return _auth.run_authenticated(args, work)
