"""The build check: ``scorad-desk --self-test`` passes on a working installation and says so."""

import os
import subprocess
import sys
from pathlib import Path

from desktop_app.ascorad.model_files import ENV_VAR as MODELS_ENV_VAR

ROOT = Path(__file__).resolve().parents[1]


def _run_self_test(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``scorad-desk --self-test`` in a fresh interpreter, as every build runs it."""
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", "--self-test"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )


def test_self_test_passes_and_leaves_the_real_data_folder_alone(tmp_path: Path) -> None:
    data = tmp_path / "clinic-data"
    env = {**os.environ, "SCORAD_DESK_DATA": str(data), "QT_QPA_PLATFORM": "offscreen"}
    result = _run_self_test(env)
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip()
    assert line.startswith("self-test OK in ")
    for step in ("models+score", "storage", "report", "qt"):
        assert step in line
    assert not data.exists()  # everything happened in a throwaway folder


def test_self_test_fails_loudly_without_the_model_files(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", MODELS_ENV_VAR: str(tmp_path / "no-models")}
    result = _run_self_test(env)
    assert result.returncode == 1
    assert "self-test FAILED at models+score" in result.stderr
    assert "Traceback" not in result.stderr
