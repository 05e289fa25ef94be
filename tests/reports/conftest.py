"""Shared fixtures: demo reports rendered once per session (small photos keep the suite fast)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from desktop_app.reports.demo import demo_history, demo_visit
from desktop_app.reports.history import render_history_report
from desktop_app.reports.model import HistoryReportData, Language, PageSize, ReportOptions, VisitReportData
from desktop_app.reports.visit import render_visit_report


def pdf_text(pdf: bytes) -> str:
    """All text of a PDF, pages joined, whitespace runs collapsed to one space."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def page_texts(pdf: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="session")
def visit_data() -> VisitReportData:
    return demo_visit(n_photos=6, n_visits=30, photo_size=(480, 360))


@pytest.fixture(scope="session")
def history_data() -> HistoryReportData:
    return demo_history(n_visits=30)


@pytest.fixture(scope="session")
def visit_en(visit_data: VisitReportData) -> bytes:
    return render_visit_report(visit_data, ReportOptions(Language.EN, PageSize.A4))


@pytest.fixture(scope="session")
def visit_fr(visit_data: VisitReportData) -> bytes:
    return render_visit_report(visit_data, ReportOptions(Language.FR, PageSize.LETTER))


@pytest.fixture(scope="session")
def history_en(history_data: HistoryReportData) -> bytes:
    return render_history_report(history_data, ReportOptions(Language.EN, PageSize.A4))


@pytest.fixture(scope="session")
def history_fr(history_data: HistoryReportData) -> bytes:
    return render_history_report(history_data, ReportOptions(Language.FR, PageSize.A4))
