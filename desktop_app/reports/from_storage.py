"""Build report data from the storage service and export audited PDFs: what "Export PDF" calls.

GUI (on a worker thread, never the GUI thread) and CLI::

    from desktop_app.reports.from_storage import export_visit_report, export_history_report
    result = export_visit_report(session, visit_id, "/path/chosen/by/user.pdf")
    result = export_history_report(session, patient_id, path, options=ReportOptions(Language.FR))
    # -> ExportedReport(path, sha256, size); ReportError / StorageError on failure

Rules:

* Only the storage service API is used (no SQL). Photos are read with ``read_photo`` (verified,
  decrypted) and decoded in memory; nothing but the requested PDF is ever written.
* A visit report shows the record **as of that visit**: the trend and forecast use only
  visits up to its date, so a report re-printed later says what was known then.
* The clinician's SCORAD shown is the latest one of the visit; the ASCORAD proposal is the
  one it reviewed (``review_of``), else the visit's latest ASCORAD.
* Each ASCORAD photo overlay is the photo's latest clinician annotation mask (storage keeps
  the confirmed/corrected mask, not the raw automatic one).
* The forecast is for the clinician SCORAD series, at the last visit plus the patient's
  median gap between visits (clamped to 2-12 weeks; 6 weeks with a single gap unknown),
  with the forecaster's default parameters unless clinic-fitted ones are passed in.
* Exporting writes an ``export`` audit row (visit or patient id, report kind, language,
  PDF sha256 and size; never the path, which may contain a name) just before the file
  appears under its name: no PDF without its audit row.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import os
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PIL import Image

from desktop_app.ascorad.provenance_keys import PER_PHOTO_PROVENANCE
from desktop_app.domain.errors import ScoreInputError
from desktop_app.domain.regions import Region
from desktop_app.domain.scorad import Extent, Intensity, ScoreKind, Sign, Subjective
from desktop_app.domain.severity import BandSet
from desktop_app.reports.errors import ReportDataError
from desktop_app.reports.history import render_history_report
from desktop_app.reports.model import (
    AscoradProposal,
    ClinicInfo,
    ForecastSummary,
    FormItems,
    HistoryPoint,
    HistoryReportData,
    Language,
    PageSize,
    PatientInfo,
    Provenance,
    ReportOptions,
    ReportPhoto,
    VisitReportData,
)
from desktop_app.reports.output import write_pdf
from desktop_app.reports.visit import render_visit_report

if TYPE_CHECKING:
    from desktop_app.forecast import ForecastParameters
    from desktop_app.storage import Assessment, PatientHistory, Session, VisitRecord

_DEFAULT_GAP_DAYS = 42
_MIN_GAP_DAYS, _MAX_GAP_DAYS = 14, 84


@dataclass(frozen=True)
class ExportedReport:
    """A saved report: where, and the fingerprint written to the audit trail."""

    path: Path
    sha256: str
    size: int


def default_options(session: Session, page_size: PageSize = PageSize.A4) -> ReportOptions:
    """The clinic's language setting (English when unset or unknown) and the given paper."""
    language = session.settings().language
    return ReportOptions(Language.FR if language.lower().startswith("fr") else Language.EN, page_size)


def _band_set(session: Session) -> BandSet:
    try:
        return BandSet(session.settings().band_set)
    except ValueError:
        return BandSet.CLASSIC


def _patient_info(history: PatientHistory) -> PatientInfo:
    p = history.patient
    return PatientInfo(p.identifier, p.display_name, p.birth_date, p.sex.value)


def _latest(record: VisitRecord, kind: str) -> Assessment | None:
    found = [a for a in record.assessments if a.kind.value == kind]
    return found[-1] if found else None


def _form(items: Mapping[str, Any], with_c: bool = True) -> FormItems:
    try:
        extent = Extent.from_mapping(dict(items.get("extent", {})))
        intensity = Intensity.from_mapping(dict(items.get("intensity", {})))
        subjective = None
        if with_c and items.get("pruritus") is not None and items.get("sleeplessness") is not None:
            subjective = Subjective(float(items["pruritus"]), float(items["sleeplessness"]))
    except ScoreInputError as exc:
        raise ReportDataError("invalid_score", f"A stored assessment is not valid: {exc.message}") from exc
    return FormItems(extent, intensity, subjective)


