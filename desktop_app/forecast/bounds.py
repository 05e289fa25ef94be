"""Upper bounds on forecast skill for simulated cohorts, where the truth is known.

A gain target ("CRPS x % better than the best baseline") can only be met if the cohort leaves
that much of the next score predictable. These two reference forecasters measure how much:

* ``OracleMethod``: our model with the simulator's true clinic parameters, no fitting. On a
  cohort drawn from the model with one parameter set, it is the Bayes forecast given each
  patient's history, so no method can beat it in expected CRPS (a proper score).
* ``ClairvoyantMethod``: it also knows each patient's hidden truth: their own long-run level,
  reversion rate and swing size (``SimulatedPatient.level`` etc.). It is the Bayes forecast given
  *more* than the history, so its expected CRPS is a lower bound for every forecaster that sees
  the history only, on any cohort that ``simulate_cohort`` draws without flare jumps (per-patient
  half-lives and swings included). Jumps are outside it: they are not in its model.

Neither is ever shown in the app; the benchmark ``bench_forecast_ceiling`` uses them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from desktop_app.forecast.kalman import filter_patient
from desktop_app.forecast.methods import Series, StateSpaceMethod, Targets, latent_normal_cdf
from desktop_app.forecast.parameters import ForecastParameters
from desktop_app.forecast.simulation import CohortSpec, SimulatedPatient
from desktop_app.forecast.transform import to_latent_array

# A level known exactly: the filter's prior SD on it (it must be > 0), far below any noise.
_KNOWN_SD = 1e-6


def cohort_parameters(spec: CohortSpec) -> ForecastParameters:
    """The clinic parameters a cohort is drawn with (half-life: the geometric centre of its range)."""
    half_life = math.sqrt(spec.half_life_days[0] * spec.half_life_days[1])
    swing = spec.latent_sd * math.sqrt(spec.latent_sd_factor[0] * spec.latent_sd_factor[1])
    return ForecastParameters(
        level_mean=spec.level_mean,
        level_sd=spec.level_sd,
        reversion_per_day=math.log(2.0) / half_life,
        latent_sd=swing,
        noise_sd=spec.noise_sd,
        offset_fraction=spec.offset_fraction,
    )


class OracleMethod(StateSpaceMethod):
    """The model with the simulator's true parameters (no fitting)."""

    name = "oracle"

    def __init__(self, truth: ForecastParameters) -> None:
        super().__init__(truth)

    def fit(self, train: Sequence[Series], score_max: float) -> None:
        self.score_max = score_max
        self.params = self.prior


class ClairvoyantMethod:
    """The Bayes forecast given the history *and* each patient's hidden level, reversion and swing."""

    name = "clairvoyant"

    def __init__(
        self,
        patients: Mapping[str, SimulatedPatient],
        patient_ids: Sequence[str],
        clinic: ForecastParameters,
    ) -> None:
        """``patient_ids`` in the evaluated dataset's order; ``clinic`` gives noise and scale offset."""
        self.truth = [self._parameters(patients[pid], clinic) for pid in patient_ids]
        self.offset_fraction = clinic.offset_fraction
        self.score_max = 0.0

    @staticmethod
    def _parameters(patient: SimulatedPatient, clinic: ForecastParameters) -> ForecastParameters:
        return replace(
            clinic,
            level_mean=patient.level,
            level_sd=_KNOWN_SD,
            reversion_per_day=math.log(2.0) / patient.half_life_days,
            latent_sd=patient.swing_sd,
        )

    def fit(self, train: Sequence[Series], score_max: float) -> None:
        self.score_max = score_max  # nothing to learn: it is told the truth

    def cdf(self, targets: Targets, grid: NDArray[np.float64]) -> NDArray[np.float64]:
        mean = np.empty(len(targets))
        sd = np.empty(len(targets))
        for row, (p, k) in enumerate(zip(targets.patient, targets.index, strict=True)):
            days, scores = targets.series[p]
            params = self.truth[p]
            latent = to_latent_array(scores[:k], self.score_max, self.offset_fraction)
            state = filter_patient(days[:k].tolist(), latent.tolist(), params)
            m, v = state.predict(float(days[k]), params)
            mean[row], sd[row] = m, math.sqrt(v)
        return latent_normal_cdf(mean, sd, grid, self.score_max, self.offset_fraction)
