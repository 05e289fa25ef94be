from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from desktop_app.storage import Session
from desktop_app.ui.pages.patients import PatientDialog, PatientsPage
from desktop_app.ui.viewmodels.clinic import ClinicGateway
from tests.ui.conftest import ADMIN, PASSWORD


def _session(gateway: ClinicGateway) -> Session:
    return gateway.clinic().login(ADMIN, PASSWORD)


def test_validation_errors_show_beside_their_field(qtbot: QtBot, clinic_ready: ClinicGateway) -> None:
    session = _session(clinic_ready)
    session.add_patient("DUP-1", "Léa", "Martin", "2010-01-01")
    dialog = PatientDialog(session)
    qtbot.addWidget(dialog)
    dialog.given_name.setText("Noah")
    dialog.family_name.setText("Smith")
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.errors["identifier"].text() == "Enter the patient's identifier."
    dialog.family_name.clear()
    dialog.save()
    assert dialog.errors["family_name"].text() == "Enter the family name."  # all empty fields at once
    assert dialog.errors["identifier"].text() != ""
    dialog.family_name.setText("Smith")
    dialog.identifier.setText("DUP-1")
    dialog.save()
    assert "already has this identifier" in dialog.errors["identifier"].text()
    dialog.identifier.setText("NEW-1")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.saved is not None and dialog.saved.family_name == "Smith"
    session.close()


def test_edit_keeps_consent_and_is_saved(qtbot: QtBot, clinic_ready: ClinicGateway) -> None:
    session = _session(clinic_ready)
    patient = session.add_patient("E-2", "Mia", "Brown", "2019-07-07", photo_consent=False)
    dialog = PatientDialog(session, patient)
    qtbot.addWidget(dialog)
    assert dialog.identifier.text() == "E-2" and not dialog.consent.isChecked()
    dialog.consent.setChecked(True)
    dialog.save()
    assert session.get_patient(patient.id).photo_consent
    session.close()


def test_type_to_filter_and_ctrl_n(qtbot: QtBot, clinic_ready: ClinicGateway) -> None:
    session = _session(clinic_ready)
    for i, (given, family) in enumerate((("Chloé", "Lefèvre"), ("Hugo", "Durand"), ("Inès", "Garcia"))):
        session.add_patient(f"F-{i}", given, family, "2000-01-01")
    page = PatientsPage(session)
    qtbot.addWidget(page)
    page.show()
    assert page.count_label.text() == "Patients found: 3"
    qtbot.keyClicks(page.search, "lefevre")  # accents and case ignored
    qtbot.waitUntil(lambda: len(page.model.patients) == 1)
    assert page.model.patients[0].identifier == "F-0"
    page.search.setText("nobody")
    page.run_search()
    assert page.count_label.text() == "No patient found"
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialogs = [w for w in page.findChildren(PatientDialog) if w.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].reject()
    session.close()


def test_erasing_asks_twice_and_is_audited(
    qtbot: QtBot, clinic_ready: ClinicGateway, monkeypatch: MonkeyPatch
) -> None:
    session = _session(clinic_ready)
    session.add_patient("X-1", "Liam", "Jones", "1995-03-03")
    page = PatientsPage(session)
    qtbot.addWidget(page)
    assert page.erase_button.isVisibleTo(page)  # administrators may erase
    answers = iter([QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: next(answers))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("wrong", True))
    assert not page.erase_patient()  # the typed identifier must match
    assert session.find_patient("X-1") is not None
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("X-1", True))
    assert page.erase_patient()
    assert session.find_patient("X-1") is None
    assert any(e.action == "erase" for e in session.audit_entries(limit=20))
    session.close()
