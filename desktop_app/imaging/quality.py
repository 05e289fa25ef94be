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
from desktop_app.imaging.colour_cast import FEATURES as CAST_FEATURES
from desktop_app.imaging.colour_cast import cast_features, load_model, reference_cast

Status = Literal["pass", "warn", "fail"]
CATEGORIES: Final = ("framing", "lighting", "blur", "resolution", "distance", "glare", "colour_cast")

_DARK_REFERENCE: Final = 235.0  # luma of the brightest 0.1 % in a well-exposed frame (8-bit sRGB)
# "Too dark" looks at the brightest 0.1 %: clinical close-ups seldom show anything white, but
# skin sheen reaches near-white in a well-lit frame; an under-exposed frame darkens it too.
_BRIGHT_QUANTILE: Final = 0.999
_SRGB_GAMMA: Final = 2.2  # encoded ratio → linear stops
# Focus compares the strongest edges at two scales: the top 0.3 % of half-scale gradients.
_EDGE_QUANTILE: Final = 0.997
_FIELD_LUMA: Final = 24  # dermatoscope: darker than this is outside the illuminated circle
_WARM_CLIP_MARGIN: Final = 20  # R - B (8-bit) above which a clipped pixel is skin, not white
_BLOCK: Final = np.ones((4, 4), np.uint8)
_GLARE_ADJACENCY: Final = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))  # "touches the skin"


# What a too-low resolution asks for (the UI translates this exact sentence).
RESOLUTION_INSTRUCTION: Final = "Use a higher camera resolution"


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
    """How much of the strongest edges' steepness survives at full resolution: (worst, best, strength).

    Per direction, the strongest edges are picked at half scale (top 0.3 % of gradients);
    at those places the steepest fine-scale gradient is compared with the half-scale one. A
    sharp edge of contrast C is ≈ C per pixel at both scales (ratio ≈ 1); an edge blurred over
    w ≫ 2 pixels is ≈ 2C/w at the fine scale and ≈ 4C/w at half scale (ratio → 0.5), whatever
    the scene's contrast or texture — focus judged relative to the scene (the idea of the
    no-reference "blur effect" of Crété-Roffet et al., SPIE 2007). Picking edges by their
    half-scale strength in each direction makes motion blur visible: edges across the motion
    are the strongest there and are all smeared. The worst direction is reported.
    """
    height, width = half.shape
    ratios = []
    strength = 0.0
    for fine_g, half_g in zip(_directional_gradients(fine), _directional_gradients(half), strict=True):
        # Fine rows/columns 2i-1 .. 2i+2: the support of half-scale pixel i's central difference.
        block_max = cv2.dilate(fine_g, _BLOCK, anchor=(1, 1))[0 : 2 * height : 2, 0 : 2 * width : 2]
        threshold = max(_masked_percentile(half_g, half_mask, _EDGE_QUANTILE), 1.0)
        selected = half_g >= threshold
        if half_mask is not None:
            selected &= half_mask > 0
        half_sum = float(half_g[selected].sum(dtype=np.float64))
        fine_sum = float(block_max[selected].sum(dtype=np.float64))
        strength = max(strength, threshold)
        ratios.append((fine_sum + 1.0) / (half_sum + 1.0))
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


def _downscale(rgb: np.ndarray, longest: int) -> np.ndarray:
    height, width = rgb.shape[:2]
    factor = max(height, width) / longest
    if factor <= 1.0:
        return rgb
    whole = round(factor)
    if abs(factor - round(factor)) < 1e-6:
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


@dataclass(frozen=True)
class _Prepared:
    """The reduced copies, the region of interest and the skin mask every category works from."""

    focus_rgb: np.ndarray
    small: np.ndarray
    luma: np.ndarray
    region: np.ndarray | None
    region_count: float
    field_offset: float
    brightest: float
    normalised: np.ndarray
    skin: np.ndarray


def _prepare(rgb: np.ndarray, limits: th.Profile) -> _Prepared:
    focus_rgb = _downscale(rgb, th.FOCUS_SIDE)
    small = _downscale(focus_rgb, th.ANALYSIS_SIDE)
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
    brightest = _masked_percentile(luma, region, _BRIGHT_QUANTILE)
    gain = min(4.0, max(1.0, _DARK_REFERENCE / max(p99, 1.0)))
    normalised = small if gain <= 1.02 else cv2.convertScaleAbs(small, alpha=gain)
    norm_ycrcb = ycrcb if normalised is small else cv2.cvtColor(normalised, cv2.COLOR_RGB2YCrCb)
    skin = _skin_mask(norm_ycrcb)
    if region is not None:
        skin = cv2.bitwise_and(skin, region)
    return _Prepared(focus_rgb, small, luma, region, region_count, field_offset, brightest, normalised, skin)


