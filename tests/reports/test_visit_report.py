"""The visit report's text, read back with pypdf: every number, label and both languages."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from desktop_app.domain.regions import Region, region_weight
from desktop_app.domain.scorad import Sign
from desktop_app.domain.severity import BandSet
from desktop_app.reports.errors import ReportDataError
from desktop_app.reports.i18n import Wording
from desktop_app.reports.model import FormItems, Language, PageSize, ReportOptions, VisitReportData
from desktop_app.reports.visit import render_visit_report
from tests.reports.conftest import page_texts, pdf_text

EN = Wording(Language.EN)
FR = Wording(Language.FR)


def test_header_names_the_patient_with_accents_and_the_visit(visit_en: bytes, visit_fr: bytes) -> None:
    for pdf in (visit_en, visit_fr):
        text = pdf_text(pdf)
        assert "Françoise Lévêque-Núñez" in text
        assert "Dr Aïssa Benoît-Çelik" in text
        assert "Clinique de démonstration – ScoradDesk (DEMO)" in text
        assert "DEMO-0001" in text and "V-2026-11-20-01" in text
    assert "Visit report" in pdf_text(visit_en)
    assert "20 Nov 2026" in pdf_text(visit_en)
    assert "14 Mar 1991 (35 years)" in pdf_text(visit_en)
    assert "Sex female" in pdf_text(visit_en)
    assert "Compte rendu de consultation" in pdf_text(visit_fr)
    assert "20 nov. 2026" in pdf_text(visit_fr)
    assert "14 mars 1991 (35 ans)" in pdf_text(visit_fr)
    assert "Sexe féminin" in pdf_text(visit_fr)


def test_totals_with_bands_and_the_band_set_named(visit_en: bytes, visit_fr: bytes) -> None:
    # A = 0.2*9 + 0.5*9 + 0.35*9 + 0.15*18 + 0.1*18 + 0.3*18 + 0.25*18 = 23.85; B = 10; C = 10.5
    # SCORAD = 23.85/5 + 35 + 10.5 = 50.27; oSCORAD = 39.77; ASCORAD oSCORAD = 18.9/5 + 31.5 = 35.28
    en = pdf_text(visit_en)
    assert "SCORAD 50.3 severe" in en
    assert "Objective SCORAD (oSCORAD) 39.8 moderate 35.3" in en
    assert "PO-SCORAD (patient-oriented) 56.1 severe" in en
    assert "Severity bands: classic (SCORAD < 25 mild, 25–50 moderate, > 50 severe" in en
    assert "SCORAD = A/5 + 7B/2 + C" in en
    fr = pdf_text(visit_fr)
    assert "SCORAD 50,3 sévère" in fr
    assert "SCORAD objectif (oSCORAD) 39,8 modéré 35,3" in fr
    assert "PO-SCORAD (évalué par le patient) 56,1 sévère" in fr
    assert "Seuils de sévérité : classiques" in fr


def test_chopra_band_set_is_named_and_applied(visit_data: VisitReportData) -> None:
    pdf = render_visit_report(replace(visit_data, band_set=BandSet.CHOPRA2017), ReportOptions())
    text = pdf_text(pdf)
    assert "Severity bands: Chopra et al. 2017" in text
    assert "SCORAD 50.3 severe" in text  # >= 49
    assert "Objective SCORAD (oSCORAD) 39.8 severe" in text  # >= 38 in Chopra, moderate in classic


def test_every_item_row_with_proposal_status_and_patient_value(
    visit_data: VisitReportData, visit_en: bytes
) -> None:
    text = pdf_text(visit_en)
    clinician, patient, proposal = visit_data.clinician_form, visit_data.patient_form, visit_data.ascorad
    assert clinician is not None and patient is not None and proposal is not None
    corrected = visit_data.corrected_items()
    assert corrected == {"upper_limb_left", "lower_limb_right", "oedema_papulation"}
    for region in Region:
        mine = EN.percent(clinician.extent.fraction(region))
        theirs = EN.percent(patient.extent.fraction(region))
        if region in proposal.unscored_regions:
            row = f"{EN.region(region)}, % affected {mine} no photo completed {theirs}"
        else:
            status = "corrected" if region.value in corrected else "accepted"
            proposed = EN.percent(proposal.extent.fraction(region))
            row = f"{EN.region(region)}, % affected {mine} {proposed} {status} {theirs}"
        assert row in text, row
    for sign in Sign:
        status = "corrected" if sign.value in corrected else "accepted"
        row = (
            f"{EN.sign(sign)} {clinician.intensity.grade(sign)} {proposal.intensity.grade(sign)} "
            f"({round(proposal.confidence[sign] * 100)} %) {status} "
            f"{patient.intensity.grade(sign)}"
        )
        assert row in text, row
    assert "A – extent (% of body surface) 23.9 18.9 25.6" in text
    assert "In brackets after an ASCORAD grade: the estimator’s confidence in it." in text
    assert "B – intensity (0–18) 10 9 11" in text
    assert "Itch (pruritus), 0–10 6.5 7.0" in text
    assert "Sleep loss, 0–10 4.0 5.5" in text
    assert "C – itch + sleep loss (0–20) 10.5 12.5" in text
    assert "SCORAD 50.3 56.1" in text
    assert "Objective SCORAD (oSCORAD) 39.8 35.3 43.6" in text


def test_french_items_use_french_labels_and_decimal_commas(visit_fr: bytes) -> None:
    text = pdf_text(visit_fr)
    assert "Membre supérieur gauche, % atteint 50 45 corrigé 60" in text
    assert "Membre inférieur droit, % atteint 25 pas de photo complété 30" in text
    assert "Œdème/papules 2 1 (55 %) corrigé 1" in text
    assert "Érythème (rougeur) 2 2 (81 %) accepté 2" in text
    assert "A – étendue (% de surface corporelle) 23,9 18,9 25,6" in text
    assert "Prurit, 0–10 6,5 7,0" in text
    assert "C – prurit + perte de sommeil (0–20) 10,5 12,5" in text


def test_body_map_table_gives_each_region_weight_and_contribution(
    visit_data: VisitReportData, visit_en: bytes
) -> None:
    text = pdf_text(visit_en)
    assert "Body map: % of each region affected (clinician)" in text
    clinician = visit_data.clinician_form
    assert clinician is not None
    for region in Region:
        fraction = clinician.extent.fraction(region)
        weight = region_weight(region, visit_data.age_group)
        row = f"{EN.region(region)} {EN.percent(fraction)} {EN.number(weight)} {EN.number(weight * fraction)}"
        assert row in text, row
    assert "Total A 23.9" in text
    assert "Front" in text and "Back" in text and "Affected fraction of the region" in text


def test_trend_forecast_photos_provenance_signature(visit_data: VisitReportData, visit_en: bytes) -> None:
    text = pdf_text(visit_en)
    forecast = visit_data.forecast
    assert forecast is not None
    assert (
        f"Forecast SCORAD for 1 Jan 2027: median {forecast.median:.1f} (50 % interval {forecast.low50:.1f}–"
        f"{forecast.high50:.1f}, 90 % interval {forecast.low90:.1f}–{forecast.high90:.1f}); probability of a "
        "flare 23 %; based on 30 visits." in text
    )
    assert forecast.flare_threshold is not None
    assert (
        f"A flare is a score of {forecast.flare_threshold:.1f} or more: a rise of at least the minimal "
        "clinically important difference (8.7) or a worse severity band." in text
    )
    for n, photo in enumerate(visit_data.photos, start=1):
        assert photo.lesion_percent is not None
        assert f"{n}. {EN.region(photo.region)} · lesion {photo.lesion_percent:.1f} % of visible skin" in text
        assert photo.sha256 in text
    for entry in visit_data.ascorad.provenance if visit_data.ascorad else ():
        assert entry.component in text
        if entry.weights_sha256:
            assert entry.weights_sha256[:40] in text.replace(" ", "")
    assert "Forecast (Kalman state-space model) demo-forecast-1.0; default parameters" in text
    assert "Clinician signature" in text and "Date" in text
    assert text.count("Decision support for trained clinicians; not a diagnosis.") >= 2


def test_intended_use_and_page_numbers_on_every_page(visit_en: bytes, visit_fr: bytes) -> None:
    for pdf, statement, page in (
        (visit_en, "Decision support for trained clinicians; not a diagnosis.", "Page {i} of {n}"),
        (visit_fr, "ne constitue pas un diagnostic.", "Page {i} sur {n}"),
    ):
        pages = page_texts(pdf)
        assert len(pages) >= 3
        for i, text in enumerate(pages, start=1):
            assert statement in text
            assert page.format(i=i, n=len(pages)) in text
            assert "DEMO-0001" in text


def test_paper_sizes(visit_en: bytes, visit_fr: bytes) -> None:
    a4 = PdfReader(io.BytesIO(visit_en)).pages[0].mediabox
    letter = PdfReader(io.BytesIO(visit_fr)).pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)


def test_only_the_embedded_unicode_font_is_used(visit_en: bytes) -> None:
    reader = PdfReader(io.BytesIO(visit_en))
    names: set[str] = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor  # the TrueType program is embedded
    assert names and all("+DejaVuSans" in n for n in names), names  # subsets of the shipped family


def test_same_input_gives_identical_bytes(visit_data: VisitReportData, visit_en: bytes) -> None:
    assert render_visit_report(visit_data, ReportOptions(Language.EN, PageSize.A4)) == visit_en


def test_visit_without_c_prints_oscorad_only_and_says_why(visit_data: VisitReportData) -> None:
    clinician = visit_data.clinician_form
    assert clinician is not None
    data = replace(
        visit_data,
        clinician_form=FormItems(clinician.extent, clinician.intensity, None),
        patient_form=None,
        ascorad=None,
        photos=(),
        forecast=None,
    )
    text = pdf_text(render_visit_report(data, ReportOptions()))
    assert "SCORAD — C not recorded: SCORAD not computed" in text
    assert "Objective SCORAD (oSCORAD) 39.8 moderate" in text
    assert "No automatic result in this visit." in text
    assert "No forecast (it needs at least 3 past assessments)." in text
    assert "ASCORAD proposal" not in text and "Patient (PO-SCORAD)" not in text


def test_a_name_with_markup_characters_is_printed_verbatim(visit_data: VisitReportData) -> None:
    data = replace(
        visit_data, patient=replace(visit_data.patient, name="O'Brien <Ann> & Łukasz Żółć"), photos=()
    )
    assert "O'Brien <Ann> & Łukasz Żółć" in pdf_text(render_visit_report(data, ReportOptions()))


def test_infant_uses_the_child_figure(visit_data: VisitReportData) -> None:
    data = replace(visit_data, age_years_override=1.0, photos=(), history=(), forecast=None)
    text = pdf_text(render_visit_report(data, ReportOptions()))
    assert "child figure (under 2), maximum extent 96" in text
    # Under 2, head and neck weighs 17 and each lower limb 12 (DESIGN §2).
    assert "Head and neck 20 17.0 3.4" in text
    assert "Left lower limb 30 12.0 3.6" in text


def test_a_visit_without_any_score_is_refused(visit_data: VisitReportData) -> None:
    with pytest.raises(ReportDataError) as info:
        replace(visit_data, clinician_form=None, patient_form=None, ascorad=None)
    assert info.value.reason == "no_scores"


def test_only_an_ascorad_proposal_or_only_the_patient_form(visit_data: VisitReportData) -> None:
    only_ascorad = replace(visit_data, clinician_form=None, patient_form=None, photos=visit_data.photos[:1])
    text = pdf_text(render_visit_report(only_ascorad, ReportOptions()))
    assert "Body map: % of each region affected (ASCORAD proposal)" in text
    assert "Left upper limb, % affected — 45" in text  # no confirmed value, no status
    only_patient = replace(visit_data, clinician_form=None, ascorad=None, photos=())
    text = pdf_text(render_visit_report(only_patient, ReportOptions()))
    assert "PO-SCORAD (patient-oriented) 56.1 severe" in text
    assert "Body map: % of each region affected (patient)" in text


def test_many_photos_long_names_and_a_broken_logo_still_lay_out(visit_data: VisitReportData) -> None:
    long_name = "Marie-Thérèse Éléonore " * 6 + "de la Fontaine-Ågård"
    data = replace(
        visit_data,
        photos=visit_data.photos * 4,
        clinic=replace(visit_data.clinic, name="Centre hospitalier " * 8, logo_png=b"not an image"),
        patient=replace(visit_data.patient, name=long_name),
    )
    pdf = render_visit_report(data, ReportOptions(Language.FR, PageSize.LETTER))
    text = pdf_text(pdf)
    pages = page_texts(pdf)
    assert long_name.split()[0] in pages[0] and "Ågård" in text  # in full in the patient block
    assert all("DEMO-0001" in page for page in pages)
    assert f"24. {FR.region(visit_data.photos[-1].region)}" in text  # type: ignore[arg-type]


EASI = {
    "head_neck": {
        "erythema": 1,
        "induration_papulation": 0.5,
        "excoriation": 1,
        "lichenification": 0,
        "area": 2,
    },
    "upper_limbs": {
        "erythema": 2,
        "induration_papulation": 1,
        "excoriation": 1.5,
        "lichenification": 1,
        "area": 3,
    },
    "trunk": {"erythema": 0, "induration_papulation": 0, "excoriation": 0, "lichenification": 0, "area": 0},
    "lower_limbs": {
        "erythema": 1,
        "induration_papulation": 1,
        "excoriation": 0,
        "lichenification": 2,
        "area": 1,
    },
}


def test_easi_with_every_item_when_recorded(visit_data: VisitReportData) -> None:
    data = replace(visit_data, easi=EASI, photos=())
    # Adult weights 0.1/0.2/0.3/0.4: 2.5*2*0.1 = 0.5; 5.5*3*0.2 = 3.3; 0; 4*1*0.4 = 1.6 → 5.4
    en = pdf_text(render_visit_report(data, ReportOptions()))
    assert "EASI (Eczema Area and Severity Index, 0–72)" in en
    assert "Head and neck 1.0 0.5 1.0 0.0 2 0.1 0.50" in en
    assert "Upper limbs 2.0 1.0 1.5 1.0 3 0.2 3.30" in en
    assert "Trunk 0.0 0.0 0.0 0.0 0 0.3 0.00" in en
    assert "Lower limbs 1.0 1.0 0.0 2.0 1 0.4 1.60" in en
    assert "EASI 5.40" in en
    fr = pdf_text(render_visit_report(data, ReportOptions(Language.FR)))
    assert "Membres supérieurs 2,0 1,0 1,5 1,0 3 0,2 3,30" in fr and "EASI 5,40" in fr
    assert "EASI (" not in pdf_text(render_visit_report(replace(data, easi=None), ReportOptions()))
