"""Fault injection and tampering against the storage service.

Faults (each trial runs one random write through the service API under the fault):

* disk full — ``PRAGMA max_page_count`` pinned to the current size, and ENOSPC raised by
  the OS layer under photo writes;
* I/O error — a real OS-level one: ``RLIMIT_FSIZE`` capped at the current file sizes makes
  the kernel refuse WAL/photo growth (EFBIG, seen by SQLite as an I/O error); plus EIO
  injected into photo ``fsync``;
* read-only — ``PRAGMA query_only`` on the database and EROFS on photo files (the suite
  runs as root here, so folder permissions cannot make a real read-only folder).

Figures: the share of failed operations that raised a typed ``StorageError`` with a
message (target 100 %), and database checks after every fault (integrity_check, foreign
keys, audit chain, every record row paired with its audit row: target 100 %).

Tamper: one flipped byte at a random offset of a random photo file (must raise
``PhotoTamperedError`` on read) or of the closed database file (must be refused on open
or fail ``integrity_check``/a full read): target 100 % detected.
"""

from __future__ import annotations

import errno
import os
import random
import resource
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
class Tally:
    trials: int = 0
    failed: int = 0
    clean: int = 0
    checks: int = 0
    checks_ok: int = 0
    codes: dict[str, int] = field(default_factory=dict)


def _png(seed: int) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (48, 32), (seed % 256, 90, 80)).save(out, format="PNG")
    return out.getvalue()


class Bench:
    def __init__(self, folder: Path, seed: int) -> None:
        from desktop_app.storage import FAST_TEST_KDF, open_clinic, setup_clinic

        self.rng = random.Random(seed)
        self.data_dir = folder / "clinic"
        setup_clinic(self.data_dir, "Fault bench", "admin", "fault-password", kdf=FAST_TEST_KDF)
        self.session = open_clinic(self.data_dir).login("admin", "fault-password")
        self.patient = self.session.add_patient("F-1", "Fault", "Bench", "2000-01-01", "male", 4, True).id
        self.visit = self.session.add_visit(self.patient, "2024-01-01").id
        self.counter = 0

    def random_write(self, photo_only: bool = False) -> Callable[[], Any]:
        s = self.session
        self.counter += 1
        n = self.counter
        ops: list[Callable[[], Any]] = [
            lambda: s.add_patient(f"F-{n + 1}", "N" * 150, "M" * 150, "2000-01-01"),
            lambda: s.add_visit(self.patient, "2024-02-02", note="n" * 2000),
            lambda: s.record_scorad(self.visit, {"back": 0.5}, INTENSITY, 2, 2),
            lambda: s.add_photo(self.visit, _png(n) + os.urandom(3000), "back", device="cam"),
            lambda: s.update_patient(self.patient, given_name=f"G{n}" * 20),
        ]
        return ops[3] if photo_only else self.rng.choice(ops)

    def check(self, tally: Tally) -> None:
        from desktop_app.storage import audit

        conn = self.session._connection()
        tally.checks += 1
        ok = [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]
        ok &= not conn.execute("PRAGMA foreign_key_check").fetchall()
        ok &= audit.verify(conn).ok
        for table in ("patients", "visits", "assessments", "photos"):
            rows = {str(r[0]) for r in conn.execute(f"SELECT id FROM {table}")}
            audited = {
                r[0]
                for r in conn.execute(
                    "SELECT record_id FROM audit WHERE action = 'create' AND table_name = ?", (table,)
                )
            }
            ok &= rows == audited
        for photo_id, blob, sha in conn.execute("SELECT id, blob_name, sha256 FROM photos"):
            try:
                self.session.photos.verify_file(photo_id, blob, sha)
            except Exception:
                ok = False
        tally.checks_ok += ok

    def trial(self, tally: Tally, fault: Callable[[], Any], photo_only: bool) -> None:
        from desktop_app.storage import StorageError

        operation = self.random_write(photo_only)
        tally.trials += 1
        try:
            with fault():
                operation()
        except StorageError as exc:
            tally.failed += 1
            tally.clean += bool(exc.message)
            tally.codes[exc.code] = tally.codes.get(exc.code, 0) + 1
        except Exception as exc:  # an unclean failure: counted, shown
            tally.failed += 1
            print(f"  unclean: {type(exc).__name__}: {exc}")
        self.check(tally)


def _os_fault(target: str, code: int) -> Callable[[], Any]:
    @contextmanager
    def fault() -> Iterator[None]:
        original = getattr(os, target)

        def failing(*args: Any, **kwargs: Any) -> Any:
            raise OSError(code, os.strerror(code))

        setattr(os, target, failing)
        try:
            yield
        finally:
            setattr(os, target, original)

    return fault


