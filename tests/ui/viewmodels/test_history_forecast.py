"""``forecast_for``: the history screen's fan uses the clinic's refitted parameters when stored."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from desktop_app.domain.severity import BandSet
from desktop_app.forecast import DEFAULT_PARAMETERS, ForecastInputError
from desktop_app.ui.viewmodels.history import forecast_for

POINTS = [(date(2024, 1, 1) + timedelta(days=35 * i), s) for i, s in enumerate((40.0, 36.0, 42.0, 38.0))]


def test_stored_parameters_change_the_fan_and_none_means_defaults() -> None:
    default_fan = forecast_for(POINTS, BandSet.CLASSIC)
    assert default_fan == forecast_for(POINTS, BandSet.CLASSIC, {})
    # A clinic whose swings never settle (half-life ~3 years) and that is far milder on average:
    # twelve weeks out its median stays near this patient's recent scores instead of reverting.
    sticky = replace(DEFAULT_PARAMETERS, reversion_per_day=0.0006, level_mean=-2.5, fitted_patients=300)
    sticky_fan = forecast_for(POINTS, BandSet.CLASSIC, sticky.to_dict())
    assert default_fan is not None and sticky_fan is not None
    assert sticky_fan.median != default_fan.median
    assert sticky_fan.high90[-1] - sticky_fan.low90[-1] != pytest.approx(
        default_fan.high90[-1] - default_fan.low90[-1]
    )


def test_a_foreign_stored_set_is_an_error_for_the_screen() -> None:
    with pytest.raises(ForecastInputError):
        forecast_for(POINTS, BandSet.CLASSIC, {**DEFAULT_PARAMETERS.to_dict(), "model_version": "x/0"})
