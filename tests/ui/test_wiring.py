"""The capture/review parts are wired into the main screens: history photos, translations, chart scale."""

from datetime import date

from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from desktop_app.ui.history_photos import VisitPhotosPanel
from desktop_app.ui.i18n import current_language, set_language
from desktop_app.ui.viewmodels.clinic import ClinicGateway
from desktop_app.ui.viewmodels.history import visit_rows
from tests.ui.conftest import log_in, open_window

SIGNS = ("erythema", "oedema_papulation", "oozing_crusts", "excoriations", "lichenification", "dryness")


def test_switching_language_translates_the_capture_screens_too(qapp: object) -> None:
    context = "Capture"
    assert QCoreApplication.translate(context, "Capture (Space)") == "Capture (Space)"
    assert set_language("fr")
    assert current_language() == "fr"
    assert QCoreApplication.translate(context, "Capture (Space)") != "Capture (Space)"
    set_language("en")
    assert QCoreApplication.translate(context, "Capture (Space)") == "Capture (Space)"


def test_history_page_carries_the_photos_per_visit_panel(qtbot: QtBot, clinic_ready: ClinicGateway) -> None:
    window = open_window(qtbot, clinic_ready)
    log_in(qtbot, window)
    assert window.workspace is not None
    page = window.workspace.history
    assert page.findChildren(VisitPhotosPanel), "the history page has no photos panel"


def test_history_ascorad_column_is_the_objective_score(clinic_ready: ClinicGateway) -> None:
    session = clinic_ready.login("admin", "correct horse battery")
    patient = session.add_patient("P-1", "Ana", "Lopes", date(1990, 1, 1))
    visit = session.add_visit(patient.id, date(2026, 1, 5))
    # Back 50 % of 18 = 9 -> 1.8; B = 6 -> 21; oSCORAD 22.8; with C = 5 + 5 the total would be 32.8
    session.record_ascorad(
        visit.id,
        {"back": 0.5},
        dict.fromkeys(SIGNS, 1),
        provenance={"engine": "test"},
        pruritus=5.0,
        sleeplessness=5.0,
    )
    from desktop_app.domain.severity import BandSet

    (row,) = visit_rows(session.patient_history(patient.id), BandSet.CLASSIC)
    assert row.ascorad == 22.8
