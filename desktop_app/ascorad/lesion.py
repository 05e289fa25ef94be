"""Lesion extent within the skin: a learned location head refined by colour contrast.

Two estimators, combined per pixel (both are reported in the provenance):

* **Colour contrast (transparent)** — a pixel is lesion when its CIELAB a* exceeds the
  patient's own uninvolved skin by ``STRONG_DELTA_A`` (see ``colour``). Pixel-exact edges,
  adapts to skin tone and white balance; blind to non-red lesions (lichenified, dry or
  post-inflammatory hyper-pigmented skin on dark skin).
* **Learned location head** — a small convolutional head (heads 2.x: 1×1 then two 3×3
  convolutions, so each location sees its neighbours) on the Lite0 features of each stride-16
  location (≈ 20×15 locations per photo) plus colour-contrast maps, trained on the coarse 8×6
  grid marks of the DermNet proxy labels (loss on each cell's mean probability) and on healthy
  skin. Sees texture and non-red lesions, but only coarsely. Heads 1.x used a per-location
  logistic regression.

Rules (``LESION_RULES``, the heads file names its rule): heads 1.x combined
lesion = skin ∧ [(head > threshold ∧ Δa* > ``WEAK_DELTA_A``) ∨ Δa* > ``STRONG_DELTA_A``];
heads 2.x use skin ∧ [head > threshold ∨ Δa* > ``STRONG_DELTA_A``]: with the conv head the
weak Δa* condition cost cell IoU (5-fold CV on the 322 grid-marked photos: 0.531 with it,
0.548 without, 0.550 for the head alone), while the strong condition keeps pixel-exact edges
for clearly red lesions. A small opening removes speckle. ``STRONG_DELTA_A`` = 15: healthy
abdominal skin reaches Δa* ≈ 24 at its 99th percentile in some photos (folds, flushing), so
lower values (9, 12) painted healthy skin as lesion (synthetic-lesion IoU 0.66 and 0.80
against 0.86 at 15, on 30 abdomen val photos). Heads 2.2 keep "head|strong" but switch to
the transparent estimator alone on photos whose six signs sum to almost nothing
(``applied_rule``). Heads 2.3 keep a Δa* > 15 region only when it is also clearly redder
than the skin around it, past its own border zone (``locally_contrasted``): blotches of a
reddish skin that just cross 15 are not lesions. Heads 2.4 then try the clearly red cores of
the regions that fail (``strong_mask``): a vivid plaque joined to a reddish patch. The
figures that chose this design are in benchmarks/bench_ascorad.py and docs/ascorad.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from desktop_app.ascorad.colour import ColourMaps
from desktop_app.ascorad.heads import HeadSet, LesionHead, lesion_logits
from desktop_app.ascorad.network_outputs import sigmoid

STRONG_DELTA_A = 15.0
WEAK_DELTA_A = 1.5
# Heads 2.3: a region of Δa* > STRONG_DELTA_A must also be this much redder (median Δa*) than
# the skin in a LOCAL_RING_PX band that starts LOCAL_RING_GAP_PX beyond its border (working
# size, long side 320 px); see ``locally_contrasted``.
LOCAL_CONTRAST_A = 6.0
LOCAL_RING_GAP_PX = 12
LOCAL_RING_PX = 9
LOCAL_RING_MIN_PIXELS = 20
# Heads 2.4: a region that fails that test is tried again above STRONG_DELTA_A + k × this
# (k = 1, 2, …): a clearly red core inside a broadly reddish patch (see ``strong_mask``).
LOCAL_CORE_STEP_A = 5.0
MAX_CORE_LEVELS = 16  # 15 + 16 × 5 = 95: beyond any Δa* measured on skin


@dataclass(frozen=True)
class EdgeRule:
    """How ``strong_mask`` asks a strongly red region for an edge; the heads file carries it.
    The defaults (``contrast`` 0) draw the masks of heads before 2.3 exactly."""

    contrast: float = 0.0  # median Δa* above the band around the region; 0: no edge test
    gap_px: int = LOCAL_RING_GAP_PX  # where the band starts beyond the region's border
    core_step: float = 0.0  # Δa* step of the cores tried in a rejected region; 0: none (< 2.4)

    def __post_init__(self) -> None:
        # a step under one a* unit would try thousands of near-identical levels
        if self.core_step != 0 and not 1.0 <= self.core_step <= 50.0:
            raise ValueError(f"core step {self.core_step} a* is outside 1-50 (0 turns the cores off)")


def edge_rule(heads: HeadSet) -> EdgeRule:
    """The edge rule a heads file carries (the defaults for files older than heads 2.3)."""
    return EdgeRule(heads.strong_local_contrast, heads.strong_local_gap_px, heads.strong_core_step)


def head_probability(head: LesionHead, location_features: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Lesion probability of each location, resized to ``size`` = (H, W)."""
    prob = sigmoid(lesion_logits(head, location_features).astype(np.float32))
    return cv2.resize(prob, (size[1], size[0]), interpolation=cv2.INTER_LINEAR)


