import threading
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from desktop_app.domain.scorad import Sign
from desktop_app.domain.severity import Band
from desktop_app.ui.pages import history as history_page
from desktop_app.ui.pages.history import HistoryPage
from desktop_app.ui.theme import band_colour
from desktop_app.ui.viewmodels.clinic import ClinicGateway
from tests.ui.conftest import ADMIN, PASSWORD


def test_history_chart_table_forecast_and_read_only_visit(qtbot: QtBot, clinic_ready: ClinicGateway) -> None:
    session = clinic_ready.clinic().login(ADMIN, PASSWORD)
    patient = session.add_patient("H-1", "Olivia", "Taylor", "1990-01-01")
    start = date.today() - timedelta(days=200)
    for i, grade in enumerate((1, 2, 3, 2)):
        visit = session.add_visit(patient.id, start + timedelta(days=40 * i))
        session.record_scorad(
            visit.id, {"back": 0.3, "head_neck": 0.5}, {s.value: grade for s in Sign}, 5.0, 2.0
        )
        if i == 1:
            session.record_po_scorad(visit.id, {"back": 0.2}, {s.value: 1 for s in Sign}, 4.0, 1.0)
    open_visit = session.add_visit(patient.id, start + timedelta(days=170))  # in progress: nothing recorded
    page = HistoryPage(session)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.show_patient(patient.id)
    assert page.table.rowCount() == 5
    assert "in progress" in page.table.item(0, 0).text()
    assert page.resume_button.isEnabled()
    assert len(page.chart.data.series["scorad"]) == 4
    assert len(page.chart.data.series["po_scorad"]) == 1
    # the fan is computed off the GUI thread; meanwhile the note says so (not "needs 3 visits")
    assert page.forecast_pending
    assert page.forecast_note.text() == "Computing the forecast…"
    qtbot.waitUntil(
        lambda: page.chart.data.forecast is not None, timeout=20_000
    )  # computed off the GUI thread
    assert "Shaded" in page.forecast_note.text()
    severe_row = next(r for r in range(page.table.rowCount()) if page.table.item(r, 5).text() == "Severe")
    assert page.table.item(severe_row, 5).background().color() == band_colour(Band.SEVERE)
    with qtbot.waitSignal(page.visit_requested) as blocker:
        page.resume_button.click()
    assert blocker.args == [patient.id, open_visit.id]
    page.table.selectRow(1)
    dialog = page.open_visit(1)
    assert dialog is not None
    assert set(dialog.forms) == {"scorad"}
    qtbot.addWidget(dialog)
    assert dialog.forms["scorad"].model.grades[Sign.ERYTHEMA] == 2
    dialog.close()
    session.close()


def test_a_late_forecast_of_the_previous_patient_does_not_reach_the_next(
    qtbot: QtBot, clinic_ready: ClinicGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = clinic_ready.clinic().login(ADMIN, PASSWORD)
    first = session.add_patient("H-2", "Ana", "Lopez", "1985-05-05")
    second = session.add_patient("H-3", "Ben", "Moore", "1992-02-02")
    start = date.today() - timedelta(days=120)
    for i in range(3):
        visit = session.add_visit(first.id, start + timedelta(days=30 * i))
        session.record_scorad(visit.id, {"back": 0.3}, {s.value: 1 for s in Sign}, 5.0, 2.0)
    release = threading.Event()

    def slow_failing_forecast(*_: object) -> object:
        release.wait(10)
        raise RuntimeError("the first patient's forecast failed late")

    monkeypatch.setattr(history_page, "forecast_for", slow_failing_forecast)
    page = HistoryPage(session)
    qtbot.addWidget(page)
    page.show_patient(first.id)
    assert page.forecast_pending
    page.show_patient(second.id)  # no clinician SCORAD: no forecast asked for
    assert not page.forecast_pending
    release.set()
    assert QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.wait(100)  # deliver the worker's queued report
    assert page.forecast_note.text() == "A forecast appears once 3 visits have a clinician SCORAD."
    assert not page.forecast_pending and page.chart.data.forecast is None
    session.close()
