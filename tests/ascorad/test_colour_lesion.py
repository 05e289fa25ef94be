"""The transparent estimators on synthetic skin with known lesions."""

from __future__ import annotations

import numpy as np
import pytest

from desktop_app.ascorad.colour import ColourMaps, colour_maps, lab_image
from desktop_app.ascorad.lesion import (
    EdgeRule,
    applied_rule,
    cell_shares,
    contrast_mask,
    grid_cells,
    lesion_mask,
    locally_contrasted,
    percent_of,
    strong_mask,
)
from desktop_app.ascorad.signs import contrast_statistics, transparent_erythema
from tests.ascorad.conftest import disc_mask, redden, skin_image


def test_contrast_mask_finds_a_red_patch_with_exact_edges(
    lesion_photo: tuple[np.ndarray, np.ndarray],
) -> None:
    rgb, truth = lesion_photo
    skin = np.ones(truth.shape, bool)
    found = contrast_mask(colour_maps(rgb, skin), skin)
    iou = np.count_nonzero(found & truth) / np.count_nonzero(found | truth)
    assert iou > 0.9


def test_healthy_uniform_skin_has_no_lesion() -> None:
    rgb = skin_image(seed=3)
    skin = np.ones(rgb.shape[:2], bool)
    assert percent_of(contrast_mask(colour_maps(rgb, skin), skin), skin) < 0.5


def test_reference_adapts_to_darker_skin() -> None:
    dark = skin_image(tone=(110, 75, 60))
    truth = disc_mask(240, 320, 100, 100, 40)
    rgb = redden(dark, truth, 1.0)
    skin = np.ones(truth.shape, bool)
    maps = colour_maps(rgb, skin)
    assert abs(maps.reference_lab[1] - float(lab_image(dark)[..., 1].mean())) < 2.0
    found = contrast_mask(maps, skin)
    assert np.count_nonzero(found & truth) / np.count_nonzero(found | truth) > 0.8


def test_transparent_erythema_rises_with_redness() -> None:
    base = skin_image()
    truth = disc_mask(240, 320, 120, 160, 60)
    skin = np.ones(truth.shape, bool)
    grades = []
    for strength in (0.05, 0.1, 0.15, 0.25):
        maps = colour_maps(redden(base, truth, strength), skin)
        grades.append(transparent_erythema(maps, truth))
    assert grades == sorted(grades) and grades[-1] - grades[0] > 1.0
    assert transparent_erythema(colour_maps(base, skin), np.zeros_like(truth)) == 0.0


def test_percent_of_counts_only_skin() -> None:
    skin = np.zeros((10, 10), bool)
    skin[:, :5] = True
    lesion = np.zeros((10, 10), bool)
    lesion[:, 3:8] = True  # 2 of its 5 columns lie on skin
    assert percent_of(lesion, skin) == 40.0
    assert percent_of(lesion, np.zeros_like(skin)) == 0.0


def test_grid_cells_use_the_quarter_rule_and_proxy_label_edges() -> None:
    mask = np.zeros((60, 80), bool)
    mask[0:10, 0:10] = True  # all of cell A1
    mask[10:13, 10:20] = True  # 30 % of B2
    mask[20:22, 20:30] = True  # 20 % of C3: below a quarter
    assert grid_cells(mask) == {"A1", "B2"}


def test_cell_shares_measure_each_cell_on_uneven_edges() -> None:
    # 61 × 83: the cells are 10-11 rows by 10-11 columns, with edges at h*r//6 and w*c//8
    mask = np.zeros((61, 83), bool)
    mask[:, 0:10] = True  # column A (0-9) entirely
    mask[0:5, 10:20] = True  # half the rows of B1 (rows 0-9, columns 10-19)
    shares = cell_shares(mask)
    assert len(shares) == 48
    assert all(shares[f"A{r}"] == 1.0 for r in range(1, 7))
    assert shares["B1"] == 0.5
    assert shares["B2"] == 0.0 and shares["H6"] == 0.0


