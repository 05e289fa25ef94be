"""``scorad-desk export history|training``: write patient data out of the encrypted store.

``history --patient ID --format csv|json --output FILE``: one patient's scores, identified
by the clinic's patient identifier. ``training --output DIR`` (admin): the anonymised
labelled training export (see docs/training-export-format.md) into an empty folder. Exports
are plaintext by nature: choose the destination with care. Both are audited.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop_app.commands import _args, _auth


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export", help="export a patient's history or the training set", description=__doc__
    )
    kinds = parser.add_subparsers(dest="export_kind", metavar="KIND", required=True)
    history = kinds.add_parser("history", help="one patient's history as CSV or JSON")
    history.add_argument("--patient", required=True, metavar="ID", help="the patient's identifier")
    history.add_argument("--format", choices=("csv", "json"), default="csv", help="default csv")
    history.add_argument("--output", required=True, metavar="FILE")
    training = kinds.add_parser("training", help="anonymised labelled photos for ASCORAD training (admin)")
    training.add_argument("--output", required=True, metavar="DIR", help="an empty or new folder")
    for sub in (history, training):
        _auth.add_auth_arguments(sub)
        sub.set_defaults(handler=run_export)


def _output_problem(args: argparse.Namespace) -> tuple[str, int] | None:
    """What is wrong with ``--output`` before logging in (message, exit code), if anything.

    Why: an empty name reached the atomic writer as ``.`` (a ValueError traceback), a training
    output that is an existing file reached ``iterdir`` (a NotADirectoryError traceback), and a
    path under a file was reported as a folder that does not exist."""
    if not args.output.strip():
        what = "file" if args.export_kind == "history" else "folder"
        return f"--output is empty: give a {what} name", _auth.EXIT_INVALID
    output = Path(args.output)
    if args.export_kind == "training" and output.exists() and not output.is_dir():
        return f"{output} is a file: the training export needs an empty or new folder", _auth.EXIT_INVALID
    in_the_way = _args.file_in_the_way(output)
    if in_the_way is not None:
        return f"{in_the_way} is a file, not a folder: choose another folder", _auth.EXIT_FAILURE
    return None


def run_export(args: argparse.Namespace) -> int:
    from desktop_app.storage import NotFoundError, Session

    problem = _output_problem(args)
    if problem is not None:
        print(f"error: {problem[0]}; nothing was written.", file=sys.stderr)
        return problem[1]

    def work(session: Session) -> int:
        if args.export_kind == "history":
            patient = session.find_patient(args.patient)
            if patient is None:
                raise NotFoundError(f"No patient has the identifier {args.patient!r}.")
            result = session.export_history(patient.id, args.output, args.format)
            print(f"Wrote {result.items} assessments to {result.path}.")
        else:
            result = session.export_training(args.output)
            print(f"Wrote {result.items} labelled photos to {result.path}.")
        return _auth.EXIT_OK

    return _auth.run_authenticated(args, work)
