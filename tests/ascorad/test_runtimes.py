"""The installed app's runtime (OpenCV DNN on the exported ONNX graph) gives torch's answers."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from desktop_app.ascorad.engine import AscoradEngine
from desktop_app.ascorad.model_files import SKIN_ONNX, SKIN_WEIGHTS, shipped_models_dir
from desktop_app.ascorad.onnx_export import TOLERANCE, export_skin_onnx
from desktop_app.reports.demo import demo_photo

ROOT = Path(__file__).resolve().parents[2]


def test_export_matches_torch_and_records_its_hashes(tmp_path: Path) -> None:
    out = tmp_path / SKIN_ONNX
    info = export_skin_onnx(shipped_models_dir() / SKIN_WEIGHTS, out)
    assert out.exists()
    recorded = json.loads(Path(f"{out}.json").read_text())
    assert recorded["max_abs_difference_vs_torch"] < TOLERANCE
    assert recorded["onnx_sha256"] == info["onnx_sha256"]
    assert len(recorded["checked_sizes"]) >= 3


def test_shipped_onnx_is_the_export_of_the_shipped_weights() -> None:
    recorded = json.loads((shipped_models_dir() / f"{SKIN_ONNX}.json").read_text())
    import hashlib

    assert (
        recorded["source_weights_sha256"]
        == hashlib.sha256((shipped_models_dir() / SKIN_WEIGHTS).read_bytes()).hexdigest()
    )
    assert (
        recorded["onnx_sha256"] == hashlib.sha256((shipped_models_dir() / SKIN_ONNX).read_bytes()).hexdigest()
    )


def test_both_runtimes_score_a_photo_the_same() -> None:
    rgb, _ = demo_photo(seed=3, width=800, height=600)
    opencv = AscoradEngine.load(runtime="opencv").score_photo(rgb, region="back", check_quality=False)
    torch_ = AscoradEngine.load(runtime="torch").score_photo(rgb, region="back", check_quality=False)
    assert opencv.accepted and torch_.accepted
    assert opencv.provenance["runtime"] == "opencv-dnn" and torch_.provenance["runtime"] == "torch"
    assert "skin_onnx_sha256" in opencv.provenance
    assert abs(opencv.lesion_percent - torch_.lesion_percent) < 0.5  # type: ignore[operator]
    for sign, estimate in opencv.signs.items():
        assert abs(estimate.grade - torch_.signs[sign].grade) < 0.01, sign
    assert np.mean(opencv.lesion_mask != torch_.lesion_mask) < 0.005  # type: ignore[operator]


def test_scoring_with_the_shipped_graph_never_imports_torch() -> None:
    code = (
        "import sys; from desktop_app.ascorad.engine import AscoradEngine; "
        "from desktop_app.reports.demo import demo_photo; "
        "rgb, _ = demo_photo(seed=1, width=640, height=480); "
        "r = AscoradEngine.load().score_photo(rgb, check_quality=False); "
        "print(r.accepted, 'torch' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["True", "False"]
