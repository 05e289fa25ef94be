"""The application window: start screens, then the workspace; lock, switch user, language.

It owns the :class:`ClinicGateway` and runs everything slow (key derivation at setup and
login, backups, restores) through :func:`run_in_background`, so the window never freezes.
"""

from __future__ import annotations

import contextlib
import importlib
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMessageBox, QStackedWidget, QWidget

from desktop_app import APP_NAME, __version__
from desktop_app.storage import OtherInstallationError, SessionLockedError, StorageError
from desktop_app.ui.errors import error_text
from desktop_app.ui.i18n import set_language
from desktop_app.ui.pages.visit import VisitPage
from desktop_app.ui.viewmodels.clinic import ClinicGateway
from desktop_app.ui.viewmodels.visit import VisitFlow
from desktop_app.ui.windows.patient_mode import PatientModeWindow
from desktop_app.ui.windows.start import (
    LockPage,
    LoginPage,
    OtherClinicRestoreDialog,
    RecoveryKeyDialog,
    RecoveryLoginDialog,
    RecoveryPage,
    SetupPage,
)
from desktop_app.ui.windows.workspace import Workspace
from desktop_app.ui.workers import run_in_background

translate = QCoreApplication.translate
IDLE_CHECK_MS = 15_000
TOUCH_EVERY_S = 1.0
_INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


def _warm_up() -> None:
    """Import what later screens need (the forecast, reportlab, the capture step) off the
    GUI thread, so no click pays for it."""
    importlib.import_module("desktop_app.forecast")
    importlib.import_module("desktop_app.reports.from_storage")
    with contextlib.suppress(Exception):  # if it is broken, the visit falls back to the slot
        importlib.import_module("desktop_app.ui.photos_step")


