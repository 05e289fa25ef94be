"""The audit trail: append-only, hash-chained, written in the caller's transaction.

Each row holds who (log-in name), when (UTC), what (action), which table and record id,
and a small JSON detail of field *names* — never patient names or values. That is what
makes erasure possible: audit rows cannot be deleted (triggers raise on UPDATE and
DELETE), so they must never contain what a patient may ask to have erased.

hash = SHA-256(prev_hash | id | ts | user | action | table | record | detail); the first
row chains from 64 zeros. Verification walks the rows in id order and reports the first
row whose id, back-link or hash does not match. Truncating the newest rows cannot be
seen from the chain alone (there is no external anchor); the row count is shown so an
exported count can be compared.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    id: int
    ts_utc: str
    username: str
    action: str
    table_name: str
    record_id: str
    detail: Mapping[str, Any]


@dataclass(frozen=True)
class AuditReport:
    """Result of a chain check: ``ok``, rows checked, and the first broken row (if any)."""

    ok: bool
    rows: int
    first_broken_id: int | None
    reason: str


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _digest(
    prev: str, row_id: int, ts: str, user: str, action: str, table: str, record: str, detail: str
) -> str:
    text = "\x1f".join([prev, str(row_id), ts, user, action, table, record, detail])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def append(
    conn: Any,
    username: str,
    action: str,
    table: str,
    record_id: object,
    detail: Mapping[str, Any] | None = None,
    ts_utc: str | None = None,
) -> int:
    """Add one row; the caller holds the write transaction (BEGIN IMMEDIATE), so the chain is serial."""
    last = conn.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    prev_id, prev_hash = (last[0], last[1]) if last else (0, GENESIS)
    row_id = prev_id + 1
    ts = ts_utc or utc_now()
    detail_text = json.dumps(dict(detail or {}), sort_keys=True, separators=(",", ":"))
    record = "" if record_id is None else str(record_id)
    digest = _digest(prev_hash, row_id, ts, username, action, table, record, detail_text)
    conn.execute(
        "INSERT INTO audit(id, ts_utc, username, action, table_name, record_id, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (row_id, ts, username, action, table, record, detail_text, prev_hash, digest),
    )
    return row_id


def verify(conn: Any) -> AuditReport:
    prev_hash = GENESIS
    expected_id = 1
    rows = 0
    cursor = conn.execute(
        "SELECT id, ts_utc, username, action, table_name, record_id, detail, prev_hash, hash "
        "FROM audit ORDER BY id"
    )
    for row_id, ts, user, action, table, record, detail, stored_prev, stored_hash in cursor:
        rows += 1
        if row_id != expected_id:
            return AuditReport(False, rows, row_id, f"row {expected_id} is missing (next row is {row_id})")
        if stored_prev != prev_hash:
            return AuditReport(False, rows, row_id, f"row {row_id} does not link to row {row_id - 1}")
        if _digest(stored_prev, row_id, ts, user, action, table, record, detail) != stored_hash:
            return AuditReport(False, rows, row_id, f"row {row_id} was altered (its hash does not match)")
        prev_hash = stored_hash
        expected_id += 1
    return AuditReport(True, rows, None, f"{rows} audit rows, chain intact")


def entries(conn: Any, limit: int = 200, offset: int = 0) -> list[AuditEntry]:
    cursor = conn.execute(
        "SELECT id, ts_utc, username, action, table_name, record_id, detail FROM audit "
        "ORDER BY id DESC LIMIT ? OFFSET ?",
        (limit, offset),
    )
    return [AuditEntry(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6])) for r in cursor]
