"""Photo preparation: overlay only on the lesion, print resolution, deterministic JPEG."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from desktop_app.reports.photos import MAX_SIDE, overlay_lesion, photo_jpeg


def _photo(h: int, w: int) -> tuple[np.ndarray, np.ndarray]:
    rgb = np.full((h, w, 3), (200, 160, 140), dtype=np.uint8)
    mask = np.zeros((h, w), dtype=bool)
    mask[h // 4 : h // 2, w // 4 : w // 2] = True
    return rgb, mask


def test_overlay_tints_the_lesion_outlines_it_and_leaves_the_rest() -> None:
    rgb, mask = _photo(120, 160)
    out = overlay_lesion(rgb, mask)
    assert np.array_equal(out[~mask], rgb[~mask])
    inside = out[45, 60]
    assert inside[0] > inside[1] + 60 and not np.array_equal(inside, rgb[45, 60])
    assert tuple(out[30, 60]) == (230, 30, 30)  # the top edge of the lesion is the solid outline
    assert out.dtype == np.uint8 and out.shape == rgb.shape


def test_large_photos_are_downscaled_to_print_resolution_small_ones_kept() -> None:
    rgb, mask = _photo(1500, 2000)
    jpeg, w, h = photo_jpeg(rgb, mask)
    with Image.open(io.BytesIO(jpeg)) as image:
        assert image.format == "JPEG" and image.size == (w, h) == (MAX_SIDE, 750)
        assert not image.info.get("exif")
    small, _ = _photo(90, 120)
    _, w, h = photo_jpeg(small)
    assert (w, h) == (120, 90)


def test_encoding_is_deterministic() -> None:
    rgb, mask = _photo(300, 400)
    assert photo_jpeg(rgb, mask) == photo_jpeg(rgb.copy(), mask.copy())
