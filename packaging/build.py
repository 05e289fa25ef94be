"""Build the frozen app (and, on Windows/macOS, its installer): ``python packaging/build.py``.

Steps: PyInstaller onedir bundle from ``scorad_desk.spec`` → print the bundle size against
its target → on macOS sign/notarise (when the signing variables are set) and make a .dmg →
on Windows compile the Inno Setup installer (when ``iscc`` is on PATH) → with
``--self-test``, run the frozen ``scorad-desk --self-test`` and time the cold start.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from packaging_config import APP_NAME, VERSION  # noqa: E402

BUNDLE_TARGET_MB = 400.0
SELF_TEST_TARGET_S = 10.0
COLD_START_TARGET_S = 3.0


def folder_size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


def run_pyinstaller(dist: Path, work: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(HERE / "scorad_desk.spec"),
        ],
        check=True,
        cwd=ROOT,
    )
    return dist / APP_NAME


def cli_executable(bundle: Path) -> Path:
    name = "scorad-desk.exe" if sys.platform == "win32" else "scorad-desk"
    return bundle / name


def self_test(bundle: Path) -> bool:
    start = time.perf_counter()
    result = subprocess.run(
        [str(cli_executable(bundle)), "--self-test"], capture_output=True, text=True, timeout=300, check=False
    )
    seconds = time.perf_counter() - start
    print(result.stdout.strip())
    if result.returncode != 0:
        print(result.stderr.strip(), file=sys.stderr)
    passed = result.returncode == 0 and seconds <= SELF_TEST_TARGET_S
    print(
        f"{'frozen self-test wall time':<40} {seconds:8.2f} s   target <= {SELF_TEST_TARGET_S:g} s   "
        f"{'PASS' if passed else 'FAIL'}"
    )
    return passed


def cold_start(bundle: Path, runs: int = 5) -> bool:
    """Frozen start to the login window of a set-up clinic (median of ``runs``), timed from outside."""
    env = dict(os.environ, SCORAD_DESK_QUIT_WHEN_READY="1")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = bundle / (f"{APP_NAME}.exe" if sys.platform == "win32" else APP_NAME)
    with tempfile.TemporaryDirectory(prefix="scorad-desk-cold-start-") as tmp:
        data = Path(tmp) / "clinic"
        subprocess.run(
            [
                str(cli_executable(bundle)),
                "--data-dir",
                str(data),
                "setup",
                "--clinic",
                "Build check",
                "--admin",
                "admin",
                "--password-stdin",
            ],
            input="Build-check-passw0rd\n",
            text=True,
            capture_output=True,
            check=True,
            timeout=120,
        )
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            result = subprocess.run(
                [str(app), "--data-dir", str(data)],
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            times.append(time.perf_counter() - start)
            if "READY" not in result.stdout:
                print(f"the login window did not come up: {result.stderr[-500:]}", file=sys.stderr)
                return False
    median = statistics.median(times)
    passed = median <= COLD_START_TARGET_S
    print(
        f"{'frozen cold start to login (median of 5)':<40} {median:8.2f} s   "
        f"target <= {COLD_START_TARGET_S:g} s   "
        f"{'PASS' if passed else 'FAIL'}   (first run {times[0]:.2f} s)"
    )
    return passed


def macos_installer(bundle_dir: Path) -> None:
    app = bundle_dir.parent / f"{APP_NAME}.app"
    if os.environ.get("MACOS_SIGN_IDENTITY"):
        subprocess.run(["bash", str(HERE / "macos" / "sign_and_notarize.sh"), str(app)], check=True)
    subprocess.run(["bash", str(HERE / "macos" / "make_dmg.sh"), str(app), VERSION], check=True)


def windows_installer() -> None:
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    if iscc is None:
        print("Inno Setup (iscc) not found: bundle built, installer skipped")
        return
    subprocess.run([iscc, f"/DAppVersion={VERSION}", str(HERE / "windows" / "scorad_desk.iss")], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="run the frozen self-test and time the cold start after building",
    )
    parser.add_argument("--no-installer", action="store_true", help="build the bundle only")
    args = parser.parse_args()
    dist, work = ROOT / "dist", ROOT / "build"
    start = time.perf_counter()
    bundle = run_pyinstaller(dist, work)
    print(f"built {bundle} in {time.perf_counter() - start:.0f} s")
    size = folder_size_mb(bundle)
    print(
        f"{'bundle size (onedir)':<40} {size:8.1f} MB  target <= {BUNDLE_TARGET_MB:g} MB  "
        f"{'PASS' if size <= BUNDLE_TARGET_MB else 'FAIL'}"
    )
    ok = size <= BUNDLE_TARGET_MB
    if not args.no_installer:
        if sys.platform == "darwin":
            macos_installer(bundle)
        elif sys.platform == "win32":
            windows_installer()
    if args.self_test:
        ok &= self_test(bundle)
        ok &= cold_start(bundle)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
