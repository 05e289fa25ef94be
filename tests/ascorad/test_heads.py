"""Linear heads: fits recover known relations; the file round-trips exactly."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from desktop_app.ascorad.heads import HeadSet, fit_logistic, fit_ridge
from desktop_app.ascorad.signs import confidence


def test_ridge_recovers_a_linear_relation() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(200, 5)).astype(np.float32)
    y = np.stack([x[:, 0] * 2 + 1, -x[:, 1]], axis=1)
    head = fit_ridge(x, y, lam=0.01)
    assert np.allclose(head(x), y, atol=0.02)


def test_logistic_separates_two_classes() -> None:
    rng = np.random.default_rng(2)
    x = rng.normal(size=(400, 3)).astype(np.float32)
    y = (x[:, 0] + 0.5 * x[:, 2] > 0).astype(np.float32)
    head = fit_logistic(x, y, lam=1e-4)
    accuracy = ((head(x)[:, 0] > 0) == (y > 0.5)).mean()
    assert accuracy > 0.97


def test_headset_round_trip(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(30, 4)).astype(np.float32)
    heads = HeadSet(
        lesion=fit_ridge(x, x[:, :1], 1.0),
        signs=fit_ridge(x, x[:, :3], 1.0),
        sign_hit_rate=np.linspace(0.5, 0.9, 6),
        sign_cv_mae=np.linspace(0.2, 0.6, 6),
        lesion_threshold=0.4,
        version="test-1",
    )
    heads.save(tmp_path / "h.npz")
    loaded = HeadSet.load(tmp_path / "h.npz")
    assert np.allclose(loaded.signs(x), heads.signs(x))
    assert loaded.version == "test-1" and loaded.lesion_threshold == np.float32(0.4)


def test_confidence_falls_with_mirror_disagreement_and_little_skin() -> None:
    sure = confidence(0.9, 0.0, 0.8)
    assert sure == 0.9
    assert confidence(0.9, 0.5, 0.8) < sure
    assert confidence(0.9, 0.0, 0.1) < sure
    assert 0.0 <= confidence(0.2, 3.0, 0.0) <= 1.0
