"""The whole flow, through real widgets: setup → login → patient → SCORAD → PO-SCORAD → history → relaunch."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app import storage
from desktop_app.domain.regions import Region
from desktop_app.domain.scorad import Sign
from desktop_app.storage import AssessmentKind
from desktop_app.ui.pages.visit import PoScoradStep, SummaryStep
from desktop_app.ui.viewmodels.body_map import View
from desktop_app.ui.viewmodels.clinic import ClinicGateway
from desktop_app.ui.viewmodels.po_scorad import LAY_SIGN_ORDER
from desktop_app.ui.windows.main_window import MainWindow
from tests.ui.conftest import ADMIN, PASSWORD, FakeClock, log_in, open_window


def _setup_through_the_screen(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    page = window.setup_page
    assert window.stack.currentWidget() is page
    page.clinic.setText("Clinique du Parc")
    page.username.setText(ADMIN)
    page.display_name.setText("Dr Admin")
    page.password.setText(PASSWORD)
    page.repeat.setText(PASSWORD + "x")
    page.create_button.click()
    assert "not the same" in page.error.text()
    page.repeat.setText(PASSWORD)
    page.create_button.click()
    qtbot.waitUntil(lambda: window.recovery_dialog is not None, timeout=10_000)
    dialog = window.recovery_dialog
    assert dialog is not None
    assert len(dialog.recovery_key) > 20
    assert not dialog.ok_button.isEnabled()  # cannot go on before keeping the key
    dialog.save_key(tmp_path / "key.txt")
    assert dialog.recovery_key in (tmp_path / "key.txt").read_text()
    dialog.confirm.setChecked(True)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login_page)
    assert window.login_page.username.text() == ADMIN


def _paint_and_click(qtbot: QtBot, window: MainWindow) -> None:
    visit_page = window.workspace.visit_page  # type: ignore[union-attr]
    assert visit_page is not None
    form = visit_page.steps["scorad"].form  # type: ignore[attr-defined]
    geometry = form.model.body_map.geometry
    # click the back and type 30 %
    x, y = geometry.anchor(View.BACK, Region.BACK)
    qtbot.mouseClick(
        form.body_map, Qt.MouseButton.LeftButton, pos=form.body_map.to_widget(View.BACK, x, y).toPoint()
    )
    spin = form.region_spins[Region.BACK]
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "30")
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Tab)
    # click the head and set 10 %
    x, y = geometry.anchor(View.FRONT, Region.HEAD_NECK)
    qtbot.mouseClick(
        form.body_map, Qt.MouseButton.LeftButton, pos=form.body_map.to_widget(View.FRONT, x, y).toPoint()
    )
    form.region_spins[Region.HEAD_NECK].setValue(10)
    for sign, grade in zip(Sign, (2, 1, 1, 2, 1, 2), strict=True):
        form.pickers[sign].set_grade(grade)
    form.vas_inputs["pruritus"].set_value(6.0)
    form.vas_inputs["sleeplessness"].set_value(3.5)
    assert form.model.state().result is not None


def test_setup_login_patient_visit_history_relaunch(qtbot: QtBot, tmp_path: Path, clock: FakeClock) -> None:
    gateway = ClinicGateway(tmp_path / "clinic", clock=clock, kdf=storage.FAST_TEST_KDF)
    window = open_window(qtbot, gateway)
    _setup_through_the_screen(qtbot, window, tmp_path)
    log_in(qtbot, window)
    workspace = window.workspace
    assert workspace is not None and workspace.current_page_key() == "patients"

    # create a patient through the dialog
    dialog = workspace.patients.create_patient()
    dialog.identifier.setText("P-001")
    dialog.given_name.setText("Chloé")
    dialog.family_name.setText("Durand")
    dialog.consent.setChecked(True)
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    qtbot.waitUntil(lambda: len(workspace.patients.model.patients) == 1)
    patient = workspace.patients.model.patients[0]

    # start a visit: the photos slot, then the clinician SCORAD
    workspace.patients.visit_button.click()
    visit_page = workspace.visit_page
    assert visit_page is not None and workspace.current_page_key() == "visit"
    assert visit_page.flow.step == "photos"
    visit_page.next_button.click()
    assert visit_page.flow.step == "scorad"
    _paint_and_click(qtbot, window)
    visit_page.next_button.click()  # saves the SCORAD step
    assert visit_page.flow.step == "po_scorad"
    assert visit_page.flow.saved["scorad"] is not None
    clinician_total = visit_page.flow.saved["scorad"].scorad

    # patient mode
    step = visit_page.steps["po_scorad"]
    assert isinstance(step, PoScoradStep)
    patient_window = window.start_patient_mode(fullscreen=False)
    assert patient_window is not None
    patient_window.go_next()
    x, y = patient_window.flow.form.body_map.geometry.anchor(View.FRONT, Region.TRUNK_FRONT)
    qtbot.mouseClick(
        patient_window.body_map,
        Qt.MouseButton.LeftButton,
        pos=patient_window.body_map.to_widget(View.FRONT, x, y).toPoint(),
    )
    patient_window.go_next()
    for sign in LAY_SIGN_ORDER:
        patient_window.answer_buttons[sign][2].click()
        patient_window.go_next()
    patient_window.vas_inputs["pruritus"].set_value(7.0)
    patient_window.go_next()
    patient_window.vas_inputs["sleeplessness"].set_value(5.0)
    patient_window.go_next()
    patient_window.go_next()  # hand back
    assert visit_page.flow.step == "summary"
    assert visit_page.flow.saved["po_scorad"] is not None
    summary = visit_page.steps["summary"]
    assert isinstance(summary, SummaryStep)
    assert summary.clinician.total.text() == f"{clinician_total:.1f}"
    assert summary.patient.total.text() != "–"
    visit_page.finish_button.click()

    # history shows the point
    assert workspace.current_page_key() == "history"
    chart = workspace.history.chart
    assert [v for _, v in chart.data.series["scorad"]] == [clinician_total]
    assert workspace.history.table.rowCount() == 1
    window.close()

    # relaunch: a new window on the same folder, log in again, the visit is there
    again = open_window(qtbot, ClinicGateway(tmp_path / "clinic", clock=clock, kdf=storage.FAST_TEST_KDF))
    log_in(qtbot, again)
    assert again.workspace is not None
    again.workspace.patients.search.setText("durand")
    again.workspace.patients.run_search()
    again.workspace.open_history(patient.id)
    history = again.workspace.history
    assert history.table.rowCount() == 1
    assert history.chart.data.series["scorad"][0][1] == clinician_total
    dialog_past = history.open_visit(0)
    assert dialog_past is not None
    assert dialog_past.forms["scorad"].pickers[Sign.ERYTHEMA].read_only
    assert dialog_past.forms["scorad"].model.grades[Sign.ERYTHEMA] == 2
    session = again.gateway.require_session()
    kinds = [a.kind for a in session.list_assessments(history.rows[0].visit_id)]
    assert kinds == [AssessmentKind.CLINICIAN_SCORAD, AssessmentKind.PO_SCORAD]
    dialog_past.close()
    again.close()


def test_keyboard_only_patient_search_opens_history(qtbot: QtBot, clinic_ready: ClinicGateway) -> None:
    session = clinic_ready.clinic().login(ADMIN, PASSWORD)
    for ident, given, family in (
        ("A-1", "Léa", "Martin"),
        ("A-2", "Hugo", "Bernard"),
        ("A-3", "Zoé", "Martinez"),
    ):
        session.add_patient(ident, given, family, "2015-03-04")
    session.close()
    window = open_window(qtbot, clinic_ready)
    log_in(qtbot, window)
    workspace = window.workspace
    assert workspace is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is workspace.patients.search)
    qtbot.keyClicks(workspace.patients.search, "mart")
    qtbot.waitUntil(lambda: len(workspace.patients.model.patients) == 2)
    qtbot.keyClick(workspace.patients.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is workspace.patients.table
    qtbot.keyClick(workspace.patients.table, Qt.Key.Key_Down)
    qtbot.keyClick(workspace.patients.table, Qt.Key.Key_Return)
    assert workspace.current_page_key() == "history"
    assert workspace.history.history is not None
    assert workspace.history.history.patient.family_name == "Martinez"
    window.close()


def test_resume_an_unfinished_visit(qtbot: QtBot, clinic_ready: ClinicGateway) -> None:
    session = clinic_ready.clinic().login(ADMIN, PASSWORD)
    patient = session.add_patient("R-1", "Jules", "Petit", "1990-01-01")
    session.close()
    window = open_window(qtbot, clinic_ready)
    log_in(qtbot, window)
    page = window.open_visit(patient.id, 0)
    assert page is not None
    page.next_button.click()
    form = page.steps["scorad"].form  # type: ignore[attr-defined]
    form.pickers[Sign.DRYNESS].set_grade(3)
    page.save_button.click()
    assert "Draft" in page.message.text()
    visit_id = page.flow.visit.id
    window.workspace.open_history(patient.id)  # type: ignore[union-attr]
    history = window.workspace.history  # type: ignore[union-attr]
    assert history.resume_button.isEnabled()
    window.workspace.set_visit_page(None)  # type: ignore[union-attr]
    history.resume_button.click()
    resumed = window.workspace.visit_page  # type: ignore[union-attr]
    assert resumed is not None and resumed.flow.visit.id == visit_id
    assert resumed.flow.step == "scorad"
    assert resumed.flow.forms["scorad"].grades[Sign.DRYNESS] == 3
    window.workspace.set_visit_page(None)  # type: ignore[union-attr]
    window.close()


def test_closing_the_app_mid_visit_loses_nothing(
    qtbot: QtBot, clinic_ready: ClinicGateway, clock: FakeClock
) -> None:
    session = clinic_ready.clinic().login(ADMIN, PASSWORD)
    patient = session.add_patient("C-1", "Manon", "Leroy", "2001-05-05")
    session.close()
    window = open_window(qtbot, clinic_ready)
    log_in(qtbot, window)
    page = window.open_visit(patient.id, 0)
    assert page is not None
    page.next_button.click()
    form = page.steps["scorad"].form  # type: ignore[attr-defined]
    model = form.model
    x, y = model.body_map.geometry.anchor(View.BACK, Region.BACK)
    model.body_map.paint(View.BACK, (x, y - 20), (x, y + 20), 8)
    painted = model.body_map.fraction(Region.BACK)
    form.pickers[Sign.LICHENIFICATION].set_grade(2)
    form.vas_inputs["pruritus"].set_value(4.5)
    window.close()  # no dialog: the incomplete form is kept as an encrypted draft

    again = open_window(qtbot, ClinicGateway(clinic_ready.data_dir, clock=clock, kdf=storage.FAST_TEST_KDF))
    log_in(qtbot, again)
    again.workspace.open_history(patient.id)  # type: ignore[union-attr]
    again.workspace.history.resume_button.click()  # type: ignore[union-attr]
    resumed = again.workspace.visit_page  # type: ignore[union-attr]
    assert resumed is not None
    assert resumed.flow.step == "scorad"
    assert resumed.steps.get("photos") is None  # only the step on screen is built
    restored = resumed.flow.forms["scorad"]
    assert restored.grades[Sign.LICHENIFICATION] == 2
    assert restored.vas["pruritus"] == 4.5
    assert restored.body_map.fraction(Region.BACK) == painted  # the painting itself came back
    again.close()


def test_export_pdf_of_a_visit_and_of_the_history(
    qtbot: QtBot, clinic_ready: ClinicGateway, tmp_path: Path
) -> None:
    session = clinic_ready.clinic().login(ADMIN, PASSWORD)
    patient = session.add_patient("E-1", "Adam", "Thomas", "1980-02-02")
    visit = session.add_visit(patient.id)
    grades = {s.value: 1 for s in Sign}
    session.record_scorad(visit.id, {"back": 0.2}, grades, 3.0, 1.0)
    session.close()
    window = open_window(qtbot, clinic_ready)
    log_in(qtbot, window)
    window.export_visit(patient.id, visit.id, tmp_path / "visit.pdf")
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    window.export_history(patient.id, tmp_path / "history.pdf")
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    for name in ("visit.pdf", "history.pdf"):
        assert (tmp_path / name).read_bytes()[:5] == b"%PDF-", window.statusBar().currentMessage()
    window.close()
