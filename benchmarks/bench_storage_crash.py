"""Crash safety: kill -9 a writer at random moments; nothing acknowledged may be lost or half-written.

A *zygote* subprocess imports the storage stack once and forks one writer per trial (a
fresh process each time, without paying Python's start-up and imports again, so 1000
kills fit in minutes). The writer logs in with the raw data key (no Argon2) and loops
through the service API — add a visit, record a SCORAD, add a photo, every third photo
deleted again — printing each id
only after its COMMIT returned. The harness SIGKILLs it after a random delay (0-120 ms,
which covers opening, WAL recovery, photo file writes and commits), then checks with a
fresh connection:

* ``PRAGMA integrity_check`` and ``foreign_key_check`` pass, the audit chain verifies;
* every acknowledged id is present and every acknowledged deletion stays deleted (0 lost);
* no half-written record: every photo row's file decrypts and verifies, every visit,
  assessment and photo row has its audit ``create`` row and every ``create`` row its record.
Encrypted files without a row (killed between file and COMMIT) are allowed and counted:
they are unreadable without the key and removed by ``collect_orphan_photos``.

Targets: 0 integrity failures, 0 lost, 0 half-written over >= 1000 kills.
``run_crash_trials(200)`` is the test-suite version (tests/storage/test_crash.py).
"""

from __future__ import annotations

import io
import os
import random
import select
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.figures import data_argument_parser, note, parse, report

INTENSITY = {
    "erythema": 2,
    "oedema_papulation": 1,
    "oozing_crusts": 0,
    "excoriations": 1,
    "lichenification": 2,
    "dryness": 1,
}


@dataclass
class CrashResult:
    kills: int = 0
    acknowledged: int = 0
    lost: int = 0
    integrity_failures: int = 0
    half_written: int = 0
    orphan_files: int = 0
    problems: list[str] = field(default_factory=list)


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 110, 100)).save(out, format="PNG")
    return out.getvalue()


# --------------------------------------------------------------------------------- zygote/writer


def _writer(data_dir: str, key_hex: str, patient_id: int, image: bytes) -> None:
    """Runs in the forked child: write forever, acknowledging each committed id on stdout."""
    from desktop_app.storage import Clinic

    out = sys.stdout.fileno()
    os.write(out, f"pid {os.getpid()}\n".encode())
    session = Clinic(Path(data_dir)).login_with_key(bytes.fromhex(key_hex), "admin")
    day = 0
    while True:
        day += 1
        visit = session.add_visit(patient_id, "2024-01-01")
        os.write(out, f"ack visits {visit.id}\n".encode())
        assessment = session.record_scorad(visit.id, {"back": (day % 10) / 10}, INTENSITY, 2.5, 1.0)
        os.write(out, f"ack assessments {assessment.id}\n".encode())
        photo = session.add_photo(visit.id, image + day.to_bytes(4, "big"), "back", device="crash-bench")
        os.write(out, f"ack photos {photo.id}\n".encode())
        if day % 3 == 0:  # deletions must be crash-safe too (row first, then the file)
            os.write(out, f"deleting photos {photo.id}\n".encode())  # from here it may or may not exist
            session.delete_photo(photo.id)
            os.write(out, f"del photos {photo.id}\n".encode())


def _zygote(data_dir: str, key_hex: str, patient_id: int) -> int:
    import sqlite_utils  # noqa: F401  (imported once here so that forked writers start instantly)

    import desktop_app.storage.service  # noqa: F401

    image = _png()
    for line in sys.stdin:
        if line.strip() != "go":
            break
        pid = os.fork()
        if pid == 0:
            try:
                _writer(data_dir, key_hex, patient_id, image)
            finally:
                os._exit(3)
        _, status = os.waitpid(pid, 0)
        os.write(sys.stdout.fileno(), f"done {status}\n".encode())
    return 0


# --------------------------------------------------------------------------------- harness


def _prepare(folder: Path) -> tuple[Path, str, int]:
    from desktop_app.storage import FAST_TEST_KDF, open_clinic, setup_clinic

    data_dir = folder / "clinic"
    setup_clinic(data_dir, "Crash bench", "admin", "crash-password", kdf=FAST_TEST_KDF)
    session = open_clinic(data_dir).login("admin", "crash-password")
    patient = session.add_patient("CRASH-1", "Test", "Patient", "2010-01-01", "female", 2, True)
    key_hex = session._data_key.hex()
    session.close()
    return data_dir, key_hex, patient.id


