"""Run every benchmark in this folder, each in its own process so one cannot skew another."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description="Run every ScoradDesk benchmark.")
    parser.add_argument("--data", default=None, help="path to ../shared/datasets")
    parser.add_argument("--only", default="", help="run only benchmarks whose name contains this")
    args = parser.parse_args()
    failures = 0
    for path in sorted(HERE.glob("bench_*.py")):
        if args.only not in path.stem:
            continue
        print(f"== {path.stem}", flush=True)
        command = [sys.executable, "-m", f"benchmarks.{path.stem}"]
        if args.data:
            command += ["--data", args.data]
        start = time.perf_counter()
        result = subprocess.run(command, cwd=HERE.parent, check=False)
        print(
            f"   ({path.stem} took {time.perf_counter() - start:.1f} s, exit {result.returncode})", flush=True
        )
        failures += result.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
