"""The logged-in workspace: navigation on the left, one page per area, the user bar on top."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.storage import Role, Session
from desktop_app.ui.pages.history import HistoryPage
from desktop_app.ui.pages.patients import PatientsPage
from desktop_app.ui.pages.settings import SettingsPage
from desktop_app.ui.pages.visit import VisitPage

translate = QCoreApplication.translate
NAV_KEYS: tuple[str, ...] = ("patients", "visit", "history", "settings")


def nav_labels() -> dict[str, str]:
    return {
        "patients": translate("Workspace", "Patients"),
        "visit": translate("Workspace", "Visit"),
        "history": translate("Workspace", "History"),
        "settings": translate("Workspace", "Settings"),
    }


class Workspace(QWidget):
    """History and Settings are built the first time they are shown (or asked for), so logging
    in and switching the language rebuild only what is on screen. Their requests are forwarded
    as the workspace's own signals."""

    lock_requested = Signal()
    switch_user_requested = Signal()
    visit_requested = Signal(int, int)  # patient id, visit id (0: a new visit)
    export_history_requested = Signal(int)
    language_changed = Signal(str)
    backup_requested = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        user = session.user
        role = (
            translate("Workspace", "administrator")
            if user.role is Role.ADMIN
            else translate("Workspace", "clinician")
        )
        self._role = role
        self.user_label = QLabel()
        self._show_user()
        self.lock_button = QPushButton(translate("Workspace", "Lock"))
        self.switch_button = QPushButton(translate("Workspace", "Switch user"))
        self.lock_button.clicked.connect(self.lock_requested)
        self.switch_button.clicked.connect(self.switch_user_requested)
        top = QHBoxLayout()
        top.addWidget(self.user_label, 1)
        top.addWidget(self.lock_button)
        top.addWidget(self.switch_button)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        labels = nav_labels()
        for key in NAV_KEYS:
            self.nav.addItem(QListWidgetItem(labels[key]))
        self.pages = QStackedWidget()
        self.patients = PatientsPage(session)
        self.visit_placeholder = QLabel(
            translate("Workspace", "No visit is open. Choose a patient and start or resume a visit.")
        )
        self.visit_placeholder.setWordWrap(True)
        self.visit_holder = QStackedWidget()
        self.visit_holder.addWidget(self.visit_placeholder)
        self.visit_page: VisitPage | None = None
        self._history: HistoryPage | None = None
        self._settings: SettingsPage | None = None
        self._slots: dict[str, QStackedWidget] = {}
        self.pages.addWidget(self.patients)
        self.pages.addWidget(self.visit_holder)
        for key in ("history", "settings"):
            slot = QStackedWidget()  # filled on first use
            self._slots[key] = slot
            self.pages.addWidget(slot)
        self.nav.currentRowChanged.connect(self._show_row)
        self.nav.setCurrentRow(0)

        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addWidget(self.pages, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        self.patients.patient_opened.connect(self.open_history)
        self.patients.visit_requested.connect(lambda pid: self.visit_requested.emit(pid, 0))

    @property
    def history(self) -> HistoryPage:
        if self._history is None:
            page = HistoryPage(self.session)
            from desktop_app.ui.history_photos import attach_history_photos

            attach_history_photos(page)  # photos per visit, beside the chart and table
            page.visit_requested.connect(self.visit_requested)
            page.export_requested.connect(self.export_history_requested)
            self._slots["history"].addWidget(page)
            self._history = page
        return self._history

    @property
    def settings(self) -> SettingsPage:
        if self._settings is None:
            page = SettingsPage(self.session)
            page.settings_saved.connect(self._settings_changed)
            page.language_changed.connect(self.language_changed)
            page.backup_requested.connect(self.backup_requested)
            self._slots["settings"].addWidget(page)
            self._settings = page
        return self._settings

    def _show_row(self, row: int) -> None:
        key = NAV_KEYS[row]
        if key == "history":
            self.history  # noqa: B018 - builds the page on first use
        elif key == "settings":
            self.settings  # noqa: B018
        self.pages.setCurrentIndex(row)

    def _show_user(self) -> None:
        self.user_label.setText(
            translate("Workspace", "%1 (%2) · %3")
            .replace("%1", self.session.user.display_name)
            .replace("%2", self._role)
            .replace("%3", self.session.settings().clinic_name)
        )

    def _settings_changed(self) -> None:
        """A new clinic name or band set shows at once (the chart's bands, the table's band column)."""
        self._show_user()
        if self._history is not None and self._history.history is not None:
            self._history.show_patient(self._history.history.patient.id)

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(NAV_KEYS.index(key))

    def current_page_key(self) -> str:
        return NAV_KEYS[self.pages.currentIndex()]

    def open_history(self, patient_id: int) -> None:
        self.history.show_patient(patient_id)
        self.show_page("history")

    def set_visit_page(self, page: VisitPage | None) -> None:
        if self.visit_page is not None:
            self.visit_holder.removeWidget(self.visit_page)
            self.visit_page.deleteLater()
        self.visit_page = page
        if page is not None:
            self.visit_holder.addWidget(page)
            self.visit_holder.setCurrentWidget(page)
        else:
            self.visit_holder.setCurrentWidget(self.visit_placeholder)
