"""``scorad-desk export history|training``: write patient data out of the encrypted store.

``history --patient ID --format csv|json --output FILE``: one patient's scores, identified
by the clinic's patient identifier. ``training --output DIR`` (admin): the anonymised
labelled training export (see docs/training-export-format.md) into an empty folder. Exports
are plaintext by nature: choose the destination with care. Both are audited.
"""

from __future__ import annotations

import argparse

from desktop_app.commands import _auth


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


def run_export(args: argparse.Namespace) -> int:
    from desktop_app.storage import NotFoundError, Session

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
