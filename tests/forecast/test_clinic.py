"""Refit on demand and reading the stored parameters back (``desktop_app.forecast.clinic``)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from desktop_app.domain.scorad import ScoreKind
from desktop_app.forecast import (
    DEFAULT_PARAMETERS,
    ForecastInputError,
    ForecastParameters,
    refit_clinic,
    stored_parameters,
)
from desktop_app.forecast.clinic import MIN_FIT_PATIENTS
from desktop_app.forecast.simulation import CohortSpec, simulate_cohort


def test_refit_learns_the_clinic_and_stamps_when() -> None:
    # A clinic whose patients sit much milder than the defaults' centre (~30/103).
    spec = CohortSpec(kind=ScoreKind.SCORAD, level_mean=-2.0)
    cohort = {p.patient_id: p.history() for p in simulate_cohort(200, seed=11, spec=spec)}
    when = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
    params = refit_clinic(cohort, ScoreKind.SCORAD, now=when)
    assert params.fitted_utc == "2026-11-28T09:30:00+00:00"
    assert params.fitted_patients == 200
    assert params.level_mean == pytest.approx(-2.0, abs=0.15)
    assert abs(params.level_mean - DEFAULT_PARAMETERS.level_mean) > 1.0
    assert stored_parameters(params.to_dict()) == params


def test_refit_refuses_a_history_too_thin_to_learn_from() -> None:
    one_visit_each = {f"P{i}": [(date(2024, 1, 1), 30.0)] for i in range(50)}
    few = {f"P{i}": [(date(2024, 1, 1), 30.0), (date(2024, 2, 1), 25.0)] for i in range(MIN_FIT_PATIENTS - 1)}
    for history in (one_visit_each, few, {}):
        with pytest.raises(ForecastInputError, match="default parameters"):
            refit_clinic(history, ScoreKind.SCORAD)


def test_nothing_stored_means_the_defaults() -> None:
    assert stored_parameters({}) is DEFAULT_PARAMETERS
    assert stored_parameters(None) is DEFAULT_PARAMETERS


def test_unreadable_or_foreign_stored_sets_are_errors_not_silent_defaults() -> None:
    with pytest.raises(ForecastInputError, match="not readable"):
        stored_parameters({"level_mean": -1.0, "unknown_field": 3})
    other_model = {**DEFAULT_PARAMETERS.to_dict(), "model_version": "ou-kalman-logit/0"}
    with pytest.raises(ForecastInputError, match="refit"):
        stored_parameters(other_model)
    with pytest.raises(ForecastInputError, match="positive"):
        stored_parameters({**DEFAULT_PARAMETERS.to_dict(), "noise_sd": -1.0})
    assert isinstance(stored_parameters(DEFAULT_PARAMETERS.to_dict()), ForecastParameters)
