"""``scorad-desk gui`` (also the default): open the desktop application.

``scorad-desk --demo`` opens a throwaway demo clinic instead of the real data folder.
"""

from __future__ import annotations

import argparse

from desktop_app.data_dir import resolve_data_dir


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("gui", help="open the desktop application (the default)")
    parser.set_defaults(handler=run_gui)


def run_gui(args: argparse.Namespace) -> int:
    data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    from desktop_app.ui.app import run  # Qt is imported only when a window is wanted

    return run(data_dir, demo=bool(getattr(args, "demo", False)))
