"""Patients: type-to-filter search, create/edit with validation, consent, erase (admin).

Keyboard: type to filter, ↓ moves into the list, Enter opens the patient, Ctrl+N creates
one, F2 edits the selected one.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.storage import (
    DuplicateError,
    InvalidRecordError,
    Patient,
    Role,
    Session,
    Sex,
    StorageError,
)
from desktop_app.ui.errors import error_text
from desktop_app.ui.theme import ERROR_TEXT
from desktop_app.ui.viewmodels.patients import PatientTableModel

translate = QCoreApplication.translate
SEARCH_DELAY_MS = 120


def sex_labels() -> dict[Sex, str]:
    return {
        Sex.FEMALE: translate("Patients", "Female"),
        Sex.MALE: translate("Patients", "Male"),
        Sex.OTHER: translate("Patients", "Other"),
        Sex.UNKNOWN: translate("Patients", "Not recorded"),
    }


class PatientDialog(QDialog):
    """Create or edit a patient; the service validates and the error shows beside its field."""

    def __init__(
        self, session: Session, patient: Patient | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.patient = patient
        self.saved: Patient | None = None
        self.setWindowTitle(
            translate("Patients", "New patient") if patient is None else translate("Patients", "Edit patient")
        )
        grid = QGridLayout(self)
        self.identifier = QLineEdit()
        self.given_name = QLineEdit()
        self.family_name = QLineEdit()
        self.birth_date = QDateEdit()
        self.birth_date.setCalendarPopup(True)
        self.birth_date.setDisplayFormat("yyyy-MM-dd")
        self.birth_date.setMaximumDate(QDate.currentDate())
        self.birth_date.setMinimumDate(QDate(1900, 1, 1))
        self.sex = QComboBox()
        for sex, label in sex_labels().items():
            self.sex.addItem(label, sex.value)
        self.phototype = QComboBox()
        self.phototype.addItem(translate("Patients", "Not recorded"), None)
        for value, roman in enumerate(("I", "II", "III", "IV", "V", "VI"), start=1):
            self.phototype.addItem(roman, value)
        self.consent = QCheckBox(
            translate("Patients", "The patient agrees to photographs being taken and stored")
        )
        self.errors: dict[str, QLabel] = {}
        rows = (
            ("identifier", translate("Patients", "Identifier (file number)"), self.identifier),
            ("given_name", translate("Patients", "Given name"), self.given_name),
            ("family_name", translate("Patients", "Family name"), self.family_name),
            ("birth_date", translate("Patients", "Birth date"), self.birth_date),
            ("sex", translate("Patients", "Sex"), self.sex),
            ("phototype", translate("Patients", "Skin phototype (Fitzpatrick)"), self.phototype),
            ("photo_consent", translate("Patients", "Photo consent"), self.consent),
        )
        for row, (field, label, widget) in enumerate(rows):
            caption = QLabel(label)
            caption.setBuddy(widget)
            error = QLabel()
            error.setStyleSheet(f"color: {ERROR_TEXT};")
            error.setWordWrap(True)
            error.setMinimumWidth(200)
            grid.addWidget(caption, row, 0)
            grid.addWidget(widget, row, 1)
            grid.addWidget(error, row, 2)
            self.errors[field] = error
        self.general_error = QLabel()
        self.general_error.setStyleSheet(f"color: {ERROR_TEXT};")
        grid.addWidget(self.general_error, len(rows), 0, 1, 3)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(translate("Patients", "Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(translate("Patients", "Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        grid.addWidget(buttons, len(rows) + 1, 0, 1, 3)
        if patient is not None:
            self.identifier.setText(patient.identifier)
            self.given_name.setText(patient.given_name)
            self.family_name.setText(patient.family_name)
            self.birth_date.setDate(
                QDate(patient.birth_date.year, patient.birth_date.month, patient.birth_date.day)
            )
            self.sex.setCurrentIndex(self.sex.findData(patient.sex.value))
            self.phototype.setCurrentIndex(max(0, self.phototype.findData(patient.phototype)))
            self.consent.setChecked(patient.photo_consent)
        else:
            self.birth_date.setDate(QDate.currentDate().addYears(-10))

    def values(self) -> dict[str, object]:
        qd = self.birth_date.date()
        return {
            "identifier": self.identifier.text(),
            "given_name": self.given_name.text(),
            "family_name": self.family_name.text(),
            "birth_date": date(qd.year(), qd.month(), qd.day()),
            "sex": self.sex.currentData(),
            "phototype": self.phototype.currentData(),
            "photo_consent": self.consent.isChecked(),
        }

    def save(self) -> None:
        for label in (*self.errors.values(), self.general_error):
            label.clear()
        # Show every empty required field at once (the service reports the first one only).
        empty = [
            f for f in ("identifier", "given_name", "family_name") if not getattr(self, f).text().strip()
        ]
        for field in empty:
            self.errors[field].setText(_field_error(field, InvalidRecordError(field, "")))
        if empty:
            getattr(self, empty[0]).setFocus()
            return
        try:
            if self.patient is None:
                self.saved = self.session.add_patient(**self.values())  # type: ignore[arg-type]
            else:
                self.saved = self.session.update_patient(self.patient.id, **self.values())
        except DuplicateError as exc:
            self.errors["identifier"].setText(
                translate("Patients", "Another patient already has this identifier.")
            )
            self.identifier.setFocus()
            del exc
            return
        except InvalidRecordError as exc:
            target = self.errors.get(exc.field, self.general_error)
            target.setText(_field_error(exc.field, exc))
            return
        except StorageError as exc:
            self.general_error.setText(error_text(exc))
            return
        self.accept()


def _field_error(field: str, exc: InvalidRecordError) -> str:
    return {
        "identifier": translate("Patients", "Enter the patient's identifier."),
        "given_name": translate("Patients", "Enter the given name."),
        "family_name": translate("Patients", "Enter the family name."),
        "birth_date": translate("Patients", "Enter a valid birth date, not in the future."),
    }.get(field, exc.message)


class PatientsPage(QWidget):
    """The searchable list; emits ``patient_opened(id)`` and ``visit_requested(id)``."""

    patient_opened = Signal(int)
    visit_requested = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = PatientTableModel(session)
        title = QLabel(translate("Patients", "Patients"))
        title.setObjectName("pageTitle")
        self.search = QLineEdit()
        self.search.setPlaceholderText(translate("Patients", "Search by name or identifier…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(translate("Patients", "Search patients"))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setTabKeyNavigation(False)
        self.count_label = QLabel()
        self.new_button = QPushButton(translate("Patients", "New patient"))
        self.edit_button = QPushButton(translate("Patients", "Edit"))
        self.open_button = QPushButton(translate("Patients", "Open history"))
        self.visit_button = QPushButton(translate("Patients", "Start a visit"))
        self.erase_button = QPushButton(translate("Patients", "Erase patient…"))
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.open_button, self.visit_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.erase_button)
        if session.user.role is not Role.ADMIN:
            self.erase_button.hide()  # (never setVisible(True) on an unparented widget: it becomes a window)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.installEventFilter(self)
        self.search.returnPressed.connect(self._open_first)
        self.table.activated.connect(
            lambda index: self.patient_opened.emit(self.model.patients[index.row()].id)
        )
        self.new_button.clicked.connect(self.create_patient)
        self.edit_button.clicked.connect(self.edit_patient)
        self.open_button.clicked.connect(lambda: self._emit_current(self.patient_opened))
        self.visit_button.clicked.connect(lambda: self._emit_current(self.visit_requested))
        self.erase_button.clicked.connect(self.erase_patient)
        QShortcut(QKeySequence.StandardKey.New, self, self.create_patient)
        QShortcut(QKeySequence(Qt.Key.Key_F2), self, self.edit_patient)
        self.setFocusProxy(self.search)
        self.run_search()

    def run_search(self) -> None:
        self._timer.stop()
        try:
            self.model.search(self.search.text())
        except StorageError as exc:
            self.count_label.setText(error_text(exc))
            return
        n = len(self.model.patients)
        self.count_label.setText(
            translate("Patients", "No patient found")
            if n == 0
            else translate("Patients", "Patients found: %1").replace("%1", str(n))
        )
        if n:
            self.table.selectRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down and self.model.patients:
                if self._timer.isActive():
                    self.run_search()
                self.table.setFocus()
                self.table.selectRow(0)
                return True
        return super().eventFilter(watched, event)

    def current_patient(self) -> Patient | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.patient_at(rows[0].row()) if rows else None

    def _emit_current(self, signal: SignalInstance) -> None:
        patient = self.current_patient()
        if patient is not None:
            signal.emit(patient.id)

    def _open_first(self) -> None:
        if self._timer.isActive():
            self.run_search()
        patient = self.current_patient()
        if patient is not None:
            self.patient_opened.emit(patient.id)

    def create_patient(self) -> PatientDialog:
        """Open the new-patient dialog (window-modal, not blocking); the list shows the new patient."""
        dialog = PatientDialog(self.session, parent=self)
        dialog.accepted.connect(lambda: self._saved(dialog))
        dialog.open()
        return dialog

    def edit_patient(self) -> PatientDialog | None:
        patient = self.current_patient()
        if patient is None:
            return None
        dialog = PatientDialog(self.session, patient, parent=self)
        dialog.accepted.connect(lambda: self._saved(dialog))
        dialog.open()
        return dialog

    def _saved(self, dialog: PatientDialog) -> None:
        if dialog.saved is not None:
            self.search.setText(dialog.saved.identifier)
            self.run_search()

    def erase_patient(self) -> bool:
        """Right to be forgotten: two confirmations (the second types the identifier), audited."""
        patient = self.current_patient()
        if patient is None:
            return False
        first = QMessageBox.warning(
            self,
            translate("Patients", "Erase patient"),
            translate(
                "Patients",
                "Erase %1 and every visit, score and photo of this patient? This cannot be undone.",
            ).replace("%1", patient.display_name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if first != QMessageBox.StandardButton.Yes:
            return False
        typed, ok = QInputDialog.getText(
            self,
            translate("Patients", "Erase patient"),
            translate("Patients", "To confirm, type the identifier %1:").replace("%1", patient.identifier),
        )
        if not ok or typed.strip() != patient.identifier:
            QMessageBox.information(
                self, translate("Patients", "Erase patient"), translate("Patients", "Nothing was erased.")
            )
            return False
        try:
            self.session.erase_patient(patient.id)
        except StorageError as exc:
            QMessageBox.critical(self, translate("Patients", "Erase patient"), error_text(exc))
            return False
        self.run_search()
        return True
