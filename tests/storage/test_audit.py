"""Audit trail: every write function leaves its row; rows are immutable, chained, name-free."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from desktop_app.storage import Session, audit, database
from desktop_app.storage.service import db_key_for
from tests.storage.conftest import ADMIN_PW, INTENSITY, add_patient, mask_bytes, png_bytes

READ_ONLY = {
    "score_series",
    "load_visit_draft",
    "audit_entries",
    "check_integrity",
    "count_patients",
    "find_patient",
    "get_assessment",
    "get_patient",
    "get_photo",
    "get_setting",
    "get_visit",
    "list_annotations",
    "list_assessments",
    "list_photos",
    "list_users",
    "list_visits",
    "patient_history",
    "read_photo",
    "search_patients",
    "settings",
    "touch",
    "verify_audit",
    "is_locked",
    "is_closed",
    "user",
    "photos",
    "clinic",
}


def _last(session: Session) -> audit.AuditEntry:
    # straight from the connection: a locked session refuses reads, but its audit row must exist
    return audit.entries(session._connection(), limit=1)[0]


def test_every_write_function_writes_its_audit_row(session: Session, tmp_path: Path) -> None:
    patient_id = add_patient(session)
    visit_id = session.add_visit(patient_id, "2024-02-02").id
    photo_id = session.add_photo(visit_id, png_bytes(), "back", device="cam", width=32, height=24).id
    ascorad_id = session.record_ascorad(visit_id, {"back": 0.2}, INTENSITY, {"estimator": "t"}).id
    state: dict[str, Any] = {}

    def remember(key: str, value: Any) -> Any:
        state[key] = value
        return value

    easi_regions = {
        r: {"erythema": 1, "induration_papulation": 1, "excoriation": 1, "lichenification": 1, "area": 1}
        for r in ("head_neck", "upper_limbs", "trunk", "lower_limbs")
    }
    orphan = session.photos.path("ab" * 32)
    # (method, call, expected action, expected table, expected record id or None for "any")
    writes: list[tuple[str, Callable[[], Any], str, str, Callable[[], object] | None]] = [
        (
            "add_user",
            lambda: remember("u", session.add_user("nina", "nina-password", "clinician")),
            "create",
            "users",
            lambda: state["u"].id,
        ),
        (
            "reset_password",
            lambda: session.reset_password("nina", "nina-password-2"),
            "password_reset",
            "users",
            lambda: state["u"].id,
        ),
        ("disable_user", lambda: session.disable_user("nina"), "disable", "users", lambda: state["u"].id),
        (
            "change_password",
            lambda: session.change_password(ADMIN_PW, "admin-password-2"),
            "password_change",
            "users",
            lambda: session.user.id,
        ),
        (
            "add_patient",
            lambda: remember("p", session.add_patient("X-1", "A", "B", "2000-01-01")),
            "create",
            "patients",
            lambda: state["p"].id,
        ),
        (
            "update_patient",
            lambda: session.update_patient(patient_id, given_name="Zoë"),
            "update",
            "patients",
            lambda: patient_id,
        ),
        (
            "add_visit",
            lambda: remember("v", session.add_visit(patient_id, "2024-03-03")),
            "create",
            "visits",
            lambda: state["v"].id,
        ),
        (
            "update_visit",
            lambda: session.update_visit(visit_id, note="n"),
            "update",
            "visits",
            lambda: visit_id,
        ),
        (
            "record_scorad",
            lambda: remember("a", session.record_scorad(visit_id, {}, INTENSITY, 1, 1, review_of=ascorad_id)),
            "create",
            "assessments",
            lambda: state["a"].id,
        ),
        (
            "record_po_scorad",
            lambda: remember("a", session.record_po_scorad(visit_id, {}, INTENSITY, 1, 1)),
            "create",
            "assessments",
            lambda: state["a"].id,
        ),
        (
            "record_ascorad",
            lambda: remember("a", session.record_ascorad(visit_id, {}, INTENSITY, {"m": 1})),
            "create",
            "assessments",
            lambda: state["a"].id,
        ),
        (
            "record_easi",
            lambda: remember("a", session.record_easi(visit_id, easi_regions)),
            "create",
            "assessments",
            lambda: state["a"].id,
        ),
        (
            "delete_assessment",
            lambda: session.delete_assessment(state["a"].id),
            "delete",
            "assessments",
            lambda: state["a"].id,
        ),
        (
            "add_photo",
            lambda: remember("ph", session.add_photo(visit_id, png_bytes(), "back", device="c")),
            "create",
            "photos",
            lambda: state["ph"].id,
        ),
        (
            "add_annotation",
            lambda: remember(
                "n", session.add_annotation(photo_id, signs={"erythema": 1}, lesion_mask_png=mask_bytes())
            ),
            "create",
            "annotations",
            lambda: state["n"].id,
        ),
        (
            "delete_annotation",
            lambda: session.delete_annotation(state["n"].id),
            "delete",
            "annotations",
            lambda: state["n"].id,
        ),
        (
            "delete_photo",
            lambda: session.delete_photo(state["ph"].id),
            "delete",
            "photos",
            lambda: state["ph"].id,
        ),
        (
            "set_setting",
            lambda: session.set_setting("band_set", "chopra2017"),
            "update",
            "settings",
            lambda: "band_set",
        ),
        (
            "export_history",
            lambda: session.export_history(patient_id, tmp_path / "h.csv"),
            "export",
            "patients",
            lambda: patient_id,
        ),
        (
            "export_training",
            lambda: session.export_training(tmp_path / "train"),
            "export",
            "annotations",
            None,
        ),
        ("backup", lambda: session.backup(tmp_path / "bk"), "backup", "clinic", None),
        (
            "collect_orphan_photos",
            lambda: (
                orphan.parent.mkdir(exist_ok=True),
                orphan.write_bytes(b"x"),
                session.collect_orphan_photos(),
            ),
            "cleanup",
            "photos",
            None,
        ),
        (
            "save_visit_draft",
            lambda: session.save_visit_draft(state["v"].id, {"step": 2}),
            "update",
            "visit_drafts",
            lambda: state["v"].id,
        ),
        (
            "discard_visit_draft",
            lambda: session.discard_visit_draft(state["v"].id),
            "delete",
            "visit_drafts",
            lambda: state["v"].id,
        ),
        (
            "record_export",
            lambda: session.record_export("visits", state["v"].id, {"kind": "visit_pdf"}),
            "export",
            "visits",
            lambda: state["v"].id,
        ),
        (
            "delete_visit",
            lambda: session.delete_visit(state["v"].id),
            "delete",
            "visits",
            lambda: state["v"].id,
        ),
        (
            "erase_patient",
            lambda: session.erase_patient(state["p"].id),
            "erase",
            "patients",
            lambda: state["p"].id,
        ),
        ("lock", lambda: session.lock(), "lock", "users", lambda: session.user.id),
        ("unlock", lambda: session.unlock("admin-password-2"), "unlock", "users", lambda: session.user.id),
    ]
    public = {name for name, _ in inspect.getmembers(Session) if not name.startswith("_")} | {
        "photos",
        "clinic",
    }
    covered = {w[0] for w in writes} | READ_ONLY | {"close"}
    assert public == covered, f"classify new Session methods: {sorted(public ^ covered)}"
    for method, call, action, table, record in writes:
        before = _last(session).id
        call()
        entry = _last(session)
        assert entry.id > before, f"{method} wrote no audit row"
        assert (entry.action, entry.table_name, entry.username) == (action, table, "admin"), method
        if record is not None:
            assert entry.record_id == str(record()), method
    report = session.verify_audit()
    assert report.ok, report.reason
    key = session._data_key
    session.close()  # logout is audited too
    db = database.open_database(session.clinic.db_path, db_key_for(key))
    last = db.conn.execute("SELECT action FROM audit ORDER BY id DESC LIMIT 1").fetchone()[0]
    db.close()
    assert last == "logout"


def test_audit_rows_cannot_be_updated_or_deleted(session: Session) -> None:
    add_patient(session)
    conn = session._connection()
    for sql in ("UPDATE audit SET action = 'x' WHERE id = 1", "DELETE FROM audit WHERE id = 1"):
        with pytest.raises(database.DbError, match="audit rows cannot"):
            conn.execute(sql)
    assert session.verify_audit().ok


def test_verify_reports_the_first_broken_link(session: Session) -> None:
    for i in range(5):
        session.add_patient(f"P{i}", "A", "B", "2000-01-01")
    rows_before = session.verify_audit().rows
    conn = session._connection()
    conn.execute("DROP TRIGGER audit_no_update")  # what an attacker with the key could do
    conn.execute("UPDATE audit SET record_id = '99' WHERE id = 4")
    report = session.verify_audit()
    assert not report.ok and report.first_broken_id == 4 and "altered" in report.reason
    conn.execute("UPDATE audit SET record_id = (SELECT record_id FROM audit WHERE id = 4) WHERE id = 4")
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("DELETE FROM audit WHERE id = 3")
    report = session.verify_audit()
    assert not report.ok and report.first_broken_id == 4 and "missing" in report.reason
    assert rows_before >= 6


def test_audit_rows_never_hold_patient_names(session: Session) -> None:
    patient = session.add_patient("MRN-777", "Gwendolyn", "Ashbury-Kowalski", "1999-09-09", "female", 4, True)
    session.update_patient(patient.id, family_name="Ashbury")
    visit = session.add_visit(patient.id, "2024-01-01", note="Gwendolyn reports itch")
    session.record_scorad(visit.id, {"back": 0.5}, INTENSITY, 3, 3)
    session.erase_patient(patient.id)
    text = " ".join(
        f"{r[0]} {r[1]} {r[2]}"
        for r in session._connection().execute("SELECT record_id, detail, username FROM audit").fetchall()
    )
    for needle in ("Gwendolyn", "Ashbury", "MRN-777", "1999-09-09", "itch"):
        assert needle not in text
    erase = _last(session)
    assert erase.action == "erase" and erase.record_id == str(patient.id)


def test_clinic_level_writes_are_audited(clinic, recovery_key: str) -> None:  # type: ignore[no-untyped-def]
    from tests.storage.conftest import ADMIN

    session = clinic.login_with_recovery_key(recovery_key, ADMIN, "recovered-password")
    rows = [(e.id, e.action, e.username) for e in reversed(session.audit_entries(limit=100))]
    assert rows[0] == (1, "setup", ADMIN)
    assert [a for _i, a, _u in rows[-2:]] == ["login_recovery", "password_reset_recovery"]
    session.close()
    session = clinic.login(ADMIN, "recovered-password")
    assert session.audit_entries(limit=2)[1].action == "logout"
    session.close()