def test_contrast_statistics_describe_the_lesion(lesion_photo: tuple[np.ndarray, np.ndarray]) -> None:
    rgb, truth = lesion_photo
    skin = np.ones(truth.shape, bool)
    maps = colour_maps(rgb, skin)
    stats = contrast_statistics(maps, skin, contrast_mask(maps, skin))
    assert abs(stats[0] - truth.mean()) < 0.03  # lesion share
    assert stats[1] > 9.0  # mean a* rise in the lesion
    assert stats[-1] == 1.0  # skin fraction


def test_below_the_gate_the_mask_is_the_contrast_estimator_alone(
    lesion_photo: tuple[np.ndarray, np.ndarray],
) -> None:
    rgb, truth = lesion_photo
    skin = np.ones(truth.shape, bool)
    colour = colour_maps(rgb, skin)
    head_everywhere = np.ones(truth.shape, np.float32)  # a head that false-alarms on all the skin
    assert applied_rule("head|strong", intensity=0.5, min_intensity=1.7) == "strong"
    assert applied_rule("head|strong", intensity=1.7, min_intensity=1.7) == "head|strong"
    assert applied_rule("head&weak|strong", intensity=0.0, min_intensity=0.0) == "head&weak|strong"
    gated = lesion_mask(head_everywhere, colour, skin, 0.5, applied_rule("head|strong", 0.5, 1.7))
    assert np.array_equal(gated, contrast_mask(colour, skin))
    assert lesion_mask(head_everywhere, colour, skin, 0.5, "head|strong").all()


def _delta_a_maps(delta_a: np.ndarray) -> ColourMaps:
    zeros = np.zeros_like(delta_a)
    lab = np.zeros((*delta_a.shape, 3), np.float32)
    return ColourMaps(lab, delta_a, zeros, zeros, zeros, (0.0, 0.0, 0.0))


def test_blotches_that_barely_clear_the_threshold_on_reddish_skin_are_not_lesions() -> None:
    delta_a = np.zeros((240, 320), np.float32)
    delta_a[:, 160:] = 12.0  # the right half of the skin is reddish all over (warm light, flush)
    blotches = np.zeros_like(delta_a, dtype=bool)
    for cy, cx in ((40, 200), (120, 250), (200, 290)):
        blotches |= disc_mask(240, 320, cy, cx, 6)
    delta_a[blotches] = 17.0  # over 15, but only 5 above the skin around them
    lesion = disc_mask(240, 320, 120, 70, 30)
    delta_a[lesion] = 35.0  # clearly redder than its surroundings
    skin = np.ones(delta_a.shape, bool)
    colour = _delta_a_maps(delta_a)
    assert np.count_nonzero(contrast_mask(colour, skin) & blotches) > 0.8 * np.count_nonzero(blotches)
    kept = strong_mask(colour, skin, EdgeRule(6.0))
    assert not (kept & blotches).any()
    assert np.count_nonzero(kept & lesion) / np.count_nonzero(kept | lesion) > 0.95
    # no local contrast asked (heads before 2.3): exactly the threshold's mask
    assert np.array_equal(strong_mask(colour, skin, EdgeRule(0.0)), contrast_mask(colour, skin))
    # the mask rules use the same estimator, under the gate and beside the head
    no_head = np.zeros(delta_a.shape, np.float32)
    assert np.array_equal(lesion_mask(no_head, colour, skin, 0.5, "strong", EdgeRule(6.0)), kept)
    assert np.array_equal(lesion_mask(no_head, colour, skin, 0.5, "head|strong", EdgeRule(6.0)), kept)


