"""The bounded-score transform: the forecaster works on a logit scale so that its bands respect 0..max.

SCORAD and PO-SCORAD live on 0-103, objective SCORAD on 0-83 (DESIGN §2). A Gaussian on the
raw score would put probability below 0 for mild patients and above the maximum for the most
severe, and would give a mild patient (score 5) the same spread as a moderate one (score 35),
which clinic data do not show (the floor effect). A plain logit of ``score / max`` is infinite
at the bounds and over-stretches scores near 0, where a 2-point change is noise.

So the model works on ``z = logit((score + c) / (max + 2c))`` with ``c = offset_fraction * max``
(5 % of the scale by default): nearly linear in the middle of the scale, compressed near the
bounds. Its inverse maps the real line onto ``(-c, max + c)``; the observed score is that value
clipped to ``[0, max]``, i.e. the model treats a score of 0 ("clear") or of the maximum as the
scale's floor or ceiling being reached, and the predictive distribution has point masses there.
Quantiles of a clipped variable are the clipped quantiles, so intervals stay exact.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

DEFAULT_OFFSET_FRACTION = 0.05


def to_latent(score: float, score_max: float, offset_fraction: float = DEFAULT_OFFSET_FRACTION) -> float:
    offset = offset_fraction * score_max
    p = (score + offset) / (score_max + 2.0 * offset)
    return math.log(p / (1.0 - p))


def from_latent(z: float, score_max: float, offset_fraction: float = DEFAULT_OFFSET_FRACTION) -> float:
    """Back-transform and clip to the scale (the floor/ceiling of the observation model)."""
    offset = offset_fraction * score_max
    p = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
    return min(max(p * (score_max + 2.0 * offset) - offset, 0.0), score_max)


def to_latent_array(
    scores: NDArray[np.float64], score_max: float, offset_fraction: float = DEFAULT_OFFSET_FRACTION
) -> NDArray[np.float64]:
    offset = offset_fraction * score_max
    p = (np.asarray(scores, dtype=float) + offset) / (score_max + 2.0 * offset)
    result: NDArray[np.float64] = np.log(p / (1.0 - p))
    return result


def from_latent_array(
    z: NDArray[np.float64], score_max: float, offset_fraction: float = DEFAULT_OFFSET_FRACTION
) -> NDArray[np.float64]:
    offset = offset_fraction * score_max
    p = 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))  # logistic, overflow-free
    result: NDArray[np.float64] = np.clip(p * (score_max + 2.0 * offset) - offset, 0.0, score_max)
    return result
