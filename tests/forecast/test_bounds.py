"""The skill bounds of simulated cohorts: the clairvoyant forecaster is honest and beats the model."""

from dataclasses import replace

import numpy as np
import pytest

from desktop_app.forecast.bounds import ClairvoyantMethod, OracleMethod, cohort_parameters
from desktop_app.forecast.evaluation import dataset_from_histories, evaluate
from desktop_app.forecast.methods import StateSpaceMethod, Targets
from desktop_app.forecast.parameters import DEFAULT_PARAMETERS
from desktop_app.forecast.scoring import score_grid
from desktop_app.forecast.simulation import CLINIC_COHORT, simulate_cohort

EXACT = replace(CLINIC_COHORT, half_life_days=(30.0, 30.0), latent_sd_factor=(1.0, 1.0))


def test_simulated_patients_carry_their_hidden_truth() -> None:
    patients = simulate_cohort(50, seed=3, spec=EXACT)
    assert np.allclose([p.half_life_days for p in patients], 30.0)
    assert np.allclose([p.swing_sd for p in patients], EXACT.latent_sd)
    levels = np.array([p.level for p in patients])
    assert abs(levels.mean() - EXACT.level_mean) < 3 * EXACT.level_sd / np.sqrt(50)
    assert len(set(levels.tolist())) == 50


def test_cohort_parameters_of_a_one_parameter_cohort_are_the_defaults() -> None:
    params = cohort_parameters(EXACT)
    for name in ("level_mean", "level_sd", "reversion_per_day", "latent_sd", "noise_sd"):
        assert getattr(params, name) == pytest.approx(getattr(DEFAULT_PARAMETERS, name))


def test_clairvoyant_uses_only_earlier_assessments() -> None:
    patients = simulate_cohort(5, seed=9)
    dataset = dataset_from_histories({p.patient_id: p.history() for p in patients}, EXACT.kind)
    method = ClairvoyantMethod(
        {p.patient_id: p for p in patients}, dataset.patient_ids, cohort_parameters(EXACT)
    )
    grid = score_grid(103.0)
    method.fit([], 103.0)
    targets = Targets(dataset.series, np.array([0, 1]), np.array([3, 3]))
    before = method.cdf(targets, grid)
    # Rewrite every score from the target on: the forecast must not move.
    changed = tuple((d, np.concatenate([s[:3], 103.0 - s[3:]])) for d, s in dataset.series)
    after = method.cdf(Targets(changed, targets.patient, targets.index), grid)
    np.testing.assert_array_equal(before, after)
    assert np.all(np.diff(before, axis=1) >= 0) and np.all(before[:, -1] == 1.0)


def test_knowing_the_truth_beats_the_fitted_model_and_stays_calibrated() -> None:
    patients = simulate_cohort(300, seed=17)
    dataset = dataset_from_histories({p.patient_id: p.history() for p in patients}, CLINIC_COHORT.kind)
    clairvoyant = ClairvoyantMethod(
        {p.patient_id: p for p in patients}, dataset.patient_ids, cohort_parameters(CLINIC_COHORT)
    )
    methods = [clairvoyant, OracleMethod(cohort_parameters(CLINIC_COHORT)), StateSpaceMethod()]
    result = evaluate(dataset, methods).to_dict()["methods"]
    assert result["clairvoyant"]["crps"] < 0.97 * result["model"]["crps"]
    assert result["clairvoyant"]["crps"] < 0.97 * result["oracle"]["crps"]
    assert 0.85 <= result["clairvoyant"]["coverage90"] <= 0.95