class MainWindow(QMainWindow):
    def __init__(
        self,
        data_dir: Path,
        gateway: ClinicGateway | None = None,
        login_hint: tuple[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.gateway = gateway or ClinicGateway(data_dir)
        self.data_dir = self.gateway.data_dir
        self.login_hint = login_hint
        self.setWindowTitle(f"{APP_NAME} {__version__}")
        self.resize(1280, 820)
        self.stack = QStackedWidget()
        self.setup_page = SetupPage()
        self.login_page = LoginPage()
        self.lock_page = LockPage()
        self.recovery_page = RecoveryPage()
        for page in (self.setup_page, self.login_page, self.lock_page, self.recovery_page):
            self.stack.addWidget(page)
        self.setCentralWidget(self.stack)
        self.workspace: Workspace | None = None
        self.patient_mode: PatientModeWindow | None = None
        self.recovery_dialog: RecoveryKeyDialog | None = None
        self.recovery_login: RecoveryLoginDialog | None = None
        self.other_clinic_question: OtherClinicRestoreDialog | None = None
        self.busy = False
        self._last_touch = 0.0

        self.setup_page.submitted.connect(self._setup)
        self.login_page.submitted.connect(self._login)
        self.login_page.recovery_requested.connect(self.open_recovery_login)
        self.lock_page.unlock_requested.connect(self._unlock)
        self.lock_page.switch_user_requested.connect(self.switch_user)
        self.recovery_page.restore_requested.connect(self._restore)
        self.recovery_page.quit_requested.connect(self.close)

        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(IDLE_CHECK_MS)
        self.idle_timer.timeout.connect(self.check_idle)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.statusBar().showMessage(translate("Main", "Data folder: %1").replace("%1", str(self.data_dir)))
        self.refresh_start()

    # -- start --------------------------------------------------------------------------
    def refresh_start(self) -> None:
        state = self.gateway.start_state()
        if state.screen == "setup":
            self.stack.setCurrentWidget(self.setup_page)
            self.setup_page.clinic.setFocus()
        elif state.screen == "recovery" and state.error is not None:
            self.recovery_page.prepare(error_text(state.error), self.data_dir)
            self.stack.setCurrentWidget(self.recovery_page)
        else:
            self.show_login(state.clinic_name)

    def show_login(self, clinic_name: str | None = None, username: str = "") -> None:
        hint = ""
        if self.login_hint:
            username = username or self.login_hint[0]
            hint = (
                translate("Start", "Demo clinic with made-up patients. User %1, password %2.")
                .replace("%1", self.login_hint[0])
                .replace("%2", self.login_hint[1])
            )
        if clinic_name is None:
            try:
                clinic_name = self.gateway.clinic().clinic_name
            except StorageError:
                clinic_name = ""
        self.login_page.prepare(clinic_name, username, hint)
        self.stack.setCurrentWidget(self.login_page)

    def _run(self, work, on_done, on_error, label: str):  # type: ignore[no-untyped-def]
        self.busy = True

        def done(result: object) -> None:
            self.busy = False
            on_done(result)

        def failed(exc: BaseException) -> None:
            self.busy = False
            on_error(exc)

        return run_in_background(work, done, failed, label, self)

    def _setup(self, clinic: str, username: str, display_name: str, password: str) -> None:
        self.setup_page.create_button.setEnabled(False)

        def done(result: object) -> None:
            self.setup_page.create_button.setEnabled(True)
            self.recovery_dialog = RecoveryKeyDialog(result.recovery_key, clinic, self)  # type: ignore[attr-defined]
            self.recovery_dialog.finished.connect(lambda _r: self.show_login(clinic, result.admin))  # type: ignore[attr-defined]
            self.recovery_dialog.open()

        def failed(exc: BaseException) -> None:
            self.setup_page.create_button.setEnabled(True)
            self.setup_page.show_error(error_text(exc))

        self._run(
            lambda: self.gateway.setup(clinic, username, password, display_name),
            done,
            failed,
            translate("Main", "Creating the encrypted clinic database…"),
        )

    def _login(self, username: str, password: str) -> None:
        self.login_page.login_button.setEnabled(False)

        def done(_session: object) -> None:
            self.login_page.login_button.setEnabled(True)
            self._enter_workspace()

        def failed(exc: BaseException) -> None:
            self.login_page.login_button.setEnabled(True)
            if getattr(exc, "offers_restore", False):
                self.recovery_page.prepare(error_text(exc), self.data_dir)
                self.stack.setCurrentWidget(self.recovery_page)
                return
            self.login_page.show_error(error_text(exc))

        self._run(
            lambda: self.gateway.login(username, password),
            done,
            failed,
            translate("Main", "Checking the password…"),
        )

    def open_recovery_login(self) -> RecoveryLoginDialog:
        dialog = RecoveryLoginDialog(self.login_page.username.text(), self)
        self.recovery_login = dialog

        def submit(key: str, username: str, password: str) -> None:
            dialog.ok_button.setEnabled(False)

            def done(_session: object) -> None:
                dialog.accept()
                self._enter_workspace()

            def failed(exc: BaseException) -> None:
                dialog.ok_button.setEnabled(True)
                dialog.show_error(error_text(exc))

            self._run(
                lambda: self.gateway.login_with_recovery_key(key, username, password),
                done,
                failed,
                translate("Main", "Checking the recovery key…"),
            )

        dialog.submitted.connect(submit)
        dialog.open()
        return dialog

    def _enter_workspace(self, page: str = "patients") -> None:
        session = self.gateway.require_session()
        set_language(session.settings().language)
        self._build_workspace(page)
        self.idle_timer.start()
        # Import the heavy services (the forecast, reportlab, capture) off the GUI thread now,
        # so opening a history or exporting a PDF later does not pay for it.
        run_in_background(_warm_up, lambda _r: None, lambda _e: None, "", self, show_progress=False)

    def _build_workspace(self, page: str = "patients") -> None:
        session = self.gateway.require_session()
        if self.workspace is not None:
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
        workspace = Workspace(session)
        workspace.lock_requested.connect(self.lock)
        workspace.switch_user_requested.connect(self.switch_user)
        workspace.visit_requested.connect(self.open_visit)
        workspace.export_history_requested.connect(self.export_history)
        workspace.language_changed.connect(self.change_language)
        workspace.backup_requested.connect(self.back_up)
        self.workspace = workspace
        self.stack.addWidget(workspace)
        self.stack.setCurrentWidget(workspace)
        workspace.show_page(page)
        if page == "patients":
            QTimer.singleShot(0, workspace.patients.search.setFocus)

    # -- visits -------------------------------------------------------------------------
    def open_visit(self, patient_id: int, visit_id: int) -> VisitPage | None:
        workspace = self.workspace
        if workspace is None:
            return None
        if workspace.visit_page is not None and not workspace.visit_page.confirm_leave():
            return None
        session = self.gateway.require_session()
        try:
            patient = session.get_patient(patient_id)
            visit = session.get_visit(visit_id) if visit_id else session.add_visit(patient_id, date.today())
            flow = VisitFlow(session, patient, visit)
        except StorageError as exc:
            QMessageBox.critical(self, translate("Main", "Visit"), error_text(exc))
            return None
        page = self._install_visit_page(flow)
        workspace.show_page("visit")
        return page

    def _install_visit_page(self, flow: VisitFlow) -> VisitPage:
        assert self.workspace is not None
        patient_id = flow.patient.id
        page = VisitPage(flow)
        page.patient_mode_requested.connect(self.start_patient_mode)
        page.closed.connect(lambda: self._visit_closed(patient_id))
        page.saved.connect(lambda: self._refresh_history(patient_id))
        page.export_requested.connect(lambda: self.export_visit(patient_id, flow.visit.id))
        self.workspace.set_visit_page(page)
        return page

    def _refresh_history(self, patient_id: int) -> None:
        workspace = self.workspace
        shown = workspace._history.history if workspace is not None and workspace._history else None
        if workspace is not None and shown is not None and shown.patient.id == patient_id:
            workspace.history.show_patient(patient_id)

    def _visit_closed(self, patient_id: int) -> None:
        if self.workspace is None:
            return
        self.workspace.set_visit_page(None)
        self.workspace.open_history(patient_id)

    def start_patient_mode(self, fullscreen: bool = True) -> PatientModeWindow | None:
        workspace = self.workspace
        if workspace is None or workspace.visit_page is None:
            return None
        flow = workspace.visit_page.flow
        window = PatientModeWindow(flow.age_years, flow.band_set, flow.forms["po_scorad"].to_dict())
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.completed.connect(self._patient_mode_done)
        self.patient_mode = window
        if fullscreen:
            window.showFullScreen()
        else:
            window.show()
        return window

    def _patient_mode_done(self, form: object) -> None:
        workspace = self.workspace
        self.patient_mode = None
        if workspace is None or workspace.visit_page is None:
            return
        workspace.visit_page.flow.forms["po_scorad"].load_dict(form.to_dict())  # type: ignore[attr-defined]
        workspace.visit_page.patient_answers_received()
        self.activateWindow()

    # -- reports ------------------------------------------------------------------------
    def export_visit(self, patient_id: int, visit_id: int, path: Path | None = None) -> None:
        self._export(patient_id, visit_id, path)

    def export_history(self, patient_id: int, path: Path | None = None) -> None:
        self._export(patient_id, None, path)

    def _export(self, patient_id: int, visit_id: int | None, path: Path | None) -> None:
        """Write the PDF on a worker thread (desktop_app.reports; audited by the service)."""
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self, translate("Main", "Export PDF"), str(Path.home() / "scorad-report.pdf"), "PDF (*.pdf)"
            )
            if not name:
                return
            path = Path(name)
        session = self.gateway.require_session()
        target = path

        def work() -> object:
            from desktop_app import reports

            if visit_id:
                return reports.export_visit_pdf(session, visit_id, target)
            return reports.export_history_pdf(session, patient_id, target)

        self._run(
            work,
            lambda _r: self.statusBar().showMessage(
                translate("Main", "PDF saved: %1").replace("%1", str(target))
            ),
            lambda exc: self.statusBar().showMessage(error_text(exc)),
            translate("Main", "Writing the PDF…"),
        )

    # -- lock, switch user, language, backup ---------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in _INPUT_EVENTS and self.gateway.session is not None and self.workspace is not None:
            now = time.monotonic()
            if now - self._last_touch > TOUCH_EVERY_S and self.stack.currentWidget() is self.workspace:
                self._last_touch = now
                with contextlib.suppress(StorageError):
                    self.gateway.session.touch()  # activity; after the idle time it locks instead
                if self.check_idle():
                    return True  # the input that found the session locked goes nowhere
        return super().eventFilter(watched, event)

    def check_idle(self) -> bool:
        """Show the lock screen if the storage layer's idle timer locked the session."""
        session = self.gateway.session
        if session is None or self.stack.currentWidget() is self.lock_page:
            return False
        try:
            locked = session.is_locked
        except StorageError:
            locked = True
        if locked:
            self._show_lock()
        return locked

    def lock(self) -> None:
        session = self.gateway.session
        if session is None:
            return
        if self.workspace is not None and self.workspace.visit_page is not None:
            try:
                self.workspace.visit_page.flow.save_draft()
                for key in self.workspace.visit_page.flow.forms:
                    self.workspace.visit_page.flow.save_step(key)
            except StorageError:
                pass
        with contextlib.suppress(StorageError):
            session.lock()
        self._show_lock()

    def _show_lock(self) -> None:
        session = self.gateway.session
        if session is None:
            return
        if self.patient_mode is not None:
            self.patient_mode.hide()
        self.lock_page.prepare(session.user.display_name)
        self.stack.setCurrentWidget(self.lock_page)

    def _unlock(self, password: str) -> None:
        session = self.gateway.session
        if session is None:
            self.show_login()
            return

        def done(_r: object) -> None:
            if self.workspace is not None:
                self.stack.setCurrentWidget(self.workspace)
            if self.patient_mode is not None:
                self.patient_mode.show()

        self._run(
            lambda: session.unlock(password),
            done,
            lambda exc: self.lock_page.show_error(error_text(exc)),
            translate("Main", "Checking the password…"),
        )

    def switch_user(self) -> None:
        if self.workspace is not None and self.workspace.visit_page is not None:
            try:
                if not self.workspace.visit_page.confirm_leave():
                    return
            except SessionLockedError:
                pass
        self._close_workspace()
        self.show_login()

    def _close_workspace(self) -> None:
        self.idle_timer.stop()
        if self.patient_mode is not None:
            self.patient_mode.close()
            self.patient_mode = None
        if self.workspace is not None:
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        self.gateway.logout()

    def change_language(self, language: str) -> None:
        """Switch the whole interface now (no reinstall, no restart): rebuild with the new translator."""
        set_language(language)
        page = self.workspace.current_page_key() if self.workspace else "settings"
        visit = self.workspace.visit_page if self.workspace else None
        flow = visit.flow if visit is not None else None
        self._rebuild_start_pages()
        self._build_workspace(page)
        if flow is not None and self.workspace is not None:
            self._install_visit_page(flow)
            self.workspace.show_page(page)

    def _rebuild_start_pages(self) -> None:
        old = (self.setup_page, self.login_page, self.lock_page, self.recovery_page)
        self.setup_page = SetupPage()
        self.login_page = LoginPage()
        self.lock_page = LockPage()
        self.recovery_page = RecoveryPage()
        self.setup_page.submitted.connect(self._setup)
        self.login_page.submitted.connect(self._login)
        self.login_page.recovery_requested.connect(self.open_recovery_login)
        self.lock_page.unlock_requested.connect(self._unlock)
        self.lock_page.switch_user_requested.connect(self.switch_user)
        self.recovery_page.restore_requested.connect(self._restore)
        self.recovery_page.quit_requested.connect(self.close)
        for index, page in enumerate((self.setup_page, self.login_page, self.lock_page, self.recovery_page)):
            self.stack.insertWidget(index, page)
        for page in old:
            self.stack.removeWidget(page)
            page.deleteLater()
        self.statusBar().showMessage(translate("Main", "Data folder: %1").replace("%1", str(self.data_dir)))

    def back_up(self, folder: str) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        if not folder:
            workspace.settings.show_backup_result(
                translate("Main", "Choose a backup folder first."), error=True
            )
            return

        def done(result: object) -> None:
            if self.workspace is not None:
                text = (
                    translate("Main", "Backup written to %1 (%2 patients, %3 photos).")
                    .replace("%1", str(getattr(result, "folder", folder)))
                    .replace("%2", str(getattr(result, "patients", "?")))
                    .replace("%3", str(getattr(result, "photos", "?")))
                )
                left_out = len(getattr(result, "problems", ()))
                if left_out:  # missing or damaged photo files: said, not only written in the manifest
                    text += "\n" + translate(
                        "Main",
                        "%1 photo file(s) were missing or damaged in the clinic's data and are not in "
                        "this backup (their records are). An earlier backup may still hold them: keep it.",
                    ).replace("%1", str(left_out))
                self.workspace.settings.show_backup_result(text, error=bool(left_out))

        def failed(exc: BaseException) -> None:
            if self.workspace is not None:
                self.workspace.settings.show_backup_result(error_text(exc), error=True)

        self._run(lambda: self.gateway.backup(Path(folder)), done, failed, translate("Main", "Backing up…"))

    def _restore(
        self, folder: str, username: str, password: str, allow_other_installation: bool = False
    ) -> None:
        if not folder:
            self.recovery_page.show_error(translate("Main", "Choose the backup folder."))
            return

        def done(result: object) -> None:
            self.refresh_start()
            notice = translate("Main", "The backup was restored. Log in to continue.")
            kept = getattr(result, "previous_data_kept_in", "")
            if kept:
                notice += "\n" + translate("Main", "The previous data was kept in %1.").replace("%1", kept)
            self.login_page.show_notice(notice)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, OtherInstallationError):  # nothing was changed: ask, Cancel by default
                self._ask_other_clinic(exc, folder, username, password)
                return
            self.recovery_page.show_error(error_text(exc))

        self._run(
            lambda: self.gateway.restore(
                Path(folder), username, password, allow_other_installation=allow_other_installation
            ),
            done,
            failed,
            translate("Main", "Checking and restoring the backup…"),
        )

    def _ask_other_clinic(
        self, exc: OtherInstallationError, folder: str, username: str, password: str
    ) -> OtherClinicRestoreDialog:
        """A backup of another installation replaces this clinic's data only once confirmed."""
        if self.other_clinic_question is not None:
            self.other_clinic_question.deleteLater()  # an earlier question, answered
        dialog = OtherClinicRestoreDialog(exc.backup_clinic, exc.current_clinic, self.data_dir, self)
        self.other_clinic_question = dialog
        dialog.confirmed.connect(
            lambda: self._restore(folder, username, password, allow_other_installation=True)
        )
        dialog.declined.connect(
            lambda: self.recovery_page.show_error(
                translate("Main", "Restore cancelled: this clinic's data was not changed.")
            )
        )
        dialog.open()
        return dialog

    # -- closing ------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.workspace is not None and self.workspace.visit_page is not None:
            try:
                if not self.workspace.visit_page.confirm_leave():
                    event.ignore()
                    return
            except SessionLockedError:
                pass
        self._close_workspace()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().closeEvent(event)
