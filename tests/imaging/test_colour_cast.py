"""The colour-cast classifier: its features move with a cast as physics says, its fit and its file."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from desktop_app.capture.synthetic import SceneSettings, SyntheticSource
from desktop_app.imaging import colour_cast as cc
from desktop_app.imaging.quality import colour_cast_features

_DECODE = cc._DECODE.astype(np.float64)


def _scene(**changes: object) -> np.ndarray:
    source = SyntheticSource(SceneSettings(width=640, height=360, ruler=False, **changes), fps=None)  # type: ignore[arg-type]
    source.open()
    return source.read().rgb


def _apply_gains(rgb: np.ndarray, gains: tuple[float, float, float]) -> np.ndarray:
    """Von Kries cast in linear light, re-encoded to sRGB (what a wrong white balance does)."""
    linear = _DECODE[rgb] * np.asarray(gains)
    encoded = np.where(linear <= 0.0031308, linear * 12.92, 1.055 * np.power(linear, 1 / 2.4) - 0.055)
    return np.clip(np.round(encoded * 255.0), 0, 255).astype(np.uint8)


@pytest.mark.parametrize("gains", [(1.1, 1.0, 0.9), (0.92, 1.0, 1.1), (0.95, 1.08, 0.95)])
def test_a_cast_shifts_the_illuminant_estimates_by_its_log_gains(gains: tuple[float, float, float]) -> None:
    """Grey world, grey edge and skin chromaticity move by (ln gR/gG, ln gB/gG), whatever the scene."""
    frame = _scene(exposure=0.7)  # nothing clips, so the shift is exact up to 8-bit rounding
    before = colour_cast_features(frame)
    after = colour_cast_features(_apply_gains(frame, gains))
    expected = np.array([np.log(gains[0] / gains[1]), np.log(gains[2] / gains[1])])
    names = list(cc.FEATURES)
    for estimate in ("grey_world", "grey_edge", "skin"):
        i = names.index(f"{estimate}_rg")
        assert after[i : i + 2] - before[i : i + 2] == pytest.approx(expected, abs=0.03), estimate


def test_fit_learns_a_boundary_around_the_neutral_photos() -> None:
    """Casts in every direction push outwards: a quadratic boundary must catch all four."""
    rng = np.random.default_rng(0)
    n = len(cc.FEATURES)
    neutral = rng.normal(0.0, 0.05, (400, n))
    shifts = []
    for direction in ((0.3, -0.3), (-0.3, 0.3), (-0.3, -0.3), (0.3, 0.3)):
        block = rng.normal(0.0, 0.05, (100, n))
        block[:, :2] += direction  # the grey-world pair carries the cast
        shifts.append(block)
    features = np.vstack([neutral, *shifts])
    labels = np.r_[np.zeros(len(neutral)), np.ones(400)]
    model = cc.fit_model(features, labels, ridge=1.0)
    probabilities = np.array([model.probability(row) for row in features])
    assert np.mean(probabilities[labels == 0] < 0.5) > 0.95
    for k in range(4):
        block = probabilities[400 + 100 * k : 500 + 100 * k]
        assert np.mean(block > 0.5) > 0.95


def test_fit_refuses_one_class_and_wrong_shapes() -> None:
    with pytest.raises(ValueError):
        cc.fit_model(np.zeros((10, len(cc.FEATURES))), np.zeros(10), ridge=1.0)
    with pytest.raises(ValueError):
        cc.fit_model(np.zeros((10, 3)), np.r_[np.zeros(5), np.ones(5)], ridge=1.0)


def test_parameter_file_round_trip(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    features = rng.normal(size=(200, len(cc.FEATURES)))
    labels = (features[:, 0] ** 2 + features[:, 1] ** 2 > 1.5).astype(float)
    model = cc.fit_model(features, labels, ridge=1.0)
    path = tmp_path / "model.json"
    path.write_text(cc.model_to_json(model, {"test": True}), encoding="utf-8")
    loaded = cc.load_model.__wrapped__(path)
    for row in features[:20]:
        assert loaded.probability(row) == pytest.approx(model.probability(row), abs=1e-5)


def test_a_broken_parameter_file_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(cc.ColourCastModelError, match="Reinstall"):
        cc.load_model.__wrapped__(tmp_path / "missing.json")
    shipped = json.loads((cc.resources_dir() / cc.MODEL_PATH).read_text(encoding="utf-8"))
    shipped["features"] = shipped["features"][:-1]
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(shipped), encoding="utf-8")
    with pytest.raises(cc.ColourCastModelError, match="feature list"):
        cc.load_model.__wrapped__(wrong)


def test_the_shipped_model_matches_the_code_and_names_its_training_data() -> None:
    data = json.loads((cc.resources_dir() / cc.MODEL_PATH).read_text(encoding="utf-8"))
    assert tuple(data["features"]) == cc.FEATURES
    assert "train" in data["provenance"]["photos"] and "val" not in data["provenance"]["photos"]
    model = cc.load_model()
    assert model.coef.shape == (len(cc.FEATURES) * (len(cc.FEATURES) + 3) // 2,)


def test_resources_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(cc.RESOURCES_ENV, str(tmp_path))
    assert cc.resources_dir() == tmp_path


def test_features_are_finite_on_degenerate_frames() -> None:
    """Finite numbers even for a frame with no skin and nothing well exposed."""
    black = np.zeros((120, 160, 3), np.uint8)
    grey = np.full((120, 160, 3), 128, np.uint8)
    for frame in (black, grey, cv2.cvtColor(grey, cv2.COLOR_RGB2BGR)):
        assert np.all(np.isfinite(colour_cast_features(frame)))


def test_fit_stays_finite_and_lowers_the_loss_on_separable_data() -> None:
    """Separable classes, almost no ridge: full Newton steps overshoot; the damped fit must not."""
    rng = np.random.default_rng(3)
    n = len(cc.FEATURES)
    neutral = rng.normal(0.0, 0.05, (150, n))
    cast = rng.normal(0.0, 0.05, (150, n))
    cast[:, 0] += 2.0  # far apart: nothing bounds the weights but the tiny ridge
    features = np.vstack([neutral, cast])
    labels = np.r_[np.zeros(150), np.ones(150)]
    model = cc.fit_model(features, labels, ridge=1e-6)
    assert np.all(np.isfinite(model.coef)) and np.isfinite(model.intercept)
    probabilities = np.array([model.probability(row) for row in features])
    assert np.all(probabilities[:150] < 0.5) and np.all(probabilities[150:] > 0.5)
    # A second fit with more iterations must not move away (the loss only ever goes down).
    longer = cc.fit_model(features, labels, ridge=1e-6, iterations=80)
    assert np.all(np.isfinite(longer.coef))
    assert np.array([longer.probability(row) for row in features]) == pytest.approx(probabilities, abs=0.05)


def test_the_shipped_model_saw_background_scenes_as_no_cast() -> None:
    """The parameter file says it was fitted with coloured backgrounds and drapes as "no cast" examples."""
    data = json.loads((cc.resources_dir() / cc.MODEL_PATH).read_text(encoding="utf-8"))
    assert "drape" in data["provenance"]["labels"]
