"""The five reference forecasts of the evaluation (DESIGN §6, after Hurault et al. 2022).

* ``uniform``: every score of the scale equally likely — the no-skill reference.
* ``historical``: the clinic's pooled distribution of all training scores (a population model).
* ``persistence``: the latest score, plus the empirical distribution of persistence errors.
* ``patient_mean``: the mean of the patient's earlier scores, plus its error distribution.
* ``exp_smoothing``: simple exponential smoothing of the patient's scores (smoothing weight
  fitted on the training data by least squares), plus its error distribution.

The point baselines get a full predictive distribution the fairest simple way: the empirical
distribution of their own errors on the training data, in the same gap bin (≤ 2, 2-6, 6-13,
> 13 weeks) when that bin holds at least 50 errors, clipped to the scale. So their intervals are
calibrated on the clinic's data and the comparison is about the centre and the shape.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from desktop_app.forecast.methods import Series, Targets
from desktop_app.forecast.predict import MIN_POINTS

HORIZON_EDGES_DAYS: tuple[float, ...] = (14.0, 42.0, 91.0)
HORIZON_LABELS: tuple[str, ...] = ("<=2w", "2-6w", "6-13w", ">13w")
_MIN_PER_BIN = 50
_ALPHAS = np.linspace(0.05, 1.0, 20)


def horizon_bin(gap_days: NDArray[np.float64]) -> NDArray[np.int64]:
    result: NDArray[np.int64] = np.searchsorted(np.array(HORIZON_EDGES_DAYS), gap_days, side="left")
    return result


class UniformMethod:
    name = "uniform"

    def __init__(self) -> None:
        self.score_max = 1.0

    def fit(self, train: Sequence[Series], score_max: float) -> None:
        self.score_max = score_max

    def cdf(self, targets: Targets, grid: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.tile(grid / self.score_max, (len(targets), 1))


class HistoricalMethod:
    name = "historical"

    def __init__(self) -> None:
        self.scores = np.zeros(0)

    def fit(self, train: Sequence[Series], score_max: float) -> None:
        pooled = [s for _, s in train if len(s)]
        self.scores = np.sort(np.concatenate(pooled)) if pooled else np.array([score_max / 2.0])

    def cdf(self, targets: Targets, grid: NDArray[np.float64]) -> NDArray[np.float64]:
        row = np.searchsorted(self.scores, grid, side="right") / len(self.scores)
        return np.tile(row, (len(targets), 1))


class _PointPlusErrors(ABC):
    """A point forecast from the patient's history, widened by its empirical training errors."""

    name = "point"

    def __init__(self) -> None:
        self.errors: list[NDArray[np.float64]] = []
        self.pooled = np.zeros(1)

    @abstractmethod
    def centre(self, days: NDArray[np.float64], scores: NDArray[np.float64], k: int) -> float:
        """The point forecast of assessment ``k`` from assessments ``0 .. k-1``."""

    def tune(self, train: Sequence[Series]) -> None:  # noqa: B027 - optional hook, most methods have none
        """Fit the method's own hyper-parameters (none by default)."""

    def fit(self, train: Sequence[Series], score_max: float) -> None:
        self.tune(train)
        errors: list[list[float]] = [[] for _ in HORIZON_LABELS]
        for days, scores in train:
            for k in range(MIN_POINTS, len(scores)):
                gap = np.array([days[k] - days[k - 1]])
                errors[int(horizon_bin(gap)[0])].append(scores[k] - self.centre(days, scores, k))
        pooled = np.sort(np.concatenate([np.asarray(e, dtype=float) for e in errors]))
        if len(pooled) < 10:
            # Too little history to learn errors: a wide spread (a quarter of the scale, either way).
            pooled = np.linspace(-score_max / 4.0, score_max / 4.0, 101)
        self.pooled = pooled
        self.errors = [
            np.sort(np.asarray(e, dtype=float)) if len(e) >= _MIN_PER_BIN else pooled for e in errors
        ]

    def cdf(self, targets: Targets, grid: NDArray[np.float64]) -> NDArray[np.float64]:
        centres = np.array(
            [
                self.centre(targets.series[p][0], targets.series[p][1], int(k))
                for p, k in zip(targets.patient, targets.index, strict=True)
            ]
        )
        bins = horizon_bin(targets.gap_days())
        cdf = np.empty((len(targets), len(grid)))
        for b, errors in enumerate(self.errors):
            rows = np.flatnonzero(bins == b)
            if len(rows):
                shifted = grid[None, :] - centres[rows, None]
                cdf[rows] = np.searchsorted(errors, shifted, side="right") / len(errors)
        cdf[:, -1] = 1.0
        return cdf


class PersistenceMethod(_PointPlusErrors):
    name = "persistence"

    def centre(self, days: NDArray[np.float64], scores: NDArray[np.float64], k: int) -> float:
        return float(scores[k - 1])


class PatientMeanMethod(_PointPlusErrors):
    name = "patient_mean"

    def centre(self, days: NDArray[np.float64], scores: NDArray[np.float64], k: int) -> float:
        return float(np.mean(scores[:k]))


class ExpSmoothingMethod(_PointPlusErrors):
    name = "exp_smoothing"

    def __init__(self) -> None:
        super().__init__()
        self.alpha = 0.5

    def centre(self, days: NDArray[np.float64], scores: NDArray[np.float64], k: int) -> float:
        level = float(scores[0])
        for value in scores[1:k]:
            level += self.alpha * (float(value) - level)
        return level

    def tune(self, train: Sequence[Series]) -> None:
        usable = [s for _, s in train if len(s) > MIN_POINTS]
        if not usable:
            return
        best = (np.inf, self.alpha)
        for alpha in _ALPHAS:
            squared = 0.0
            for scores in usable:
                level = scores[0]
                for k in range(1, len(scores)):
                    if k >= MIN_POINTS:
                        squared += (scores[k] - level) ** 2
                    level += alpha * (scores[k] - level)
            best = min(best, (squared, float(alpha)))
        self.alpha = best[1]


def baseline_methods() -> list[UniformMethod | HistoricalMethod | _PointPlusErrors]:
    return [
        UniformMethod(),
        HistoricalMethod(),
        PersistenceMethod(),
        PatientMeanMethod(),
        ExpSmoothingMethod(),
    ]
