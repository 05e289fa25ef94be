"""Foundation: the CLI starts fast (no heavy import on --version) and the score engine is cheap.

Targets: ``scorad-desk --version`` ≤ 0.5 s median wall time (it runs before every scripted
command, and must never pay for Qt or torch); one full SCORAD computation ≤ 50 µs.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Sequence

from benchmarks.figures import data_argument_parser, parse, report
from desktop_app.domain.scorad import Extent, Intensity, Subjective, compute_scorad


def _cli_startup_seconds(runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "desktop_app", "--version"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _scorad_microseconds(n: int = 20000) -> float:
    start = time.perf_counter()
    for i in range(n):
        extent = Extent.from_mapping({"trunk_front": (i % 10) / 10, "back": 0.5, "head_neck": 0.25})
        intensity = Intensity(i % 4, 1, 2, 0, 3, 1)
        compute_scorad(30, extent, intensity, Subjective(5.5, 2.0))
    return (time.perf_counter() - start) / n * 1e6


def main(argv: Sequence[str] | None = None) -> int:
    parse(data_argument_parser(__doc__ or ""), argv)
    ok = report("cli: scorad-desk --version wall time (median of 7)", _cli_startup_seconds(), "<=", 0.5, "s")
    ok &= report("domain: one SCORAD (validate + compute)", _scorad_microseconds(), "<=", 50, "us")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
