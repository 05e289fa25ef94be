"""A patient's history as chart series and table rows, plus the forecast fan when available."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop_app.domain.scorad import ScoreKind
from desktop_app.domain.severity import Band, BandSet, classify
from desktop_app.storage import Assessment, AssessmentKind, PatientHistory, VisitRecord
from desktop_app.ui.widgets.history_chart import ChartData, Fan

SERIES_KIND = {
    AssessmentKind.CLINICIAN_SCORAD: "scorad",
    AssessmentKind.PO_SCORAD: "po_scorad",
    AssessmentKind.ASCORAD: "ascorad",
}


@dataclass(frozen=True)
class VisitRow:
    visit_id: int
    day: date
    scorad: float | None
    oscorad: float | None
    po_scorad: float | None
    ascorad: float | None
    band: Band | None
    complete: bool  # a clinician SCORAD is recorded


def latest(record: VisitRecord, kind: AssessmentKind) -> Assessment | None:
    found = [a for a in record.assessments if a.kind is kind]
    return found[-1] if found else None


def visit_rows(history: PatientHistory, band_set: BandSet) -> list[VisitRow]:
    rows = []
    for record in history.visits:
        clinician = latest(record, AssessmentKind.CLINICIAN_SCORAD)
        patient = latest(record, AssessmentKind.PO_SCORAD)
        automatic = latest(record, AssessmentKind.ASCORAD)
        score = clinician.scorad if clinician else None
        rows.append(
            VisitRow(
                record.visit.id,
                record.visit.visit_date,
                score,
                clinician.oscorad if clinician else None,
                patient.scorad if patient else None,
                # Objective ASCORAD: what photos can measure (C comes from the patient), on
                # one scale for every visit whether or not itch/sleep were attached to it.
                automatic.oscorad if automatic else None,
                classify(score, ScoreKind.SCORAD, band_set) if score is not None else None,
                clinician is not None,
            )
        )
    return rows


def score_points(history: PatientHistory, band_set: BandSet) -> list[tuple[date, float]]:
    """(date, clinician SCORAD) of every visit that has one: what the forecast is fitted on."""
    return [(r.day, float(r.scorad)) for r in visit_rows(history, band_set) if r.scorad is not None]


def chart_data(history: PatientHistory, band_set: BandSet, with_forecast: bool = True) -> ChartData:
    series: dict[str, list[tuple[date, float]]] = {
        "scorad": [],
        "oscorad": [],
        "po_scorad": [],
        "ascorad": [],
    }
    for row in visit_rows(history, band_set):
        for key in ("scorad", "oscorad", "po_scorad", "ascorad"):
            value = getattr(row, key)
            if value is not None:
                series[key].append((row.day, float(value)))
    fan = forecast_for(series["scorad"], band_set) if with_forecast else None
    return ChartData({k: v for k, v in series.items() if v}, band_set, fan)


def forecast_for(
    points: list[tuple[date, float]],
    band_set: BandSet,
    stored_parameters: Mapping[str, Any] | None = None,
) -> Fan | None:
    """The SCORAD fan 12 weeks ahead from ``desktop_app.forecast`` (None below 3 visits), with
    the clinic's refitted parameters when ``stored_parameters`` (the setting) holds them.

    The flare risk shown is the one 4 weeks ahead, a usual interval between visits.
    """
    from desktop_app.forecast import MIN_POINTS, forecast_fan
    from desktop_app.forecast import stored_parameters as parameters_from

    if len(points) < MIN_POINTS:
        return None
    params = parameters_from(stored_parameters)
    fan = forecast_fan(points, ScoreKind.SCORAD, params, band_set=band_set, horizon_days=84, step_days=7)
    if fan is None:
        return None
    levels = list(fan.levels)

    def level(q: float) -> tuple[float, ...]:
        return tuple(fan.quantiles[levels.index(q)])

    four_weeks = min(3, len(fan.dates) - 1)
    return Fan(
        tuple(fan.dates),
        level(0.05),
        level(0.25),
        level(0.5),
        level(0.75),
        level(0.95),
        fan.p_flare[four_weeks],
    )
