"""Plain frozen records the service returns: no sqlite rows or cursors leave the package."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Any


class Role(StrEnum):
    ADMIN = "admin"
    CLINICIAN = "clinician"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class AssessmentKind(StrEnum):
    CLINICIAN_SCORAD = "clinician_scorad"
    PO_SCORAD = "po_scorad"
    ASCORAD = "ascorad"
    EASI = "easi"


class Review(StrEnum):
    """How a clinician SCORAD relates to the ASCORAD proposal it reviewed."""

    CONFIRMED = "confirmed"
    CORRECTED = "corrected"


def _frozen(data: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(data or {}))


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    created_utc: str


@dataclass(frozen=True)
class Patient:
    id: int
    identifier: str
    given_name: str
    family_name: str
    birth_date: date
    sex: Sex
    phototype: int | None  # Fitzpatrick I-VI as 1-6
    photo_consent: bool
    created_utc: str
    updated_utc: str

    @property
    def display_name(self) -> str:
        return f"{self.family_name.upper()}, {self.given_name}"

    def age_years(self, on: date) -> float:
        """Age in years (fractional) on a date; the domain engine picks the form figure from it."""
        return (on - self.birth_date).days / 365.25


@dataclass(frozen=True)
class Visit:
    id: int
    patient_id: int
    visit_date: date
    note: str
    created_by: str
    created_utc: str


@dataclass(frozen=True)
class Assessment:
    """One scored form. ``items`` holds every input exactly as entered:

    * SCORAD kinds: ``{"extent": {region: fraction 0-1}, "intensity": {sign: 0-3},
      "pruritus": v, "sleeplessness": v}`` (ASCORAD may lack the C items and adds
      ``"confidence": {sign: 0-1}`` and ``"flagged_regions": [...]``);
    * EASI: ``{"regions": {easi_region: {"erythema": .., ..., "area": 0-6}}}``.

    Totals come from ``desktop_app.domain`` at save time; ``scorad`` is None for an ASCORAD
    without the patient's C items (``oscorad`` is always there for SCORAD kinds).
    """

    id: int
    visit_id: int
    kind: AssessmentKind
    items: Mapping[str, Any]
    age_years: float
    a: float | None
    b: float | None
    c: float | None
    scorad: float | None
    oscorad: float | None
    easi: float | None
    provenance: Mapping[str, Any] | None
    review_of: int | None
    review: Review | None
    created_by: str
    created_utc: str


@dataclass(frozen=True)
class Photo:
    id: str
    visit_id: int
    region: str
    device: str
    profile: str
    quality: Mapping[str, Any] | None
    width: int | None
    height: int | None
    sha256: str  # of the plaintext image bytes (provenance hash)
    size: int
    created_by: str
    created_utc: str


@dataclass(frozen=True)
class Annotation:
    """A clinician's corrected lesion mask (PNG, 255 = lesion) and sign grades for one photo."""

    id: int
    photo_id: str
    lesion_mask_png: bytes | None
    lesion_percent: float | None
    signs: Mapping[str, int | None]
    skin_tone: str | None
    created_by: str
    created_utc: str


@dataclass(frozen=True)
class VisitRecord:
    visit: Visit
    assessments: tuple[Assessment, ...]
    photos: tuple[Photo, ...]
    annotations: tuple[Annotation, ...]


@dataclass(frozen=True)
class PatientHistory:
    """A patient and all their visits, oldest first, each with its assessments, photos, annotations."""

    patient: Patient
    visits: tuple[VisitRecord, ...]


@dataclass(frozen=True)
class Settings:
    clinic_name: str
    language: str
    band_set: str
    idle_lock_minutes: float
    backup_folder: str
    camera_defaults: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    # The clinic's fitted forecast parameters (ForecastParameters.to_dict()); empty = defaults.
    forecast_parameters: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class SetupResult:
    """Returned once by first-run setup. Show ``recovery_key`` once, then forget it."""

    data_dir: str
    recovery_key: str
    admin: str


@dataclass(frozen=True)
class BackupResult:
    folder: str
    patients: int
    photos: int
    bytes: int
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class RestoreResult:
    restored_from: str
    previous_data_kept_in: str
    patients: int
    photos: int


@dataclass(frozen=True)
class IntegrityReport:
    """Full check: database pages, foreign keys, audit chain, every photo file."""

    database_ok: bool
    audit_ok: bool
    photos_checked: int
    photo_problems: tuple[str, ...]
    messages: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.database_ok and self.audit_ok and not self.photo_problems


@dataclass(frozen=True)
class ExportResult:
    path: str
    items: int
