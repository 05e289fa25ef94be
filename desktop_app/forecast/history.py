"""Checking and converting a patient's score history (dates and totals) for the forecaster."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

import numpy as np
from numpy.typing import NDArray

from desktop_app.domain.scorad import ScoreKind
from desktop_app.domain.severity import SCORE_MAX
from desktop_app.forecast.errors import ForecastInputError

_LABEL = {ScoreKind.SCORAD: "SCORAD", ScoreKind.OSCORAD: "objective SCORAD", ScoreKind.PO_SCORAD: "PO-SCORAD"}


def history_arrays(
    history: Sequence[tuple[date, float]], kind: ScoreKind
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(day numbers, scores) sorted by date; raises ForecastInputError for a value off the scale.

    Nothing is clamped: a score outside 0..max is an error in the record, not something to guess.
    """
    score_max = SCORE_MAX[kind]
    rows = []
    for when, score in history:
        if not isinstance(when, date):
            raise ForecastInputError(f"Assessment date {when!r} is not a date.")
        if isinstance(score, bool) or not isinstance(score, int | float) or not math.isfinite(score):
            raise ForecastInputError(f"The {_LABEL[kind]} of {when.isoformat()} is not a number ({score!r}).")
        if score < 0 or score > score_max:
            raise ForecastInputError(
                f"The {_LABEL[kind]} of {when.isoformat()} is {score:g}, outside 0–{score_max:g}."
            )
        rows.append((when.toordinal(), float(score)))
    rows.sort(key=lambda row: row[0])
    days = np.array([r[0] for r in rows], dtype=float)
    scores = np.array([r[1] for r in rows], dtype=float)
    return days, scores