class _Verifier:
    def __init__(self, data_dir: Path, key_hex: str) -> None:
        from desktop_app.storage import crypto
        from desktop_app.storage.photostore import PhotoStore
        from desktop_app.storage.service import db_key_for

        self.data_dir = data_dir
        self.key = bytes.fromhex(key_hex)
        self.db_key = db_key_for(self.key)
        self.store = PhotoStore(data_dir / "photos", self.key)
        self.checked_photos: set[str] = set()
        _ = crypto

    def check(
        self, acked: dict[str, set[str]], deleted: set[str], result: CrashResult, full: bool = False
    ) -> None:
        from desktop_app.storage import StorageError, audit, database

        try:
            db = database.open_database(self.data_dir / "clinic.db", self.db_key)
        except StorageError as exc:
            result.integrity_failures += 1
            result.problems.append(f"open: {exc.message}")
            return
        conn = db.conn
        try:
            ok = [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]
            ok &= not conn.execute("PRAGMA foreign_key_check").fetchall()
            if full:
                ok &= audit.verify(conn).ok
            if not ok:
                result.integrity_failures += 1
                result.problems.append("integrity_check / foreign keys / audit chain failed")
            for table, ids in acked.items():
                present = {str(r[0]) for r in conn.execute(f"SELECT id FROM {table}")}
                missing = ids - present
                if missing:
                    result.lost += len(missing)
                    result.problems.append(f"lost {table}: {sorted(missing)[:3]}")
            back = {str(r[0]) for r in conn.execute("SELECT id FROM photos")} & deleted
            if back:
                result.lost += len(back)
                result.problems.append(f"acknowledged deletions undone: {sorted(back)[:3]}")
            for table in ("visits", "assessments", "photos"):
                rows = {str(r[0]) for r in conn.execute(f"SELECT id FROM {table}")}
                audited = {
                    r[0]
                    for r in conn.execute(
                        "SELECT record_id FROM audit WHERE action = 'create' AND table_name = ?", (table,)
                    )
                } - {
                    r[0]
                    for r in conn.execute(
                        "SELECT record_id FROM audit WHERE action = 'delete' AND table_name = ?", (table,)
                    )
                }
                if rows != audited:
                    result.half_written += len(rows ^ audited)
                    result.problems.append(
                        f"{table}: rows and audit rows differ: {sorted(rows ^ audited)[:3]}"
                    )
            referenced = set()
            for photo_id, blob, sha in conn.execute("SELECT id, blob_name, sha256 FROM photos"):
                referenced.add(blob)
                if photo_id in self.checked_photos and not full:
                    continue
                try:
                    self.store.verify_file(photo_id, blob, sha)
                    self.checked_photos.add(photo_id)
                except StorageError as exc:
                    result.half_written += 1
                    result.problems.append(f"photo {photo_id}: {exc.message}")
            if full:
                result.orphan_files = len(self.store.all_blob_names() - referenced)
        finally:
            db.close()


def run_crash_trials(
    kills: int, seed: int = 1, max_delay: float = 0.12, workdir: Path | None = None
) -> CrashResult:
    """Fork-and-kill ``kills`` writers against one clinic folder; return the tallies."""
    rng = random.Random(seed)
    result = CrashResult()
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        data_dir, key_hex, patient_id = _prepare(Path(tmp))
        zygote = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "benchmarks.bench_storage_crash",
                "--zygote",
                str(data_dir),
                key_hex,
                str(patient_id),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=Path(__file__).resolve().parent.parent,
        )
        assert zygote.stdin is not None and zygote.stdout is not None
        verifier = _Verifier(data_dir, key_hex)
        acked: dict[str, set[str]] = {"visits": set(), "assessments": set(), "photos": set()}
        deleted: set[str] = set()
        buffer = b""
        fd = zygote.stdout.fileno()

        def lines(timeout: float) -> list[str]:
            nonlocal buffer
            ready, _, _ = select.select([fd], [], [], max(timeout, 0))
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise RuntimeError("zygote exited")
                buffer += chunk
            *complete, buffer = buffer.split(b"\n")
            return [c.decode() for c in complete]

        try:
            for _trial in range(kills):
                zygote.stdin.write(b"go\n")
                zygote.stdin.flush()
                child = None
                deadline = None
                done = False
                while not done:
                    timeout = 1.0 if deadline is None else deadline - time.monotonic()
                    for line in lines(timeout):
                        kind, _, rest = line.partition(" ")
                        if kind == "pid":
                            child = int(rest)
                            deadline = time.monotonic() + rng.uniform(0.0, max_delay)
                        elif kind == "ack":
                            table, _, record = rest.partition(" ")
                            acked[table].add(record)
                            result.acknowledged += 1
                        elif kind == "deleting":
                            table, _, record = rest.partition(" ")
                            acked[table].discard(record)
                        elif kind == "del":
                            table, _, record = rest.partition(" ")
                            acked[table].discard(record)
                            deleted.add(record)
                        elif kind == "done":
                            done = True
                    if child is not None and deadline is not None and time.monotonic() >= deadline:
                        os.kill(child, signal.SIGKILL)
                        result.kills += 1
                        deadline = None
                        child = None
                verifier.check(acked, deleted, result)
            verifier.check(acked, deleted, result, full=True)
        finally:
            zygote.stdin.close()
            zygote.wait(timeout=10)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["--zygote"]:
        return _zygote(args_list[1], args_list[2], int(args_list[3]))
    parser = data_argument_parser(__doc__ or "")
    parser.add_argument("--kills", type=int, default=1000, help="number of kill -9 trials (default 1000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parse(parser, args_list)
    start = time.perf_counter()
    result = run_crash_trials(args.kills, seed=args.seed)
    elapsed = time.perf_counter() - start
    ok = report(
        "storage crash: kill -9 trials", result.kills, ">=", 1000 if args.kills >= 1000 else args.kills
    )
    ok &= report("storage crash: integrity failures", result.integrity_failures, "<=", 0)
    ok &= report("storage crash: acknowledged records lost", result.lost, "<=", 0)
    ok &= report("storage crash: half-written visits/assessments/photos", result.half_written, "<=", 0)
    note("storage crash: acknowledged records", str(result.acknowledged))
    note("storage crash: orphan encrypted files (GC'd later)", str(result.orphan_files))
    note("storage crash: wall time", f"{elapsed:.1f} s")
    for problem in result.problems[:10]:
        print(f"  problem: {problem}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
