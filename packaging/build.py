"""Build the frozen app (and, on Windows/macOS, its installer): ``python packaging/build.py``.

Steps: PyInstaller onedir bundle from ``scorad_desk.spec`` → on Linux strip the shared
libraries (``strip_libraries``) → print the bundle size against its target, its largest parts,
and whether the packages the run-time path must not need (scipy, torch, onnx) stayed out → on
macOS sign/notarise (when the signing variables are set) and make a .dmg → on Windows compile
the Inno Setup installer (when ``iscc`` is on PATH) → with ``--self-test``, run the frozen
``--self-test``, the frozen build checks (forecast, camera source, video decoding: see
``entry.py``) and time the cold start.
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
from packaging_config import APP_NAME, NOT_AT_RUN_TIME, VERSION  # noqa: E402
from strip_libraries import strip_shared_libraries  # noqa: E402

BUNDLE_TARGET_MB = 400.0
SELF_TEST_TARGET_S = 10.0
COLD_START_TARGET_S = 3.0


def folder_size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


def largest_parts(bundle: Path, count: int = 12) -> list[tuple[str, float]]:
    """The biggest top-level entries of the bundle's ``_internal`` folder (MB), largest first."""
    internal = bundle / "_internal"
    if not internal.is_dir():
        return []
    sizes = []
    for entry in internal.iterdir():
        if entry.is_symlink():
            continue
        size = folder_size_mb(entry) if entry.is_dir() else entry.stat().st_size / 1e6
        sizes.append((entry.name, size))
    return sorted(sizes, key=lambda item: -item[1])[:count]


def packages_present(bundle: Path, names: list[str]) -> list[str]:
    """Which of ``names`` the bundle holds: as a folder (package or its ``.libs``) or in the PYZ."""
    from PyInstaller.archive.readers import ZlibArchiveReader

    internal = bundle / "_internal"
    present = {n for n in names if (internal / n).exists() or (internal / f"{n}.libs").exists()}
    for pyz in (ROOT / "build" / "scorad_desk").glob("PYZ-*.pyz"):
        modules = ZlibArchiveReader(str(pyz)).toc
        present |= {n for n in names if any(m == n or m.startswith(n + ".") for m in modules)}
    return sorted(present)


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
    """The console twin on Windows; elsewhere the one launcher serves the GUI and the CLI."""
    return bundle / ("scorad-desk.exe" if sys.platform == "win32" else APP_NAME)


def build_checks(bundle: Path) -> bool:
    """The frozen forecast, camera-source and video-decoding checks (``entry.py``)."""
    env = dict(os.environ, SCORAD_DESK_BUILD_CHECK="1", QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [str(cli_executable(bundle))], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    print(result.stdout.strip())
    if result.returncode != 0:
        print(result.stderr.strip()[-2000:], file=sys.stderr)
    print(f"{'frozen build checks':<40} {'PASS' if result.returncode == 0 else 'FAIL'}")
    return result.returncode == 0


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
    if sys.platform.startswith("linux") and shutil.which("strip"):
        report = strip_shared_libraries(bundle / "_internal")
        print(
            f"stripped {len(report.stripped)} libraries (-{report.saved_bytes / 1e6:.1f} MB); "
            f"{len(report.refused)} left as they were (stripping would break them)"
        )
    print("largest parts: " + ", ".join(f"{name} {mb:.0f}" for name, mb in largest_parts(bundle)) + " (MB)")
    size = folder_size_mb(bundle)
    print(
        f"{'bundle size (onedir)':<40} {size:8.1f} MB  target <= {BUNDLE_TARGET_MB:g} MB  "
        f"{'PASS' if size <= BUNDLE_TARGET_MB else 'FAIL'}"
    )
    ok = size <= BUNDLE_TARGET_MB
    present = packages_present(bundle, NOT_AT_RUN_TIME)
    found = ", ".join(present) + " PRESENT" if present else "all"
    print(
        f"{'run-time-free packages left out':<40} {found:>8}   ({', '.join(NOT_AT_RUN_TIME)})   "
        f"{'FAIL' if present else 'PASS'}"
    )
    ok &= not present
    if not args.no_installer:
        if sys.platform == "darwin":
            macos_installer(bundle)
        elif sys.platform == "win32":
            windows_installer()
    if args.self_test:
        frozen_ok = self_test(bundle) and build_checks(bundle)
        ok &= frozen_ok and cold_start(bundle)  # no cold start of a bundle that cannot run
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
