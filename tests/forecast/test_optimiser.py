"""The numpy minimiser that replaced scipy's L-BFGS-B in the clinic fit."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from numpy.typing import NDArray
from scipy.optimize import minimize
from scipy.stats import rankdata

from desktop_app.forecast.fitting import _BOUNDS, _from_vector, _to_vector, fit_latent_series
from desktop_app.forecast.kalman import PaddedCohort, filter_cohort
from desktop_app.forecast.optimiser import minimise_in_box
from desktop_app.forecast.parameters import DEFAULT_PARAMETERS
from desktop_app.forecast.scoring import average_ranks, roc_auc
from desktop_app.forecast.simulation import simulate_cohort
from desktop_app.forecast.transform import to_latent_array


def _rosenbrock(x: NDArray[np.float64]) -> float:
    return float(100.0 * (x[1] - x[0] ** 2) ** 2 + (1.0 - x[0]) ** 2)


def test_finds_an_interior_minimum_of_a_curved_valley() -> None:
    result = minimise_in_box(_rosenbrock, [-1.2, 1.0], [(-5.0, 5.0), (-5.0, 5.0)], max_iterations=500)
    assert result.converged
    np.testing.assert_allclose(result.x, [1.0, 1.0], atol=1e-4)


def test_stops_on_an_active_bound_where_the_gradient_points_out() -> None:
    # min (x-3)^2 + (y+1)^2 over [0, 2] x [0, 2] is at (2, 0): both bounds active.
    def f(v: NDArray[np.float64]) -> float:
        return float((v[0] - 3.0) ** 2 + (v[1] + 1.0) ** 2)

    result = minimise_in_box(f, [0.5, 1.5], [(0.0, 2.0), (0.0, 2.0)])
    np.testing.assert_allclose(result.x, [2.0, 0.0], atol=1e-9)
    assert result.value == pytest.approx(2.0)


def test_a_start_outside_the_box_is_clipped_in() -> None:
    result = minimise_in_box(lambda v: float(np.sum(v**2)), [10.0, -10.0], [(1.0, 4.0), (-4.0, -1.0)])
    np.testing.assert_allclose(result.x, [1.0, -1.0], atol=1e-9)


def test_rejects_an_empty_box() -> None:
    with pytest.raises(ValueError, match="lower < upper"):
        minimise_in_box(lambda v: 0.0, [0.0], [(1.0, 1.0)])


def test_clinic_fit_matches_scipy_lbfgsb_on_the_real_likelihood() -> None:
    patients = simulate_cohort(120, seed=3)
    series = []
    for p in patients:
        days = np.array([(d - p.dates[0]).days for d in p.dates], np.float64)
        series.append((days, to_latent_array(np.array(p.scores), 103.0, DEFAULT_PARAMETERS.offset_fraction)))
    ours = fit_latent_series(series)

    cohort = PaddedCohort.build(series)
    u0 = _to_vector(DEFAULT_PARAMETERS)

    def objective(u: NDArray[np.float64]) -> float:
        loglik = filter_cohort(cohort, _from_vector(u, DEFAULT_PARAMETERS, 0, 0)).log_likelihood
        return (-loglik + 0.5 * float(np.sum((u - u0) ** 2))) / cohort.n_points

    reference = minimize(objective, u0, method="L-BFGS-B", bounds=_BOUNDS, options={"maxiter": 200})
    assert objective(_to_vector(ours)) <= reference.fun + 1e-6
    np.testing.assert_allclose(_to_vector(ours), reference.x, atol=2e-3)


def test_average_ranks_match_scipy_with_ties() -> None:
    rng = np.random.default_rng(0)
    values = rng.integers(0, 7, 200).astype(np.float64)
    np.testing.assert_array_equal(average_ranks(values), rankdata(values))
    assert roc_auc(np.array([0.1, 0.4, 0.4, 0.9]), np.array([False, True, False, True])) == pytest.approx(
        0.875
    )


def test_the_forecast_package_imports_without_scipy() -> None:
    # The installed app ships without scipy: forecasting, refitting and evaluating must not need it.
    code = (
        "import sys; sys.modules['scipy'] = None\n"
        "import desktop_app.forecast, desktop_app.forecast.evaluation, desktop_app.forecast.methods\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