def contrast_mask(colour: ColourMaps, skin: np.ndarray, strong: float = STRONG_DELTA_A) -> np.ndarray:
    """The transparent estimator alone: skin redder than the reference by ``strong`` a* units."""
    return _clean(skin & (colour.delta_a > strong))


def locally_contrasted(
    candidate: np.ndarray,
    delta_a: np.ndarray,
    skin: np.ndarray,
    min_contrast: float,
    gap_px: int = LOCAL_RING_GAP_PX,
    ring_px: int = LOCAL_RING_PX,
) -> np.ndarray:
    """The connected regions of ``candidate`` whose median Δa* exceeds the median Δa* of the
    skin in a ``ring_px`` band, starting ``gap_px`` beyond the region's border, by more than
    ``min_contrast``. Other candidate regions in the band are not "the skin around it": a
    cluster of red papules on pale skin would otherwise drop its own members.

    Why: Δa* is measured against one reference for the whole photo (the palest quarter of the
    skin). Where the skin is reddish over a wide area (a warm light on one side, a flushed
    flank, a redder person beside a paler one), its blotches cross Δa* > 15 by a little, with
    the skin around them nearly as red; a lesion is clearly redder than the skin around it.
    The gap skips the lesion's own border zone: atopic dermatitis is often ill-defined, its
    redness fading over several millimetres, and a band right at the border would lie in that
    fade and drop the lesion (measured: docs/ascorad.md, "Strongly red regions need an edge").
    A region with (almost) no skin in its band fills the visible skin and is kept, as there is
    nothing to compare it with.
    """
    candidate, skin = candidate.astype(bool, copy=False), skin.astype(bool, copy=False)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(candidate.astype(np.uint8), connectivity=8)
    reach = gap_px + ring_px
    height, width = candidate.shape
    kept = np.zeros(candidate.shape, bool)
    for index in range(1, count):
        x, y, w, h = (int(v) for v in stats[index, :4])
        top, left = max(0, y - reach - 1), max(0, x - reach - 1)
        bottom, right = min(height, y + h + reach + 1), min(width, x + w + reach + 1)
        region = labels[top:bottom, left:right] == index
        # Euclidean distance to the region: one pass over the crop, whatever the band's width
        # (two large elliptical dilations per region cost 3× more on photos with many regions)
        distance = cv2.distanceTransform((~region).astype(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_PRECISE)
        around = skin[top:bottom, left:right] & ~candidate[top:bottom, left:right]
        ring = (distance > gap_px + 0.5) & (distance <= reach + 0.5) & around
        local = delta_a[top:bottom, left:right]
        if np.count_nonzero(ring) >= LOCAL_RING_MIN_PIXELS and (
            float(np.median(local[region])) - float(np.median(local[ring])) <= min_contrast
        ):
            continue
        kept[top:bottom, left:right] |= region
    return kept


def strong_mask(colour: ColourMaps, skin: np.ndarray, edge: EdgeRule = EdgeRule()) -> np.ndarray:
    """The transparent lesion estimator as the mask rules use it: ``contrast_mask``, since
    heads 2.3 only its regions with an edge (``locally_contrasted``), and since heads 2.4 the
    clearly red cores of the regions that fail it.

    Why the cores: a region is one connected patch of Δa* > 15, so a vivid plaque that touches
    a broad, barely reddish area (a flushed flank, a warm-lit side) is judged by the median of
    the whole patch and fails with it. Its parts above 20, 25, … a* are tried in turn, each
    against the skin around *it*, which then includes the reddish rest of the patch. A core cut
    at a higher level stands out from its band by construction (a smooth flush's top does too),
    so the contrast asked of it rises with the level: ``contrast`` + (level − 15). A plaque
    whose core is 24 above the patch passes at 20; the top of a smooth flush does not."""
    candidate = contrast_mask(colour, skin)
    if edge.contrast <= 0:
        return candidate
    kept = locally_contrasted(candidate, colour.delta_a, skin, edge.contrast, edge.gap_px)
    if edge.core_step <= 0:
        return kept
    rejected = candidate & ~kept
    for index in range(1, MAX_CORE_LEVELS + 1):
        above = index * edge.core_step
        # cleaned like the regions they come from: no one-pixel cores
        cores = _clean(rejected & (colour.delta_a > STRONG_DELTA_A + above))
        if not cores.any():
            break
        # the kept lesions elsewhere are not "the skin around" a core
        passed = locally_contrasted(cores, colour.delta_a, skin & ~kept, edge.contrast + above, edge.gap_px)
        kept |= passed
        rejected = cores & ~passed
    return kept


def combined_mask(
    probability: np.ndarray,
    colour: ColourMaps,
    skin: np.ndarray,
    threshold: float,
    weak: float = WEAK_DELTA_A,
    strong: float = STRONG_DELTA_A,
) -> np.ndarray:
    learned = (probability > threshold) & (colour.delta_a > weak)
    return _clean(skin & (learned | (colour.delta_a > strong)))


LESION_RULES = ("head&weak|strong", "head|strong", "head", "strong")


def sign_intensity(grades: np.ndarray) -> np.ndarray:
    """The sum of the six fractional grades (each clipped to 0–3) over the last axis: what the
    lesion head's gate compares (``applied_rule``, ``head_fitting.choose_head_gate``)."""
    result: np.ndarray = np.clip(grades, 0.0, 3.0).sum(axis=-1)
    return result


def applied_rule(rule: str, intensity: float, min_intensity: float) -> str:
    """The rule to use for one photo: the heads' ``rule``, or "strong" (the transparent
    estimator alone) when the photo's sign intensity — the sum of its six fractional grades —
    is below ``min_intensity`` (heads 2.2; 0 for older heads, which never switch).

    Why: the learned head's false alarms on healthy skin (navels, scars, naevi, blotchy skin)
    are what it gets most wrong, and a photo whose signs sum to almost nothing does not look
    like eczema to the sign heads either; there only clearly red skin is marked. The level is
    chosen in training (``head_fitting.choose_head_gate``) so that about 1 % of the
    cross-validated eczema photos fall under it.
    """
    return "strong" if intensity < min_intensity else rule


def lesion_mask(
    probability: np.ndarray,
    colour: ColourMaps,
    skin: np.ndarray,
    threshold: float,
    rule: str,
    edge: EdgeRule = EdgeRule(),
) -> np.ndarray:
    """The lesion mask by one of ``LESION_RULES``: "head&weak|strong" (heads 1.x, see the module
    docstring), "head|strong" (the head, or any strongly red skin), "head" (the head alone),
    "strong" (strongly red skin alone, the transparent estimator; see ``applied_rule``).
    ``edge`` (heads 2.3 on) keeps only the strongly red regions with an edge (``strong_mask``);
    its default draws the masks of earlier heads exactly."""
    if rule == "head&weak|strong":
        return combined_mask(probability, colour, skin, threshold)
    if rule == "head|strong":
        # before heads 2.3 the strong part entered the union raw, cleaned once with the head's
        strong = colour.delta_a > STRONG_DELTA_A if edge.contrast <= 0 else strong_mask(colour, skin, edge)
        return _clean(skin & ((probability > threshold) | strong))
    if rule == "head":
        return _clean(skin & (probability > threshold))
    if rule == "strong":
        return strong_mask(colour, skin, edge)
    raise ValueError(f"unknown lesion rule {rule!r}")


def _clean(mask: np.ndarray) -> np.ndarray:
    kernel = np.ones((3, 3), np.uint8)
    opened = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_OPEN, kernel)
    return opened.astype(bool)


