from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app import storage
from desktop_app.domain.scorad import Sign
from desktop_app.storage import Role
from desktop_app.ui.viewmodels.clinic import ClinicGateway
from desktop_app.ui.windows.workspace import NAV_KEYS
from tests.ui.conftest import ADMIN, PASSWORD, FakeClock, log_in, open_window


def test_empty_folder_opens_first_run_setup(qtbot: QtBot, gateway: ClinicGateway) -> None:
    window = open_window(qtbot, gateway)
    assert window.stack.currentWidget() is window.setup_page
    assert str(gateway.data_dir) in window.statusBar().currentMessage()


def test_setup_refuses_a_short_password_beside_the_form(qtbot: QtBot, gateway: ClinicGateway) -> None:
    window = open_window(qtbot, gateway)
    page = window.setup_page
    page.clinic.setText("Clinic")
    page.username.setText("admin")
    page.password.setText("short")
    page.repeat.setText("short")
    page.create_button.click()
    qtbot.waitUntil(lambda: page.error.text() != "" and not window.busy, timeout=10_000)
    assert window.stack.currentWidget() is page
    assert not storage.is_set_up(gateway.data_dir)


def test_wrong_password_is_shown_and_nothing_opens(qtbot: QtBot, clinic_ready: ClinicGateway) -> None:
    window = open_window(qtbot, clinic_ready)
    assert window.login_page.subtitle.text() == "Clinique du Parc"
    window.login_page.username.setText(ADMIN)
    window.login_page.password.setText("wrong password!")
    window.login_page.login_button.click()
    qtbot.waitUntil(lambda: window.login_page.error.text() != "" and not window.busy, timeout=10_000)
    assert "Wrong user name or password" in window.login_page.error.text()
    assert window.workspace is None


def test_navigation_pages(qtbot: QtBot, clinic_ready: ClinicGateway) -> None:
    window = open_window(qtbot, clinic_ready)
    log_in(qtbot, window)
    workspace = window.workspace
    assert workspace is not None
    assert [workspace.nav.item(i).text() for i in range(workspace.nav.count())] == [
        "Patients", "Visit", "History", "Settings",
    ]  # fmt: skip
    for key in NAV_KEYS:
        workspace.show_page(key)
        assert workspace.current_page_key() == key
    assert "Dr Admin" in workspace.user_label.text()


def test_idle_time_locks_and_the_password_unlocks(
    qtbot: QtBot, clinic_ready: ClinicGateway, clock: FakeClock
) -> None:
    window = open_window(qtbot, clinic_ready)
    log_in(qtbot, window)
    assert not window.check_idle()
    clock.now += 11 * 60  # default idle lock: 10 minutes (the storage layer's timer)
    assert window.check_idle()
    assert window.stack.currentWidget() is window.lock_page
    window.lock_page.password.setText("nope nope nope")
    window.lock_page.unlock_button.click()
    qtbot.waitUntil(lambda: window.lock_page.error.text() != "" and not window.busy, timeout=10_000)
    window.lock_page.password.setText(PASSWORD)
    window.lock_page.unlock_button.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.workspace, timeout=10_000)


def test_lock_button_and_switch_user(qtbot: QtBot, clinic_ready: ClinicGateway) -> None:
    session = clinic_ready.clinic().login(ADMIN, PASSWORD)
    session.add_user("nurse", "another password", Role.CLINICIAN, "Nurse Joy")
    session.close()
    window = open_window(qtbot, clinic_ready)
    log_in(qtbot, window)
    assert window.workspace is not None
    window.workspace.lock_button.click()
    assert window.stack.currentWidget() is window.lock_page
    assert window.gateway.session is not None and window.gateway.session.is_locked
    window.lock_page.switch_button.click()
    assert window.stack.currentWidget() is window.login_page
    assert window.gateway.session is None
    log_in(qtbot, window, "nurse", "another password")
    assert window.workspace is not None
    assert "Nurse Joy" in window.workspace.user_label.text()
    assert not window.workspace.patients.erase_button.isVisible()  # erasing is for administrators
    assert not window.workspace.settings.band_set.isEnabled()


def test_damaged_database_opens_the_recovery_screen(qtbot: QtBot, clinic_ready: ClinicGateway) -> None:
    db = clinic_ready.data_dir / "clinic.db"
    raw = bytearray(db.read_bytes())
    raw[:4096] = b"\x00" * 4096
    db.write_bytes(bytes(raw))
    window = open_window(qtbot, clinic_ready)
    assert window.stack.currentWidget() is window.recovery_page
    assert window.recovery_page.message.text() != ""
    window.recovery_page.restore_button.click()
    assert "backup folder" in window.recovery_page.error.text()


