"""What a report shows, as plain frozen dataclasses.

The renderers take only these objects, never the database: a small adapter
(``desktop_app.reports.from_storage``) builds them from the storage service, tests and the
demo build them directly. Scores are recomputed here with the exact domain engine
(DESIGN §2) from the items, so the printed totals can never disagree with the printed items.
Photos arrive decrypted in memory (RGB ``uint8`` arrays) and never touch the disk.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar

import numpy as np

from desktop_app.domain.easi import EasiResult, compute_easi
from desktop_app.domain.errors import ScoreInputError
from desktop_app.domain.regions import AgeGroup, Region, age_group
from desktop_app.domain.scorad import (
    Extent,
    Intensity,
    ScoradResult,
    ScoreKind,
    Sign,
    Subjective,
    compute_objective,
    compute_po_scorad,
    compute_scorad,
)
from desktop_app.domain.severity import Band, BandSet, classify
from desktop_app.reports.errors import ReportDataError


class Language(StrEnum):
    """Report languages; follows the app language setting."""

    EN = "en"
    FR = "fr"


class PageSize(StrEnum):
    A4 = "a4"
    LETTER = "letter"


@dataclass(frozen=True)
class ReportOptions:
    """How to print: language and paper. Both come from the clinic settings by default."""

    language: Language = Language.EN
    page_size: PageSize = PageSize.A4


@dataclass(frozen=True)
class ClinicInfo:
    """Header of every page. ``logo_png`` is the settings logo (PNG/JPEG bytes) or None."""

    name: str
    logo_png: bytes | None = None


@dataclass(frozen=True)
class PatientInfo:
    identifier: str
    name: str
    birth_date: date | None = None
    sex: str | None = None

    def age_years(self, on: date) -> float | None:
        """Age in years on a date, counted in whole months (1.5 = 18 months); None without birth date."""
        if self.birth_date is None:
            return None
        months = (on.year - self.birth_date.year) * 12 + (on.month - self.birth_date.month)
        if on.day < self.birth_date.day:
            months -= 1
        if months < 0:
            raise ReportDataError(
                "birth_after_visit",
                f"The birth date {self.birth_date.isoformat()} is after the visit date {on.isoformat()}.",
            )
        return months / 12


@dataclass(frozen=True)
class FormItems:
    """The items of one SCORAD form (clinician or patient): extent, six grades, itch and sleep."""

    extent: Extent
    intensity: Intensity
    subjective: Subjective | None = None


@dataclass(frozen=True)
class Provenance:
    """Where an automatic result came from (DESIGN §4): component, version, weights hash, time."""

    component: str
    version: str
    weights_sha256: str | None = None
    created_utc: datetime | None = None


@dataclass(frozen=True)
class AscoradProposal:
    """The automatic proposal the clinician confirmed or corrected (extent and signs only).

    ``unscored_regions`` are regions without a usable photo, which the clinician completed;
    ``confidence`` is the estimator's confidence (0-1) per sign, printed beside its grade.
    """

    extent: Extent
    intensity: Intensity
    provenance: tuple[Provenance, ...] = ()
    unscored_regions: frozenset[Region] = frozenset()
    confidence: Mapping[Sign, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportPhoto:
    """One photo of the visit, decrypted in memory, with its lesion mask when ASCORAD scored it."""

    rgb: np.ndarray
    region: Region | None
    sha256: str
    lesion_mask: np.ndarray | None = None
    lesion_percent: float | None = None
    caption: str = ""

    def __post_init__(self) -> None:
        if self.rgb.dtype != np.uint8 or self.rgb.ndim != 3 or self.rgb.shape[2] != 3:
            raise ReportDataError("photo_format", "A photo must be an RGB image (H, W, 3) of 8-bit values.")
        if self.lesion_mask is not None and self.lesion_mask.shape[:2] != self.rgb.shape[:2]:
            raise ReportDataError("mask_size", "A lesion mask must have the size of its photo.")


@dataclass(frozen=True)
class HistoryPoint:
    """One past visit on the trend chart and in the history table (None: not assessed)."""

    visit_date: date
    scorad: float | None = None
    oscorad: float | None = None
    po_scorad: float | None = None
    a: float | None = None
    b: int | None = None
    c: float | None = None
    clinician: str = ""


@dataclass(frozen=True)
class ForecastSummary:
    """The forecaster's predictive distribution for the next visit (DESIGN §6)."""

    kind: ScoreKind
    target_date: date
    median: float
    low50: float
    high50: float
    low90: float
    high90: float
    p_flare: float
    n_points: int
    model_version: str = ""
    parameters_fitted_on: int = 0  # patients the clinic parameters were fitted on (0: defaults)
    flare_threshold: float | None = None  # the score from which the next visit counts as a flare

    def __post_init__(self) -> None:
        if not (self.low90 <= self.low50 <= self.median <= self.high50 <= self.high90):
            raise ReportDataError("forecast_order", "Forecast interval bounds are not in order.")
        if not 0.0 <= self.p_flare <= 1.0:
            raise ReportDataError("forecast_p", "Flare probability must be between 0 and 1.")


@dataclass(frozen=True)
class ScoreLine:
    """A computed total with its band, ready to print."""

    kind: ScoreKind
    value: float
    band: Band


