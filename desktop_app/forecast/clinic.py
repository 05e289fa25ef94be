"""The clinic's own forecast parameters: refit on demand from its history, and read back.

The app forecasts with ``DEFAULT_PARAMETERS`` until an administrator refits them on the
clinic's clinician SCORAD history (``scorad-desk forecast refit`` or the Settings screen);
the fitted set is stored as the ``forecast_parameters`` setting (``ForecastParameters.to_dict()``)
and every later forecast, on screen and in reports, uses it. Storage stays out of this
module: callers pass the series they read with ``Session.score_series`` and store the result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from desktop_app.domain.scorad import ScoreKind
from desktop_app.forecast.errors import ForecastInputError
from desktop_app.forecast.fitting import fit_clinic_parameters
from desktop_app.forecast.parameters import DEFAULT_PARAMETERS, ForecastParameters

# A patient contributes to the fit from two assessments on (one gives no information on how
# scores move); below this many such patients the refit refuses rather than store a set that
# is the prior in disguise.
MIN_FIT_PATIENTS = 5


def refit_clinic(
    series_by_patient: Mapping[Any, Sequence[tuple[date, float]]],
    kind: ScoreKind = ScoreKind.SCORAD,
    now: datetime | None = None,
) -> ForecastParameters:
    """Fit the clinic's parameters; ForecastInputError when the history is too thin."""
    usable = {patient: history for patient, history in series_by_patient.items() if len(history) >= 2}
    if len(usable) < MIN_FIT_PATIENTS:
        raise ForecastInputError(
            f"Only {len(usable)} patient(s) have two or more assessments; the forecast needs at least "
            f"{MIN_FIT_PATIENTS} to learn from this clinic, and keeps its default parameters until then."
        )
    fitted = fit_clinic_parameters({str(p): h for p, h in usable.items()}, kind)
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    return replace(fitted, fitted_utc=stamp)


def stored_parameters(stored: Mapping[str, Any] | None) -> ForecastParameters:
    """The parameters a stored setting holds; the defaults when nothing was fitted yet.

    A stored set from another model version is not silently reinterpreted: it raises
    ForecastInputError asking for a refit."""
    if not stored:
        return DEFAULT_PARAMETERS
    params = ForecastParameters.from_dict(dict(stored))
    if params.model_version != DEFAULT_PARAMETERS.model_version:
        raise ForecastInputError(
            f"The stored forecast parameters are for model {params.model_version}, not "
            f"{DEFAULT_PARAMETERS.model_version}; an administrator should refit them."
        )
    return params
