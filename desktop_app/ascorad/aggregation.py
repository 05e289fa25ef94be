"""Per-visit aggregation of photo results into extent A, intensity B and oSCORAD.

Rules (DESIGN §4; SCORAD: European Task Force on AD, Dermatology 1993):

* **A** — for each body region with at least one accepted photo, the region's affected
  fraction is the mean lesion share (lesion % of visible skin / 100) of its photos: the
  photos are assumed representative of the region. A = Σ region weight × fraction (rule of
  nines, the domain engine's weights for the patient's age). Regions without an accepted
  photo contribute nothing and are listed in ``regions_missing`` so the clinician completes
  them; A is then a lower bound.
* **B** — each sign on the representative area: the mean of the fractional grades over the
  accepted photos that show eczema (lesion % ≥ ``INVOLVED_PERCENT``; all accepted photos if
  none does). Dryness is judged on uninvolved skin, so it uses every accepted photo. For
  the form each mean is rounded half up to a whole grade (1.5 → 2: the form has no half
  grades); B is the sum of the rounded grades.
* **oSCORAD** = A/5 + 7B/2 by the domain engine. Photos without a region count for B only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from desktop_app.ascorad.engine import PhotoResult
from desktop_app.ascorad.heads import SIGNS
from desktop_app.domain.regions import Region, age_group
from desktop_app.domain.scorad import Extent, Intensity, compute_objective

INVOLVED_PERCENT = 1.0
DEFAULT_AGE_YEARS = 18.0


class NoScorablePhotoError(ValueError):
    """No photo of the visit was accepted, so nothing can be aggregated."""


@dataclass(frozen=True)
class VisitResult:
    a: float
    b: int
    oscorad: float
    grades: dict[str, int]  # rounded, as entered on the form
    mean_grades: dict[str, float]  # before rounding
    confidence: dict[str, float]
    region_fractions: dict[str, float]
    regions_missing: list[str]
    photos_used: int
    age_years: float
    age_assumed: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "A": round(self.a, 2),
            "B": self.b,
            "oSCORAD": round(self.oscorad, 2),
            "grades": self.grades,
            "mean_grades": {k: round(v, 2) for k, v in self.mean_grades.items()},
            "confidence": {k: round(v, 2) for k, v in self.confidence.items()},
            "region_fractions": {k: round(v, 4) for k, v in self.region_fractions.items()},
            "regions_missing": self.regions_missing,
            "photos_used": self.photos_used,
            "age_years": self.age_years,
            "age_assumed": self.age_assumed,
            "note": "Automatic estimate for decision support; the clinician confirms or corrects it.",
        }


def round_half_up(value: float) -> int:
    """Round a fractional grade for the form: 0.5 → 1, 1.5 → 2 (never banker's rounding)."""
    return math.floor(value + 0.5)


def aggregate_visit(results: Sequence[PhotoResult], age_years: float | None = None) -> VisitResult:
    """A, B and oSCORAD of one visit from its photo results."""
    accepted = [r for r in results if r.accepted and r.lesion_percent is not None]
    if not accepted:
        raise NoScorablePhotoError(
            "No photo of this visit could be scored; take new photos or grade by hand."
        )
    age = DEFAULT_AGE_YEARS if age_years is None else age_years
    age_group(age)  # validates the age (typed error)
    by_region: dict[Region, list[float]] = {}
    for r in accepted:
        if r.region is not None:
            by_region.setdefault(r.region, []).append(float(r.lesion_percent or 0.0) / 100.0)
    fractions = {region: sum(v) / len(v) for region, v in by_region.items()}
    extent = Extent.from_mapping({region.value: f for region, f in fractions.items()})
    involved = [r for r in accepted if (r.lesion_percent or 0.0) >= INVOLVED_PERCENT] or accepted
    mean_grades: dict[str, float] = {}
    conf: dict[str, float] = {}
    for sign in SIGNS:
        pool = accepted if sign == "dryness" else involved
        mean_grades[sign] = sum(r.signs[sign].grade for r in pool) / len(pool)
        conf[sign] = sum(r.signs[sign].confidence for r in pool) / len(pool)
    grades = {s: min(3, max(0, round_half_up(g))) for s, g in mean_grades.items()}
    intensity = Intensity.from_mapping(grades)
    oscorad = compute_objective(age, extent, intensity)
    return VisitResult(
        a=extent.area(age_group(age)),
        b=intensity.total,
        oscorad=oscorad,
        grades=grades,
        mean_grades=mean_grades,
        confidence=conf,
        region_fractions={r.value: f for r, f in fractions.items()},
        regions_missing=[r.value for r in Region if r not in fractions],
        photos_used=len(accepted),
        age_years=age,
        age_assumed=age_years is None,
    )
