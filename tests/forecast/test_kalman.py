"""The Kalman recursion against closed-form Gaussian conditioning, over irregular gaps."""

import math

import numpy as np
import pytest
from scipy.stats import multivariate_normal

from desktop_app.forecast.kalman import PaddedCohort, filter_cohort, filter_patient
from desktop_app.forecast.parameters import ForecastParameters

PARAMS = ForecastParameters(
    level_mean=-0.5, level_sd=0.7, reversion_per_day=0.03, latent_sd=0.4, noise_sd=0.2
)


def _joint_covariance(days: np.ndarray, p: ForecastParameters) -> np.ndarray:
    """Cov(z_i, z_j) = level_sd² + latent_sd² exp(-θ|t_i - t_j|) + noise_sd² δ_ij (stationary OU + level)."""
    lag = np.abs(days[:, None] - days[None, :])
    return (
        p.level_sd**2
        + p.latent_sd**2 * np.exp(-p.reversion_per_day * lag)
        + p.noise_sd**2 * np.eye(len(days))
    )


def test_likelihood_and_prediction_match_closed_form_on_irregular_gaps() -> None:
    days = np.array([0.0, 3.0, 40.0, 41.0, 200.0, 230.0])  # 1 day to 5 months apart
    z = np.array([-0.2, 0.1, -0.9, -0.7, 0.4, 0.0])
    state = filter_patient(days.tolist(), z.tolist(), PARAMS)
    expected = multivariate_normal(
        np.full(len(days), PARAMS.level_mean), _joint_covariance(days, PARAMS)
    ).logpdf(z)
    assert state.log_likelihood == pytest.approx(expected, rel=1e-10)

    target = 290.0
    all_days = np.append(days, target)
    cov = _joint_covariance(all_days, PARAMS)
    k = cov[-1, :-1]
    weights = np.linalg.solve(cov[:-1, :-1], k)
    mean_cf = PARAMS.level_mean + weights @ (z - PARAMS.level_mean)
    var_cf = cov[-1, -1] - k @ weights
    mean, var = state.predict(target, PARAMS)
    assert mean == pytest.approx(mean_cf, abs=1e-12)
    assert var == pytest.approx(var_cf, rel=1e-10)


def test_single_assessment_prediction_is_textbook_bivariate_conditioning() -> None:
    state = filter_patient([0.0], [0.5], PARAMS)
    gap = 20.0
    phi = math.exp(-PARAMS.reversion_per_day * gap)
    var_one = PARAMS.level_sd**2 + PARAMS.latent_sd**2 + PARAMS.noise_sd**2
    covariance = PARAMS.level_sd**2 + PARAMS.latent_sd**2 * phi
    mean, var = state.predict(gap, PARAMS)
    assert mean == pytest.approx(PARAMS.level_mean + covariance / var_one * (0.5 - PARAMS.level_mean))
    assert var == pytest.approx(var_one - covariance**2 / var_one)


def test_long_gaps_forget_the_swing_but_keep_the_patients_level() -> None:
    low = filter_patient([0.0, 30.0, 60.0], [-1.5, -1.4, -1.6], PARAMS)
    high = filter_patient([0.0, 30.0, 60.0], [0.5, 0.6, 0.4], PARAMS)
    far = 60.0 + 3650.0
    low_mean, low_var = low.predict(far, PARAMS)
    high_mean, high_var = high.predict(far, PARAMS)
    # Ten years on, the prediction is each patient's learnt level, not the clinic's mean,
    assert low_mean < PARAMS.level_mean < high_mean
    assert low_mean == pytest.approx(low.level_mean, abs=1e-6)
    # and its uncertainty grows with the gap towards level uncertainty + swing + noise.
    near_var = low.predict(61.0, PARAMS)[1]
    assert near_var < low_var
    assert low_var == pytest.approx(low.var_level + PARAMS.latent_sd**2 + PARAMS.noise_sd**2, rel=1e-6)
    assert high_var == pytest.approx(low_var)


def test_vectorised_filter_matches_the_scalar_one() -> None:
    rng = np.random.default_rng(3)
    series = []
    for n in (1, 7, 3, 12, 5):
        days = np.cumsum(rng.integers(0, 90, n)).astype(float)  # includes same-day repeats (gap 0)
        series.append((days, rng.normal(-0.5, 0.6, n)))
    result = filter_cohort(PaddedCohort.build(series), PARAMS, keep_predictions=True)
    total = 0.0
    for row, (days, z) in enumerate(series):
        total += filter_patient(days.tolist(), z.tolist(), PARAMS).log_likelihood
        for k in range(1, len(days)):
            state = filter_patient(days[:k].tolist(), z[:k].tolist(), PARAMS)
            mean, var = state.predict(days[k], PARAMS)
            assert result.predicted_mean is not None and result.predicted_var is not None
            assert result.predicted_mean[row, k] == pytest.approx(mean, abs=1e-12)
            assert result.predicted_var[row, k] == pytest.approx(var, rel=1e-12)
    assert result.log_likelihood == pytest.approx(total, rel=1e-12)
