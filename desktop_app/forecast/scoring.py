"""Proper scores of predictive distributions given as CDFs on a common score grid.

Every method of the evaluation (ours and the baselines) hands over its predictive CDF on the
same grid of the 0..max scale (step 0.1 point, the recording precision), so every method is
scored by the same code:

* CRPS = ∫ (F(x) - 1{x ≥ y})² dx over the scale (Gneiting & Raftery, JASA 2007), in score points;
  it is the MAE for a point forecast and rewards sharp *and* calibrated forecasts. Reading F
  on the 0.1 grid costs at most ~0.05 point, the same for every method.
* Log score = -log P(|Y - y| ≤ 0.5): the probability of the 1-point bin around the observed
  score, floored at 1e-4 (so a point forecast that misses costs 9.2, not infinity). Scores
  are recorded to 0.1, and a bin log score also handles the point masses at 0 and max.
* MAE of the median; coverage of the central 50 % and 90 % intervals.
* Flare: Brier score and ROC AUC (Mann-Whitney, ties counted half) of P(flare).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

LOG_SCORE_FLOOR = 1e-4
LOG_SCORE_HALF_BIN = 0.5


def score_grid(score_max: float) -> NDArray[np.float64]:
    steps = round(score_max * 10)
    return np.linspace(0.0, score_max, steps + 1)


@dataclass(frozen=True)
class PointScores:
    """Per-forecast scores of one method (arrays over the evaluated targets)."""

    crps: NDArray[np.float64]
    log_score: NDArray[np.float64]
    abs_error: NDArray[np.float64]
    covered50: NDArray[np.bool_]
    covered90: NDArray[np.bool_]
    p_flare: NDArray[np.float64]


def _interpolate_cdf(
    cdf: NDArray[np.float64], grid: NDArray[np.float64], x: NDArray[np.float64]
) -> NDArray[np.float64]:
    """F(x) row-wise: linear between grid points, 0 below the scale and 1 at/above its maximum."""
    step = grid[1] - grid[0]
    position = np.clip((x - grid[0]) / step, 0.0, len(grid) - 1.0)
    low = np.floor(position).astype(int)
    high = np.minimum(low + 1, len(grid) - 1)
    weight = position - low
    rows = np.arange(cdf.shape[0])
    value = (1.0 - weight) * cdf[rows, low] + weight * cdf[rows, high]
    value = np.where(x < grid[0], 0.0, value)
    result: NDArray[np.float64] = np.where(x >= grid[-1], 1.0, value)
    return result


def _quantile(cdf: NDArray[np.float64], grid: NDArray[np.float64], level: float) -> NDArray[np.float64]:
    index = np.argmax(cdf >= level - 1e-12, axis=1)
    index = np.where(cdf[:, -1] >= level - 1e-12, index, len(grid) - 1)
    result: NDArray[np.float64] = grid[index]
    return result


def score_cdfs(
    cdf: NDArray[np.float64],
    grid: NDArray[np.float64],
    observed: NDArray[np.float64],
    flare_threshold: NDArray[np.float64],
) -> PointScores:
    """Score rows of ``cdf`` (one predictive CDF per row, on ``grid``) against ``observed``."""
    cdf = np.clip(cdf, 0.0, 1.0)
    cdf[:, -1] = 1.0  # the scale's maximum is the last grid point: nothing lies above it
    step = grid[1] - grid[0]
    # F is read as a step function, constant on each cell [x_j, x_j+1): a predictive
    # distribution on the 0.1-point recording grid, so a point forecast at the truth scores
    # exactly 0. The cell holding the observation is split at it.
    heaviside = (grid[None, :-1] >= observed[:, None]).astype(float)
    crps = step * ((cdf[:, :-1] - heaviside) ** 2).sum(axis=1)
    cell = np.clip(np.floor((observed - grid[0]) / step).astype(int), 0, len(grid) - 2)
    right_part = grid[cell + 1] - observed
    straddles = (observed > grid[cell]) & (right_part > 0)
    f_cell = cdf[np.arange(len(observed)), cell]
    crps = crps + np.where(straddles, (1.0 - 2.0 * f_cell) * right_part, 0.0)
    upper = _interpolate_cdf(cdf, grid, observed + LOG_SCORE_HALF_BIN)
    lower = np.where(
        observed - LOG_SCORE_HALF_BIN < grid[0],
        0.0,
        _interpolate_cdf(cdf, grid, observed - LOG_SCORE_HALF_BIN),
    )
    log_score = -np.log(np.maximum(upper - lower, LOG_SCORE_FLOOR))
    median = _quantile(cdf, grid, 0.5)
    q = {level: _quantile(cdf, grid, level) for level in (0.05, 0.25, 0.75, 0.95)}
    tolerance = 1e-9
    covered50 = (observed >= q[0.25] - tolerance) & (observed <= q[0.75] + tolerance)
    covered90 = (observed >= q[0.05] - tolerance) & (observed <= q[0.95] + tolerance)
    # P(Y ≥ threshold) for the step reading of F: 1 - F at the last grid point below it.
    below = np.ceil((flare_threshold - grid[0]) / step - 1e-9).astype(int) - 1
    f_below = np.where(below < 0, 0.0, cdf[np.arange(len(observed)), np.clip(below, 0, len(grid) - 1)])
    p_flare = np.where(flare_threshold > grid[-1], 0.0, 1.0 - f_below)
    return PointScores(
        crps, log_score, np.abs(median - observed), covered50, covered90, np.clip(p_flare, 0.0, 1.0)
    )


def average_ranks(values: NDArray[np.float64]) -> NDArray[np.float64]:
    """Ranks 1..n, ties sharing their average rank (what the Mann-Whitney AUC needs)."""
    values = np.asarray(values, np.float64)
    order = np.argsort(values, kind="mergesort")
    ordered = values[order]
    starts = np.concatenate([[True], ordered[1:] != ordered[:-1]])
    group = np.cumsum(starts)[np.argsort(order, kind="mergesort")]
    edges = np.concatenate([np.flatnonzero(starts), [len(values)]])
    ranks: NDArray[np.float64] = 0.5 * (edges[group] + edges[group - 1] + 1)
    return ranks


def roc_auc(probability: NDArray[np.float64], outcome: NDArray[np.bool_]) -> float:
    """Area under the ROC curve; NaN when only one class occurs."""
    positives = int(outcome.sum())
    negatives = len(outcome) - positives
    if positives == 0 or negatives == 0:
        return math.nan
    ranks = average_ranks(probability)
    return float((ranks[outcome].sum() - positives * (positives + 1) / 2.0) / (positives * negatives))


def brier(probability: NDArray[np.float64], outcome: NDArray[np.bool_]) -> float:
    return float(np.mean((probability - outcome.astype(float)) ** 2)) if len(outcome) else math.nan
