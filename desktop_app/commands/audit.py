"""``scorad-desk audit verify|list``: check the audit trail's hash chain, or show recent rows (admin).

``verify`` exits 0 when the chain is intact and 1 with the first broken row otherwise.
"""

from __future__ import annotations

import argparse

from desktop_app.commands import _args, _auth


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("audit", help="verify or list the audit trail", description=__doc__)
    actions = parser.add_subparsers(dest="audit_action", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="check the hash chain; report the first broken row")
    listing = actions.add_parser("list", help="show the newest audit rows (admin)")
    listing.add_argument(
        "--limit", type=_args.positive_int, default=50, metavar="N", help="rows to show (default 50)"
    )
    for sub in (verify, listing):
        _auth.add_auth_arguments(sub)
        sub.set_defaults(handler=run_audit)


def run_audit(args: argparse.Namespace) -> int:
    from desktop_app.storage import Session

    def work(session: Session) -> int:
        if args.audit_action == "verify":
            report = session.verify_audit()
            if report.ok:
                print(f"Audit trail intact: {report.rows} rows.")
                return _auth.EXIT_OK
            print(f"AUDIT TRAIL BROKEN at row {report.first_broken_id}: {report.reason}.")
            return _auth.EXIT_FAILURE
        for entry in session.audit_entries(limit=args.limit):
            print(
                f"{entry.id:>7} {entry.ts_utc} {entry.username:<16} {entry.action:<16} "
                f"{entry.table_name}:{entry.record_id}"
            )
        return _auth.EXIT_OK

    return _auth.run_authenticated(args, work)
