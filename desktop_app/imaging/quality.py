"""Framing/lighting quality of one frame: seven categories, each a value, pass/warn/fail and an instruction.

The categories are the ones teledermatology image-quality studies use (framing, lighting,
blur, resolution, distance; e.g. the ImageQX categories of Jalaboi et al., JAMA Dermatology
2023) plus glare and colour cast. The analysis runs on two downscaled copies — a 640-px grey
image for focus and a 320-px colour image for everything else — so a 1280×720 frame takes a
few milliseconds on one core and can run on every preview frame.

Skin is found with a classical YCrCb colour rule (Chai & Ngan 1999, widened): it only decides
*where* to measure and how much of the frame is skin (distance, framing, glare). It is not the
ASCORAD skin segmentation and is fooled by skin-coloured walls or wood; the docs say so.

All limits live in :mod:`desktop_app.imaging.thresholds`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import cv2
import numpy as np

from desktop_app.imaging import thresholds as th

Status = Literal["pass", "warn", "fail"]
CATEGORIES: Final = ("framing", "lighting", "blur", "resolution", "distance", "glare", "colour_cast")

# Mean CIELAB (a*, b*) of a scene containing skin under neutral light lies in this sector:
# hue angle between _HUE_LO and _HUE_HI degrees and chroma below _CHROMA_MAX (tuned on the
# training photos, see thresholds.py). A colour cast pushes the mean out of it.
_HUE_LO: Final = 18.0
_HUE_HI: Final = 80.0
_CHROMA_MAX: Final = 32.0

_DARK_REFERENCE: Final = 235.0  # p99 luma of a well-exposed frame (8-bit, sRGB-encoded)
_BRIGHT_REFERENCE: Final = 200.0  # median luma of the skin beyond which it starts to wash out
_SRGB_GAMMA: Final = 2.2  # encoded ratio → linear stops
# Focus compares the sharpest edges at two scales: the top 0.3 % of gradients are the same
# structures at both scales (a soft limb outline or shading never reaches them in a sharp frame).
_EDGE_QUANTILE: Final = 0.997
_FIELD_LUMA: Final = 24  # dermatoscope: darker than this is outside the illuminated circle


class QualityInputError(ValueError):
    """The frame is not an RGB uint8 image."""


@dataclass(frozen=True)
class CategoryResult:
    """One category: the measured value (units in thresholds.py), its status and what to do."""

    value: float
    status: Status
    instruction: str

    def to_dict(self) -> dict[str, Any]:
        return {"value": round(float(self.value), 4), "status": self.status, "instruction": self.instruction}


@dataclass(frozen=True)
class QualityReport:
    """Per-category results; ``accepted`` when none fails, ``all_pass`` when every one passes."""

    profile: str
    categories: dict[str, CategoryResult]
    frame_size: tuple[int, int]  # (width, height) of the frame as captured
    skin_fraction: float
    score: float  # ranks acceptable frames for auto-capture (sharper, less glare = higher)
    details: dict[str, float] = field(default_factory=dict)

    @property
    def accepted(self) -> bool:
        return all(c.status != "fail" for c in self.categories.values())

    @property
    def all_pass(self) -> bool:
        return all(c.status == "pass" for c in self.categories.values())

    @property
    def instruction(self) -> str:
        """The single most useful thing to tell the user now (first failing, else first warning)."""
        for wanted in ("fail", "warn"):
            for name in _PRIORITY:
                result = self.categories[name]
                if result.status == wanted:
                    return result.instruction
        return "Ready"

    def to_dict(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "accepted": self.accepted,
            "instruction": self.instruction,
            "frame_size": list(self.frame_size),
            "skin_fraction": round(self.skin_fraction, 4),
            "score": round(self.score, 4),
            "categories": {name: self.categories[name].to_dict() for name in CATEGORIES},
        }


# What to fix first: light and distance before focus (autofocus needs both).
_PRIORITY: Final = ("lighting", "distance", "framing", "blur", "glare", "colour_cast", "resolution")


def _percentile_from_hist(hist: np.ndarray, q: float) -> float:
    cumulative = np.cumsum(hist.ravel())
    total = cumulative[-1]
    if total <= 0:
        return 0.0
    return float(np.searchsorted(cumulative, q * total))


def _masked_percentile(image: np.ndarray, mask: np.ndarray | None, q: float) -> float:
    hist = cv2.calcHist([image], [0], mask, [256], [0, 256])
    return _percentile_from_hist(hist, q)


def _directional_gradients(grey: np.ndarray) -> list[np.ndarray]:
    """|d/dx|, |d/dy| and the two diagonals, scaled so a step of contrast C reads ≈ C."""
    gx = cv2.Sobel(grey, cv2.CV_16S, 1, 0, ksize=3, scale=0.25)
    gy = cv2.Sobel(grey, cv2.CV_16S, 0, 1, ksize=3, scale=0.25)
    return [
        cv2.convertScaleAbs(gx),
        cv2.convertScaleAbs(gy),
        cv2.convertScaleAbs(cv2.add(gx, gy), alpha=0.5),
        cv2.convertScaleAbs(cv2.subtract(gx, gy), alpha=0.5),
    ]


def _sharpness(
    fine: np.ndarray, fine_mask: np.ndarray | None, half: np.ndarray, half_mask: np.ndarray | None
) -> tuple[float, float, float]:
    """Fine-to-half-scale ratio of the strongest gradients, per direction: (worst, best, half p99).

    A sharp edge of contrast C has a gradient ≈ C per pixel both at the working scale and at
    half that scale; a blurred one (width w ≫ 2 px) has ≈ C/w at the fine scale and ≈ 2C/w at
    half scale. So the ratio of the strongest (99.7th-percentile) gradients falls from ~1 towards
    0.5 as focus is lost, whatever the scene's contrast or how much texture the skin has
    (the idea behind the no-reference "blur effect" of Crété-Roffet et al., SPIE 2007). The
    worst direction catches motion blur, which leaves edges along the motion sharp.
    """
    ratios = []
    strength = 0.0
    for fine_g, half_g in zip(_directional_gradients(fine), _directional_gradients(half), strict=True):
        fine_p = _masked_percentile(fine_g, fine_mask, _EDGE_QUANTILE)
        half_p = _masked_percentile(half_g, half_mask, _EDGE_QUANTILE)
        strength = max(strength, half_p)
        ratios.append((fine_p + 0.5) / (half_p + 0.5))
    return min(ratios), max(ratios), strength


def _skin_mask(ycrcb: np.ndarray) -> np.ndarray:
    lower = (th.SKIN_MIN_LUMA, th.SKIN_CR[0], th.SKIN_CB[0])
    upper = (255, th.SKIN_CR[1], th.SKIN_CB[1])
    return cv2.inRange(ycrcb, lower, upper)


def _fill_holes(mask: np.ndarray) -> np.ndarray:
    """Skin region including enclosed non-skin blobs (glare spots sit inside the skin)."""
    padded = cv2.copyMakeBorder(mask, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    flood = padded.copy()
    cv2.floodFill(flood, None, (0, 0), 255)
    holes = cv2.bitwise_not(flood)[1:-1, 1:-1]
    return cv2.bitwise_or(mask, holes)


def _cast_distance(a: float, b: float) -> float:
    """Distance (a*b* units) of the mean chromaticity from the neutral-light skin sector."""
    chroma = math.hypot(a, b)
    hue = math.degrees(math.atan2(b, a))
    if _HUE_LO <= hue <= _HUE_HI:
        return max(0.0, chroma - _CHROMA_MAX)
    best = math.inf
    for angle in (_HUE_LO, _HUE_HI):
        ux, uy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        t = min(max(a * ux + b * uy, 0.0), _CHROMA_MAX)
        best = min(best, math.hypot(a - t * ux, b - t * uy))
    return best


def _downscale(rgb: np.ndarray, longest: int) -> np.ndarray:
    height, width = rgb.shape[:2]
    factor = max(height, width) / longest
    if factor <= 1.0:
        return rgb
    whole = math.ceil(factor - 1e-9)
    if abs(factor - round(factor)) < 1e-6 or whole == 2:
        # Integer reductions hit OpenCV's fast area path.
        size = (max(1, width // whole), max(1, height // whole))
    else:
        size = (max(1, round(width / factor)), max(1, round(height / factor)))
    return cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)


def _check_frame(rgb: np.ndarray) -> None:
    if not isinstance(rgb, np.ndarray) or rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] != 3:
        raise QualityInputError("A frame must be an RGB image of 8-bit pixels (height × width × 3).")
    if rgb.shape[0] < 16 or rgb.shape[1] < 16:
        raise QualityInputError(f"The frame is too small to analyse ({rgb.shape[1]}×{rgb.shape[0]} pixels).")


def analyse_frame(
    rgb: np.ndarray,
    profile: str = "clinical",
    *,
    native_size: tuple[int, int] | None = None,
) -> QualityReport:
    """Judge one RGB uint8 frame. ``native_size`` (w, h) is the captured size when ``rgb`` was reduced."""
    _check_frame(rgb)
    try:
        limits = th.PROFILES[profile]
    except KeyError:
        raise QualityInputError(
            f"Unknown profile {profile!r}: use one of {', '.join(sorted(th.PROFILES))}."
        ) from None
    height, width = rgb.shape[:2]
    frame_w, frame_h = native_size if native_size is not None else (width, height)

    focus_rgb = _downscale(rgb, th.FOCUS_SIDE)
    small = _downscale(focus_rgb, th.ANALYSIS_SIDE)
    focus_grey = cv2.cvtColor(focus_rgb, cv2.COLOR_RGB2GRAY)
    ycrcb = cv2.cvtColor(small, cv2.COLOR_RGB2YCrCb)
    luma = ycrcb[:, :, 0]

    # Region of interest: the whole frame, or the illuminated circle of a dermatoscope.
    region: np.ndarray | None = None
    region_count = float(luma.size)
    field_offset = 0.0
    if limits.circular_field:
        region = cv2.threshold(luma, _FIELD_LUMA, 255, cv2.THRESH_BINARY)[1]
        region_count = float(cv2.countNonZero(region))
        if region_count < 0.05 * luma.size:  # no field found: judge the whole frame
            region, region_count = None, float(luma.size)
        else:
            moments = cv2.moments(region, binaryImage=True)
            cx, cy = moments["m10"] / moments["m00"], moments["m01"] / moments["m00"]
            field_offset = max(abs(cx / luma.shape[1] - 0.5), abs(cy / luma.shape[0] - 0.5)) / 0.5

    # Exposure normalisation for the colour rules: a dark frame keeps its chroma ratios, so
    # brightening it (never darkening: clipping cannot be undone) keeps skin detection
    # independent of the lighting verdict.
    p99 = _masked_percentile(luma, region, 0.99)
    gain = min(4.0, max(1.0, _DARK_REFERENCE / max(p99, 1.0)))
    normalised = small if gain <= 1.02 else cv2.convertScaleAbs(small, alpha=gain)
    norm_ycrcb = ycrcb if normalised is small else cv2.cvtColor(normalised, cv2.COLOR_RGB2YCrCb)
    skin = _skin_mask(norm_ycrcb)
    if region is not None:
        skin = cv2.bitwise_and(skin, region)
    skin_count = float(cv2.countNonZero(skin))
    skin_fraction = skin_count / max(region_count, 1.0)
    has_skin = skin_count >= 0.02 * luma.size

    categories: dict[str, CategoryResult] = {}

    # --- resolution -------------------------------------------------------------------
    megapixels = frame_w * frame_h / 1e6
    status = limits.resolution.status(megapixels)
    categories["resolution"] = CategoryResult(
        megapixels,
        status,  # type: ignore[arg-type]
        "Resolution OK" if status == "pass" else "Use a higher camera resolution",
    )

    # --- lighting ---------------------------------------------------------------------
    dark_stops = _SRGB_GAMMA * math.log2(max(p99, 1.0) / _DARK_REFERENCE)
    skin_median = _masked_percentile(luma, skin if has_skin else region, 0.5)
    bright_stops = _SRGB_GAMMA * math.log2(max(skin_median, 1.0) / _BRIGHT_REFERENCE)
    clipped = cv2.inRange(small, (250, 0, 0), (255, 255, 255))  # red clips first on skin
    clipped_fraction = float(
        cv2.countNonZero(clipped if region is None else cv2.bitwise_and(clipped, region))
    )
    clipped_fraction /= max(region_count, 1.0)
    bright_stops = max(bright_stops, 4.0 * clipped_fraction)
    if dark_stops < 0 and -dark_stops >= bright_stops:
        exposure = dark_stops
        status = limits.underexposure.status(-dark_stops)
        instruction = "Too dark — add light"
    else:
        exposure = max(bright_stops, 0.0)
        status = limits.overexposure.status(exposure)
        instruction = "Too bright — reduce light or turn off the flash"
    categories["lighting"] = CategoryResult(
        exposure,
        status,  # type: ignore[arg-type]
        "Lighting OK" if status == "pass" else instruction,
    )

    # --- distance ---------------------------------------------------------------------
    status = limits.distance.status(skin_fraction)
    categories["distance"] = CategoryResult(
        skin_fraction,
        status,  # type: ignore[arg-type]
        "Distance OK" if status == "pass" else "Move closer",
    )

    # --- framing ----------------------------------------------------------------------
    if limits.circular_field:
        offset = field_offset
        instruction = "Place the dermatoscope flat on the skin"
    elif has_skin:
        moments = cv2.moments(skin, binaryImage=True)
        cx, cy = moments["m10"] / moments["m00"], moments["m01"] / moments["m00"]
        offset = max(abs(cx / skin.shape[1] - 0.5), abs(cy / skin.shape[0] - 0.5)) / 0.5
        instruction = "Centre the lesion"
    else:
        offset, instruction = 0.0, "Centre the lesion"
    status = limits.framing.status(offset)
    categories["framing"] = CategoryResult(
        offset,
        status,  # type: ignore[arg-type]
        "Framing OK" if status == "pass" else instruction,
    )

    # --- blur -------------------------------------------------------------------------
    focus_mask: np.ndarray | None = None
    if has_skin:
        focus_mask = cv2.resize(
            skin, (focus_grey.shape[1], focus_grey.shape[0]), interpolation=cv2.INTER_NEAREST
        )
    elif region is not None:
        focus_mask = cv2.resize(
            region, (focus_grey.shape[1], focus_grey.shape[0]), interpolation=cv2.INTER_NEAREST
        )
    half_size = (max(8, focus_grey.shape[1] // 2), max(8, focus_grey.shape[0] // 2))
    half_grey = cv2.resize(focus_grey, half_size, interpolation=cv2.INTER_AREA)
    half_mask = (
        None if focus_mask is None else cv2.resize(focus_mask, half_size, interpolation=cv2.INTER_NEAREST)
    )
    worst, best, detail = _sharpness(focus_grey, focus_mask, half_grey, half_mask)
    status = limits.blur.status(worst)
    if status == "pass":
        instruction = "In focus"
    elif worst < 0.8 * best:
        instruction = "Hold still"  # one direction much blurrier than another: motion
    else:
        instruction = "Hold still — let the camera focus"
    categories["blur"] = CategoryResult(worst, status, instruction)  # type: ignore[arg-type]

    # --- glare ------------------------------------------------------------------------
    near_white = cv2.inRange(small, (th.GLARE_MIN_CHANNEL,) * 3, (255, 255, 255))
    if has_skin:
        skin_region = _fill_holes(skin)
        region_pixels = max(float(cv2.countNonZero(skin_region)), 1.0)
        glare_fraction = float(cv2.countNonZero(cv2.bitwise_and(near_white, skin_region))) / region_pixels
    else:
        glare_fraction = 0.0
    status = limits.glare.status(glare_fraction)
    categories["glare"] = CategoryResult(
        glare_fraction,
        status,  # type: ignore[arg-type]
        "No glare" if status == "pass" else "Tilt to remove glare",
    )

    # --- colour cast ------------------------------------------------------------------
    lab = cv2.cvtColor(normalised, cv2.COLOR_RGB2LAB)
    mid_tones = cv2.inRange(norm_ycrcb, (30, 0, 0), (245, 255, 255))
    if region is not None:
        mid_tones = cv2.bitwise_and(mid_tones, region)
    mid = mid_tones if cv2.countNonZero(mid_tones) >= 0.05 * luma.size else region
    mean = cv2.mean(lab, mask=mid)
    a_star, b_star = mean[1] - 128.0, mean[2] - 128.0
    cast = _cast_distance(a_star, b_star)
    status = limits.colour_cast.status(cast)
    categories["colour_cast"] = CategoryResult(
        cast,
        status,  # type: ignore[arg-type]
        "Colours OK" if status == "pass" else "Colour cast — use white light, switch off coloured lamps",
    )

    score = worst * (1.0 - min(glare_fraction * 10.0, 0.5))
    details = {
        "dark_stops": dark_stops,
        "bright_stops": bright_stops,
        "clipped_fraction": clipped_fraction,
        "sharpness_best_direction": best,
        "coarse_detail": detail,
        "mean_a": a_star,
        "mean_b": b_star,
        "analysis_width": float(small.shape[1]),
    }
    return QualityReport(
        profile=limits.name,
        categories={name: categories[name] for name in CATEGORIES},
        frame_size=(int(frame_w), int(frame_h)),
        skin_fraction=skin_fraction,
        score=score,
        details=details,
    )