def test_a_vivid_plaque_joined_to_a_reddish_patch_keeps_its_core() -> None:
    delta_a = np.full((240, 320), 12.0, np.float32)  # reddish skin all over (a flushed flank)
    delta_a[40:200, 100:300] = 16.0  # a broad patch of it just over 15, no edge of its own
    plaque = disc_mask(240, 320, 120, 200, 25)
    delta_a[plaque] = 40.0  # a vivid plaque inside it: one connected region with the patch
    skin = np.ones(delta_a.shape, bool)
    colour = _delta_a_maps(delta_a)
    # judged as one region (median 16, 4 above the skin around it) the patch and its plaque
    # stand or fall together; they fall with heads 2.3 ...
    edge_only = strong_mask(colour, skin, EdgeRule(6.0))
    assert not (edge_only & plaque).any()
    # ... and heads 2.4 find the plaque as a core above 20, against the reddish patch around it
    cored = strong_mask(colour, skin, EdgeRule(6.0, core_step=5.0))
    assert np.count_nonzero(cored & plaque) / np.count_nonzero(cored | plaque) > 0.95


def test_the_top_of_a_smooth_flush_is_not_taken_for_a_core() -> None:
    # reddish skin (12) with a broad, smooth flush peaking at 28: no edge anywhere. Any level cut
    # through it stands out from the skin just outside the cut, by construction; the contrast
    # asked of a core rises with its level, so none passes.
    yy, xx = np.mgrid[0:320, 0:320]
    delta_a = (12.0 + 16.0 * np.exp(-((yy - 160.0) ** 2 + (xx - 160.0) ** 2) / (2 * 40.0**2))).astype(
        np.float32
    )
    skin = np.ones(delta_a.shape, bool)
    colour = _delta_a_maps(delta_a)
    assert np.count_nonzero(contrast_mask(colour, skin)) > 0.1 * delta_a.size
    assert not strong_mask(colour, skin, EdgeRule(6.0)).any()
    assert not strong_mask(colour, skin, EdgeRule(6.0, core_step=5.0)).any()


def test_a_core_step_that_would_try_thousands_of_levels_is_refused() -> None:
    for step in (1e-7, 0.5, 60.0):
        with pytest.raises(ValueError, match="core step"):
            EdgeRule(6.0, core_step=step)
    assert EdgeRule(6.0, core_step=0.0).core_step == 0.0  # off


def test_a_red_region_with_no_skin_around_it_is_kept() -> None:
    skin = disc_mask(120, 160, 60, 80, 40)
    delta_a = np.where(skin, 20.0, 0.0).astype(np.float32)  # all the visible skin is involved
    assert np.array_equal(locally_contrasted(skin, delta_a, skin, 6.0), skin)


def test_an_ill_defined_lesion_is_judged_past_its_fading_border() -> None:
    # a plaque at Δa* 18 whose redness fades to nothing over 40 px, as atopic dermatitis often does
    yy, xx = np.mgrid[0:240, 0:320]
    distance = np.hypot(yy - 120.0, xx - 160.0)
    delta_a = np.clip(18.0 * (70.0 - distance) / 40.0, 0.0, 18.0).astype(np.float32)
    skin = np.ones(delta_a.shape, bool)
    candidate = contrast_mask(_delta_a_maps(delta_a), skin)
    # right at its border the skin is still 11-15: a band there would drop the plaque
    assert not locally_contrasted(candidate, delta_a, skin, 6.0, gap_px=0).any()
    assert np.array_equal(locally_contrasted(candidate, delta_a, skin, 6.0), candidate)


def test_a_cluster_of_red_papules_is_not_compared_with_itself() -> None:
    delta_a = np.zeros((240, 320), np.float32)  # pale, uninvolved skin
    papules = np.zeros(delta_a.shape, bool)
    for cy in range(60, 190, 22):  # discs of radius 8, 6 px of skin between neighbours
        for cx in range(80, 250, 22):
            papules |= disc_mask(240, 320, cy, cx, 8)
    delta_a[papules] = 30.0
    skin = np.ones(delta_a.shape, bool)
    candidate = contrast_mask(_delta_a_maps(delta_a), skin)
    assert np.array_equal(locally_contrasted(candidate, delta_a, skin, 6.0), candidate)
