"""Pool the model's parameters over the clinic's patients: penalised maximum likelihood.

The likelihood is the Kalman filter's prediction-error decomposition summed over patients,
with each patient's own level integrated out (empirical Bayes: the clinic's spread of levels
is estimated, individual levels are not free parameters). A weak Gaussian prior on the
log-parameters, centred on ``DEFAULT_PARAMETERS`` (sd 1 on each log, i.e. a factor e), keeps
a new clinic with a handful of patients near the defaults; with a few hundred assessments
the data dominate. The filter is vectorised across patients, so a refit on 10,000 patients
is a few hundred array passes (see benchmarks/bench_forecast.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
from numpy.typing import NDArray

from desktop_app.domain.scorad import ScoreKind
from desktop_app.domain.severity import SCORE_MAX
from desktop_app.forecast.errors import ForecastInputError
from desktop_app.forecast.history import history_arrays
from desktop_app.forecast.kalman import PaddedCohort, filter_cohort
from desktop_app.forecast.optimiser import minimise_in_box
from desktop_app.forecast.parameters import DEFAULT_PARAMETERS, ForecastParameters
from desktop_app.forecast.transform import to_latent_array

_PRIOR_SD = np.array([1.0, 1.0, 1.0, 1.0, 1.0])
# Bounds on the free vector keep the optimiser off degenerate corners (a half-life of 1 hour
# or 30 years, an SD of 0): none of them is binding on any plausible clinic.
_BOUNDS = [
    (-6.0, 6.0),
    (math.log(1e-3), math.log(5.0)),
    (math.log(math.log(2.0) / 3650.0), math.log(math.log(2.0) / 0.5)),
    (math.log(1e-3), math.log(5.0)),
    (math.log(1e-3), math.log(3.0)),
]


def _to_vector(p: ForecastParameters) -> NDArray[np.float64]:
    return np.array(
        [
            p.level_mean,
            math.log(p.level_sd),
            math.log(p.reversion_per_day),
            math.log(p.latent_sd),
            math.log(p.noise_sd),
        ]
    )


def _from_vector(
    u: NDArray[np.float64], template: ForecastParameters, patients: int, points: int
) -> ForecastParameters:
    return ForecastParameters(
        level_mean=float(u[0]),
        level_sd=math.exp(u[1]),
        reversion_per_day=math.exp(u[2]),
        latent_sd=math.exp(u[3]),
        noise_sd=math.exp(u[4]),
        offset_fraction=template.offset_fraction,
        fitted_patients=patients,
        fitted_assessments=points,
    )


def fit_latent_series(
    series: Sequence[tuple[NDArray[np.float64], NDArray[np.float64]]],
    prior: ForecastParameters = DEFAULT_PARAMETERS,
) -> ForecastParameters:
    """Fit on (days, latent-scale scores) pairs, days ascending within each series."""
    series = [s for s in series if len(s[0]) > 0]
    if not series:
        return prior
    cohort = PaddedCohort.build(series)
    n_points = cohort.n_points
    u0 = _to_vector(prior)
    u0 = np.array([min(max(x, lo), hi) for x, (lo, hi) in zip(u0, _BOUNDS, strict=True)])

    def objective(u: NDArray[np.float64]) -> float:
        params = _from_vector(u, prior, 0, 0)
        loglik = filter_cohort(cohort, params).log_likelihood
        penalty = 0.5 * float(np.sum(((u - u0) / _PRIOR_SD) ** 2))
        return (-loglik + penalty) / n_points

    result = minimise_in_box(objective, u0, _BOUNDS, max_iterations=200)
    return _from_vector(result.x, prior, len(series), n_points)


def fit_clinic_parameters(
    series_by_patient: Mapping[str, Sequence[tuple[date, float]]],
    kind: ScoreKind,
    prior: ForecastParameters = DEFAULT_PARAMETERS,
) -> ForecastParameters:
    """Refit the clinic's parameters from every patient's history of one score kind.

    Raises ForecastInputError for a score off the scale; patients with no assessment are ignored.
    """
    score_max = SCORE_MAX[kind]
    series = []
    for patient, history in series_by_patient.items():
        if not history:
            continue
        try:
            days, scores = history_arrays(history, kind)
        except ForecastInputError as error:
            raise ForecastInputError(f"Patient {patient}: {error}") from None
        series.append((days, to_latent_array(scores, score_max, prior.offset_fraction)))
    return fit_latent_series(series, prior)
