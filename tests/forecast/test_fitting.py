"""Pooled fit: recovers the parameters of a cohort simulated from the model, defaults without data."""

import math
from dataclasses import replace
from datetime import date

import pytest

from desktop_app.domain.scorad import ScoreKind
from desktop_app.forecast import (
    DEFAULT_PARAMETERS,
    ForecastInputError,
    ForecastParameters,
    fit_clinic_parameters,
)
from desktop_app.forecast.simulation import CLINIC_COHORT, simulate_cohort


def test_recovers_the_parameters_of_a_well_specified_cohort() -> None:
    # Every patient shares one half-life and swing size here, so the truth is one parameter set.
    truth = ForecastParameters(
        level_mean=-0.3, level_sd=0.45, reversion_per_day=math.log(2) / 20, latent_sd=0.5, noise_sd=0.2
    )
    spec = replace(
        CLINIC_COHORT,
        level_mean=truth.level_mean,
        level_sd=truth.level_sd,
        half_life_days=(20.0, 20.0),
        latent_sd=truth.latent_sd,
        latent_sd_factor=(1.0, 1.0),
        noise_sd=truth.noise_sd,
    )
    cohort = simulate_cohort(500, seed=11, spec=spec)
    fitted = fit_clinic_parameters({p.patient_id: p.history() for p in cohort}, spec.kind)
    assert fitted.level_mean == pytest.approx(truth.level_mean, abs=0.08)
    assert fitted.level_sd == pytest.approx(truth.level_sd, rel=0.15)
    assert fitted.half_life_days == pytest.approx(truth.half_life_days, rel=0.25)
    assert fitted.latent_sd == pytest.approx(truth.latent_sd, rel=0.12)
    assert fitted.noise_sd == pytest.approx(truth.noise_sd, rel=0.3)
    assert fitted.fitted_patients == 500 and fitted.fitted_assessments == sum(len(p.dates) for p in cohort)


def test_a_clinic_without_history_keeps_the_defaults_and_a_tiny_one_stays_near_them() -> None:
    assert fit_clinic_parameters({}, ScoreKind.SCORAD) == DEFAULT_PARAMETERS
    tiny = {"a": [(date(2025, 1, 1), 30.0), (date(2025, 2, 1), 34.0)], "b": [(date(2025, 1, 5), 20.0)]}
    fitted = fit_clinic_parameters(tiny, ScoreKind.SCORAD)
    assert fitted.fitted_patients == 2
    assert 0.2 < fitted.half_life_days / DEFAULT_PARAMETERS.half_life_days < 5  # the prior holds it


def test_parameters_round_trip_through_json_ready_dicts() -> None:
    assert ForecastParameters.from_dict(DEFAULT_PARAMETERS.to_dict()) == DEFAULT_PARAMETERS
    with pytest.raises(ForecastInputError):
        ForecastParameters.from_dict({"level_mean": 0.0})
    with pytest.raises(ForecastInputError, match="noise_sd"):
        replace(DEFAULT_PARAMETERS, noise_sd=0.0)


def test_a_score_off_the_scale_names_the_patient() -> None:
    with pytest.raises(ForecastInputError, match=r"Patient b: .*outside 0–83"):
        fit_clinic_parameters(
            {"a": [(date(2025, 1, 1), 30.0)], "b": [(date(2025, 1, 1), 90.0)]}, ScoreKind.OSCORAD
        )
