"""The history report: all of a patient's visits in one table and one chart, for referral letters."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from desktop_app.domain.scorad import ScoreKind
from desktop_app.domain.severity import BandSet, classify
from desktop_app.reports.document import ReportDocument, Styles, escape, grid_table
from desktop_app.reports.errors import ReportDataError
from desktop_app.reports.i18n import Wording
from desktop_app.reports.model import HistoryPoint, HistoryReportData, ReportOptions
from desktop_app.reports.sections import (
    closing_section,
    intended_use_notice,
    key_value_block,
    patient_pairs,
    trend_section,
)


def render_history_report(data: HistoryReportData, options: ReportOptions) -> bytes:
    """The history report as PDF bytes, built in memory."""
    wording = Wording(options.language)
    document = ReportDocument(
        wording,
        options.page_size,
        data.clinic,
        data.patient,
        wording("history_title"),
        wording("generated", when=wording.datetime(data.generated_utc)),
    )
    styles, width = document.styles, document.width
    visits = sorted(data.history, key=lambda p: p.visit_date)
    first, last = visits[0].visit_date, visits[-1].visit_date
    right = [
        (
            wording("history_table"),
            wording("n_visits", n=len(visits), first=wording.date(first), last=wording.date(last)),
        ),
    ]
    story: list[Flowable] = [
        key_value_block(patient_pairs(data.patient, last, wording), right, styles, width),
        Spacer(1, 3 * mm),
        intended_use_notice(wording, styles),
        *trend_section(visits, data.forecast, data.band_set, wording, styles, width),
        Paragraph(wording("history_table"), styles.heading),
        _history_table(visits, data.band_set, wording, styles, width),
        Spacer(1, 1.5 * mm),
        Paragraph(escape(wording.band_set(data.band_set)), styles.small),
        Paragraph(escape(wording("formula")), styles.small),
        KeepTogether(closing_section(wording, styles, width, "")),
    ]
    return document.render(story)


def _scored(value: float | None, kind: ScoreKind, band_set: BandSet, wording: Wording) -> str:
    if value is None:
        return wording("not_assessed")
    try:
        band = classify(value, kind, band_set)
    except ValueError as exc:
        raise ReportDataError(
            "invalid_score", f"A stored {wording.kind_short(kind)} of {value} is off its scale."
        ) from exc
    return f"{wording.number(value)} {wording.band(band)}"


def _history_table(
    visits: list[HistoryPoint], band_set: BandSet, wording: Wording, styles: Styles, width: float
) -> Flowable:
    dash = wording("not_assessed")
    rows: list[list[Any]] = [
        [
            wording("date"),
            wording("clinician"),
            "A",
            "B",
            "C",
            wording.kind_short(ScoreKind.SCORAD),
            wording.kind_short(ScoreKind.OSCORAD),
            wording.kind_short(ScoreKind.PO_SCORAD),
        ]
    ]
    for point in visits:
        rows.append(
            [
                wording.date(point.visit_date),
                Paragraph(escape(point.clinician or dash), styles.cell),
                dash if point.a is None else wording.number(point.a),
                dash if point.b is None else str(point.b),
                dash if point.c is None else wording.number(point.c),
                _scored(point.scorad, ScoreKind.SCORAD, band_set, wording),
                _scored(point.oscorad, ScoreKind.OSCORAD, band_set, wording),
                _scored(point.po_scorad, ScoreKind.PO_SCORAD, band_set, wording),
            ]
        )
    fixed = [22 * mm, 0.0, 11 * mm, 8 * mm, 11 * mm, 24 * mm, 24 * mm, 24 * mm]
    fixed[1] = width - sum(fixed)
    return grid_table(rows, fixed, align=["LEFT", "LEFT", *["RIGHT"] * 6])
