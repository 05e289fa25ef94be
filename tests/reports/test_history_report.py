"""The history report: one row per visit with every number, bands, chart legend, both languages."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop_app.domain.scorad import ScoreKind
from desktop_app.domain.severity import classify
from desktop_app.reports.errors import ReportDataError
from desktop_app.reports.history import render_history_report
from desktop_app.reports.i18n import Wording
from desktop_app.reports.model import HistoryReportData, Language, ReportOptions
from tests.reports.conftest import page_texts, pdf_text


@pytest.mark.parametrize("language", [Language.EN, Language.FR])
def test_every_visit_row_is_printed_with_its_bands(
    language: Language, history_data: HistoryReportData, history_en: bytes, history_fr: bytes
) -> None:
    wording = Wording(language)
    text = pdf_text(history_en if language is Language.EN else history_fr)
    assert len(history_data.history) == 30
    for point in history_data.history:
        assert point.scorad is not None and point.oscorad is not None and point.a is not None
        assert point.c is not None
        scorad = f"{wording.number(point.scorad)} {wording.band(classify(point.scorad, ScoreKind.SCORAD))}"
        oscorad = (
            f"{wording.number(point.oscorad)} {wording.band(classify(point.oscorad, ScoreKind.OSCORAD))}"
        )
        po = wording("not_assessed")
        if point.po_scorad is not None:
            po_band = wording.band(classify(point.po_scorad, ScoreKind.PO_SCORAD))
            po = f"{wording.number(point.po_scorad)} {po_band}"
        row = (
            f"{wording.date(point.visit_date)} {point.clinician} {wording.number(point.a)} {point.b} "
            f"{wording.number(point.c)} {scorad} {oscorad} {po}"
        )
        assert row in text, row


def test_header_chart_and_statements(history_en: bytes, history_fr: bytes) -> None:
    en = pdf_text(history_en)
    assert "Severity history" in en and "Françoise Lévêque-Núñez" in en
    assert "30 visits from 29 Jun 2024 to 20 Nov 2026" in en
    assert "Severity bands: classic" in en
    for label in ("SCORAD", "oSCORAD", "PO-SCORAD", "forecast median", "forecast 50 % interval"):
        assert label in en
    assert "Forecast SCORAD for 1 Jan 2027" in en
    fr = pdf_text(history_fr)
    assert "Historique de sévérité" in fr
    assert "30 consultations du 29 juin 2024 au 20 nov. 2026" in fr
    assert "Prévision SCORAD pour le 1 janv. 2027" in fr
    assert "prévision, intervalle à 90 %" in fr
    pages = page_texts(history_en)
    for i, page in enumerate(pages, start=1):
        assert f"Page {i} of {len(pages)}" in page
        assert "Decision support for trained clinicians; not a diagnosis." in page


def test_deterministic(history_data: HistoryReportData, history_en: bytes) -> None:
    assert render_history_report(history_data, ReportOptions()) == history_en


def test_unassessed_values_print_a_dash(history_data: HistoryReportData) -> None:
    first = replace(
        history_data.history[0], scorad=None, oscorad=None, a=None, b=None, c=None, po_scorad=None
    )
    data = replace(history_data, history=(first, *history_data.history[1:]), forecast=None)
    text = pdf_text(render_history_report(data, ReportOptions()))
    assert "29 Jun 2024 Dr Jean-Noël Moreau — — — — — —" in text
    assert "No forecast (it needs at least 3 past assessments)." in text


def test_an_empty_history_is_refused(history_data: HistoryReportData) -> None:
    with pytest.raises(ReportDataError) as info:
        replace(history_data, history=())
    assert info.value.reason == "no_history"
