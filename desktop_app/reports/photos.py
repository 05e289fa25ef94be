"""Photos for the PDF: lesion overlay, print resolution, in-memory JPEG. Nothing touches the disk.

A photo is printed about 58 mm wide, which needs ~690 px at 300 dpi; the long side is
capped at ``MAX_SIDE`` = 1000 px (~430 dpi at that size) so six photos stay fast to render
and the PDF small, while remaining print-worthy. Downscaling uses PIL's antialiased
bicubic filter. Photos are embedded as JPEG (quality 90, baseline, no metadata): reportlab
copies JPEG data into the PDF as is (DCTDecode), which is far faster and smaller than
re-compressing raw pixels. Encoding is deterministic, so the PDF stays byte-identical.

The ASCORAD lesion mask is drawn as a translucent red fill with a solid outline, so the
skin under it stays visible.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

MAX_SIDE = 1000
JPEG_QUALITY = 90
_OVERLAY_RGB = np.array([230, 30, 30], dtype=np.uint16)
_OVERLAY_PERCENT = 28  # opacity of the red tint over the lesion


def _downscale(rgb: np.ndarray, mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray | None]:
    height, width = rgb.shape[:2]
    factor = MAX_SIDE / max(height, width)
    if factor >= 1.0:
        return rgb, None if mask is None else mask > 0
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    small = np.asarray(Image.fromarray(rgb).resize(size, Image.Resampling.BICUBIC))
    small_mask = None
    if mask is not None:
        as_u8 = Image.fromarray(((mask > 0) * 255).astype(np.uint8))
        small_mask = np.asarray(as_u8.resize(size, Image.Resampling.NEAREST)) > 0
    return small, small_mask


def _erode(mask: np.ndarray, steps: int) -> np.ndarray:
    """Binary erosion by a 3x3 cross, ``steps`` times, with numpy shifts only."""
    out = mask.copy()
    for _ in range(steps):
        shrunk = out.copy()
        shrunk[1:, :] &= out[:-1, :]
        shrunk[:-1, :] &= out[1:, :]
        shrunk[:, 1:] &= out[:, :-1]
        shrunk[:, :-1] &= out[:, 1:]
        shrunk[0, :] = shrunk[-1, :] = False
        shrunk[:, 0] = shrunk[:, -1] = False
        out = shrunk
    return out


def overlay_lesion(rgb: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """RGB with the lesion area tinted red and outlined; ``mask`` is boolean or 0/255."""
    lesion = mask.astype(bool)
    out = rgb.copy()
    tinted = out[lesion].astype(np.uint16) * (100 - _OVERLAY_PERCENT) + _OVERLAY_RGB * _OVERLAY_PERCENT
    out[lesion] = ((tinted + 50) // 100).astype(np.uint8)
    thickness = max(2, round(max(rgb.shape[:2]) / 300))
    edge = lesion & ~_erode(lesion, thickness)
    out[edge] = _OVERLAY_RGB.astype(np.uint8)
    return out


def photo_jpeg(rgb: np.ndarray, mask: np.ndarray | None = None) -> tuple[bytes, int, int]:
    """JPEG bytes (print resolution, overlay drawn when a mask is given), width and height."""
    small, small_mask = _downscale(rgb, mask)
    if small_mask is not None:
        small = overlay_lesion(small, small_mask)
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(small)).save(
        buffer, format="JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False
    )
    return buffer.getvalue(), small.shape[1], small.shape[0]
