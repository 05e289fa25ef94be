"""Colour cast without a neutral reference: illuminant estimates combined by a small learned classifier.

A global colour cast (wrong white balance, a coloured lamp) multiplies every pixel's linear
R, G, B by the same gains (von Kries), so it moves *every* illuminant estimate by the same
amount in log-chromaticity (ln R/G, ln B/G). Each estimate on its own is also moved by the
scene (a warm background, tanned skin), which is why one rule on the skin's hue misses warm
and cool casts. Several estimates that scenes move differently are combined:

- grey world: mean of the well-exposed pixels (Buchsbaum 1980);
- grey edge: mean gradient magnitude per channel (van de Weijer, Gevers & Gijsenij, IEEE TIP
  2007): edges average out the scene's own colours better than the pixels do;
- near-neutral pixels: mean of the pixels whose channels are within 20 % of each other;
- the bright end (99.9th percentile of each channel, clipped pixels included): a cast caps
  the weakened channel below 255 while the others still clip — the gamut's own white point;
- white patch: bright, unsaturated, unclipped non-skin pixels (a drape, a ruler, a wall);
- the skin: mean of the skin pixels, whose chromaticity under neutral light lies on a narrow
  locus (Störring et al. 2001), and the skin's share of the frame, its median lightness and
  the shares of near-neutral and non-skin pixels, which say how far the other estimates can
  be trusted.

A logistic regression on these 17 numbers and their pairwise products (a quadratic boundary:
neutral photos sit in the middle, casts push outwards in any direction) gives the probability
that a clinically meaningful cast is present. Its parameters are data
(``resources/imaging/colour_cast_model.json``), fitted by
``python -m benchmarks.bench_quality_accuracy --fit-colour-cast`` on the degradation
benchmark's **training** photos only (``skin/*/train``); the warn/fail limits on that
probability are in ``thresholds.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

import cv2
import numpy as np

from desktop_app.imaging import thresholds as th
from desktop_app.resource_paths import RESOURCES_ENV as RESOURCES_ENV  # re-exported
from desktop_app.resource_paths import resources_dir as resources_dir  # re-exported

#: The model file, relative to the resources folder.
MODEL_PATH: Final = Path("imaging") / "colour_cast_model.json"
FEATURES: Final = (
    "grey_world_rg",
    "grey_world_bg",
    "skin_rg",
    "skin_bg",
    "grey_edge_rg",
    "grey_edge_bg",
    "near_neutral_rg",
    "near_neutral_bg",
    "bright_end_rg",
    "bright_end_bg",
    "skin_share",
    "skin_median_luma",
    "near_neutral_share",
    "non_skin_share",
    "white_patch_rg",
    "white_patch_bg",
    "white_patch_share",
)

# sRGB (IEC 61966-2-1) → linear light, as an OpenCV lookup table.
_X = np.arange(256, dtype=np.float64) / 255.0
_DECODE: Final = np.where(_X <= 0.04045, _X / 12.92, ((_X + 0.055) / 1.055) ** 2.4).astype(np.float32)
_DECODE_LUT: Final = np.repeat(_DECODE.reshape(256, 1, 1), 3, axis=2)
_VALID_LOW: Final = 21  # darkest channel-max counted as well exposed (8-bit)
_VALID_HIGH: Final = 249  # brightest channel-max counted as unclipped
_NEUTRAL_MIN: Final = 61  # near-neutral pixels must be at least this bright (channel max)
_BRIGHT_QUANTILE: Final = 0.999
_MIN_PIXELS: Final = 30
# White-patch candidates in OpenCV 8-bit Lab: L* >= 55 (140), |a*|, |b*| <= 22.
_WHITE_LAB_LOW: Final = (140, 106, 106)
_WHITE_LAB_HIGH: Final = (255, 150, 150)
_WHITE_MARGIN: Final = 10.0  # 8-bit L above the skin's 95th percentile that counts as white


class ColourCastModelError(RuntimeError):
    """The colour-cast parameter file is missing or malformed (an installation problem)."""


def _log_chroma(rgb: tuple[float, ...] | np.ndarray) -> tuple[float, float]:
    r, g, b = (max(float(v), 1e-4) for v in rgb[:3])
    return float(np.log(r / g)), float(np.log(b / g))


def cast_features(small: np.ndarray, skin: np.ndarray, luma: np.ndarray, lab: np.ndarray) -> np.ndarray:
    """The 17 numbers of ``FEATURES`` for one RGB uint8 analysis copy, its skin mask and its luma.

    The pixel statistics run on a further 2× reduced copy (about 160 × 120): chromaticity
    means need no detail, and it keeps the whole check near half a millisecond.
    """
    total = float(small.shape[0] * small.shape[1])
    size = (max(2, small.shape[1] // 2), max(2, small.shape[0] // 2))
    half = cv2.resize(small, size, interpolation=cv2.INTER_AREA)
    half_skin = cv2.resize(skin, size, interpolation=cv2.INTER_NEAREST)
    linear = cv2.LUT(half, _DECODE_LUT)
    channel_max = cv2.max(cv2.max(half[:, :, 0], half[:, :, 1]), half[:, :, 2])
    channel_min = cv2.min(cv2.min(half[:, :, 0], half[:, :, 1]), half[:, :, 2])
    valid = cv2.inRange(channel_max, _VALID_LOW, _VALID_HIGH)
    valid_count = cv2.countNonZero(valid)
    half_total = float(half.shape[0] * half.shape[1])

    def mean_of(mask: np.ndarray, count: int, fallback: tuple[float, float]) -> tuple[float, float]:
        if count < _MIN_PIXELS:
            return fallback
        return _log_chroma(cv2.mean(linear, mask=mask))

    grey_world = mean_of(valid, valid_count, (0.0, 0.0))
    skin_valid = cv2.bitwise_and(valid, half_skin)
    skin_count = cv2.countNonZero(skin_valid)
    skin_chroma = mean_of(skin_valid, skin_count, grey_world)
    non_skin_count = valid_count - skin_count

    # Near-neutral: (max - min) < 0.2 max, i.e. 5 (max - min) < max, bright enough to carry colour.
    spread = cv2.subtract(channel_max, channel_min).astype(np.int16) * 5
    candidates = ((spread < channel_max) & (channel_max >= _NEUTRAL_MIN)).astype(np.uint8) * 255
    neutral = cv2.bitwise_and(candidates, valid)
    neutral_count = cv2.countNonZero(neutral)
    near_neutral = mean_of(neutral, neutral_count, grey_world)

    # Grey edge: mean L1 gradient magnitude of the linear image, per channel (the 2× area
    # reduction is the smoothing).
    gx = cv2.absdiff(linear[:-1, 1:], linear[:-1, :-1])
    gy = cv2.absdiff(linear[1:, :-1], linear[:-1, :-1])
    edge_valid = np.ascontiguousarray(valid[:-1, :-1])
    grey_edge = (
        _log_chroma(cv2.mean(cv2.add(gx, gy), mask=edge_valid)) if valid_count >= _MIN_PIXELS else grey_world
    )

    # White patch: bright, unsaturated, unclipped pixels that are not skin, or are clearly
    # brighter than the skin (warm light makes white paper look like pale skin to a colour
    # rule) — a drape, a ruler, a wall; its chromaticity is the illuminant's if it is white.
    white = cv2.inRange(lab, _WHITE_LAB_LOW, _WHITE_LAB_HIGH)
    white = cv2.bitwise_and(white, cv2.inRange(small, (0, 0, 0), (_VALID_HIGH,) * 3))
    skin_pixels = cv2.countNonZero(skin)
    white_l = 254.0
    if skin_pixels:
        hist = cv2.calcHist([lab], [0], skin, [256], [0, 256]).ravel()
        cumulative = np.cumsum(hist)
        white_l = min(254.0, float(np.searchsorted(cumulative, 0.95 * cumulative[-1])) + _WHITE_MARGIN)
    not_skin = cv2.bitwise_or(cv2.bitwise_not(skin), cv2.inRange(lab[:, :, 0], white_l, 255))
    white = cv2.bitwise_and(white, not_skin)
    white_count = cv2.countNonZero(white)
    if white_count >= _MIN_PIXELS:
        white_patch = _log_chroma(cv2.mean(cv2.LUT(small, _DECODE_LUT), mask=white))
    else:
        white_patch = grey_world

    bright = []
    for channel in range(3):
        hist = cv2.calcHist([small], [channel], None, [256], [0, 256]).ravel()
        cumulative = np.cumsum(hist)
        level = min(255, int(np.searchsorted(cumulative, _BRIGHT_QUANTILE * cumulative[-1])))
        bright.append(float(_DECODE[level]))
    bright_end = _log_chroma(tuple(bright))

    if skin_pixels:
        hist = cv2.calcHist([luma], [0], skin, [256], [0, 256]).ravel()
        cumulative = np.cumsum(hist)
        skin_median = float(np.searchsorted(cumulative, 0.5 * cumulative[-1])) / 255.0
    else:
        skin_median = 0.0
    return np.array(
        [
            *grey_world,
            *skin_chroma,
            *grey_edge,
            *near_neutral,
            *bright_end,
            skin_pixels / total,
            skin_median,
            neutral_count / half_total,
            non_skin_count / half_total,
            *white_patch,
            white_count / total,
        ],
        np.float64,
    )


@dataclass(frozen=True)
class CastModel:
    """Standardise, expand to linear + pairwise-product terms, logistic: P(meaningful cast)."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # one weight per expanded term
    intercept: float

    def probability(self, features: np.ndarray) -> float:
        z = (features - self.mean) / self.scale
        logit = float(self.intercept + self.coef @ expand(z))
        return 1.0 / (1.0 + float(np.exp(-np.clip(logit, -40.0, 40.0))))


