"""The ``scorad-desk`` command: the GUI by default, plus subcommands for scripts.

Each subcommand lives in its own module under ``desktop_app.commands`` and exposes
``register(subparsers)``; this file only discovers them, so adding a command never
means editing a shared list. Heavy imports (Qt, torch, OpenCV) happen inside the
command that needs them, which keeps ``--help`` and ``--version`` instant and
display-free.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from desktop_app import __version__
from desktop_app import commands as _commands_pkg

EXIT_USAGE = 2


def _command_modules() -> list[str]:
    names = [m.name for m in pkgutil.iter_modules(_commands_pkg.__path__) if not m.name.startswith("_")]
    return [f"{_commands_pkg.__name__}.{n}" for n in sorted(names)]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scorad-desk",
        description=(
            "ScoradDesk: SCORAD, PO-SCORAD and automatic SCORAD from photos for eczema clinics. "
            "Without a command, opens the desktop application. Decision support for trained "
            "clinicians; not a diagnosis."
        ),
    )
    parser.add_argument("--version", action="version", version=f"scorad-desk {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="clinic data folder (default: $SCORAD_DESK_DATA, else the user's app-data folder)",
    )
    parser.add_argument(
        "--demo", action="store_true", help="open a throwaway demo clinic with made-up patients (GUI)"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check models, encrypted storage, PDF and Qt in a throwaway folder, then exit",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in _command_modules():
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from desktop_app.data_dir import empty_data_dir_setting

    problem = empty_data_dir_setting(args.data_dir)
    if problem:
        parser.error(problem)  # exit 2 before any command can touch the default data folder
    if args.self_test:
        from desktop_app.self_test import run_self_test

        return run_self_test()
    handler = getattr(args, "handler", None)
    if handler is None:
        from desktop_app.commands.gui import run_gui  # the default command

        return run_gui(args)
    result: int = handler(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