def _confidence(stored: object) -> dict[Sign, float]:
    """Per-sign confidence 0-1 as stored with the ASCORAD items; anything else is left out."""
    if not isinstance(stored, Mapping):
        return {}
    out: dict[Sign, float] = {}
    for sign in Sign:
        value = stored.get(sign.value)
        if isinstance(value, int | float) and 0.0 <= float(value) <= 1.0:
            out[sign] = float(value)
    return out


def _when(text: object) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


# Known keys of the ASCORAD engine's provenance (desktop_app.ascorad.engine): (label, version, sha256).
_KNOWN_PROVENANCE = (
    ("ASCORAD engine", "engine", None),
    ("Skin segmentation", "skin_model", "skin_weights_sha256"),
    ("Lesion and sign heads", "heads_model", "heads_sha256"),
    ("Sign view (ImageNet Lite0, 448 px)", "sign_view_model", "sign_view_onnx_sha256"),
    ("Lesion estimator", "lesion_estimator", None),
    ("Sign estimator", "sign_estimator", None),
)
# Per-photo facts (``PER_PHOTO_PROVENANCE``: image hash, size, time, the lesion rule a photo got)
# stay in each photo's stored provenance; the rows name the models.
_SKIPPED_PROVENANCE = PER_PHOTO_PROVENANCE | {"photos"}


def provenance_entries(provenance: Mapping[str, Any] | None) -> tuple[Provenance, ...]:
    """Readable rows from a stored provenance mapping; unknown keys are kept, never dropped.

    Accepts the engine's flat mapping or one with a ``photos`` list of per-photo mappings
    (the model rows are then taken from the first photo that has them).
    """
    if not provenance:
        return ()
    source: Mapping[str, Any] = provenance
    photos = provenance.get("photos")
    if not any(key in provenance for _, key, _ in _KNOWN_PROVENANCE) and isinstance(photos, Sequence):
        source = next((p for p in photos if isinstance(p, Mapping)), provenance)
    when = _when(source.get("time_utc") or provenance.get("time_utc"))
    rows: list[Provenance] = []
    used: set[str] = set(_SKIPPED_PROVENANCE)
    for label, version_key, sha_key in _KNOWN_PROVENANCE:
        if version_key in source:
            sha = source.get(sha_key) if sha_key else None
            rows.append(Provenance(label, str(source[version_key]), str(sha) if sha else None, when))
            used.update({version_key, sha_key or version_key})
    for key in sorted(k for k in source if k not in used):
        value = source[key]
        if isinstance(value, str | int | float):
            rows.append(Provenance(key.replace("_", " "), str(value), None, when))
    return tuple(rows)


def _decode_photo(data: bytes) -> np.ndarray:
    try:
        with Image.open(io.BytesIO(data)) as image:
            return np.asarray(image.convert("RGB"))
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ReportDataError(
            "photo_unreadable", "A stored photo could not be decoded for the report."
        ) from exc


def _decode_mask(png: bytes | None, shape: tuple[int, int]) -> np.ndarray | None:
    if not png:
        return None
    try:
        with Image.open(io.BytesIO(png)) as image:
            mask = np.asarray(image.convert("L")) > 127
    except (OSError, ValueError):
        return None  # an unreadable annotation mask: show the photo without overlay
    return mask if mask.shape == shape else None


def _photos(session: Session, record: VisitRecord) -> tuple[ReportPhoto, ...]:
    out: list[ReportPhoto] = []
    for photo in record.photos:
        rgb = _decode_photo(session.read_photo(photo.id))
        notes = [a for a in record.annotations if a.photo_id == photo.id]
        annotation = notes[-1] if notes else None
        mask = _decode_mask(annotation.lesion_mask_png, rgb.shape[:2]) if annotation else None
        try:
            region: Region | None = Region(photo.region)
        except ValueError:
            region = None
        out.append(
            ReportPhoto(
                rgb=rgb,
                region=region,
                sha256=photo.sha256,
                lesion_mask=mask,
                lesion_percent=annotation.lesion_percent if annotation else None,
            )
        )
    return tuple(out)


def clinician_names(session: Session) -> dict[str, str]:
    """User name -> display name ("Dr Demo"), so reports name people, not log-in names."""
    from desktop_app.storage import StorageError

    try:
        return {u.username: u.display_name or u.username for u in session.list_users()}
    except StorageError:
        me = session.user
        return {me.username: me.display_name or me.username}


