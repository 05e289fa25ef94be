"""Severity bands and minimal clinically important differences (DESIGN §2).

Two band sets, selectable in settings:

* ``classic`` (Kunz et al., Dermatology 1997; the form's usual cut-offs):
  SCORAD < 25 mild, 25-50 moderate, > 50 severe;
  oSCORAD < 15 mild, 15-40 moderate, > 40 severe. Both ends of "moderate" are inclusive.
* ``chopra2017`` (Chopra et al., Br J Dermatol 2017;177:1316-21):
  SCORAD 0-9.9 clear, 10-28.9 mild, 29-48.9 moderate, >= 49 severe;
  oSCORAD 0-7.9 clear, 8-23.9 mild, 24-37.9 moderate, >= 38 severe.
  The paper reports to one decimal; a value between two printed bounds (e.g. 9.95)
  belongs to the band whose lower bound it has not reached, i.e. the bands are
  [0, 10), [10, 29), [29, 49), [49, 103].

PO-SCORAD uses the SCORAD bands (same 0-103 scale; Stalder 2011 validated it against
SCORAD). MCIDs (Schram et al., Allergy 2012): SCORAD 8.7, oSCORAD 8.2, PO-SCORAD 8.2.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from desktop_app.domain.errors import OutOfRangeError
from desktop_app.domain.scorad import OSCORAD_MAX, SCORAD_MAX, ScoreKind
from desktop_app.domain.validation import check_scale


class BandSet(StrEnum):
    CLASSIC = "classic"
    CHOPRA2017 = "chopra2017"


class Band(StrEnum):
    CLEAR = "clear"
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


BAND_ORDER: tuple[Band, ...] = (Band.CLEAR, Band.MILD, Band.MODERATE, Band.SEVERE)

MCID: Mapping[ScoreKind, float] = MappingProxyType(
    {ScoreKind.SCORAD: 8.7, ScoreKind.OSCORAD: 8.2, ScoreKind.PO_SCORAD: 8.2}
)

SCORE_MAX: Mapping[ScoreKind, float] = MappingProxyType(
    {ScoreKind.SCORAD: SCORAD_MAX, ScoreKind.OSCORAD: OSCORAD_MAX, ScoreKind.PO_SCORAD: SCORAD_MAX}
)


def parse_band_set(name: str) -> BandSet:
    try:
        return BandSet(name)
    except ValueError:
        raise OutOfRangeError(
            "bands", f"Unknown severity band set {name!r}; use 'classic' or 'chopra2017'."
        ) from None


def classify(score: float, kind: ScoreKind, band_set: BandSet = BandSet.CLASSIC) -> Band:
    """Severity band of a total; raises OutOfRangeError for a value off the index's scale."""
    value = check_scale(kind.value, _LABEL[kind], score, 0.0, SCORE_MAX[kind], None)
    objective = kind is ScoreKind.OSCORAD
    if band_set is BandSet.CLASSIC:
        mild_below, severe_above = (15.0, 40.0) if objective else (25.0, 50.0)
        if value < mild_below:
            return Band.MILD
        return Band.SEVERE if value > severe_above else Band.MODERATE
    mild_from, moderate_from, severe_from = (8.0, 24.0, 38.0) if objective else (10.0, 29.0, 49.0)
    if value < mild_from:
        return Band.CLEAR
    if value < moderate_from:
        return Band.MILD
    return Band.MODERATE if value < severe_from else Band.SEVERE


def bands_available(band_set: BandSet) -> tuple[Band, ...]:
    """Bands a set can return (the classic set has no 'clear')."""
    return BAND_ORDER[1:] if band_set is BandSet.CLASSIC else BAND_ORDER


_LABEL: Mapping[ScoreKind, str] = MappingProxyType(
    {ScoreKind.SCORAD: "SCORAD", ScoreKind.OSCORAD: "Objective SCORAD", ScoreKind.PO_SCORAD: "PO-SCORAD"}
)