def test_switching_to_french_changes_visible_strings(qtbot: QtBot, clinic_ready: ClinicGateway) -> None:
    window = open_window(qtbot, clinic_ready)
    log_in(qtbot, window)
    workspace = window.workspace
    assert workspace is not None
    workspace.show_page("settings")
    settings = workspace.settings
    settings.language.setCurrentIndex(settings.language.findData("fr"))
    assert settings.save()
    french = window.workspace
    assert french is not None and french is not workspace
    assert french.current_page_key() == "settings"
    labels = [french.nav.item(i).text() for i in range(french.nav.count())]
    assert labels == ["Patients", "Consultation", "Historique", "Réglages"]
    assert french.lock_button.text() == "Verrouiller"
    assert french.settings.save_button.text() == "Enregistrer les réglages"
    assert window.gateway.require_session().settings().language == "fr"


def test_a_backup_that_left_out_a_lost_photo_says_so(
    qtbot: QtBot, clinic_ready: ClinicGateway, tmp_path: Path
) -> None:
    # the app said "Backup written (1 patients, 0 photos)" and nothing of the photo left out
    import cv2
    import numpy as np

    session = clinic_ready.clinic().login(ADMIN, PASSWORD)
    patient = session.add_patient("B-8", "Léa", "Martin", "2015-03-03", photo_consent=True)
    visit = session.add_visit(patient.id, "2024-01-01")
    png = cv2.imencode(".png", np.full((40, 40, 3), 150, np.uint8))[1].tobytes()
    session.add_photo(visit.id, png, "back", device="test")
    session.close()
    for stored in (clinic_ready.data_dir / "photos").rglob("*"):
        if stored.is_file():
            stored.unlink()  # the file is lost; the record stays
    window = open_window(qtbot, clinic_ready)
    log_in(qtbot, window)
    settings = window.workspace.settings  # type: ignore[union-attr]
    settings.backup_folder.setText(str(tmp_path / "backups"))
    settings.backup_button.click()
    qtbot.waitUntil(lambda: settings.backup_status.text() != "" and not window.busy, timeout=20_000)
    text = settings.backup_status.text()
    assert "Backup written to" in text and "0 photos" in text
    assert "1 photo file(s) were missing or damaged" in text and "keep it" in text


def test_back_up_now_then_restore_a_damaged_database(
    qtbot: QtBot, clinic_ready: ClinicGateway, tmp_path: Path, clock: FakeClock
) -> None:
    session = clinic_ready.clinic().login(ADMIN, PASSWORD)
    session.add_patient("B-7", "Oscar", "Wilson", "1999-09-09")
    session.close()
    window = open_window(qtbot, clinic_ready)
    log_in(qtbot, window)
    settings = window.workspace.settings  # type: ignore[union-attr]
    settings.backup_folder.setText("")
    settings.backup_button.click()
    assert "Choose a backup folder" in settings.backup_status.text()
    settings.backup_folder.setText(str(tmp_path / "backups"))
    settings.backup_button.click()
    qtbot.waitUntil(lambda: settings.backup_status.text() != "" and not window.busy, timeout=20_000)
    assert "Backup written to" in settings.backup_status.text()
    assert "1 patients" in settings.backup_status.text()
    backup_folder = next((tmp_path / "backups").iterdir())
    window.close()

    db = clinic_ready.data_dir / "clinic.db"
    db.write_bytes(b"garbage" * 1000)
    again = open_window(qtbot, ClinicGateway(clinic_ready.data_dir, clock=clock, kdf=storage.FAST_TEST_KDF))
    assert again.stack.currentWidget() is again.recovery_page
    page = again.recovery_page
    page.folder.setText(str(backup_folder))
    page.username.setText(ADMIN)
    page.password.setText(PASSWORD)
    page.restore_button.click()
    qtbot.waitUntil(lambda: again.stack.currentWidget() is again.login_page, timeout=20_000)
    assert "restored" in again.login_page.hint.text()
    log_in(qtbot, again)
    assert [p.identifier for p in again.gateway.require_session().search_patients("")] == ["B-7"]
    again.close()