@dataclass(frozen=True)
class VisitReportData:
    """Everything the visit report prints. Totals are derived with the domain engine."""

    clinic: ClinicInfo
    patient: PatientInfo
    visit_id: str
    visit_date: date
    clinician: str
    generated_utc: datetime
    band_set: BandSet = BandSet.CLASSIC
    clinician_form: FormItems | None = None
    patient_form: FormItems | None = None
    ascorad: AscoradProposal | None = None
    photos: tuple[ReportPhoto, ...] = ()
    history: tuple[HistoryPoint, ...] = ()
    forecast: ForecastSummary | None = None
    age_years_override: float | None = field(default=None)
    easi: Mapping[str, Mapping[str, float]] | None = None  # {easi_region: {sign: 0-3, "area": 0-6}}

    def __post_init__(self) -> None:
        if self.clinician_form is None and self.patient_form is None and self.ascorad is None:
            raise ReportDataError("no_scores", "This visit has no SCORAD, PO-SCORAD or ASCORAD to report.")

    @property
    def age_years(self) -> float:
        """Age at the visit; without a birth date the adult figure is assumed (and printed so)."""
        if self.age_years_override is not None:
            return self.age_years_override
        age = self.patient.age_years(self.visit_date)
        return 18.0 if age is None else age

    @property
    def age_group(self) -> AgeGroup:
        return age_group(self.age_years)

    def clinician_result(self) -> ScoradResult | None:
        """The clinician's SCORAD; None without a form or without the patient's itch/sleep (C)."""
        form = self.clinician_form
        if form is None or form.subjective is None:
            return None
        subjective = form.subjective
        return _guard(lambda: compute_scorad(self.age_years, form.extent, form.intensity, subjective))

    def clinician_oscorad(self) -> float | None:
        """oSCORAD needs no C, so it is printed even when itch/sleep were not recorded."""
        form = self.clinician_form
        if form is None:
            return None
        return _guard(lambda: compute_objective(self.age_years, form.extent, form.intensity))

    def patient_result(self) -> ScoradResult | None:
        """PO-SCORAD needs the patient's whole form, itch and sleep included."""
        form = self.patient_form
        if form is None or form.subjective is None:
            return None
        subjective = form.subjective
        return _guard(lambda: compute_po_scorad(self.age_years, form.extent, form.intensity, subjective))

    def ascorad_oscorad(self) -> float | None:
        proposal = self.ascorad
        if proposal is None:
            return None
        return _guard(lambda: compute_objective(self.age_years, proposal.extent, proposal.intensity))

    def easi_result(self) -> EasiResult | None:
        """EASI (Hanifin 2001) by the domain engine, for clinics that use it."""
        items = self.easi
        if not items:
            return None
        return _guard(lambda: compute_easi(self.age_years, items))

    def ascorad_area(self) -> float | None:
        return None if self.ascorad is None else self.ascorad.extent.area(self.age_group)

    def score_lines(self) -> tuple[ScoreLine, ...]:
        """SCORAD, oSCORAD (clinician) and PO-SCORAD (patient), each with its band."""
        lines: list[ScoreLine] = []
        clinician = self.clinician_result()
        if clinician is not None:
            lines.append(
                ScoreLine(
                    ScoreKind.SCORAD,
                    clinician.scorad,
                    _band(clinician.scorad, ScoreKind.SCORAD, self.band_set),
                )
            )
        objective = self.clinician_oscorad()
        if objective is not None:
            lines.append(
                ScoreLine(ScoreKind.OSCORAD, objective, _band(objective, ScoreKind.OSCORAD, self.band_set))
            )
        patient = self.patient_result()
        if patient is not None:
            value = patient.scorad
            lines.append(
                ScoreLine(ScoreKind.PO_SCORAD, value, _band(value, ScoreKind.PO_SCORAD, self.band_set))
            )
        return tuple(lines)

    def corrected_items(self) -> frozenset[str]:
        """Items where the confirmed clinician value differs from the ASCORAD proposal.

        Keys are region ids and sign ids; C is never proposed, so never "corrected".
        """
        if self.ascorad is None or self.clinician_form is None:
            return frozenset()
        changed: set[str] = set()
        for region in Region:
            proposed = self.ascorad.extent.fraction(region)
            confirmed = self.clinician_form.extent.fraction(region)
            if abs(proposed - confirmed) > 1e-9:
                changed.add(region.value)
        for sign in Sign:
            if self.ascorad.intensity.grade(sign) != self.clinician_form.intensity.grade(sign):
                changed.add(sign.value)
        return frozenset(changed)


@dataclass(frozen=True)
class HistoryReportData:
    """All visits of a patient, for referral letters: one table and the trend chart."""

    clinic: ClinicInfo
    patient: PatientInfo
    history: tuple[HistoryPoint, ...]
    generated_utc: datetime
    band_set: BandSet = BandSet.CLASSIC
    forecast: ForecastSummary | None = None

    def __post_init__(self) -> None:
        if not self.history:
            raise ReportDataError("no_history", "This patient has no visit to report yet.")


_T = TypeVar("_T")


def _guard(compute: Callable[[], _T]) -> _T:
    try:
        return compute()
    except ScoreInputError as exc:
        raise ReportDataError("invalid_score", exc.message) from exc


def _band(value: float, kind: ScoreKind, band_set: BandSet) -> Band:
    return _guard(lambda: classify(value, kind, band_set))
