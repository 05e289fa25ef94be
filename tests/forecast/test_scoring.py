"""The proper scores on known cases."""

import numpy as np
import pytest

from desktop_app.forecast.scoring import brier, roc_auc, score_cdfs, score_grid


def test_point_mass_at_the_truth_scores_perfectly() -> None:
    grid = score_grid(103.0)
    observed = np.array([0.0, 12.3, 55.0, 103.0])
    cdf = (grid[None, :] >= observed[:, None]).astype(float)
    scores = score_cdfs(cdf, grid, observed, np.array([5.0, 20.0, 200.0, 50.0]))
    np.testing.assert_allclose(scores.crps, 0.0, atol=1e-12)
    np.testing.assert_allclose(scores.abs_error, 0.0, atol=1e-9)
    assert scores.covered50.all() and scores.covered90.all()
    np.testing.assert_allclose(scores.log_score, 0.0, atol=1e-12)
    np.testing.assert_allclose(scores.p_flare, [0.0, 0.0, 0.0, 1.0])


def test_uniform_crps_matches_closed_form() -> None:
    m = 103.0
    grid = score_grid(m)
    observed = np.array([0.0, 10.0, 51.5, 90.0])
    cdf = np.tile(grid / m, (4, 1))
    scores = score_cdfs(cdf, grid, observed, np.full(4, 30.0))
    expected = (observed**3 + (m - observed) ** 3) / (3 * m**2)
    np.testing.assert_allclose(scores.crps, expected, atol=0.06)  # grid reading, ≤ half a step
    np.testing.assert_allclose(scores.log_score, np.log(m) + np.log([2.0, 1.0, 1.0, 1.0]), rtol=1e-6)
    np.testing.assert_allclose(scores.p_flare, 1.0 - 29.9 / m, rtol=1e-6)  # P(Y ≥ 30) on the 0.1 grid


def test_auc_and_brier() -> None:
    outcome = np.array([False, False, True, True])
    assert roc_auc(np.array([0.1, 0.2, 0.8, 0.9]), outcome) == 1.0
    assert roc_auc(np.array([0.9, 0.8, 0.2, 0.1]), outcome) == 0.0
    assert roc_auc(np.full(4, 0.3), outcome) == 0.5
    assert np.isnan(roc_auc(np.full(4, 0.3), np.zeros(4, dtype=bool)))
    assert brier(outcome.astype(float), outcome) == 0.0
    assert brier(np.full(4, 0.5), outcome) == pytest.approx(0.25)
