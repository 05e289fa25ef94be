"""Synthetic fixtures for the ASCORAD tests: skin-toned images with red patches of known shape."""

from __future__ import annotations

import numpy as np
import pytest


def skin_image(
    height: int = 240, width: int = 320, tone: tuple[int, int, int] = (205, 160, 140), seed: int = 0
) -> np.ndarray:
    """A smooth skin-coloured image with mild texture (RGB uint8)."""
    rng = np.random.default_rng(seed)
    base = np.array(tone, np.float32)[None, None] * np.ones((height, width, 1), np.float32)
    noise = rng.normal(0.0, 3.0, (height, width, 1)).astype(np.float32)
    return np.clip(base + noise, 0, 255).astype(np.uint8)


def disc_mask(height: int, width: int, cy: int, cx: int, radius: int) -> np.ndarray:
    yy, xx = np.mgrid[0:height, 0:width]
    return (yy - cy) ** 2 + (xx - cx) ** 2 <= radius**2


def redden(rgb: np.ndarray, mask: np.ndarray, strength: float) -> np.ndarray:
    """Raise red and lower green/blue inside ``mask`` (strength 0-1): synthetic erythema."""
    out = rgb.astype(np.float32)
    out[mask, 0] = out[mask, 0] * (1 + 0.15 * strength)
    out[mask, 1] = out[mask, 1] * (1 - 0.45 * strength)
    out[mask, 2] = out[mask, 2] * (1 - 0.35 * strength)
    return np.clip(out, 0, 255).astype(np.uint8)


@pytest.fixture
def lesion_photo() -> tuple[np.ndarray, np.ndarray]:
    rgb = skin_image()
    mask = disc_mask(240, 320, 120, 160, 50)
    return redden(rgb, mask, 1.0), mask