def colour_cast_features(rgb: np.ndarray, profile: str = "clinical") -> np.ndarray:
    """The colour-cast classifier's inputs for one frame, as ``analyse_frame`` computes them.

    For the fitting run (``benchmarks/bench_quality_accuracy.py --fit-colour-cast``), which
    must not need an existing parameter file.
    """
    _check_frame(rgb)
    prepared = _prepare(rgb, th.PROFILES[profile])
    lab = cv2.cvtColor(prepared.normalised, cv2.COLOR_RGB2LAB)
    return cast_features(prepared.small, prepared.skin, prepared.luma, lab)


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

    prepared = _prepare(rgb, limits)
    focus_rgb, small, luma = prepared.focus_rgb, prepared.small, prepared.luma
    region, region_count, field_offset = prepared.region, prepared.region_count, prepared.field_offset
    brightest, normalised, skin = prepared.brightest, prepared.normalised, prepared.skin
    focus_grey = cv2.cvtColor(focus_rgb, cv2.COLOR_RGB2GRAY)
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
        "Resolution OK" if status == "pass" else RESOLUTION_INSTRUCTION,
    )

    # --- lighting ---------------------------------------------------------------------
    # Too dark: the brightest 0.1 % of the frame sits well below white (a correctly exposed
    # clinical photo has some near-white: highlights, the drape, a ruler, the background).
    # Too bright: the skin itself clips.
    dark_stops = _SRGB_GAMMA * math.log2(max(brightest, 1.0) / _DARK_REFERENCE)
    # Clipped skin: red saturated while the pixel stays warm (red well above blue), so white
    # backgrounds and specular glare do not count; skin so overexposed that it turned white
    # leaves the skin mask and shows as a growing share of clipped pixels around what remains.
    red_clipped = cv2.inRange(small, (250, 0, 0), (255, 255, 255))
    warm = cv2.inRange(cv2.subtract(small[:, :, 0], small[:, :, 2]), _WARM_CLIP_MARGIN, 255)  # R - B
    warm_clipped = cv2.bitwise_and(red_clipped, warm)
    if region is not None:
        warm_clipped = cv2.bitwise_and(warm_clipped, region)
    clipped_count = float(cv2.countNonZero(warm_clipped))
    skin_or_clipped = float(cv2.countNonZero(cv2.bitwise_or(skin, warm_clipped)))
    clipped_skin = clipped_count / max(skin_or_clipped, 1.0)
    too_dark = limits.underexposure.status(-dark_stops) != "pass"
    if too_dark and limits.overexposure.status(clipped_skin) == "pass":
        exposure = dark_stops
        status = limits.underexposure.status(-dark_stops)
        instruction = "Too dark — add light"
    else:
        exposure = clipped_skin
        status = limits.overexposure.status(clipped_skin)
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
    # Half scale, at least 8 px where the frame allows; never more than half the frame rounded up,
    # which the fine rows/columns under each half-scale pixel need (a 12 px side stops at 6).
    half_size = tuple(max(side // 2, min(8, (side + 1) // 2)) for side in focus_grey.shape[1::-1])
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
    # Specular highlights are near-white blobs with a saturated core, on or inside the skin.
    glare_pixels = 0.0
    if has_skin:
        near_white = cv2.inRange(small, (th.GLARE_MIN_CHANNEL,) * 3, (255, 255, 255))
        count, labels, stats, _ = cv2.connectedComponentsWithStats(near_white, connectivity=8)
        if count > 1:
            near_skin = cv2.dilate(skin, _GLARE_ADJACENCY)
            valid = np.zeros(count, bool)
            valid[np.unique(labels[near_skin > 0])] = True
            valid[0] = False
            # Background: near-white areas that are large, or that reach the frame edge and are
            # more than a highlight's size (a white wall, a sheet, the photo's backdrop).
            areas = stats[:, cv2.CC_STAT_AREA]
            border = np.zeros(count, bool)
            border[np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))] = True
            valid[areas > th.GLARE_MAX_BLOB * luma.size] = False
            valid[border & (areas > th.GLARE_MAX_EDGE_BLOB * luma.size)] = False
            # A specular highlight saturates at its core; white teeth, eyes or paper seldom do.
            core = cv2.inRange(small, (th.GLARE_CORE_CHANNEL,) * 3, (255, 255, 255))
            core_pixels = np.bincount(labels[core > 0], minlength=count)
            valid &= core_pixels >= np.maximum(2, th.GLARE_MIN_CORE * areas)
            glare_pixels = float(areas[valid].sum())
    glare_fraction = glare_pixels / max(skin_count + glare_pixels, 1.0)
    status = limits.glare.status(glare_fraction)
    categories["glare"] = CategoryResult(
        glare_fraction,
        status,  # type: ignore[arg-type]
        "No glare" if status == "pass" else "Tilt to remove glare",
    )

    # --- colour cast ------------------------------------------------------------------
    # Clinical: a cast moves every illuminant estimate (grey world, grey edge, near-neutral
    # pixels, the bright end, the white patch, the skin) by the same log-chromaticity shift,
    # while a scene moves each of them differently; a small classifier fitted on the training
    # photos combines them (desktop_app/imaging/colour_cast.py). The value is its probability
    # of a clinically meaningful cast. Dermatoscope: the reference/skin-hue rule, in a*b* units.
    lab = cv2.cvtColor(normalised, cv2.COLOR_RGB2LAB)
    cast_details: dict[str, float] = {}
    if limits.circular_field:
        cast = reference_cast(lab, small, skin, region)
    else:
        features = cast_features(small, skin, luma, lab)
        cast = load_model().probability(features)
        # The classifier's inputs, for diagnosis (benchmarks/bench_quality_accuracy.py --dump).
        cast_details = {f"cast_{n}": float(v) for n, v in zip(CAST_FEATURES, features, strict=True)}
    status = limits.colour_cast.status(cast)
    categories["colour_cast"] = CategoryResult(
        cast,
        status,  # type: ignore[arg-type]
        "Colours OK" if status == "pass" else "Colour cast — use white light, switch off coloured lamps",
    )

    score = worst * (1.0 - min(glare_fraction * 10.0, 0.5))
    details = {
        "dark_stops": dark_stops,
        "clipped_skin": clipped_skin,
        "sharpness_best_direction": best,
        "coarse_detail": detail,
        **cast_details,
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
