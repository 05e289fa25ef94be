"""``scorad-desk user add|disable|reset-password|list``: manage accounts without the GUI (admin).

The administrator logs in with ``--user`` (password prompt, or the first stdin line with
``--password-stdin``); a new password for the account is then prompted twice (or read from
the next stdin line).
"""

from __future__ import annotations

import argparse

from desktop_app.commands import _auth


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "user", help="add, disable, reset or list user accounts", description=__doc__
    )
    actions = parser.add_subparsers(dest="user_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="create an account")
    add.add_argument("username", metavar="NAME")
    add.add_argument("--role", choices=("clinician", "admin"), default="clinician", help="default clinician")
    add.add_argument("--display-name", default="", metavar="TEXT", help="full name shown in the app")
    disable = actions.add_parser("disable", help="stop an account from logging in")
    disable.add_argument("username", metavar="NAME")
    reset = actions.add_parser("reset-password", help="set a new password (re-enables the account)")
    reset.add_argument("username", metavar="NAME")
    actions.add_parser("list", help="list accounts")
    for sub in (add, disable, reset, actions.choices["list"]):
        _auth.add_auth_arguments(sub)
        sub.set_defaults(handler=run_user)


def run_user(args: argparse.Namespace) -> int:
    from desktop_app.storage import Session

    def work(session: Session) -> int:
        if args.user_action == "add":
            password = _auth.read_new_password(args, f"Password for {args.username}: ")
            user = session.add_user(args.username, password, args.role, args.display_name)
            print(f"Added {user.role.value} {user.username}.")
        elif args.user_action == "disable":
            user = session.disable_user(args.username)
            print(f"Disabled {user.username}.")
        elif args.user_action == "reset-password":
            password = _auth.read_new_password(args, f"New password for {args.username}: ")
            user = session.reset_password(args.username, password)
            print(f"New password set for {user.username}.")
        else:
            for user in session.list_users():
                state = "active" if user.active else "disabled"
                print(f"{user.username:<24} {user.role.value:<10} {state:<9} {user.display_name}")
        return _auth.EXIT_OK

    return _auth.run_authenticated(args, work)