def expand(z: np.ndarray) -> np.ndarray:
    """Linear terms followed by the upper triangle of the outer product (squares included)."""
    rows, cols = np.triu_indices(z.shape[-1])
    return np.concatenate([z, z[..., rows] * z[..., cols]], axis=-1)


@cache
def load_model(path: Path | None = None) -> CastModel:
    """Read the parameter file once per process."""
    source = path or resources_dir() / MODEL_PATH
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            raise ValueError("feature list differs from the code's")
        model = CastModel(
            mean=np.asarray(data["mean"], np.float64),
            scale=np.asarray(data["scale"], np.float64),
            coef=np.asarray(data["coef"], np.float64),
            intercept=float(data["intercept"]),
        )
        n = len(FEATURES)
        if (
            model.mean.shape != (n,)
            or model.scale.shape != (n,)
            or model.coef.shape != (n + n * (n + 1) // 2,)
        ):
            raise ValueError("parameter shapes do not match the feature list")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ColourCastModelError(
            f"The colour-cast check cannot load its parameters ({source}): {exc}. Reinstall the application."
        ) from exc
    return model


def fit_model(features: np.ndarray, labels: np.ndarray, ridge: float, iterations: int = 50) -> CastModel:
    """Class-balanced, ridge-penalised logistic regression by damped Newton steps (for the fitting run).

    ``features``: (n, len(FEATURES)); ``labels``: 1 = meaningful cast, 0 = none. Both classes
    weigh the same in total; the intercept is not penalised.
    """
    if features.ndim != 2 or features.shape[1] != len(FEATURES) or len(labels) != len(features):
        raise ValueError("features must be (n, 17) with one label per row")
    y = labels.astype(np.float64)
    positives = float(y.sum())
    if positives == 0 or positives == len(y):
        raise ValueError("fitting needs photos with and without a cast")
    weights = np.where(y == 1, 0.5 / positives, 0.5 / (len(y) - positives)) * len(y)
    mean = features.mean(axis=0)
    scale = features.std(axis=0) + 1e-9
    design = np.c_[expand((features - mean) / scale), np.ones(len(y))]
    penalty = ridge * np.r_[np.ones(design.shape[1] - 1), 0.0]
    beta = np.zeros(design.shape[1])

    def loss(candidate: np.ndarray) -> float:
        logit = np.clip(design @ candidate, -40.0, 40.0)
        fit = float(np.sum(weights * (np.logaddexp(0.0, logit) - y * logit)))
        return fit + 0.5 * float(np.sum(penalty * candidate * candidate))

    current = loss(beta)
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ beta, -40.0, 40.0)))
        gradient = design.T @ (weights * (p - y)) + penalty * beta
        hessian = (design * (weights * p * (1.0 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        # Halve the Newton step until the penalised loss does not rise: on nearly separable
        # data a full step can overshoot and diverge.
        size = 1.0
        value = loss(beta - step)
        while value > current and size > 1e-4:
            size /= 2.0
            value = loss(beta - size * step)
        if value > current:
            break  # no step lowers the loss: converged to rounding
        beta, current = beta - size * step, value
        if float(np.max(np.abs(size * step))) < 1e-8:
            break
    return CastModel(mean=mean, scale=scale, coef=beta[:-1], intercept=float(beta[-1]))


def model_to_json(model: CastModel, provenance: dict[str, object]) -> str:
    """The parameter file's text: features, standardisation, weights and how they were fitted."""
    data = {
        "format": "scorad-desk-colour-cast-model",
        "version": 1,
        "features": list(FEATURES),
        "terms": "standardised features z, then z[i] * z[j] for i <= j (numpy.triu_indices order)",
        "mean": [round(float(v), 8) for v in model.mean],
        "scale": [round(float(v), 8) for v in model.scale],
        "coef": [round(float(v), 8) for v in model.coef],
        "intercept": round(model.intercept, 8),
        "provenance": provenance,
    }
    return json.dumps(data, indent=1) + "\n"


# --- the dermatoscope's rule ------------------------------------------------------------
# The classifier was fitted on clinical photos; a dermatoscope's circular, LED-lit field is
# outside what it has seen, so that profile keeps a rule: the mean a*b* of a neutral reference
# when one is in the field, else the distance of the skin's mean a*b* from the sector where
# skin lies under neutral light (hue 28–80°, chroma ≤ 45; set on the training photos).
_SKIN_HUE: Final = (28.0, 80.0)
_SKIN_CHROMA_MAX: Final = 45.0


def _skin_sector_distance(a: float, b: float) -> float:
    """Distance (a*b* units) of a mean chromaticity from the neutral-light skin sector."""
    chroma = float(np.hypot(a, b))
    hue = float(np.degrees(np.arctan2(b, a)))
    if _SKIN_HUE[0] <= hue <= _SKIN_HUE[1]:
        return max(0.0, chroma - _SKIN_CHROMA_MAX)
    best = np.inf
    for angle in _SKIN_HUE:
        ux, uy = float(np.cos(np.radians(angle))), float(np.sin(np.radians(angle)))
        t = min(max(a * ux + b * uy, 0.0), _SKIN_CHROMA_MAX)
        best = min(best, float(np.hypot(a - t * ux, b - t * uy)))
    return best


def reference_cast(lab: np.ndarray, small: np.ndarray, skin: np.ndarray, region: np.ndarray | None) -> float:
    """The dermatoscope's colour-cast value in CIELAB a*b* units (see the comment above)."""
    white = cv2.inRange(lab, _WHITE_LAB_LOW, _WHITE_LAB_HIGH)
    white = cv2.bitwise_and(white, cv2.inRange(small, (0, 0, 0), (_VALID_HIGH,) * 3))
    white = cv2.bitwise_and(white, cv2.bitwise_not(skin))
    if region is not None:
        white = cv2.bitwise_and(white, region)
    if cv2.countNonZero(white) >= th.CAST_MIN_NEUTRAL * white.size:
        mean = cv2.mean(lab, mask=white)
        return float(np.hypot(mean[1] - 128.0, mean[2] - 128.0))
    mask = skin if cv2.countNonZero(skin) >= 0.02 * skin.size else region
    mean = cv2.mean(lab, mask=mask)
    return _skin_sector_distance(mean[1] - 128.0, mean[2] - 128.0)
