"""What the compare view shows, taken from ``Session.patient_history`` (no Qt, no SQL)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.regions import Region
from desktop_app.storage import AssessmentKind, PatientHistory, Photo, Review, VisitRecord


@dataclass(frozen=True)
class VisitScores:
    scorad: float | None
    oscorad: float | None
    ascorad_oscorad: float | None  # the ASCORAD proposal (objective: C comes from the patient)
    review: Review | None  # how the clinician's SCORAD relates to the proposal


@dataclass(frozen=True)
class ComparePhoto:
    record: VisitRecord
    photo: Photo
    lesion_percent: float | None  # the clinician-confirmed lesion % (annotation), if any
    scores: VisitScores

    @property
    def label(self) -> str:
        return f"{self.record.visit.visit_date.isoformat()} · {self.photo.id[:6]}"


def _latest(record: VisitRecord, kind: AssessmentKind):  # type: ignore[no-untyped-def]
    found = [a for a in record.assessments if a.kind is kind]
    return found[-1] if found else None


def visit_scores(record: VisitRecord) -> VisitScores:
    clinician = _latest(record, AssessmentKind.CLINICIAN_SCORAD)
    automatic = _latest(record, AssessmentKind.ASCORAD)
    return VisitScores(
        clinician.scorad if clinician else None,
        clinician.oscorad if clinician else None,
        automatic.oscorad if automatic else None,
        clinician.review if clinician else None,
    )


def region_photos(history: PatientHistory, region: Region) -> list[ComparePhoto]:
    """Every photo of ``region``, oldest visit first, with its visit's scores."""
    out: list[ComparePhoto] = []
    for record in history.visits:
        scores = visit_scores(record)
        for photo in record.photos:
            if photo.region != region.value:
                continue
            notes = [a for a in record.annotations if a.photo_id == photo.id]
            lesion = notes[-1].lesion_percent if notes else None
            out.append(ComparePhoto(record, photo, lesion, scores))
    return out


def regions_with_photos(history: PatientHistory, min_visits: int = 1) -> list[Region]:
    """Regions photographed at ``min_visits`` different visits or more."""
    visits: dict[Region, set[int]] = {}
    for record in history.visits:
        for photo in record.photos:
            visits.setdefault(Region(photo.region), set()).add(record.visit.id)
    return [r for r in Region if len(visits.get(r, set())) >= min_visits]


def default_pair(photos: list[ComparePhoto]) -> tuple[int, int] | None:
    """Indices of the earliest and latest photo from two different visits (None if one visit)."""
    if not photos:
        return None
    last = len(photos) - 1
    for i, photo in enumerate(photos):
        if photo.record.visit.id != photos[last].record.visit.id:
            return i, last
    return None
