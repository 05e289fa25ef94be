"""Argument checks shared by the commands: refused by argparse (exit 2, one usage line), never
a traceback later.

Why here and not in each command: the same two mistakes (a number SQLite cannot hold, a path
whose "folder" is really a file) reached the service layer from several commands and came
back as an ``OverflowError`` or a misleading "folder does not exist".
"""

from __future__ import annotations

import argparse
from pathlib import Path

SQLITE_MAX_INTEGER = 2**63 - 1


def positive_int(text: str) -> int:
    """An argparse ``type``: a whole number from 1 to SQLite's largest integer."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= SQLITE_MAX_INTEGER:
        raise argparse.ArgumentTypeError(f"{text} is out of range: give a whole number of 1 or more")
    return value


def file_in_the_way(path: Path) -> Path | None:
    """The existing file (not folder) among ``path``'s parent folders, if any.

    ``/tmp/notes.txt/report.pdf`` cannot be written because ``notes.txt`` is a file; the
    operating system calls that "not a directory", which the services turn into "the folder does
    not exist" or "is a folder"."""
    for parent in path.expanduser().absolute().parents:
        if parent.exists():
            return None if parent.is_dir() else parent
    return None


def file_instead_of_folder(path: Path) -> Path | None:
    """The file that stops ``path`` from being a folder: ``path`` itself when it is a file, else
    :func:`file_in_the_way`."""
    if path.exists() and not path.is_dir():
        return path
    return file_in_the_way(path)


def folder_problem(option: str, path: Path) -> str | None:
    """Why ``path`` cannot be the folder an option names (a file, or under a file), if so.

    Checked before a long run: a training that made its output folder at the end stopped with a
    FileExistsError traceback after the work was done."""
    in_the_way = file_instead_of_folder(path)
    if in_the_way == path:
        return f"{option} {path} is a file, not a folder"
    if in_the_way is not None:
        return f"{option} {path} cannot be made: {in_the_way} is a file, not a folder"
    return None
