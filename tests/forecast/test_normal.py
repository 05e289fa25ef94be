"""The pure-Python normal CDF and quantile agree with scipy's over the whole double range."""

import math
from datetime import date, timedelta

import numpy as np
import pytest
from scipy.special import ndtr, ndtri

from desktop_app.domain.scorad import ScoreKind
from desktop_app.forecast import forecast
from desktop_app.forecast.normal import normal_cdf, normal_quantile
from desktop_app.forecast.parameters import DEFAULT_PARAMETERS
from desktop_app.forecast.transform import from_latent


def _probabilities() -> np.ndarray:
    return np.concatenate(
        [
            np.logspace(-300, -1, 900),  # lower tail down to 1e-300
            np.linspace(0.001, 0.999, 999),  # centre, both sides of Acklam's 0.02425 split
            1.0 - np.logspace(-16, -1, 400),  # upper tail up to 1 - 1e-16
            [0.02425, 1.0 - 0.02425, 0.5, np.nextafter(0.5, 0.0), np.nextafter(0.5, 1.0)],
        ]
    )


def test_quantile_matches_scipy_to_1e12_over_the_double_range() -> None:
    ps = _probabilities()
    ours = np.array([normal_quantile(float(p)) for p in ps])
    reference = ndtri(ps)
    # Relative in the tails; absolute near the median, where the quantile crosses zero.
    error = np.abs(ours - reference) / np.maximum(np.abs(reference), 1.0)
    assert error.max() < 1e-12


def test_cdf_matches_scipy_with_relative_accuracy_in_the_lower_tail() -> None:
    xs = np.linspace(-37.5, 8.5, 4601)
    ours = np.array([normal_cdf(float(x)) for x in xs])
    reference = ndtr(xs)
    assert np.all(np.abs(ours - reference) <= 1e-12 * reference)


def test_cdf_and_quantile_round_trip_and_are_symmetric() -> None:
    for p in (1e-250, 1e-20, 0.001, 0.05, 0.25, 0.5, 0.75, 0.95, 0.999, 1.0 - 1e-12):
        assert normal_cdf(normal_quantile(p)) == pytest.approx(p, rel=1e-12)
        if p > 1e-15:  # 1 - p is then a distinct double
            assert normal_quantile(1.0 - p) == pytest.approx(-normal_quantile(p), rel=1e-12, abs=1e-15)
    assert normal_cdf(0.0) == 0.5
    assert normal_quantile(0.5) == 0.0


def test_known_values() -> None:
    # Textbook quantiles: 1.959963984540054 (97.5 %), 1.6448536269514722 (95 %).
    assert normal_quantile(0.975) == pytest.approx(1.959963984540054, abs=1e-15)
    assert normal_quantile(0.05) == pytest.approx(-1.6448536269514722, abs=1e-15)
    assert normal_cdf(1.959963984540054) == pytest.approx(0.975, abs=1e-16)


def test_edges_and_invalid_probabilities() -> None:
    assert normal_quantile(0.0) == -math.inf
    assert normal_quantile(1.0) == math.inf
    assert normal_cdf(-math.inf) == 0.0
    assert normal_cdf(math.inf) == 1.0
    assert math.isfinite(normal_quantile(5e-324))  # smallest subnormal: still a finite quantile
    for bad in (-0.1, 1.5, math.nan):
        with pytest.raises(ValueError, match="probability"):
            normal_quantile(bad)
    with pytest.raises(ValueError, match="NaN"):
        normal_cdf(math.nan)


def test_forecast_quantiles_equal_the_scipy_formula() -> None:
    history = [(date(2025, 1, 1) + timedelta(days=30 * i), s) for i, s in enumerate((42.0, 35.5, 51.0, 47.0))]
    target = date(2025, 6, 1)
    result = forecast(history, target, ScoreKind.SCORAD)
    assert result is not None
    # Rebuild the 90 % bounds from the median's latent value with scipy's quantile.
    from desktop_app.forecast.predict import _Predictor

    predictor = _Predictor(history, ScoreKind.SCORAD, DEFAULT_PARAMETERS)
    mean, sd = predictor.latent_gaussian(target)
    offset = DEFAULT_PARAMETERS.offset_fraction
    assert result.low90 == pytest.approx(
        from_latent(mean + sd * float(ndtri(0.05)), 103.0, offset), abs=1e-12
    )
    assert result.high90 == pytest.approx(
        from_latent(mean + sd * float(ndtri(0.95)), 103.0, offset), abs=1e-12
    )


def test_array_cdf_is_the_scalar_cdf_element_wise_and_keeps_the_shape() -> None:
    from desktop_app.forecast.normal import normal_cdf_array

    x = np.linspace(-30.0, 30.0, 600).reshape(20, 30)  # Φ(-30) ≈ 5e-198: no subnormals
    result = normal_cdf_array(x)
    assert result.shape == (20, 30) and result.dtype == np.float64
    np.testing.assert_allclose(result, ndtr(x), rtol=1e-12, atol=0.0)
