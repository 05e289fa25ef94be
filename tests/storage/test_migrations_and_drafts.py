"""Numbered migrations on PRAGMA user_version, and encrypted drafts of unfinished visit forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.storage import Clinic, InvalidRecordError, SchemaTooNewError, Session, database
from desktop_app.storage.service import db_key_for
from tests.storage.conftest import ADMIN, ADMIN_PW, add_patient


def _open_raw(session: Session) -> tuple[Path, bytes]:
    path, key = session.clinic.db_path, session._data_key
    session.close()
    return path, db_key_for(key)


def test_an_old_schema_is_upgraded_step_by_step(session: Session, clinic: Clinic) -> None:
    path, db_key = _open_raw(session)
    db = database.open_database(path, db_key)
    db.conn.executescript("BEGIN; DROP TABLE visit_drafts; PRAGMA user_version = 1; COMMIT;")
    db.close()
    db = database.open_database(path, db_key, migrate=False)
    assert db.conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "visit_drafts" not in db.table_names()
    db.close()
    s = clinic.login(ADMIN, ADMIN_PW)  # opening migrates
    assert s._connection().execute("PRAGMA user_version").fetchone()[0] == database.SCHEMA_VERSION == 2
    assert "visit_drafts" in s._db.table_names()
    s.close()


def test_a_newer_schema_is_refused(session: Session, clinic: Clinic) -> None:
    path, db_key = _open_raw(session)
    db = database.open_database(path, db_key)
    db.conn.execute(f"PRAGMA user_version = {database.SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(SchemaTooNewError, match="newer ScoradDesk"):
        clinic.login(ADMIN, ADMIN_PW)


def test_visit_drafts(session: Session) -> None:
    visit = session.add_visit(add_patient(session), "2024-01-01")
    assert session.load_visit_draft(visit.id) is None
    session.save_visit_draft(visit.id, {"step": 1, "extent": {"back": 0.5}})
    session.save_visit_draft(visit.id, {"step": 2})
    assert session.load_visit_draft(visit.id) == {"step": 2}
    with pytest.raises(InvalidRecordError):
        session.save_visit_draft(visit.id, {"x": float("nan")})
    session.discard_visit_draft(visit.id)
    session.discard_visit_draft(visit.id)  # nothing left: no error, no audit row
    assert session.load_visit_draft(visit.id) is None
    session.save_visit_draft(visit.id, {"step": 3})
    session.delete_visit(visit.id)  # drafts go with their visit
    assert session._connection().execute("SELECT count(*) FROM visit_drafts").fetchone()[0] == 0
