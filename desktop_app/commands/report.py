"""``scorad-desk report``: a PDF visit or history report for the patient record.

``--patient ID`` is the clinic's patient identifier. Without ``--visit`` the visit report is
of the patient's latest visit; ``--history`` gives the history report (all visits, for
referral letters). Language and severity bands follow the clinic settings unless
``--language`` is given. Photos are decrypted in memory; the only file written is the PDF,
atomically (a full disk or read-only folder leaves nothing). Every export is audited.
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
    parser = subparsers.add_parser("report", help="write a PDF visit or history report", description=__doc__)
    parser.add_argument("--patient", required=True, metavar="ID", help="the patient's identifier")
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--visit", type=_args.positive_int, metavar="VISIT", help="visit number (default: the latest visit)"
    )
    which.add_argument("--history", action="store_true", help="all visits in one table and chart")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.pdf", help="the PDF to write")
    parser.add_argument("--language", choices=("en", "fr"), help="default: the clinic's language setting")
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4", help="paper size (default a4)")
    parser.add_argument("--logo", metavar="FILE", help="clinic logo (PNG or JPEG) for the page header")
    _auth.add_auth_arguments(parser)
    parser.set_defaults(handler=run_report)


def _read_logo(name: str) -> bytes:
    """The logo's bytes, once they decode as a picture; else ``ValueError`` with the reason.

    Why here: the report leaves out a logo it cannot draw (a broken settings logo must not
    block every report), so a logo named on the command line is checked before, not dropped
    without a word."""
    import io
    import warnings

    from PIL import Image

    try:
        data = Path(name).read_bytes()
    except OSError as exc:
        raise ValueError(f"the logo file {name} cannot be read ({exc.strerror})") from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ValueError(
            f"the logo file {name} is too large a picture for a page header; use one of a few hundred pixels"
        ) from None
    except (OSError, ValueError, SyntaxError):
        raise ValueError(f"the logo file {name} is not a picture (use a PNG or JPEG file)") from None
    return data


def run_report(args: argparse.Namespace) -> int:
    logo: bytes | None = None
    if args.logo:
        try:
            logo = _read_logo(args.logo)
        except ValueError as exc:
            print(f"error: {exc}.", file=sys.stderr)
            return _auth.EXIT_INVALID
    in_the_way = _args.file_in_the_way(Path(args.output))
    if in_the_way is not None:  # the writer would call it a folder or a missing folder
        print(f"error: {in_the_way} is a file, not a folder. Choose another folder.", file=sys.stderr)
        return _auth.EXIT_FAILURE
    return _auth.run_authenticated(args, lambda session: _export(session, args, logo))


def _export(session: Session, args: argparse.Namespace, logo: bytes | None) -> int:
    from desktop_app.reports.errors import ReportDataError, ReportError
    from desktop_app.reports.from_storage import default_options, export_history_report, export_visit_report
    from desktop_app.reports.model import Language, PageSize, ReportOptions
    from desktop_app.storage import NotFoundError

    patient = session.find_patient(args.patient)
    if patient is None:
        raise NotFoundError(f"No patient has the identifier {args.patient!r}.")
    options = default_options(session, PageSize(args.paper))
    if args.language:
        options = ReportOptions(Language(args.language), options.page_size)
    try:
        if args.history:
            result = export_history_report(session, patient.id, args.output, options, logo_png=logo)
            what = "history report"
        else:
            visit_id = args.visit
            if visit_id is None:
                visits = session.list_visits(patient.id)
                if not visits:
                    raise ReportDataError("no_visit", f"Patient {args.patient} has no visit yet.")
                visit_id = max(visits, key=lambda v: (v.visit_date, v.id)).id
            elif session.get_visit(visit_id).patient_id != patient.id:
                raise ReportDataError(
                    "wrong_patient", f"Visit {visit_id} is not a visit of patient {args.patient}."
                )
            result = export_visit_report(session, visit_id, args.output, options, logo_png=logo)
            what = f"visit report (visit {visit_id})"
    except ReportError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return _auth.EXIT_INVALID if isinstance(exc, ReportDataError) else _auth.EXIT_FAILURE
    print(f"Wrote the {what} to {result.path} ({result.size} bytes, SHA-256 {result.sha256}).")
    return _auth.EXIT_OK
