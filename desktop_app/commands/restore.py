"""``scorad-desk restore SRC``: replace the clinic's data by a backup folder, after verifying it.

Log in as an administrator *of the backup* (the password valid when it was made). Every
file's checksum, the database's integrity, the audit chain and every photo are checked
before anything is replaced; the current data folder is then kept aside (its path is
printed), never deleted.
"""

from __future__ import annotations

import argparse

from desktop_app.commands import _auth


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "restore", help="restore the clinic data from a backup", description=__doc__
    )
    parser.add_argument("src", metavar="SRC", help="a backup folder made by `scorad-desk backup`")
    _auth.add_auth_arguments(parser)
    parser.set_defaults(handler=run_restore)


def run_restore(args: argparse.Namespace) -> int:
    def action() -> int:
        from desktop_app.data_dir import resolve_data_dir
        from desktop_app.storage import restore_backup

        password = _auth.read_password(args, "Password (as in the backup): ")
        result = restore_backup(resolve_data_dir(args.data_dir), args.src, args.user, password)
        print(f"Restored {result.patients} patients and {result.photos} photos from {result.restored_from}.")
        if result.previous_data_kept_in:
            print(f"The previous data folder was kept in {result.previous_data_kept_in}.")
        return _auth.EXIT_OK

    return _auth.guarded(action)
