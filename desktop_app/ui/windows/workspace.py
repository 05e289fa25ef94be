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
    lock_requested = Signal()
    switch_user_requested = Signal()

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
        self.history = HistoryPage(session)
        self.settings = SettingsPage(session)
        for page in (self.patients, self.visit_holder, self.history, self.settings):
            self.pages.addWidget(page)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)

        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addWidget(self.pages, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        self.patients.patient_opened.connect(self.open_history)
        self.settings.settings_saved.connect(self._settings_changed)

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
        if self.history.history is not None:
            self.history.show_patient(self.history.history.patient.id)

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
