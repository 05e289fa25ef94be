"""Kalman filter of the mean-reverting severity model, exact over irregular visit gaps.

State (x, μ): x the latent (logit-scale) severity, μ the patient's own long-run level,
constant in time with the clinic prior μ ~ N(level_mean, level_sd²). Between two visits
``gap`` days apart, x follows an Ornstein-Uhlenbeck process reverting to μ:

    x' = φ x + (1 - φ) μ + w,   φ = exp(-θ·gap),   w ~ N(0, latent_sd² (1 - φ²))

which is the exact discretisation of dx = -θ (x - μ) dt + σ dW for any gap, so weekly and
half-yearly visits need no interpolation. An assessment observes z = x + ε, ε ~ N(0, noise_sd²).
At the first visit x ~ N(μ, latent_sd²) (stationarity). Carrying μ in the state makes the
filter learn each patient's own level and shrink it to the clinic's (empirical Bayes).

Two implementations of the same recursion: ``filter_patient`` in plain floats (one patient,
what the GUI needs, ~tens of µs) and ``filter_cohort`` vectorised across patients (fitting
and evaluation). Tests check both against the closed-form Gaussian conditioning.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from desktop_app.forecast.parameters import ForecastParameters

_LOG_2PI = math.log(2.0 * math.pi)


@dataclass(frozen=True)
class FilterState:
    """Posterior after the last assessment: means of (x, μ) and their covariance, and the log-likelihood."""

    day: float
    x_mean: float
    level_mean: float
    var_x: float
    cov_x_level: float
    var_level: float
    log_likelihood: float
    n_points: int

    def predict(self, day: float, params: ForecastParameters) -> tuple[float, float]:
        """Mean and variance of the *observed* latent score at ``day`` (≥ the last assessment's day)."""
        phi = math.exp(-params.reversion_per_day * (day - self.day))
        mean = phi * self.x_mean + (1.0 - phi) * self.level_mean
        var = (
            phi * phi * self.var_x
            + 2.0 * phi * (1.0 - phi) * self.cov_x_level
            + (1.0 - phi) ** 2 * self.var_level
            + params.latent_sd**2 * (1.0 - phi * phi)
        )
        return mean, var + params.noise_sd**2


def filter_patient(days: Sequence[float], latent: Sequence[float], params: ForecastParameters) -> FilterState:
    """Filter one patient's assessments (days ascending, latent-scale scores); at least one point."""
    if not days:
        raise ValueError("filter_patient needs at least one assessment")
    theta = params.reversion_per_day
    v2 = params.latent_sd**2
    r = params.noise_sd**2
    s2 = params.level_sd**2
    a = b = params.level_mean
    pxx, pxm, pmm = s2 + v2, s2, s2
    loglik = 0.0
    previous = days[0]
    for day, z in zip(days, latent, strict=True):
        gap = day - previous
        if gap > 0.0:
            phi = math.exp(-theta * gap)
            psi = 1.0 - phi
            a = phi * a + psi * b
            pxx = phi * phi * pxx + 2.0 * phi * psi * pxm + psi * psi * pmm + v2 * (1.0 - phi * phi)
            pxm = phi * pxm + psi * pmm
        previous = day
        s = pxx + r
        e = z - a
        kx = pxx / s
        km = pxm / s
        a += kx * e
        b += km * e
        pmm -= pxm * km
        pxm -= pxx * km
        pxx -= pxx * kx
        loglik -= 0.5 * (_LOG_2PI + math.log(s) + e * e / s)
    return FilterState(previous, a, b, pxx, pxm, pmm, loglik, len(days))


@dataclass(frozen=True)
class PaddedCohort:
    """Many patients' series padded into (patients × visits) arrays, longest series first.

    Sorting by length makes the patients still observed at visit k a prefix of the rows, so
    every filter step is a slice, not a mask.
    """

    days: NDArray[np.float64]
    latent: NDArray[np.float64]
    lengths: NDArray[np.int64]
    order: NDArray[np.int64]  # row i holds input series order[i]
    active: tuple[int, ...]  # active[k] = number of rows with more than k visits
    gaps: NDArray[np.float64]

    @classmethod
    def build(cls, series: Sequence[tuple[NDArray[np.float64], NDArray[np.float64]]]) -> PaddedCohort:
        lengths = np.array([len(d) for d, _ in series], dtype=np.int64)
        order = np.argsort(-lengths, kind="stable")
        width = int(lengths.max()) if len(lengths) else 0
        days = np.zeros((len(series), width))
        latent = np.zeros((len(series), width))
        for row, index in enumerate(order):
            d, z = series[index]
            days[row, : len(d)] = d
            latent[row, : len(z)] = z
        sorted_lengths = lengths[order]
        active = tuple(int(np.count_nonzero(sorted_lengths > k)) for k in range(width))
        gaps = np.zeros_like(days)
        if width > 1:
            gaps[:, 1:] = np.diff(days, axis=1)
        return cls(days, latent, sorted_lengths, order, active, gaps)

    @property
    def n_points(self) -> int:
        return int(self.lengths.sum())


@dataclass(frozen=True)
class CohortFilterResult:
    log_likelihood: float
    # One-step-ahead predictive mean/variance of each observed latent score, in the INPUT order
    # of ``PaddedCohort.build`` (row i = input series i), padded with NaN.
    predicted_mean: NDArray[np.float64] | None
    predicted_var: NDArray[np.float64] | None


def filter_cohort(
    cohort: PaddedCohort, params: ForecastParameters, keep_predictions: bool = False
) -> CohortFilterResult:
    """The same recursion as ``filter_patient`` for every patient at once."""
    n = len(cohort.lengths)
    theta = params.reversion_per_day
    v2 = params.latent_sd**2
    r = params.noise_sd**2
    s2 = params.level_sd**2
    a = np.full(n, params.level_mean)
    b = a.copy()
    pxx = np.full(n, s2 + v2)
    pxm = np.full(n, s2)
    pmm = np.full(n, s2)
    total = 0.0
    width = len(cohort.active)
    pred_mean = np.full((n, width), np.nan) if keep_predictions else None
    pred_var = np.full((n, width), np.nan) if keep_predictions else None
    for k, m in enumerate(cohort.active):
        a_k, b_k, pxx_k, pxm_k, pmm_k = a[:m], b[:m], pxx[:m], pxm[:m], pmm[:m]
        if k > 0:
            phi = np.exp(-theta * cohort.gaps[:m, k])
            psi = 1.0 - phi
            a_k *= phi
            a_k += psi * b_k
            pxx_k *= phi * phi
            pxx_k += 2.0 * phi * psi * pxm_k + psi * psi * pmm_k + v2 * (1.0 - phi * phi)
            pxm_k *= phi
            pxm_k += psi * pmm_k
        s = pxx_k + r
        e = cohort.latent[:m, k] - a_k
        if pred_mean is not None and pred_var is not None:
            pred_mean[:m, k] = a_k
            pred_var[:m, k] = s
        kx = pxx_k / s
        km = pxm_k / s
        a_k += kx * e
        b_k += km * e
        pmm_k -= pxm_k * km
        pxm_k -= pxx_k * km
        pxx_k -= pxx_k * kx
        total -= 0.5 * float(np.sum(_LOG_2PI + np.log(s) + e * e / s))
    if pred_mean is not None and pred_var is not None:
        inverse = np.empty_like(cohort.order)
        inverse[cohort.order] = np.arange(n)
        pred_mean = pred_mean[inverse]
        pred_var = pred_var[inverse]
    return CohortFilterResult(total, pred_mean, pred_var)
