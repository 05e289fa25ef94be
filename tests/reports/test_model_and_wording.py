"""Report data model rules and the two languages' wording tables."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from desktop_app.domain.scorad import Extent, Intensity, ScoreKind, Subjective
from desktop_app.reports import i18n
from desktop_app.reports.errors import ReportDataError
from desktop_app.reports.i18n import Wording
from desktop_app.reports.model import (
    AscoradProposal,
    ClinicInfo,
    ForecastSummary,
    FormItems,
    Language,
    PatientInfo,
    VisitReportData,
)


def test_both_languages_have_the_same_keys_and_every_placeholder() -> None:
    assert set(i18n._EN) == set(i18n._FR)
    for key, text in i18n._EN.items():
        assert sorted(_placeholders(text)) == sorted(_placeholders(i18n._FR[key])), key


def _placeholders(text: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(text) if name]


def test_numbers_dates_and_ages() -> None:
    en, fr = Wording(Language.EN), Wording(Language.FR)
    assert (en.number(27.46), fr.number(27.46)) == ("27.5", "27,5")
    assert fr.number(3.0, 0) == "3"
    assert (en.percent(0.25), fr.percent(0.125)) == ("25", "12,5")
    assert (en.date(date(2026, 8, 3)), fr.date(date(2026, 8, 3))) == ("3 Aug 2026", "3 août 2026")
    assert fr.datetime(datetime(2026, 2, 1, 9, 5)) == "1 févr. 2026 09:05"
    assert (en.age(1.5), fr.age(1.5), en.age(35.9), fr.age(None)) == (
        "18 months",
        "18 mois",
        "35 years",
        "inconnu (figure adulte utilisée)",
    )
    assert (en.sex("female"), fr.sex("male"), fr.sex(None), en.sex("intersex")) == (
        "female",
        "masculin",
        "non renseigné",
        "intersex",
    )


def test_age_counts_whole_months() -> None:
    patient = PatientInfo("P1", "Ana", date(2024, 5, 31))
    assert patient.age_years(date(2026, 5, 30)) == pytest.approx(23 / 12)  # one day short of 2 years
    assert patient.age_years(date(2026, 5, 31)) == 2.0
    with pytest.raises(ReportDataError):
        patient.age_years(date(2024, 1, 1))


def _visit(**changes: object) -> VisitReportData:
    form = FormItems(
        Extent.from_mapping({"back": 0.5}),
        Intensity(1, 1, 1, 1, 1, 1),
        Subjective(pruritus=2.0, sleeplessness=1.0),
    )
    base = VisitReportData(
        ClinicInfo("C"), PatientInfo("P1", "Ana", date(1990, 1, 1)), "1", date(2026, 1, 1), "Dr X",
        datetime(2026, 1, 1), clinician_form=form,
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def test_scores_come_from_the_domain_engine() -> None:
    data = _visit()
    lines = {line.kind: (line.value, line.band.value) for line in data.score_lines()}
    # A = 18 * 0.5 = 9; B = 6; C = 3 → SCORAD = 1.8 + 21 + 3 = 25.8, oSCORAD = 22.8
    assert lines == {ScoreKind.SCORAD: (25.8, "moderate"), ScoreKind.OSCORAD: (22.8, "moderate")}


def test_corrected_items_compare_every_region_and_sign() -> None:
    proposal = AscoradProposal(
        Extent.from_mapping({"back": 0.4, "head_neck": 0.1}), Intensity(1, 1, 1, 1, 1, 2)
    )
    assert _visit(ascorad=proposal).corrected_items() == {"back", "head_neck", "dryness"}
    same = AscoradProposal(Extent.from_mapping({"back": 0.5}), Intensity(1, 1, 1, 1, 1, 1))
    assert _visit(ascorad=same).corrected_items() == frozenset()


def test_no_birth_date_uses_the_adult_figure() -> None:
    data = _visit(patient=PatientInfo("P1", "Ana"))
    assert data.age_years == 18.0 and data.age_group.value == "age_2_plus"


def test_forecast_bounds_must_be_ordered() -> None:
    with pytest.raises(ReportDataError):
        ForecastSummary(ScoreKind.SCORAD, date(2026, 1, 1), 20, 25, 22, 10, 30, 0.1, 3)
    with pytest.raises(ReportDataError):
        ForecastSummary(ScoreKind.SCORAD, date(2026, 1, 1), 20, 15, 25, 10, 30, 1.5, 3)