def history_points(
    history: PatientHistory, until: date | None = None, names: Mapping[str, str] | None = None
) -> tuple[HistoryPoint, ...]:
    """One point per visit with a clinician SCORAD or a PO-SCORAD (ASCORAD alone is not confirmed)."""
    names = names or {}
    points: list[HistoryPoint] = []
    for record in history.visits:
        if until is not None and record.visit.visit_date > until:
            continue
        clinician = _latest(record, "clinician_scorad")
        patient = _latest(record, "po_scorad")
        if clinician is None and patient is None:
            continue
        points.append(
            HistoryPoint(
                visit_date=record.visit.visit_date,
                scorad=clinician.scorad if clinician else None,
                oscorad=clinician.oscorad if clinician else None,
                po_scorad=patient.scorad if patient else None,
                a=clinician.a if clinician else None,
                b=int(clinician.b) if clinician and clinician.b is not None else None,
                c=clinician.c if clinician else None,
                clinician=names.get(clinician.created_by, clinician.created_by) if clinician else "",
            )
        )
    return tuple(points)


def forecast_summary(
    points: Sequence[HistoryPoint], band_set: BandSet, params: ForecastParameters | None = None
) -> ForecastSummary | None:
    """The next-visit forecast of the clinician SCORAD, or None below 3 assessments."""
    from desktop_app.forecast import DEFAULT_PARAMETERS, ForecastInputError, forecast

    series = [(p.visit_date, p.scorad) for p in points if p.scorad is not None]
    if not series:
        return None
    dates = sorted(d for d, _ in series)
    gaps = [(b - a).days for a, b in itertools.pairwise(dates) if (b - a).days > 0]
    gap = round(statistics.median(gaps)) if gaps else _DEFAULT_GAP_DAYS
    target = dates[-1] + timedelta(days=min(max(gap, _MIN_GAP_DAYS), _MAX_GAP_DAYS))
    try:
        result = forecast(series, target, ScoreKind.SCORAD, params or DEFAULT_PARAMETERS, band_set)
    except ForecastInputError as exc:
        raise ReportDataError("forecast_input", str(exc)) from exc
    if result is None:
        return None
    return ForecastSummary(
        kind=result.kind,
        target_date=result.target_date,
        median=result.median,
        low50=result.low50,
        high50=result.high50,
        low90=result.low90,
        high90=result.high90,
        p_flare=result.p_flare,
        n_points=result.n_points,
        model_version=result.model_version,
        parameters_fitted_on=result.parameters_fitted_on,
        flare_threshold=result.flare_threshold,
    )


def clinic_forecast_parameters(session: Session) -> ForecastParameters:
    """The clinic's refitted forecast parameters, or the defaults before any refit."""
    from desktop_app.forecast import ForecastInputError, stored_parameters

    try:
        return stored_parameters(session.settings().forecast_parameters)
    except ForecastInputError as exc:
        raise ReportDataError("forecast_parameters", str(exc)) from exc


def _clinic(session: Session, logo_png: bytes | None) -> ClinicInfo:
    return ClinicInfo(session.settings().clinic_name, logo_png)