def run_faults(folder: Path, trials: int, seed: int) -> dict[str, Tally]:
    bench = Bench(folder, seed)
    conn = bench.session._connection()

    @contextmanager
    def page_limit() -> Iterator[None]:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        try:
            yield
        finally:
            conn.execute("PRAGMA max_page_count = 1073741823")

    @contextmanager
    def file_size_limit() -> Iterator[None]:
        sizes = [p.stat().st_size for p in bench.data_dir.rglob("*") if p.is_file()]
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max(sizes), hard))
        try:
            yield
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
            signal.signal(signal.SIGXFSZ, previous)

    @contextmanager
    def query_only() -> Iterator[None]:
        conn.execute("PRAGMA query_only = ON")
        original = os.open

        def ro_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if flags & (os.O_WRONLY | os.O_RDWR):
                raise OSError(errno.EROFS, os.strerror(errno.EROFS))
            return original(path, flags, *args, **kwargs)

        os.open = ro_open  # type: ignore[assignment]
        try:
            yield
        finally:
            os.open = original  # type: ignore[assignment]
            conn.execute("PRAGMA query_only = OFF")

    faults: dict[str, Callable[[], Any]] = {
        "disk full (max_page_count)": page_limit,
        "disk full (ENOSPC on photo write)": _os_fault("write", errno.ENOSPC),
        "I/O error (RLIMIT_FSIZE, kernel EFBIG)": file_size_limit,
        "I/O error (EIO on photo fsync)": _os_fault("fsync", errno.EIO),
        "read-only (query_only + EROFS)": query_only,
    }
    tallies = {name: Tally() for name in faults}
    for _ in range(trials):
        for name, fault in faults.items():
            bench.trial(tallies[name], fault, photo_only="photo" in name)
    bench.session.close()
    return tallies


def run_tamper(folder: Path, trials: int, seed: int) -> tuple[int, int, int, int]:
    """Returns (photo trials, photo detected, db trials, db detected)."""
    from desktop_app.storage import PhotoTamperedError, StorageError, database

    rng = random.Random(seed)
    bench = Bench(folder, seed)
    s = bench.session
    photos = [s.add_photo(bench.visit, _png(i) + os.urandom(2000), "back", device="cam") for i in range(20)]
    for i in range(40):
        p = s.add_patient(f"T-{i}", "Tamper" * 10, "Bench" * 10, "2000-01-01")
        v = s.add_visit(p.id, "2024-01-01", note="t" * 1500)
        s.record_scorad(v.id, {"back": 0.2}, INTENSITY, 1, 1)
    photo_detected = 0
    for _ in range(trials):
        photo = rng.choice(photos)
        blob = s._connection().execute("SELECT blob_name FROM photos WHERE id = ?", (photo.id,)).fetchone()[0]
        path = s.photos.path(blob)
        original = path.read_bytes()
        offset = rng.randrange(len(original))
        path.write_bytes(
            original[:offset] + bytes([original[offset] ^ (1 << rng.randrange(8))]) + original[offset + 1 :]
        )
        try:
            s.read_photo(photo.id)
        except PhotoTamperedError:
            photo_detected += 1
        path.write_bytes(original)
    key = s._data_key
    s.close()
    from desktop_app.storage.service import db_key_for

    source = bench.data_dir / "clinic.db"
    clean = source.read_bytes()
    db_detected = 0
    scratch = folder / "tamper.db"
    for _ in range(trials):
        offset = rng.randrange(len(clean))
        scratch.write_bytes(
            clean[:offset] + bytes([clean[offset] ^ (1 << rng.randrange(8))]) + clean[offset + 1 :]
        )
        for suffix in ("-wal", "-shm"):
            Path(f"{scratch}{suffix}").unlink(missing_ok=True)
        detected = False
        try:
            db = database.open_database(scratch, db_key_for(key), expected_salt=clean[:16])
            try:
                conn = db.conn
                detected = [r[0] for r in conn.execute("PRAGMA integrity_check")] != ["ok"]
                for table in ("users", "patients", "visits", "assessments", "photos", "audit", "settings"):
                    conn.execute(f"SELECT * FROM {table}").fetchall()
            finally:
                db.close()
        except (StorageError, database.DbError):
            detected = True
        db_detected += detected
    shutil.rmtree(folder, ignore_errors=True)
    return trials, photo_detected, trials, db_detected


def main(argv: Sequence[str] | None = None) -> int:
    parser = data_argument_parser(__doc__ or "")
    parser.add_argument("--trials", type=int, default=100, help="trials per fault kind (default 100)")
    parser.add_argument(
        "--tamper-trials", type=int, default=300, help="flipped-byte trials each (default 300)"
    )
    parser.add_argument("--seed", type=int, default=11)
    args = parse(parser, argv)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        tallies = run_faults(Path(tmp) / "faults", args.trials, args.seed)
        for name, t in tallies.items():
            clean_pct = 100.0 * t.clean / t.failed if t.failed else 0.0
            ok &= report(f"faults: {name}: clean typed errors", clean_pct, ">=", 100, "%")
            note(f"faults: {name}: operations failed / tried", f"{t.failed} / {t.trials} {t.codes}")
            ok &= report(f"faults: {name}: DB checks passing", 100.0 * t.checks_ok / t.checks, ">=", 100, "%")
            ok &= t.failed > 0
        p_trials, p_detected, d_trials, d_detected = run_tamper(
            Path(tmp) / "tamper", args.tamper_trials, args.seed
        )
        ok &= report(
            "tamper: flipped byte in a photo file detected", 100.0 * p_detected / p_trials, ">=", 100, "%"
        )
        ok &= report(
            "tamper: flipped byte in the database file detected",
            100.0 * d_detected / d_trials,
            ">=",
            100,
            "%",
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