def percent_of(mask: np.ndarray, skin: np.ndarray) -> float:
    """Lesion % of the visible skin (0 when there is no skin)."""
    total = int(np.count_nonzero(skin))
    return 0.0 if total == 0 else 100.0 * int(np.count_nonzero(mask & skin)) / total


def cell_shares(mask: np.ndarray, columns: int = 8, rows: int = 6) -> dict[str, float]:
    """Share of each grid cell's pixels (``A1``..``H6``) that lie in ``mask``; cell edges at
    ``w*c//8`` and ``h*r//6`` as in the DermNet proxy labels. Empty cells are left out."""
    h, w = mask.shape
    shares: dict[str, float] = {}
    for c in range(columns):
        for r in range(rows):
            block = mask[h * r // rows : h * (r + 1) // rows, w * c // columns : w * (c + 1) // columns]
            if block.size:
                shares[f"{chr(ord('A') + c)}{r + 1}"] = float(block.mean())
    return shares


def grid_cells(mask: np.ndarray, columns: int = 8, rows: int = 6, share: float = 0.25) -> set[str]:
    """Cells with at least ``share`` of their pixels in ``mask`` (the proxy labels' quarter rule)."""
    return {cell for cell, value in cell_shares(mask, columns, rows).items() if value >= share}


def cell_pooling(shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """(48, h*w) averaging matrix from a (h, w) grid of locations to the 8×6 grid cells (a
    location belongs to the cell holding its centre) and the (48,) cells-with-locations mask.

    The one definition for the lesion head's cell-level loss (``head_fitting``) and the encoder
    fine-tuning (``lesion_training``), so both train against the same cells.
    """
    h, w = shape
    rows = ((np.arange(h) + 0.5) / h * 6).astype(int)
    cols = ((np.arange(w) + 0.5) / w * 8).astype(int)
    index = (rows[:, None] * 8 + cols[None, :]).reshape(-1)
    pool = np.zeros((48, h * w), np.float32)
    pool[index, np.arange(h * w)] = 1.0
    count = pool.sum(axis=1)
    return pool / np.maximum(count, 1.0)[:, None], (count > 0).astype(np.float32)


def cell_targets(cells: set[str]) -> np.ndarray:
    """(48,) 0/1 marks of the cells ``A1``..``H6``, row-major over the 6 rows (index of
    ``cell_pooling``'s rows)."""
    target = np.zeros(48, np.float32)
    for cell in cells:
        target[(int(cell[1:]) - 1) * 8 + (ord(cell[0]) - ord("A"))] = 1.0
    return target
