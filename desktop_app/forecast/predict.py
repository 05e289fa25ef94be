"""A patient's forecast for a chosen date, and the fan of quantiles the history chart draws.

The predictive distribution of the score at the target date is the filter's Gaussian on the
latent scale, pushed through the bounded transform (``transform``): its quantiles are the
back-transformed Gaussian quantiles, exact, and always inside 0..max. It is the distribution
of the *next assessment* (measurement noise included), since that is what will be compared
with it. P(flare) is the probability that this assessment is at or above the flare threshold
of ``flare`` relative to the latest assessment.

Nothing is shown before ``MIN_POINTS`` (3) assessments: with fewer, the patient's own level
is barely identified and the forecast would be the clinic's average in disguise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from desktop_app.domain.scorad import ScoreKind
from desktop_app.domain.severity import SCORE_MAX, BandSet
from desktop_app.forecast.errors import ForecastInputError
from desktop_app.forecast.flare import flare_threshold
from desktop_app.forecast.history import history_arrays
from desktop_app.forecast.kalman import FilterState, filter_patient
from desktop_app.forecast.normal import normal_cdf, normal_quantile
from desktop_app.forecast.parameters import DEFAULT_PARAMETERS, ForecastParameters
from desktop_app.forecast.transform import from_latent, to_latent

MIN_POINTS = 3
FAN_LEVELS: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)


@dataclass(frozen=True)
class Forecast:
    """Predictive summary of the score at ``target_date`` (decision support, not a diagnosis)."""

    target_date: date
    kind: ScoreKind
    median: float
    low50: float
    high50: float
    low90: float
    high90: float
    p_flare: float
    flare_threshold: float  # the score at or above which the assessment would be a flare
    reference_score: float  # the latest assessment, which the flare is relative to
    last_date: date
    n_points: int
    band_set: BandSet
    model_version: str
    parameters_fitted_on: int  # patients the clinic parameters were fitted on (0: defaults)
    created_utc: str

    @property
    def horizon_days(self) -> int:
        return (self.target_date - self.last_date).days


@dataclass(frozen=True)
class ForecastFan:
    """Quantiles of the predicted score on a grid of future dates, for drawing a fan chart."""

    dates: tuple[date, ...]
    levels: tuple[float, ...]
    quantiles: tuple[tuple[float, ...], ...]  # quantiles[i][j]: level i at dates[j]
    p_flare: tuple[float, ...]
    n_points: int
    model_version: str


def unavailable_reason(history: Sequence[tuple[date, float]]) -> str | None:
    """Why no forecast is shown for this history, or None when one is."""
    if len(history) < MIN_POINTS:
        return (
            f"A forecast needs at least {MIN_POINTS} past assessments of this score; "
            f"this patient has {len(history)}."
        )
    return None


class _Predictor:
    """Filters a history once; then predicts any later date cheaply."""

    def __init__(
        self, history: Sequence[tuple[date, float]], kind: ScoreKind, params: ForecastParameters
    ) -> None:
        days, scores = history_arrays(history, kind)
        self.kind = kind
        self.params = params
        self.score_max = SCORE_MAX[kind]
        latent = [to_latent(s, self.score_max, params.offset_fraction) for s in scores]
        self.state: FilterState = filter_patient(days.tolist(), latent, params)
        self.last_date = date.fromordinal(int(days[-1]))
        self.reference = float(scores[-1])
        self.n_points = len(scores)

    def latent_gaussian(self, target: date) -> tuple[float, float]:
        if target <= self.last_date:
            raise ForecastInputError(
                f"The forecast date {target.isoformat()} must be after the latest assessment "
                f"({self.last_date.isoformat()})."
            )
        mean, var = self.state.predict(float(target.toordinal()), self.params)
        return mean, math.sqrt(var)

    def quantile(self, mean: float, sd: float, level: float) -> float:
        return from_latent(mean + sd * normal_quantile(level), self.score_max, self.params.offset_fraction)

    def p_flare(self, mean: float, sd: float, band_set: BandSet) -> tuple[float, float]:
        threshold = flare_threshold(self.reference, self.kind, band_set)
        if threshold > self.score_max:
            return 0.0, threshold
        if threshold <= 0.0:
            return 1.0, threshold
        z = to_latent(threshold, self.score_max, self.params.offset_fraction)
        return 1.0 - normal_cdf((z - mean) / sd), threshold


def forecast(
    history: Sequence[tuple[date, float]],
    target_date: date,
    kind: ScoreKind,
    params: ForecastParameters = DEFAULT_PARAMETERS,
    band_set: BandSet = BandSet.CLASSIC,
) -> Forecast | None:
    """Forecast the score of ``kind`` at ``target_date``; None with fewer than 3 assessments.

    Raises ForecastInputError for a score off the scale or a target date not after the latest
    assessment (``unavailable_reason`` says why None was returned).
    """
    if unavailable_reason(history) is not None:
        return None
    predictor = _Predictor(history, kind, params)
    mean, sd = predictor.latent_gaussian(target_date)
    p_flare, threshold = predictor.p_flare(mean, sd, band_set)
    q = {level: predictor.quantile(mean, sd, level) for level in (0.05, 0.25, 0.5, 0.75, 0.95)}
    return Forecast(
        target_date=target_date,
        kind=kind,
        median=q[0.5],
        low50=q[0.25],
        high50=q[0.75],
        low90=q[0.05],
        high90=q[0.95],
        p_flare=p_flare,
        flare_threshold=threshold,
        reference_score=predictor.reference,
        last_date=predictor.last_date,
        n_points=predictor.n_points,
        band_set=band_set,
        model_version=params.model_version,
        parameters_fitted_on=params.fitted_patients,
        created_utc=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def forecast_fan(
    history: Sequence[tuple[date, float]],
    kind: ScoreKind,
    params: ForecastParameters = DEFAULT_PARAMETERS,
    band_set: BandSet = BandSet.CLASSIC,
    horizon_days: int = 84,
    step_days: int = 7,
    levels: tuple[float, ...] = FAN_LEVELS,
) -> ForecastFan | None:
    """Quantiles every ``step_days`` after the latest assessment up to ``horizon_days``.

    None with fewer than 3 assessments, like ``forecast``.
    """
    if horizon_days < 1 or step_days < 1:
        raise ForecastInputError("The forecast horizon and step must be at least one day.")
    if any(not 0.0 < level < 1.0 for level in levels):
        raise ForecastInputError("Fan quantile levels must lie strictly between 0 and 1.")
    if unavailable_reason(history) is not None:
        return None
    predictor = _Predictor(history, kind, params)
    dates = tuple(
        predictor.last_date + timedelta(days=d)
        for d in [*range(step_days, horizon_days, step_days), horizon_days]
    )
    gaussians = [predictor.latent_gaussian(d) for d in dates]
    quantiles = tuple(tuple(predictor.quantile(m, s, level) for m, s in gaussians) for level in levels)
    p_flare = tuple(predictor.p_flare(m, s, band_set)[0] for m, s in gaussians)
    return ForecastFan(dates, tuple(levels), quantiles, p_flare, predictor.n_points, params.model_version)
