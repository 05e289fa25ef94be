"""The degradation benchmark's own labels: what counts as a meaningful defect, before any figure."""

from __future__ import annotations

import math

import numpy as np

from benchmarks import bench_quality_accuracy as bench


def _row(category: str, strength: float, meaningful: bool, clipped: float) -> bench.Row:
    variant = bench.Variant(category, category, strength, meaningful, bench._identity)
    return bench.Row("sfa", "x.jpg", variant, {}, {}, 0.4, {}, clipped)


def test_skin_clipping_is_measured_on_the_mask_only() -> None:
    image = np.full((10, 10, 3), 120, np.uint8)
    image[:, :5] = (255, 200, 180)  # left half: red clipped
    mask = np.zeros((10, 10), np.uint8)
    mask[:, 3:7] = 1  # half of the mask lies in the clipped half
    assert bench.skin_clipped_share(image, mask) == 0.5
    image[:, 5:] = 255  # white outside the mask does not count ... inside does
    assert bench.skin_clipped_share(image, mask) == 1.0
    assert math.isnan(bench.skin_clipped_share(image, np.zeros((10, 10), np.uint8)))


def test_exposure_makes_skin_clip_only_when_it_is_strong_enough() -> None:
    skin = np.full((20, 20, 3), (180, 130, 110), np.uint8)
    mask = np.ones((20, 20), np.uint8)
    rng = np.random.default_rng(0)
    assert bench.skin_clipped_share(bench._exposure(1.4)(skin, mask, rng), mask) == 0.0
    assert bench.skin_clipped_share(bench._exposure(3.0)(skin, mask, rng), mask) == 1.0


def test_corrected_lighting_label_drops_only_over_exposures_that_clip_no_more_than_clean_photos() -> None:
    limit = bench.CLEAN_SKIN_CLIPPED_Q95
    bright_unclipped = _row("lighting", 2.5, True, limit / 2)
    bright_clipped = _row("lighting", 2.5, True, limit * 2)
    dark = _row("lighting", 0.3, True, 0.0)  # under-exposure keeps the multiplier's label
    mild = _row("lighting", 2.0, False, 0.9)  # below the meaningful strength: never a positive
    cast = _row("colour_cast", 0.2, True, float("nan"))
    assert bench.lighting_positive(bright_unclipped, corrected=False)
    assert not bench.lighting_positive(bright_unclipped, corrected=True)
    assert bench.lighting_positive(bright_clipped, corrected=True)
    assert bench.lighting_positive(dark, corrected=True) and bench.lighting_positive(dark, corrected=False)
    assert not bench.lighting_positive(mild, corrected=True)
    assert not bench.lighting_positive(cast, corrected=False)


def test_a_drape_never_covers_the_skin_and_recolours_part_of_the_rest() -> None:
    rng = np.random.default_rng(4)
    image = np.full((60, 80, 3), 200, np.uint8)
    mask = np.zeros((60, 80), np.uint8)
    mask[15:45, 20:60] = 1
    for _ in range(8):
        draped = bench._drape(image, mask, rng)
        assert np.array_equal(draped[mask > 0], image[mask > 0])
        changed = np.any(draped != image, axis=2).mean()
        assert 0.05 < changed < 0.6


def test_background_scenes_are_fitted_as_no_cast() -> None:
    catalogue = bench.cast_fit_variants()
    scenes = [v for v in catalogue if v.category == "scene"]
    assert {v.name for v in scenes} == {"far", "shift", "drape"}
    assert all(bench._cast_label(v) == 0 for v in scenes)
    labels = [bench._cast_label(v) for v in catalogue]
    assert None not in labels and 0 in labels and 1 in labels
    # The measuring catalogue is untouched: the held-out figures keep their defects and rng stream.
    assert all(v.category != "scene" for v in bench.variants())
