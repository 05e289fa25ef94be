"""The import boundaries of DESIGN §1, checked by import-linter inside the test suite too."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_cli_help_and_version_do_not_import_qt_or_torch() -> None:
    code = (
        "import sys; from desktop_app.cli import build_parser; build_parser(); "
        "bad = [m for m in ('PySide6', 'torch', 'cv2') if m in sys.modules]; print(bad); sys.exit(bool(bad))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_version_and_help_run_without_a_display() -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(ROOT)}
    for flag, expected in (("--version", "scorad-desk 0.1.0"), ("--help", "usage: scorad-desk")):
        result = subprocess.run(
            [sys.executable, "-m", "desktop_app", flag],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert expected in result.stdout