def visit_report_data(
    session: Session,
    visit_id: int,
    *,
    generated_utc: datetime | None = None,
    logo_png: bytes | None = None,
    forecast_params: ForecastParameters | None = None,
) -> VisitReportData:
    """Everything the visit report prints, from the storage service (photos decrypted in memory)."""
    visit = session.get_visit(visit_id)
    history = session.patient_history(visit.patient_id)
    record = next((r for r in history.visits if r.visit.id == visit_id), None)
    if record is None:
        raise ReportDataError("no_visit", f"Visit {visit_id} is not in the patient's record.")
    clinician = _latest(record, "clinician_scorad")
    patient = _latest(record, "po_scorad")
    easi = _latest(record, "easi")
    ascorads = [a for a in record.assessments if a.kind.value == "ascorad"]
    proposal = None
    if clinician is not None and clinician.review_of is not None:
        proposal = next((a for a in ascorads if a.id == clinician.review_of), None)
    if proposal is None and ascorads:
        proposal = ascorads[-1]
    scored = next((a for a in (clinician, patient, proposal) if a is not None), None)
    if scored is None:
        raise ReportDataError("no_scores", "This visit has no SCORAD, PO-SCORAD or ASCORAD to report yet.")
    ascorad = None
    if proposal is not None:
        form = _form(proposal.items, with_c=False)
        known = {r.value for r in Region}
        flagged = frozenset(Region(r) for r in proposal.items.get("flagged_regions", []) if r in known)
        entries = provenance_entries(proposal.provenance)
        confidence = _confidence(proposal.items.get("confidence"))
        ascorad = AscoradProposal(form.extent, form.intensity, entries, flagged, confidence)
    band_set = _band_set(session)
    names = clinician_names(session)
    points = history_points(history, until=visit.visit_date, names=names)
    author = clinician.created_by if clinician else visit.created_by
    return VisitReportData(
        clinic=_clinic(session, logo_png),
        patient=_patient_info(history),
        visit_id=str(visit.id),
        visit_date=visit.visit_date,
        clinician=names.get(author, author),
        generated_utc=generated_utc or datetime.now(UTC).replace(microsecond=0),
        band_set=band_set,
        clinician_form=_form(clinician.items) if clinician else None,
        patient_form=_form(patient.items) if patient else None,
        ascorad=ascorad,
        photos=_photos(session, record),
        history=points,
        forecast=forecast_summary(points, band_set, forecast_params or clinic_forecast_parameters(session)),
        age_years_override=scored.age_years,
        easi=dict(easi.items.get("regions", {})) if easi else None,
    )


def history_report_data(
    session: Session,
    patient_id: int,
    *,
    generated_utc: datetime | None = None,
    logo_png: bytes | None = None,
    forecast_params: ForecastParameters | None = None,
) -> HistoryReportData:
    """All visits of a patient for the history report."""
    history = session.patient_history(patient_id)
    band_set = _band_set(session)
    points = history_points(history, names=clinician_names(session))
    if not points:
        raise ReportDataError("no_history", "This patient has no scored visit to report yet.")
    return HistoryReportData(
        clinic=_clinic(session, logo_png),
        patient=_patient_info(history),
        history=points,
        generated_utc=generated_utc or datetime.now(UTC).replace(microsecond=0),
        band_set=band_set,
        forecast=forecast_summary(points, band_set, forecast_params or clinic_forecast_parameters(session)),
    )


def _save_audited(
    session: Session,
    pdf: bytes,
    destination: str | os.PathLike[str],
    table: str,
    record_id: int,
    kind: str,
    options: ReportOptions,
) -> ExportedReport:
    digest = hashlib.sha256(pdf).hexdigest()
    detail = {
        "kind": kind,
        "language": options.language.value,
        "page_size": options.page_size.value,
        "sha256": digest,
        "bytes": len(pdf),
    }

    def audit() -> None:
        # Written inside write_pdf before the rename: no PDF ever exists without its audit row.
        session.record_export(table, record_id, detail)

    path = write_pdf(pdf, destination, before_commit=audit)
    return ExportedReport(path, digest, len(pdf))


def export_visit_report(
    session: Session,
    visit_id: int,
    destination: str | os.PathLike[str],
    options: ReportOptions | None = None,
    *,
    logo_png: bytes | None = None,
    forecast_params: ForecastParameters | None = None,
) -> ExportedReport:
    """Render the visit report and save it atomically, audited. Raises ReportError or StorageError."""
    opts = options or default_options(session)
    data = visit_report_data(session, visit_id, logo_png=logo_png, forecast_params=forecast_params)
    pdf = render_visit_report(data, opts)
    return _save_audited(session, pdf, destination, "visits", visit_id, "visit_report_pdf", opts)


def export_history_report(
    session: Session,
    patient_id: int,
    destination: str | os.PathLike[str],
    options: ReportOptions | None = None,
    *,
    logo_png: bytes | None = None,
    forecast_params: ForecastParameters | None = None,
) -> ExportedReport:
    """Render the history report and save it atomically, audited."""
    opts = options or default_options(session)
    data = history_report_data(session, patient_id, logo_png=logo_png, forecast_params=forecast_params)
    pdf = render_history_report(data, opts)
    return _save_audited(session, pdf, destination, "patients", patient_id, "history_report_pdf", opts)