def test_switching_language_with_a_visit_open_keeps_it_working(
    qtbot: QtBot, clinic_ready: ClinicGateway
) -> None:
    session = clinic_ready.clinic().login(ADMIN, PASSWORD)
    patient = session.add_patient("L-1", "Emma", "Petit", "2015-01-01")
    session.close()
    window = open_window(qtbot, clinic_ready)
    log_in(qtbot, window)
    page = window.open_visit(patient.id, 0)
    assert page is not None
    page.next_button.click()
    settings = window.workspace.settings  # type: ignore[union-attr]
    settings.language.setCurrentIndex(settings.language.findData("fr"))
    assert settings.save()
    qtbot.wait(10)  # let the old widgets be deleted
    french_page = window.workspace.visit_page  # type: ignore[union-attr]
    assert french_page is not None and french_page is not page
    assert french_page.next_button.text() == "Suivant ▶"
    form = french_page.steps["scorad"].form  # type: ignore[attr-defined]
    form.pickers[Sign.ERYTHEMA].set_grade(2)  # the old (deleted) widgets are no longer called back
    form.reveal_errors()
    assert form.sign_errors[Sign.DRYNESS].text().startswith("Obligatoire")
    assert form.model.grades[Sign.ERYTHEMA] == 2
    window.close()


def test_forgotten_password_with_the_recovery_key(qtbot: QtBot, gateway: ClinicGateway) -> None:
    result = gateway.setup("Clinic", ADMIN, PASSWORD)
    window = open_window(qtbot, gateway)
    window.login_page.username.setText(ADMIN)
    window.login_page.forgot_button.click()
    dialog = window.recovery_login
    assert dialog is not None and dialog.username.text() == ADMIN
    dialog.key.setText("WRONG-KEY")
    dialog.password.setText("a brand new password")
    dialog.repeat.setText("a brand new password")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.error.text() != "" and not window.busy, timeout=10_000)
    assert window.workspace is None
    dialog.key.setText(result.recovery_key)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)
    window.switch_user()
    log_in(qtbot, window, ADMIN, "a brand new password")
    assert window.workspace is not None
    window.close()


def test_the_first_input_after_the_idle_time_shows_the_lock(
    qtbot: QtBot, clinic_ready: ClinicGateway, clock: FakeClock
) -> None:
    window = open_window(qtbot, clinic_ready)
    log_in(qtbot, window)
    workspace = window.workspace
    assert workspace is not None
    clock.now += 11 * 60
    window._last_touch = 0.0  # as if the last throttled touch was long ago
    qtbot.keyClick(workspace.patients.search, "a")
    assert window.stack.currentWidget() is window.lock_page
    assert workspace.patients.search.text() == ""  # the key went nowhere
    window.close()


def _damaged_clinic_with_its_backup(clinic: ClinicGateway, tmp_path: Path) -> Path:
    """This clinic with one patient, its own backup, then its database ruined (recovery screen)."""
    session = clinic.clinic().login(ADMIN, PASSWORD)
    session.add_patient("OURS-1", "Inès", "Moreau", "2012-02-02")
    ours = Path(session.backup(tmp_path / "our-backups").folder)
    session.close()
    (clinic.data_dir / "clinic.db").write_bytes(b"garbage" * 1000)
    return ours


def _other_clinic_backup(tmp_path: Path) -> Path:
    """A colleague's backup of another installation, with its own administrator."""
    theirs = tmp_path / "theirs"
    storage.setup_clinic(theirs, "Cabinet Voisin", "voisin", "voisin-password", kdf=storage.FAST_TEST_KDF)
    session = storage.open_clinic(theirs).login("voisin", "voisin-password")
    session.add_patient("THEIRS-1", "Jürgen", "Weiß", "1990-01-01")
    folder = Path(session.backup(tmp_path / "usb").folder)
    session.close()
    return folder


def _snapshot(folder: Path) -> dict[Path, bytes]:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _ask_restore(qtbot: QtBot, window: object, folder: Path, username: str, password: str) -> None:
    page = window.recovery_page  # type: ignore[attr-defined]
    assert window.stack.currentWidget() is page  # type: ignore[attr-defined]
    page.folder.setText(str(folder))
    page.username.setText(username)
    page.password.setText(password)
    page.restore_button.click()


def _asked_about_the_other_clinic(qtbot: QtBot, window: Any, backup: Path) -> Any:
    """Ask to restore the other clinic's ``backup``; the question the window then shows."""
    _ask_restore(qtbot, window, backup, "voisin", "voisin-password")
    qtbot.waitUntil(lambda: window.other_clinic_question is not None and not window.busy, timeout=20_000)
    question = window.other_clinic_question
    assert question is not None
    qtbot.waitUntil(question.isVisible)
    return question


