"""Scale: a clinic of 10,000 patients x 20 visits x 3 photos (metadata) in the encrypted database.

Rows are bulk-inserted with SQL (building through the service API would take an hour of
fsyncs); every visit also gets a clinician SCORAD, so the history has real assessments, and
every record its chained audit row (about a million), as years of use would leave.
Measured through the service API on that database, warm page cache as in daily use:

* patient search (``search_patients``, several queries, median): target <= 20 ms;
* one patient's full history (``patient_history``: 20 visits, 20 assessments, 60 photos,
  median over random patients): target <= 50 ms;
* opening the database (``Clinic.login_with_key``: SQLCipher open with the raw key, schema
  check, user lookup and the audited login commit; Argon2 excluded, median of cold
  opens in fresh processes would add Python start-up, so it is timed in-process):
  target <= 300 ms.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.figures import data_argument_parser, note, parse, report

GIVEN = ["Zoé", "Lucas", "Emma", "Noah", "Léa", "Hugo", "Chloé", "Louis", "Inès", "Jules", "Amira", "Yusuf"]
FAMILY = ["Müller", "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Durand", "Leroy", "Moreau"]
INTENSITY = {
    "erythema": 2,
    "oedema_papulation": 1,
    "oozing_crusts": 0,
    "excoriations": 1,
    "lichenification": 2,
    "dryness": 1,
}


def build(folder: Path, patients: int, visits: int, photos: int, seed: int = 3) -> tuple[Path, bytes]:
    from desktop_app.storage import FAST_TEST_KDF, open_clinic, setup_clinic
    from desktop_app.storage.service import _fold

    rng = random.Random(seed)
    data_dir = folder / "clinic"
    setup_clinic(data_dir, "Scale bench", "admin", "scale-password", kdf=FAST_TEST_KDF)
    session = open_clinic(data_dir).login("admin", "scale-password")
    key = session._data_key
    conn = session._connection()
    now = "2025-01-01T00:00:00Z"
    quality = json.dumps(
        {
            "accepted": True,
            "categories": {
                c: {"value": 0.5, "status": "pass", "instruction": ""}
                for c in ("framing", "lighting", "blur", "resolution", "distance", "glare", "colour_cast")
            },
        }
    )
    items = json.dumps(
        {"extent": {"back": 0.3}, "intensity": INTENSITY, "pruritus": 3.0, "sleeplessness": 2.0}
    )
    visit_id = 0
    conn.execute("BEGIN")
    for pid in range(1, patients + 1):
        given, family = rng.choice(GIVEN), f"{rng.choice(FAMILY)}-{pid}"
        ident = f"MRN-{pid:06d}"
        search = _fold(f"{ident} {given} {family}")
        conn.execute(
            "INSERT INTO patients(id, identifier, given_name, family_name, birth_date, sex, phototype, "
            "photo_consent, search_text, created_utc, updated_utc) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
            (pid, ident, given, family, "1990-01-01", "female", rng.randint(1, 6), search, now, now),
        )
        for v in range(visits):
            visit_id += 1
            date = f"{2020 + v // 12}-{v % 12 + 1:02d}-15"
            conn.execute(
                "INSERT INTO visits(id, patient_id, visit_date, note, created_by, created_utc) "
                "VALUES (?, ?, ?, '', 'admin', ?)",
                (visit_id, pid, date, now),
            )
            conn.execute(
                "INSERT INTO assessments(visit_id, kind, items_json, age_years, a, b, c, scorad, oscorad, "
                "created_by, created_utc) VALUES (?, 'clinician_scorad', ?, 30.0, 5.4, 7, 5.0, 34.9, 29.9, "
                "'admin', ?)",
                (visit_id, items, now),
            )
            for _p in range(photos):
                photo_id = uuid.UUID(int=rng.getrandbits(128)).hex
                conn.execute(
                    "INSERT INTO photos(id, visit_id, region, device, profile, quality_json, width, height, "
                    "sha256, blob_name, size, created_by, created_utc) "
                    "VALUES (?, ?, 'back', 'Webcam', 'clinical', ?, 1280, 960, ?, ?, 250000, 'admin', ?)",
                    (photo_id, visit_id, quality, "ab" * 32, photo_id * 2, now),
                )
        if pid % 1000 == 0:
            conn.execute("COMMIT")
            conn.execute("BEGIN")
    conn.execute("COMMIT")
    _bulk_audit(conn, patients, visit_id, visit_id * (1 + photos))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    session.close()
    return data_dir, key


def _bulk_audit(conn: Any, patients: int, visits: int, others: int) -> None:
    """One chained ``create`` row per record, as the service would have written over the years."""
    from desktop_app.storage import audit

    last_id, prev = conn.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    rows = []
    plan = [("patients", patients), ("visits", visits), ("assessments", visits), ("photos", others - visits)]
    for table, count in plan:
        for record in range(1, count + 1):
            last_id += 1
            ts = "2025-01-01T00:00:00.000000Z"
            digest = audit._digest(prev, last_id, ts, "admin", "create", table, str(record), "{}")
            rows.append((last_id, ts, "admin", "create", table, str(record), "{}", prev, digest))
            prev = digest
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("COMMIT")


def _median_ms(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


_FRESH_OPEN = """
import sys, time
from pathlib import Path
from typing import Any
from desktop_app.storage import Clinic
import sqlite_utils
start = time.perf_counter()
session = Clinic(Path(sys.argv[1])).login_with_key(bytes.fromhex(sys.argv[2]), "admin")
session.search_patients("a")
print((time.perf_counter() - start) * 1000)
session.close(audit_logout=False)
"""


def _fresh_process_open_ms(data_dir: Path, key: bytes) -> float:
    """Open in a new process (imports done first, not timed): none of the database is in its cache."""
    import subprocess

    out = subprocess.run(
        [sys.executable, "-c", _FRESH_OPEN, str(data_dir), key.hex()],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip())


def main(argv: Sequence[str] | None = None) -> int:
    parser = data_argument_parser(__doc__ or "")
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--visits", type=int, default=20)
    parser.add_argument("--photos", type=int, default=3)
    args = parse(parser, argv)
    from desktop_app.storage import Clinic, crypto

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        data_dir, key = build(Path(tmp), args.patients, args.visits, args.photos)
        note("storage scale: build time", f"{time.perf_counter() - start:.0f} s")
        size = sum(p.stat().st_size for p in data_dir.rglob("*") if p.is_file())
        note("storage scale: database size", f"{size / 1e6:.0f} MB")

        open_times = []
        for _ in range(7):
            t0 = time.perf_counter()
            session = Clinic(data_dir).login_with_key(key, "admin")
            open_times.append((time.perf_counter() - t0) * 1000)
            session.close(audit_logout=False)
        fresh = _fresh_process_open_ms(data_dir, key)
        session = Clinic(data_dir).login_with_key(key, "admin")
        rng = random.Random(5)
        queries = [
            "müller",
            "MRN-004217",
            "zoe dub",
            "leroy-99",
            "emma",
            "noah petit",
            "xyz-not-found",
            "chlo",
        ]
        session.search_patients("warm-up")
        search_ms = statistics.median(_median_ms(lambda q=q: session.search_patients(q), 5) for q in queries)
        worst_search = max(_median_ms(lambda q=q: session.search_patients(q), 3) for q in queries)
        ids = [rng.randint(1, args.patients) for _ in range(30)]
        history_times = []
        for pid in ids:
            t0 = time.perf_counter()
            history = session.patient_history(pid)
            history_times.append((time.perf_counter() - t0) * 1000)
        assert len(history.visits) == args.visits and len(history.visits[0].photos) == args.photos
        start = time.perf_counter()
        audit_report = session.verify_audit()
        verify_s = time.perf_counter() - start
        session.close()
        note("storage scale: audit rows / verify time", f"{audit_report.rows} rows, {verify_s:.1f} s")
        start = time.perf_counter()
        crypto.password_kek("a-password", crypto.new_salt(), crypto.DEFAULT_KDF)
        note(
            "storage scale: Argon2id at login (default cost, excluded)",
            f"{(time.perf_counter() - start) * 1000:.0f} ms",
        )

    ok = report("storage scale: patient search (median of 8 queries)", search_ms, "<=", 20, "ms")
    note("storage scale: slowest search query", f"{worst_search:.1f} ms")
    ok &= report(
        "storage scale: one patient's full history (median)", statistics.median(history_times), "<=", 50, "ms"
    )
    note(
        "storage scale: history 90th percentile",
        f"{sorted(history_times)[int(0.9 * len(history_times))]:.1f} ms",
    )
    ok &= report(
        "storage scale: open database (login_with_key, median)",
        statistics.median(open_times),
        "<=",
        300,
        "ms",
    )
    ok &= report("storage scale: open + first search in a fresh process", fresh, "<=", 300, "ms")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
