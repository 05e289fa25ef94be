from PySide6.QtWidgets import QDialog, QMessageBox
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from desktop_app.storage import Role
from desktop_app.ui.pages.settings import SettingsPage
from desktop_app.ui.viewmodels.clinic import ClinicGateway
from tests.ui.conftest import ADMIN, PASSWORD


def test_admin_adds_and_disables_a_user(
    qtbot: QtBot, clinic_ready: ClinicGateway, monkeypatch: MonkeyPatch
) -> None:
    session = clinic_ready.clinic().login(ADMIN, PASSWORD)
    page = SettingsPage(session)
    qtbot.addWidget(page)
    users = page.users
    assert users is not None and users.table.rowCount() == 1
    dialog = users.add_user()
    dialog.username.setText("nurse")
    dialog.display_name.setText("Nurse Joy")
    dialog.password.setText("short")
    dialog.repeat.setText("short")
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.error.text() != ""
    dialog.password.setText("a long enough password")
    dialog.repeat.setText("a long enough password")
    dialog.save()
    assert dialog.created is not None and dialog.created.role is Role.CLINICIAN
    assert users.table.rowCount() == 2
    users.table.selectRow([u.username for u in users.users].index("nurse"))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert users.disable_selected()
    assert [u.username for u in users.users] == [ADMIN]
    session.close()


def test_clinicians_do_not_see_the_accounts(qtbot: QtBot, clinic_ready: ClinicGateway) -> None:
    admin = clinic_ready.clinic().login(ADMIN, PASSWORD)
    admin.add_user("doc", "another password", Role.CLINICIAN)
    admin.close()
    session = clinic_ready.clinic().login("doc", "another password")
    page = SettingsPage(session)
    qtbot.addWidget(page)
    assert page.users is None
    session.close()
