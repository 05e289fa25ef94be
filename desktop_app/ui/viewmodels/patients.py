"""The patient list as a Qt table model, filled from the storage service's search."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from desktop_app.storage import Patient, Session

translate = QCoreApplication.translate
Index = QModelIndex | QPersistentModelIndex


def age_text(patient: Patient, on: date) -> str:
    years = patient.age_years(on)
    if years < 2:
        months = int(years * 12)
        return translate("Patients", "%1 months").replace("%1", str(months))
    return translate("Patients", "%1 years").replace("%1", str(int(years)))


class PatientTableModel(QAbstractTableModel):
    """Identifier, name, birth date, age; ``search`` re-queries the service (case/accent-insensitive)."""

    def __init__(self, session: Session, limit: int = 200) -> None:
        super().__init__()
        self.session = session
        self.limit = limit
        self.patients: list[Patient] = []
        self.query = ""

    def headers(self) -> list[str]:
        return [
            translate("Patients", "Identifier"),
            translate("Patients", "Name"),
            translate("Patients", "Birth date"),
            translate("Patients", "Age"),
            translate("Patients", "Photo consent"),
        ]

    def search(self, query: str) -> None:
        self.beginResetModel()
        self.query = query
        self.patients = self.session.search_patients(query, limit=self.limit)
        self.endResetModel()

    def refresh(self) -> None:
        self.search(self.query)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.patients)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 5

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        patient = self.patients[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                patient.identifier,
                patient.display_name,
                patient.birth_date.isoformat(),
                age_text(patient, date.today()),
                translate("Patients", "yes") if patient.photo_consent else translate("Patients", "no"),
            )[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return patient.id
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def patient_at(self, row: int) -> Patient | None:
        return self.patients[row] if 0 <= row < len(self.patients) else None
