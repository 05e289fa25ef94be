"""``scorad-desk setup``: first-run setup of a clinic data folder, without the GUI.

For IT departments that deploy many workstations: creates the encrypted database, the
administrator account and the recovery key, which is printed ONCE — store it offline (a
sealed envelope, the clinic safe); it is the only way back in if every password is lost.
"""

from __future__ import annotations

import argparse
import sys

from desktop_app.commands import _args, _auth


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "setup",
        help="first-run setup: create the clinic database and its administrator",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--clinic", required=True, metavar="NAME", help="the clinic's name (shown on reports)"
    )
    parser.add_argument("--admin", required=True, metavar="USER", help="user name of the first administrator")
    parser.add_argument("--display-name", default="", metavar="NAME", help="administrator's full name")
    parser.add_argument("--language", default="en", metavar="CODE", help="interface language (default en)")
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the administrator's password from the first line of standard input",
    )
    parser.set_defaults(handler=run_setup)


def run_setup(args: argparse.Namespace) -> int:
    def action() -> int:
        from desktop_app.data_dir import resolve_data_dir
        from desktop_app.storage import setup_clinic

        folder = resolve_data_dir(args.data_dir)
        in_the_way = _args.file_instead_of_folder(folder)
        if in_the_way is not None:  # storage reports it as a failing disk or a missing folder
            problem = f"{in_the_way} is a file, not a folder: choose another data folder"
            print(f"error: {problem}; nothing was saved.", file=sys.stderr)
            return _auth.EXIT_INVALID
        password = _auth.read_new_password(args, f"Password for {args.admin}: ")
        result = setup_clinic(
            folder,
            args.clinic,
            args.admin,
            password,
            admin_display_name=args.display_name,
            language=args.language,
        )
        print(f"Clinic {args.clinic!r} set up in {result.data_dir}; administrator: {result.admin}.")
        print()
        print("RECOVERY KEY (shown only this once; write it down and keep it offline):")
        print()
        print(f"    {result.recovery_key}")
        print()
        print("It unlocks the clinic's data if every administrator password is lost.")
        return _auth.EXIT_OK

    return _auth.guarded(action)
