"""Colour and texture maps measured against the patient's own uninvolved skin.

Why relative: absolute redness depends on skin tone, camera and lighting. Erythema shows as
a rise of CIELAB a* (green–red axis) over the same person's uninvolved skin in the same
photo, which cancels most of the tone and white-balance differences (DESIGN §4; the a*
index of erythema: Takiwaki et al., Skin Res Technol 1998; Stamatas & Kollias, J Biomed
Opt 2004). The reference is a low percentile of a* over the skin (``REFERENCE_PERCENTILE``):
with less than that share of uninvolved skin, the reference drifts into the lesion and the
contrast is underestimated — one of the documented limits.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

REFERENCE_PERCENTILE = 25.0


@dataclass(frozen=True)
class ColourMaps:
    """Per-pixel maps of one working-size photo (float32, the photo's shape)."""

    lab: np.ndarray  # (H, W, 3) L* 0-100, a*, b*
    delta_a: np.ndarray  # a* minus the reference skin's a*
    delta_b: np.ndarray
    delta_l: np.ndarray
    texture: np.ndarray  # local standard deviation of L* (roughness, scale, excoriations)
    reference_lab: tuple[float, float, float]


def lab_image(rgb: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of an RGB uint8 image as float32: L* 0-100, a*, b* in CIELAB units."""
    return cv2.cvtColor(rgb.astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB)


def colour_maps(rgb: np.ndarray, skin: np.ndarray) -> ColourMaps:
    """Maps of contrast against the uninvolved skin; ``skin`` is a boolean mask."""
    lab = lab_image(rgb)
    smooth = cv2.GaussianBlur(lab, (0, 0), 1.5)
    values = smooth[skin] if np.count_nonzero(skin) >= 50 else smooth.reshape(-1, 3)
    ref_a = float(np.percentile(values[:, 1], REFERENCE_PERCENTILE))
    low_a = values[:, 1] <= ref_a + 2.0  # the uninvolved skin's L* and b* at that a*
    ref_l = float(np.median(values[low_a, 0])) if np.any(low_a) else float(np.median(values[:, 0]))
    ref_b = float(np.median(values[low_a, 2])) if np.any(low_a) else float(np.median(values[:, 2]))
    lum = lab[..., 0]
    mean = cv2.GaussianBlur(lum, (0, 0), 2.0)
    sq = cv2.GaussianBlur(lum * lum, (0, 0), 2.0)
    texture = np.sqrt(np.maximum(sq - mean * mean, 0.0))
    return ColourMaps(
        lab=lab,
        delta_a=smooth[..., 1] - ref_a,
        delta_b=smooth[..., 2] - ref_b,
        delta_l=smooth[..., 0] - ref_l,
        texture=texture.astype(np.float32),
        reference_lab=(ref_l, ref_a, ref_b),
    )
