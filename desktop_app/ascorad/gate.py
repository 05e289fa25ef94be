"""The gate: decide whether a photo can be scored, with a stable reason code when it cannot.

Order of checks (the first failure is the reason):

0. ``quality_failed:resolution`` — the photo is under ``MIN_SCORABLE_SIDE`` pixels on a side:
   too small for the quality analysis or the networks (``too_small_verdict``).
1. ``quality_failed:<category>`` — the imaging quality analysis
   (:func:`desktop_app.imaging.quality.analyse_frame`, clinical profile) failed a category
   (framing, lighting, blur, resolution, distance, glare, colour_cast). Resolution is judged
   on the photo as captured (``source_size``), not on the reduced copy analysed here.
2. ``no_colour`` — a black-and-white photo (a camera left in a monochrome or infrared mode, a
   scanned print): every ASCORAD measure reads colour, and the skin network's colour veto would
   otherwise call it "no skin" (``colourless``). Checked after the quality analysis (a photo too
   dark to see has little colour either, and lighting is its fix), and also when quality is not.
3. ``not_skin`` — less than ``NOT_SKIN_FRACTION`` of the photo is skin by the skin network
   *and* has a colour skin can have (``network_outputs.plausible_skin_colour``: the veto catches
   green, blue and grey surfaces that the network, never trained on them, may call skin).
4. ``too_little_skin`` — less than ``MIN_SKIN_FRACTION`` is such skin: too little to grade.

The skin fractions were chosen so that every healthy-skin validation photo and ≥ 90 % of the
DermNet eczema photos pass (see benchmarks/bench_ascorad.py), while a photo of a wall,
a desk or clothing (typically < 1 % skin by the network) is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

MIN_SCORABLE_SIDE = 32
# CIELAB chroma (8-bit OpenCV units) that 1 % of a photo's pixels must exceed for it to count as
# a colour photo. Measured: every DermNet eczema photo and healthy-skin validation photo has a
# 99th percentile of 13 or more (the palest, an abdomen photo: 13.0); a greyscale photo, saved
# as grey or as RGB, has 0.
MONOCHROME_CHROMA = 5.0
NOT_SKIN_FRACTION = 0.02
MIN_SKIN_FRACTION = 0.08
QUALITY_ORDER = ("resolution", "framing", "lighting", "blur", "distance", "glare", "colour_cast")
# Categories whose failure the gate records but does not refuse on: "distance" and "framing"
# judge how a *live* frame is composed (the skin-fraction checks judge a stored photo more
# directly); "colour_cast" because every ASCORAD colour measure is a contrast against the
# same photo's uninvolved skin, which a global cast shifts equally (see ``colour``).
IGNORED_CATEGORIES = frozenset({"distance", "framing", "colour_cast"})


@dataclass(frozen=True)
class QualityVerdict:
    reason: str | None
    report: dict[str, Any] | None


def too_small_verdict(rgb: np.ndarray) -> QualityVerdict | None:
    """A resolution failure for a photo under ``MIN_SCORABLE_SIDE`` pixels on a side, else None.

    Why a refusal and not an error: such a photo is something a user can hand over (a thumbnail,
    a cropped icon); it gets the reason and instruction of any too-low resolution."""
    from desktop_app.imaging.quality import RESOLUTION_INSTRUCTION, CategoryResult

    height, width = rgb.shape[:2]
    if min(height, width) >= MIN_SCORABLE_SIDE:
        return None
    check = CategoryResult(width * height / 1e6, "fail", RESOLUTION_INSTRUCTION)
    return QualityVerdict("quality_failed:resolution", {"categories": {"resolution": check.to_dict()}})


def colourless(rgb: np.ndarray) -> bool:
    """Whether the photo has no colour to speak of (``MONOCHROME_CHROMA``): black and white.

    Every second pixel of every second row is enough (1.4 ms at the engine's 640 px, measured)."""
    import cv2

    sample = np.ascontiguousarray(rgb[::2, ::2])
    lab = cv2.cvtColor(sample, cv2.COLOR_RGB2LAB).astype(np.float32)
    chroma = np.hypot(lab[..., 1] - 128.0, lab[..., 2] - 128.0)
    return bool(np.percentile(chroma, 99) < MONOCHROME_CHROMA)


def quality_verdict(rgb: np.ndarray, source_size: tuple[int, int] | None = None) -> QualityVerdict:
    """Run the imaging quality analysis; return the first failed category as a reason."""
    from desktop_app.imaging.quality import analyse_frame

    report = analyse_frame(rgb, profile="clinical")
    data: dict[str, Any] = report.to_dict()
    failed: list[str] = []
    for name in QUALITY_ORDER:
        result = report.categories.get(name)
        if result is None or name in IGNORED_CATEGORIES:
            continue
        if name == "resolution" and source_size is not None:
            megapixels = source_size[0] * source_size[1] / 1e6
            status = _resolution_status(megapixels)
            data.setdefault("categories", {}).setdefault("resolution", {})
            if isinstance(data["categories"].get("resolution"), dict):
                data["categories"]["resolution"]["value"] = megapixels
                data["categories"]["resolution"]["status"] = status
            if status == "fail":
                failed.append(name)
            continue
        if result.status == "fail":
            failed.append(name)
    return QualityVerdict(f"quality_failed:{failed[0]}" if failed else None, data)


def _resolution_status(megapixels: float) -> str:
    from desktop_app.imaging.thresholds import PROFILES

    return str(PROFILES["clinical"].resolution.status(megapixels))


def skin_verdict(skin_fraction: float) -> str | None:
    """``not_skin`` / ``too_little_skin`` / None from the share of the photo that is skin."""
    if skin_fraction < NOT_SKIN_FRACTION:
        return "not_skin"
    if skin_fraction < MIN_SKIN_FRACTION:
        return "too_little_skin"
    return None
