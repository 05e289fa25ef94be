"""The forecasting methods the evaluation compares, behind one small protocol.

A method is fitted on the training part of a forward-chaining fold (every assessment before
the fold's cut date) and then gives, for each target assessment, its predictive CDF on the
common score grid of ``scoring`` using only that patient's earlier assessments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from desktop_app.forecast.fitting import fit_latent_series
from desktop_app.forecast.kalman import PaddedCohort, filter_cohort
from desktop_app.forecast.normal import normal_cdf_array
from desktop_app.forecast.parameters import DEFAULT_PARAMETERS, ForecastParameters
from desktop_app.forecast.transform import to_latent_array

Series = tuple[NDArray[np.float64], NDArray[np.float64]]  # (day numbers ascending, scores)


@dataclass(frozen=True)
class Targets:
    """Assessments to forecast: patient ``patient[i]``'s assessment number ``index[i]`` (0-based).

    The forecast for it may use that patient's assessments ``0 .. index[i] - 1`` only.
    """

    series: Sequence[Series]
    patient: NDArray[np.int64]
    index: NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.patient)

    def observed(self) -> NDArray[np.float64]:
        return np.array([self.series[p][1][k] for p, k in zip(self.patient, self.index, strict=True)])

    def last_score(self) -> NDArray[np.float64]:
        return np.array([self.series[p][1][k - 1] for p, k in zip(self.patient, self.index, strict=True)])

    def gap_days(self) -> NDArray[np.float64]:
        return np.array(
            [
                self.series[p][0][k] - self.series[p][0][k - 1]
                for p, k in zip(self.patient, self.index, strict=True)
            ]
        )


class Method(Protocol):
    name: str

    def fit(self, train: Sequence[Series], score_max: float) -> None: ...

    def cdf(self, targets: Targets, grid: NDArray[np.float64]) -> NDArray[np.float64]: ...


class StateSpaceMethod:
    """Ours: the mean-reverting Kalman model, clinic parameters refitted on each fold's training data."""

    name = "model"

    def __init__(self, prior: ForecastParameters = DEFAULT_PARAMETERS) -> None:
        self.prior = prior
        self.params = prior
        self.score_max = 0.0

    def fit(self, train: Sequence[Series], score_max: float) -> None:
        self.score_max = score_max
        latent = [(d, to_latent_array(s, score_max, self.prior.offset_fraction)) for d, s in train if len(d)]
        self.params = fit_latent_series(latent, self.prior)

    def cdf(self, targets: Targets, grid: NDArray[np.float64]) -> NDArray[np.float64]:
        involved = np.unique(targets.patient)
        row_of = {int(p): row for row, p in enumerate(involved)}
        latent = [
            (
                targets.series[p][0],
                to_latent_array(targets.series[p][1], self.score_max, self.params.offset_fraction),
            )
            for p in involved
        ]
        result = filter_cohort(PaddedCohort.build(latent), self.params, keep_predictions=True)
        assert result.predicted_mean is not None and result.predicted_var is not None
        rows = np.array([row_of[int(p)] for p in targets.patient])
        mean = result.predicted_mean[rows, targets.index]
        sd = np.sqrt(result.predicted_var[rows, targets.index])
        return latent_normal_cdf(mean, sd, grid, self.score_max, self.params.offset_fraction)


def latent_normal_cdf(
    mean: NDArray[np.float64],
    sd: NDArray[np.float64],
    grid: NDArray[np.float64],
    score_max: float,
    offset_fraction: float,
) -> NDArray[np.float64]:
    """(targets, grid) CDF on the score scale of normal predictives (``mean``, ``sd``) on the
    latent (logit) scale; the scale's maximum, the last grid point, holds what lies above it."""
    grid_latent = to_latent_array(grid, score_max, offset_fraction)
    cdf = normal_cdf_array((grid_latent[None, :] - mean[:, None]) / sd[:, None])
    cdf[:, -1] = 1.0
    return cdf
