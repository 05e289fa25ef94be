"""Forecasts for a chosen date: shown from 3 assessments, inside the scale, flare risk sensible."""

from datetime import date, timedelta

import numpy as np
import pytest

from desktop_app.domain.scorad import ScoreKind
from desktop_app.domain.severity import BandSet
from desktop_app.forecast import (
    DEFAULT_PARAMETERS,
    ForecastInputError,
    forecast,
    forecast_fan,
    unavailable_reason,
)
from desktop_app.forecast.simulation import CLINIC_COHORT, simulate_cohort

D0 = date(2025, 3, 1)


def _history(scores: list[float], gaps: list[int] | None = None) -> list[tuple[date, float]]:
    gaps = gaps or [30] * (len(scores) - 1)
    days = np.concatenate([[0], np.cumsum(gaps)])
    return [(D0 + timedelta(days=int(d)), s) for d, s in zip(days, scores, strict=True)]


def test_no_forecast_before_three_assessments() -> None:
    two = _history([30.0, 35.0])
    assert forecast(two, D0 + timedelta(days=60), ScoreKind.SCORAD) is None
    assert forecast_fan(two, ScoreKind.SCORAD) is None
    assert "at least 3" in (unavailable_reason(two) or "")
    three = _history([30.0, 35.0, 32.0])
    assert unavailable_reason(three) is None
    result = forecast(three, D0 + timedelta(days=90), ScoreKind.SCORAD)
    assert result is not None and result.n_points == 3 and result.horizon_days == 30


@pytest.mark.parametrize(
    ("kind", "scores"),
    [
        (ScoreKind.SCORAD, [0.0, 1.5, 0.0, 2.0]),
        (ScoreKind.SCORAD, [101.0, 103.0, 99.0, 103.0]),
        (ScoreKind.OSCORAD, [80.0, 83.0, 82.0]),
        (ScoreKind.PO_SCORAD, [40.0, 12.0, 70.0]),
    ],
)
def test_intervals_are_ordered_and_inside_the_scale(kind: ScoreKind, scores: list[float]) -> None:
    history = _history(scores)
    result = forecast(history, history[-1][0] + timedelta(days=45), kind)
    assert result is not None
    top = 83.0 if kind is ScoreKind.OSCORAD else 103.0
    values = [result.low90, result.low50, result.median, result.high50, result.high90]
    assert values == sorted(values)
    assert result.low90 >= 0.0 and result.high90 <= top
    assert 0.0 <= result.p_flare <= 1.0


def test_uncertainty_grows_with_the_gap_to_the_target() -> None:
    history = _history([30.0, 42.0, 28.0, 35.0], gaps=[3, 90, 14])  # irregular visits
    widths = []
    for days in (1, 7, 30, 120, 720):
        result = forecast(history, history[-1][0] + timedelta(days=days), ScoreKind.SCORAD)
        assert result is not None
        widths.append(result.high90 - result.low90)
    assert widths == sorted(widths) and widths[0] < 0.7 * widths[-1]
    fan = forecast_fan(history, ScoreKind.SCORAD, horizon_days=30, step_days=7)
    assert fan is not None
    assert [(d - history[-1][0]).days for d in fan.dates] == [7, 14, 21, 28, 30]
    low, high = np.array(fan.quantiles[0]), np.array(fan.quantiles[-1])
    assert np.all(np.diff(high - low) > 0)
    assert np.all(np.array(fan.quantiles[1]) <= np.array(fan.quantiles[2]))


def test_p_flare_rises_with_the_current_level() -> None:
    # Same latest assessment (so the same flare threshold), higher recent severity before it:
    # the latent current level is higher, so a flare is more likely.
    target = D0 + timedelta(days=120)
    p = []
    for earlier in (10.0, 20.0, 30.0, 40.0, 50.0):
        result = forecast(_history([earlier, earlier, earlier, 30.0]), target, ScoreKind.SCORAD)
        assert result is not None and result.flare_threshold == pytest.approx(38.7)
        p.append(result.p_flare)
    assert p == sorted(p) and p[-1] - p[0] > 0.2


def test_p_flare_is_zero_when_no_flare_is_possible_and_follows_the_band_set() -> None:
    top = forecast(_history([100.0, 101.0, 100.0]), D0 + timedelta(days=90), ScoreKind.SCORAD)
    assert top is not None and top.p_flare == 0.0
    mild = _history([22.0, 23.0, 24.0])  # classic: 25 is moderate; Chopra: 29 is moderate
    classic = forecast(mild, D0 + timedelta(days=90), ScoreKind.SCORAD, band_set=BandSet.CLASSIC)
    chopra = forecast(mild, D0 + timedelta(days=90), ScoreKind.SCORAD, band_set=BandSet.CHOPRA2017)
    assert classic is not None and chopra is not None
    assert classic.flare_threshold == 25.0 and chopra.flare_threshold == 29.0
    assert classic.p_flare > chopra.p_flare


def test_bad_input_raises_a_readable_error() -> None:
    history = _history([30.0, 35.0, 32.0])
    with pytest.raises(ForecastInputError, match="after the latest assessment"):
        forecast(history, history[-1][0], ScoreKind.SCORAD)
    with pytest.raises(ForecastInputError, match="outside 0–83"):
        forecast(_history([30.0, 85.0, 32.0]), D0 + timedelta(days=200), ScoreKind.OSCORAD)
    with pytest.raises(ForecastInputError, match="not a number"):
        forecast(_history([30.0, float("nan"), 32.0]), D0 + timedelta(days=200), ScoreKind.SCORAD)


def test_intervals_are_calibrated_on_the_models_own_cohort() -> None:
    cohort = simulate_cohort(400, seed=5, spec=CLINIC_COHORT)
    inside50 = inside90 = 0
    for patient in cohort:
        history = patient.history()
        result = forecast(history[:-1][:3], history[3][0], CLINIC_COHORT.kind, DEFAULT_PARAMETERS)
        assert result is not None
        observed = history[3][1]
        inside50 += result.low50 <= observed <= result.high50
        inside90 += result.low90 <= observed <= result.high90
    assert 0.44 <= inside50 / len(cohort) <= 0.58
    assert 0.86 <= inside90 / len(cohort) <= 0.95