def test_restoring_this_clinics_own_backup_asks_nothing(
    qtbot: QtBot, clinic_ready: ClinicGateway, tmp_path: Path
) -> None:
    ours = _damaged_clinic_with_its_backup(clinic_ready, tmp_path)
    window = open_window(qtbot, clinic_ready)
    _ask_restore(qtbot, window, ours, ADMIN, PASSWORD)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login_page, timeout=20_000)
    assert window.other_clinic_question is None
    hint = window.login_page.hint.text()
    assert "restored" in hint and f"{clinic_ready.data_dir}.before-restore-" in hint
    log_in(qtbot, window)
    assert [p.identifier for p in window.gateway.require_session().search_patients("")] == ["OURS-1"]
    window.close()


def test_another_clinics_backup_asks_first_and_cancel_changes_nothing(
    qtbot: QtBot, clinic_ready: ClinicGateway, tmp_path: Path
) -> None:
    # restore authenticates against the backup's keyring: a colleague's backup of another clinic
    # replaced this clinic's patients without a word
    ours = _damaged_clinic_with_its_backup(clinic_ready, tmp_path)
    theirs = _other_clinic_backup(tmp_path)
    before = _snapshot(clinic_ready.data_dir)
    window = open_window(qtbot, clinic_ready)
    question = _asked_about_the_other_clinic(qtbot, window, theirs)
    text = question.text() + "\n" + question.informativeText()
    assert "“Cabinet Voisin”" in text and "“Clinique du Parc”" in text
    assert "not deleted" in text and f"{clinic_ready.data_dir}.before-restore-" in text
    assert question.defaultButton() is question.cancel_button
    assert question.escapeButton() is question.cancel_button
    qtbot.keyClick(question, Qt.Key.Key_Return)  # Enter answers the default: Cancel
    qtbot.waitUntil(lambda: not question.isVisible())
    assert not window.busy and window.stack.currentWidget() is window.recovery_page
    assert "not changed" in window.recovery_page.error.text()
    assert _snapshot(clinic_ready.data_dir) == before
    assert not [p for p in tmp_path.iterdir() if "restore" in p.name]
    # this clinic's own backup still restores, without a question
    _ask_restore(qtbot, window, ours, ADMIN, PASSWORD)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login_page, timeout=20_000)
    assert window.other_clinic_question is question  # no second question was asked
    log_in(qtbot, window)
    assert [p.identifier for p in window.gateway.require_session().search_patients("")] == ["OURS-1"]
    window.close()


def test_another_clinics_backup_restores_once_confirmed_and_ours_is_kept_aside(
    qtbot: QtBot, clinic_ready: ClinicGateway, tmp_path: Path
) -> None:
    _damaged_clinic_with_its_backup(clinic_ready, tmp_path)
    theirs = _other_clinic_backup(tmp_path)
    before = _snapshot(clinic_ready.data_dir)
    window = open_window(qtbot, clinic_ready)
    question = _asked_about_the_other_clinic(qtbot, window, theirs)
    assert _snapshot(clinic_ready.data_dir) == before  # nothing replaced while asking
    question.restore_button.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login_page, timeout=20_000)
    assert window.login_page.hint.text().startswith("The backup was restored.")
    (aside,) = [p for p in tmp_path.iterdir() if ".before-restore-" in p.name]
    assert str(aside) in window.login_page.hint.text()
    assert _snapshot(aside) == before  # this clinic's data, kept as it was
    log_in(qtbot, window, "voisin", "voisin-password")
    session = window.gateway.require_session()
    assert [p.identifier for p in session.search_patients("")] == ["THEIRS-1"]
    assert session.settings().clinic_name == "Cabinet Voisin"
    window.close()


def test_the_other_clinic_question_is_in_french(qtbot: QtBot, tmp_path: Path) -> None:
    from desktop_app.ui.i18n import set_language
    from desktop_app.ui.windows.start import OtherClinicRestoreDialog

    set_language("fr")
    dialog = OtherClinicRestoreDialog("Cabinet Voisin", "Clinique du Parc", tmp_path / "clinic")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Sauvegarde d'une autre clinique"
    assert "« Cabinet Voisin »" in dialog.text() and "« Clinique du Parc »" in dialog.text()
    assert "ne sont pas supprimées" in dialog.informativeText()
    assert f"{tmp_path / 'clinic'}.before-restore-" in dialog.informativeText()
    assert dialog.restore_button.text() == "Restaurer cette sauvegarde"
    assert dialog.cancel_button.text() == "Annuler"
    assert dialog.defaultButton() is dialog.cancel_button
