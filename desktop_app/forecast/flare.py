"""What counts as a flare, from the domain's bands and MCIDs (DESIGN §2, §6).

A flare at a later date is a rise of at least the MCID over the reference score (the latest
assessment) — Schram et al., Allergy 2012: SCORAD 8.7, oSCORAD 8.2, PO-SCORAD 8.2 — or
entering a worse severity band (classic: Kunz 1997; or Chopra 2017, as the clinic's setting).
Bands are monotone in the score, so both conditions are "score ≥ a threshold" and the flare is
``score ≥ min(reference + MCID, floor of the next worse band)``.

The band floors are not copied here: they are found once per (index, band set) by bisection
on ``desktop_app.domain.severity.classify``, so a change of the bands in the domain changes
the flare definition with it.
"""

from __future__ import annotations

from functools import lru_cache

from desktop_app.domain.scorad import ScoreKind
from desktop_app.domain.severity import BAND_ORDER, MCID, SCORE_MAX, BandSet, classify

_BISECTION_TOLERANCE = 1e-9
# Scores are recorded to 0.1: 30.1 + 8.2 must count as a rise of 8.2 despite binary noise, so the
# MCID part of the threshold sits this far below reference + MCID.
FLARE_TOLERANCE = 1e-6


@lru_cache(maxsize=16)
def band_floors(kind: ScoreKind, band_set: BandSet) -> tuple[float, ...]:
    """Lowest score of each band after the first, ascending (e.g. SCORAD classic: 25 and just over 50)."""
    top = SCORE_MAX[kind]
    floors: list[float] = []
    low = 0.0
    while BAND_ORDER.index(classify(low, kind, band_set)) < BAND_ORDER.index(classify(top, kind, band_set)):
        band = classify(low, kind, band_set)
        lo, hi = low, top
        while hi - lo > _BISECTION_TOLERANCE:
            mid = 0.5 * (lo + hi)
            if classify(mid, kind, band_set) == band:
                lo = mid
            else:
                hi = mid
        # Snap to the printed bound when the band includes it (classic: 25 is already moderate);
        # an exclusive bound (classic: severe is > 50) keeps the value just above it.
        snapped = round(hi, 6)
        floor = snapped if classify(snapped, kind, band_set) != band else hi
        floors.append(floor)
        low = floor
    return tuple(floors)


def flare_threshold(reference: float, kind: ScoreKind, band_set: BandSet = BandSet.CLASSIC) -> float:
    """Score at or above which a later assessment is a flare relative to ``reference``.

    May exceed the scale's maximum (a severe patient near the top cannot rise by an MCID).
    """
    threshold = reference + MCID[kind] - FLARE_TOLERANCE
    for floor in band_floors(kind, band_set):
        if floor > reference:
            return min(threshold, floor)
    return threshold


def is_flare(reference: float, later: float, kind: ScoreKind, band_set: BandSet = BandSet.CLASSIC) -> bool:
    return later >= flare_threshold(reference, kind, band_set)
