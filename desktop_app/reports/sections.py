"""Sections both reports share: the patient block, the trend with its forecast, the closing block."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from desktop_app.domain.severity import MCID, BandSet
from desktop_app.reports.document import INK, MUTED, RULE, Styles, escape
from desktop_app.reports.fonts import BOLD, REGULAR
from desktop_app.reports.i18n import Wording
from desktop_app.reports.model import ForecastSummary, HistoryPoint, PatientInfo
from desktop_app.reports.trend import trend_drawing


def patient_pairs(
    patient: PatientInfo, on: date, wording: Wording, age_years: float | None = None
) -> list[tuple[str, str]]:
    """Identifier, name, birth date with the age on ``on``, and sex.

    ``age_years`` is the age the scores were computed with, when known, so the printed age
    always agrees with the body figure used.
    """
    birth = wording("unknown")
    if patient.birth_date is not None:
        age = age_years if age_years is not None else patient.age_years(on)
        birth = f"{wording.date(patient.birth_date)} ({wording.age(age)})"
    return [
        (wording("patient_id"), patient.identifier),
        (wording("name"), patient.name),
        (wording("birth_date"), birth),
        (wording("sex"), wording.sex(patient.sex)),
    ]


def key_value_block(
    left: Sequence[tuple[str, str]], right: Sequence[tuple[str, str]], styles: Styles, width: float
) -> Table:
    """Two columns of label/value pairs; values wrap, so long names never run off the page."""
    rows = []
    for i in range(max(len(left), len(right))):
        row: list[object] = []
        for pairs in (left, right):
            if i < len(pairs):
                label, value = pairs[i]
                row += [label, Paragraph(escape(value), styles.cell_bold)]
            else:
                row += ["", ""]
        rows.append(row)
    label_w = 32 * mm
    value_w = width / 2 - label_w
    table = Table(rows, colWidths=[label_w, value_w, label_w, value_w])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 8),
                ("TEXTCOLOR", (0, 0), (0, -1), MUTED),
                ("TEXTCOLOR", (2, 0), (2, -1), MUTED),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
            ]
        )
    )
    return table


def forecast_sentence(forecast: ForecastSummary, wording: Wording) -> str:
    return wording(
        "forecast_line",
        kind=wording.kind_short(forecast.kind),
        when=wording.date(forecast.target_date),
        median=wording.number(forecast.median),
        low50=wording.number(forecast.low50),
        high50=wording.number(forecast.high50),
        low90=wording.number(forecast.low90),
        high90=wording.number(forecast.high90),
        p=f"{wording.number(forecast.p_flare * 100, 0)} %",
        n=forecast.n_points,
    )


def trend_section(
    history: Sequence[HistoryPoint],
    forecast: ForecastSummary | None,
    band_set: BandSet,
    wording: Wording,
    styles: Styles,
    width: float,
) -> list[Flowable]:
    """Heading, the vector chart, and the forecast in words (numbers a reader can quote)."""
    if not history and forecast is None:
        return []
    text = forecast_sentence(forecast, wording) if forecast is not None else wording("no_forecast")
    if forecast is not None and forecast.flare_threshold is not None:
        threshold = wording.number(forecast.flare_threshold)
        text += " " + wording(
            "flare_definition", threshold=threshold, mcid=wording.number(MCID[forecast.kind])
        )
    return [
        KeepTogether(
            [
                Paragraph(wording("trend"), styles.heading),
                trend_drawing(history, forecast, band_set, wording, width),
                Spacer(1, 2 * mm),
                Paragraph(escape(text), styles.small),
            ]
        )
    ]


def intended_use_notice(wording: Wording, styles: Styles) -> Flowable:
    """The intended-use statement, boxed, near the top of page 1 where no reader can miss it."""
    return Paragraph(escape(wording("intended_use")), styles.notice)


def closing_section(wording: Wording, styles: Styles, width: float, clinician: str) -> list[Flowable]:
    """A signature line with the clinician's printed name (the statement repeats in every footer)."""
    signature = Table(
        [
            [wording("signature"), "", wording("date_line"), ""],
            ["", clinician, "", ""],
        ],
        colWidths=[35 * mm, width * 0.55 - 35 * mm, 15 * mm, width * 0.45 - 15 * mm],
        rowHeights=[11 * mm, 5 * mm],
    )
    signature.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 8),
                ("FONT", (1, 1), (1, 1), BOLD, 8),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, 0), 0.6, INK),
                ("LINEBELOW", (3, 0), (3, 0), 0.6, INK),
            ]
        )
    )
    return [Spacer(1, 3 * mm), signature]
