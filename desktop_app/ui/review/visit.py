"""From reviewed photos to the visit: the proposal, the SCORAD form prefill and what is stored.

* The **proposal** is ASCORAD's own output aggregated over the visit's accepted, tagged photos
  (``desktop_app.ascorad.aggregation``: A from the lesion share per region, B from the signs);
  it is stored as an ASCORAD assessment with its provenance, unchanged by the clinician.
* The **prefill** is the same aggregation over the *corrected* photos (the clinician's mask and
  grades). It fills the SCORAD form's extent for the regions that have photos and the six
  grades — except signs ASCORAD is unsure of, which are left for the clinician to set. Each
  prefilled field remembers that it came from ASCORAD (:class:`PrefillTracker`) until the
  clinician changes it, so the form can show proposals apart from clinician-set values.
* The **annotation** of every photo the clinician reviewed (confirmed or corrected) stores the
  corrected mask, lesion % and grades: the training data of future models.
* The **confirmed values** are the clinician's SCORAD itself, recorded with ``review_of`` the
  proposal (the photos step sets ``VisitFlow.review_of``) so storage marks it confirmed or corrected.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from desktop_app.ascorad.aggregation import NoScorablePhotoError, VisitResult, aggregate_visit
from desktop_app.ascorad.provenance_keys import PER_PHOTO_PROVENANCE
from desktop_app.domain.regions import Region
from desktop_app.domain.scorad import Sign
from desktop_app.storage import Assessment, Session
from desktop_app.ui.capture.visit_photos import VisitPhoto, annotation_fingerprint
from desktop_app.ui.review.model import LOW_CONFIDENCE
from desktop_app.ui.viewmodels.scorad_form import ScoradFormModel

ASCORAD = "ascorad"
CLINICIAN = "clinician"


def scorable(photos: Sequence[VisitPhoto]) -> list[VisitPhoto]:
    """Kept photos with an accepted proposal (what the visit's ASCORAD is made of)."""
    return [
        p for p in photos if p.kept and p.result is not None and p.result.accepted and p.review is not None
    ]


def proposal(photos: Sequence[VisitPhoto], age_years: float) -> VisitResult | None:
    results = [p.result for p in scorable(photos) if p.result is not None]
    try:
        return aggregate_visit(results, age_years)
    except NoScorablePhotoError:
        return None


def corrected(photos: Sequence[VisitPhoto], age_years: float) -> VisitResult | None:
    results = [p.review.corrected_result(p.region) for p in scorable(photos) if p.review is not None]
    try:
        return aggregate_visit(results, age_years)
    except NoScorablePhotoError:
        return None


@dataclass(frozen=True)
class Prefill:
    extent: dict[Region, float]  # fraction 0-1 of each region that has photos
    grades: dict[Sign, int]  # signs that can be prefilled
    sources: dict[str, str]  # field -> "ascorad" | "clinician" (who decided the value in review)
    to_set: tuple[Sign, ...]  # doubtful signs left for the clinician
    regions_missing: tuple[Region, ...]


def build_prefill(photos: Sequence[VisitPhoto], age_years: float) -> Prefill | None:
    result = corrected(photos, age_years)
    if result is None:
        return None
    used = scorable(photos)
    sources: dict[str, str] = {}
    extent: dict[Region, float] = {}
    for region_id, fraction in result.region_fractions.items():
        region = Region(region_id)
        extent[region] = round(fraction, 4)
        edited = any(p.region is region and p.review is not None and p.review.mask_edited for p in used)
        sources[region.value] = CLINICIAN if edited else ASCORAD
    grades: dict[Sign, int] = {}
    to_set: list[Sign] = []
    for sign in Sign:
        overridden = any(p.review is not None and sign.value in p.review.overrides for p in used)
        if not overridden and result.confidence[sign.value] < LOW_CONFIDENCE:
            to_set.append(sign)
            continue
        grades[sign] = result.grades[sign.value]
        sources[sign.value] = CLINICIAN if overridden else ASCORAD
    return Prefill(extent, grades, sources, tuple(to_set), tuple(Region(r) for r in result.regions_missing))


class PrefillTracker:
    """What the photos step put into the SCORAD form, and whether it is still untouched.

    A field counts as an ASCORAD proposal while the form holds the value that was prefilled;
    once the clinician changes it, it is the clinician's. Fields the clinician had already set
    before the prefill are never overwritten.
    """

    def __init__(self, form: ScoradFormModel) -> None:
        self.form = form
        self.values: dict[str, float | int] = {}
        self.sources: dict[str, str] = {}
        self.to_set: set[str] = set()
        self._listeners: list[Callable[[], None]] = []
        form.subscribe(lambda _state: self._notify())

    def subscribe(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def _notify(self) -> None:
        for listener in self._listeners:
            listener()

    def _current(self, name: str) -> float | int | None:
        if name in {s.value for s in Sign}:
            return self.form.grades[Sign(name)]
        return round(self.form.body_map.fraction(Region(name)), 4)

    def _still_ours(self, name: str) -> bool:
        current = self._current(name)
        return (
            name in self.values
            and current is not None
            and abs(float(current) - float(self.values[name])) < 1e-3
        )

    def _free(self, name: str) -> bool:
        """Empty, or still holding what we put there."""
        current = self._current(name)
        return (
            current is None or (name not in {s.value for s in Sign} and not current) or self._still_ours(name)
        )

    def apply(self, prefill: Prefill) -> list[str]:
        """Fill every free field; returns the fields written."""
        written: list[str] = []
        for region, fraction in prefill.extent.items():
            if self._free(region.value):
                self.form.set_region_percent(region, fraction * 100.0)
                self.values[region.value] = round(self.form.body_map.fraction(region), 4)
                self.sources[region.value] = prefill.sources.get(region.value, ASCORAD)
                written.append(region.value)
        for sign, grade in prefill.grades.items():
            if self._free(sign.value):
                self.form.set_grade(sign, grade)
                self.values[sign.value] = grade
                self.sources[sign.value] = prefill.sources.get(sign.value, ASCORAD)
                written.append(sign.value)
        self.to_set = {s.value for s in prefill.to_set if self.form.grades[s] is None}
        self._notify()
        return written

    def source(self, name: str) -> str | None:
        """ "ascorad" (untouched proposal), "clinician" (set in review or in the form), or None."""
        if name in self.values and self._still_ours(name):
            return self.sources.get(name, ASCORAD)
        current = self._current(name)
        if current is None or (name not in {s.value for s in Sign} and not current):
            return None
        return CLINICIAN

    def proposed_fields(self) -> set[str]:
        return {n for n in self.values if self.source(n) == ASCORAD}

    def unset_doubtful(self) -> set[str]:
        return {n for n in self.to_set if self._current(n) is None}


def provenance(
    photos: Sequence[VisitPhoto], result: VisitResult, model_info: dict[str, Any] | None = None
) -> dict[str, Any]:
    used = scorable(photos)
    first = used[0].result.provenance if used and used[0].result is not None else {}
    model = model_info or {k: v for k, v in first.items() if k not in PER_PHOTO_PROVENANCE}
    return {
        **model,
        "aggregation": "desktop_app.ascorad.aggregation.aggregate_visit",
        "age_years": round(result.age_years, 2),
        "time_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "photos": [
            {
                "photo_id": p.photo_id,
                "region": p.region.value if p.region else None,
                **(p.result.to_dict() if p.result is not None else {}),
            }
            for p in used
        ],
        "refused": [
            {"photo_id": p.photo_id, "reason": p.result.reason}
            for p in photos
            if p.kept and p.result is not None and not p.result.accepted
        ],
        "note": "Automatic estimate for decision support; the clinician confirms or corrects it.",
    }


@dataclass
class SaveOutcome:
    proposal: Assessment | None = None
    annotations: list[int] = field(default_factory=list)


def store_review(
    session: Session,
    visit_id: int,
    photos: Sequence[VisitPhoto],
    age_years: float,
    previous: Assessment | None,
) -> SaveOutcome:
    """Record the proposal (when it changed) and the annotation of every reviewed photo."""
    outcome = SaveOutcome(previous)
    raw = proposal(photos, age_years)
    if raw is not None:
        extent = {region: fraction for region, fraction in raw.region_fractions.items()}
        same = previous is not None and _same_proposal(previous, extent, raw.grades)
        if not same:
            outcome.proposal = session.record_ascorad(
                visit_id,
                extent,
                raw.grades,
                provenance(photos, raw),
                confidence=raw.confidence,
                flagged_regions=raw.regions_missing,
            )
    for photo in scorable(photos):
        review = photo.review
        if review is None or not review.reviewed or photo.photo_id is None:
            continue
        fingerprint = annotation_fingerprint(review)
        if fingerprint == photo.stored_annotation:
            continue
        if photo.annotation_id is not None:
            session.delete_annotation(photo.annotation_id)
        data = review.annotation()
        annotation = session.add_annotation(
            photo.photo_id,
            signs=data.signs,
            lesion_mask_png=data.lesion_mask_png,
            lesion_percent=data.lesion_percent,
        )
        photo.annotation_id = annotation.id
        photo.stored_annotation = fingerprint
        outcome.annotations.append(annotation.id)
    return outcome


def _same_proposal(previous: Assessment, extent: dict[str, float], grades: dict[str, int]) -> bool:
    old_extent = {
        k: round(float(v), 4) for k, v in dict(previous.items.get("extent", {})).items() if float(v) > 0
    }
    new_extent = {k: round(float(v), 4) for k, v in extent.items() if float(v) > 0}
    return old_extent == new_extent and dict(previous.items.get("intensity", {})) == dict(grades)
