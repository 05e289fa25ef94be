"""Fine-structure sign features on synthetic skin with drawn scratches, skin-line texture and crusts."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from desktop_app.ascorad.colour import colour_maps
from desktop_app.ascorad.sign_texture import SIGN_TEXTURE_NAMES, analysis_size, sign_texture_features
from tests.ascorad.conftest import disc_mask, redden, skin_image

HEIGHT, WIDTH = 480, 640


def _patch() -> np.ndarray:
    """A red lesion disc on the right half: the reddish skin the features look into."""
    return disc_mask(HEIGHT, WIDTH, 240, 420, 150)


def _features(rgb: np.ndarray) -> dict[str, float]:
    """Features with the engine's inputs: skin everywhere, Δa* from ``colour_maps`` at 320 px."""
    small = cv2.resize(rgb, (WIDTH // 2, HEIGHT // 2), interpolation=cv2.INTER_AREA)
    skin = np.ones(small.shape[:2], bool)
    values = sign_texture_features(rgb, skin, colour_maps(small, skin).delta_a)
    return dict(zip(SIGN_TEXTURE_NAMES, values.tolist(), strict=True))


def _lesion_photo(seed: int = 0) -> np.ndarray:
    return redden(skin_image(HEIGHT, WIDTH, seed=seed), _patch(), 0.8)


def _draw_scratches(rgb: np.ndarray, colour: tuple[int, int, int]) -> np.ndarray:
    out = rgb.copy()
    rng = np.random.default_rng(5)
    for _ in range(25):
        cy, cx = rng.integers(140, 340), rng.integers(320, 520)
        angle = rng.uniform(0, np.pi)
        dy, dx = 14 * np.sin(angle), 14 * np.cos(angle)
        start = (int(cx - dx), int(cy - dy))
        end = (int(cx + dx), int(cy + dy))
        cv2.line(out, start, end, colour, thickness=2, lineType=cv2.LINE_AA)
    return out


def test_one_value_per_name_and_zeros_without_skin() -> None:
    rgb = _lesion_photo()
    skin = np.zeros((HEIGHT // 2, WIDTH // 2), bool)
    values = sign_texture_features(rgb, skin, np.zeros(skin.shape, np.float32))
    assert values.shape == (len(SIGN_TEXTURE_NAMES),)
    assert values.dtype == np.float32
    assert not np.any(values)
    assert np.all(np.isfinite(list(_features(rgb).values())))


def test_rejects_what_is_not_an_rgb_photo() -> None:
    skin = np.ones((240, 320), bool)
    with pytest.raises(ValueError, match="RGB uint8"):
        sign_texture_features(np.zeros((480, 640), np.uint8), skin, np.zeros((240, 320), np.float32))
    with pytest.raises(ValueError, match="same shape"):
        sign_texture_features(_lesion_photo(), skin, np.zeros((100, 100), np.float32))


def test_analysis_size_shrinks_large_photos_and_never_upsamples() -> None:
    assert analysis_size(3000, 4000) == (480, 640)
    assert analysis_size(300, 200) == (300, 200)


def test_dark_scratches_raise_the_excoriation_line_features() -> None:
    plain = _features(_lesion_photo())
    scratched = _features(_draw_scratches(_lesion_photo(), (90, 30, 30)))
    assert scratched["exc_dark_line_share"] > plain["exc_dark_line_share"] + 0.02
    assert scratched["exc_dark_line_ratio"] > plain["exc_dark_line_ratio"] + 0.5
    assert scratched["exc_long_line_density"] > plain["exc_long_line_density"] + 0.1
    assert scratched["exc_line_strength"] > plain["exc_line_strength"]


def test_red_scratches_raise_the_red_line_and_spot_features() -> None:
    plain = _features(_lesion_photo())
    scratched = _features(_draw_scratches(_lesion_photo(), (200, 20, 30)))
    assert scratched["exc_red_line_share"] > plain["exc_red_line_share"] + 0.01
    assert scratched["exc_red_spot_share"] > plain["exc_red_spot_share"] + 0.005


def test_small_dark_red_crusts_raise_the_spot_density() -> None:
    plain = _lesion_photo()
    spotted = plain.copy()
    rng = np.random.default_rng(9)
    for _ in range(40):
        cy, cx = int(rng.integers(120, 360)), int(rng.integers(300, 540))
        cv2.circle(spotted, (cx, cy), 3, (110, 25, 25), -1)
    before, after = _features(plain), _features(spotted)
    assert after["exc_spot_density"] > before["exc_spot_density"] + 0.3
    assert after["exc_dark_red_spot_share"] > before["exc_dark_red_spot_share"] + 0.003


def test_oriented_skin_line_texture_raises_the_lichenification_features() -> None:
    plain = _lesion_photo()
    yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH]
    wave = 12.0 * np.sin(2 * np.pi * (xx * 0.8 + yy * 0.6) / 7.0)  # skin lines, period 7 px
    textured = plain.astype(np.float32)
    textured[_patch()] += wave[_patch()][:, None]
    textured_rgb = np.clip(textured, 0, 255).astype(np.uint8)
    before, after = _features(plain), _features(textured_rgb)
    assert after["lich_band_fine_ratio"] > before["lich_band_fine_ratio"] + 1.0
    assert after["lich_band_mid_involved"] > before["lich_band_mid_involved"]
    assert after["lich_coherence"] > before["lich_coherence"] + 0.2
    assert after["lich_coherence_diff"] > before["lich_coherence_diff"] + 0.2
    assert after["lich_energy_ratio"] > before["lich_energy_ratio"] + 1.0


def test_darker_plaques_count_as_involved_skin() -> None:
    base = skin_image(HEIGHT, WIDTH, seed=2).astype(np.float32)
    base[_patch()] *= 0.6  # a grey-brown plaque, not red
    assert _features(np.clip(base, 0, 255).astype(np.uint8))["lich_dark_share"] > 0.15
    assert _features(skin_image(HEIGHT, WIDTH, seed=2))["lich_dark_share"] < 0.02


def test_yellow_crusts_raise_the_crust_features() -> None:
    plain = _lesion_photo()
    crusted = plain.copy()
    rng = np.random.default_rng(3)
    for _ in range(30):
        cy, cx = int(rng.integers(130, 350)), int(rng.integers(310, 530))
        cv2.ellipse(crusted, (cx, cy), (6, 4), float(rng.uniform(0, 180)), 0, 360, (215, 170, 60), -1)
    before, after = _features(plain), _features(crusted)
    assert after["crust_yellow_share"] > before["crust_yellow_share"] + 0.004
    assert after["crust_yellow_blob_share"] > before["crust_yellow_blob_share"] + 0.004
    assert after["crust_yellow_spot_share"] > before["crust_yellow_spot_share"] + 0.003


def test_specular_highlights_on_the_lesion_raise_the_wet_features() -> None:
    plain = _lesion_photo()
    wet = plain.copy()
    rng = np.random.default_rng(4)
    for _ in range(30):
        cy, cx = int(rng.integers(130, 350)), int(rng.integers(310, 530))
        cv2.circle(wet, (cx, cy), 4, (250, 248, 245), -1)
    before, after = _features(plain), _features(wet)
    assert after["wet_specular_share"] > before["wet_specular_share"] + 0.004
    assert after["wet_specular_ratio"] > before["wet_specular_ratio"] + 1.0


def test_rotation_and_mirror_leave_the_features_unchanged() -> None:
    photo = _draw_scratches(_lesion_photo(seed=7), (120, 30, 30))
    small = cv2.resize(photo, (WIDTH // 2, HEIGHT // 2), interpolation=cv2.INTER_AREA)
    skin = np.ones(small.shape[:2], bool)
    delta_a = colour_maps(small, skin).delta_a
    reference = sign_texture_features(photo, skin, delta_a)
    for turn in (
        lambda a: np.rot90(a, 1),
        lambda a: np.rot90(a, 2),
        lambda a: a[:, ::-1],
    ):
        turned = sign_texture_features(
            np.ascontiguousarray(turn(photo)),
            np.ascontiguousarray(turn(skin)),
            np.ascontiguousarray(turn(delta_a)),
        )
        np.testing.assert_allclose(turned, reference, rtol=0.02, atol=0.02)


def test_ratio_features_barely_move_with_brightness() -> None:
    photo = _draw_scratches(_lesion_photo(seed=8), (120, 30, 30))
    darker = np.clip(photo.astype(np.float32) * 0.85, 0, 255).astype(np.uint8)
    bright, dim = _features(photo), _features(darker)
    for name in ("exc_dark_line_ratio", "lich_band_fine_ratio", "lich_band_mid_ratio", "lich_energy_ratio"):
        assert abs(bright[name] - dim[name]) < 0.25, name
