"""One patient's history: chart (band colours, forecast fan), table of visits, past visits read-only."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.scorad import ScoreKind
from desktop_app.domain.severity import parse_band_set
from desktop_app.forecast import MIN_POINTS
from desktop_app.storage import AssessmentKind, PatientHistory, Session, StorageError
from desktop_app.ui.errors import error_text
from desktop_app.ui.labels import band_label, kind_label
from desktop_app.ui.theme import BAND_TEXT, band_colour
from desktop_app.ui.viewmodels.history import chart_data, forecast_for, latest, score_points, visit_rows
from desktop_app.ui.viewmodels.patients import age_text
from desktop_app.ui.viewmodels.scorad_form import ScoradFormModel
from desktop_app.ui.viewmodels.visit import form_from_items
from desktop_app.ui.widgets.history_chart import Fan, HistoryChart
from desktop_app.ui.widgets.scorad_form import ScoradFormWidget
from desktop_app.ui.workers import run_in_background

translate = QCoreApplication.translate


class PastVisitDialog(QDialog):
    """A recorded visit, read-only: the clinician's form and the patient's, as entered."""

    def __init__(
        self, history: PatientHistory, visit_id: int, band_set_name: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        record = next(r for r in history.visits if r.visit.id == visit_id)
        self.setWindowTitle(
            translate("History", "Visit of %1 (read-only)").replace("%1", record.visit.visit_date.isoformat())
        )
        self.resize(1150, 780)
        band_set = parse_band_set(band_set_name)
        tabs = QTabWidget()
        self.forms: dict[str, ScoradFormWidget] = {}
        age = history.patient.age_years(record.visit.visit_date)
        for kind, key, label in (
            (AssessmentKind.CLINICIAN_SCORAD, "scorad", translate("History", "Clinician SCORAD")),
            (AssessmentKind.PO_SCORAD, "po_scorad", translate("History", "Patient PO-SCORAD")),
        ):
            assessment = latest(record, kind)
            if assessment is None:
                continue
            score_kind = ScoreKind.SCORAD if key == "scorad" else ScoreKind.PO_SCORAD
            model = ScoradFormModel(score_kind, age, band_set)
            form_from_items(model, assessment.items)
            widget = ScoradFormWidget(model, read_only=True)
            self.forms[key] = widget
            tabs.addTab(widget, label)
        if not self.forms:
            tabs.addTab(QLabel(translate("History", "Nothing was recorded at this visit.")), "–")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(translate("History", "Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)


class HistoryPage(QWidget):
    """Emits ``visit_requested(patient_id, visit_id or 0)`` to start (0) or resume a visit."""

    visit_requested = Signal(int, int)
    export_requested = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.history: PatientHistory | None = None
        self.forecast_pending = False
        self._forecast_request = 0  # the latest one; a slower, older forecast is dropped
        self.title = QLabel(translate("History", "History"))
        self.title.setObjectName("pageTitle")
        self.details = QLabel(translate("History", "Choose a patient in the Patients list."))
        self.details.setWordWrap(True)
        self.chart = HistoryChart()
        self.forecast_note = QLabel()
        self.forecast_note.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.cellActivated.connect(lambda row, _c: self.open_visit(row))
        self.new_visit_button = QPushButton(translate("History", "New visit"))
        self.open_button = QPushButton(translate("History", "Open visit"))
        self.resume_button = QPushButton(translate("History", "Resume visit"))
        self.export_button = QPushButton(translate("History", "Export PDF…"))
        self.new_visit_button.clicked.connect(self._new_visit)
        self.open_button.clicked.connect(lambda: self.open_visit(self.table.currentRow()))
        self.resume_button.clicked.connect(self._resume)
        self.export_button.clicked.connect(self._export)
        buttons = QHBoxLayout()
        for button in (self.new_visit_button, self.resume_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.chart, 1)
        top_layout.addWidget(self.forecast_note)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self._set_enabled(False)

    def _set_enabled(self, enabled: bool) -> None:
        for button in (self.new_visit_button, self.open_button, self.resume_button, self.export_button):
            button.setEnabled(enabled)

    def show_patient(self, patient_id: int) -> None:
        try:
            self.history = self.session.patient_history(patient_id)
            settings = self.session.settings()
            band_set = parse_band_set(settings.band_set)
        except StorageError as exc:
            self.details.setText(error_text(exc))
            return
        history = self.history
        patient = history.patient
        self.title.setText(translate("History", "History — %1").replace("%1", patient.display_name))
        self.details.setText(
            translate("History", "Identifier %1 · born %2 (%3)")
            .replace("%1", patient.identifier)
            .replace("%2", patient.birth_date.isoformat())
            .replace("%3", age_text(patient, date.today()))
        )
        # The chart shows at once; the forecast fan (with the clinic's refitted parameters once
        # an administrator has refitted them) is computed on a worker and drawn when it arrives.
        data = chart_data(history, band_set, with_forecast=False)
        self.chart.set_data(data)
        points = score_points(history, band_set)
        wanted = len(points) >= MIN_POINTS  # clinician SCORADs
        self.forecast_note.setText(
            translate("History", "Computing the forecast…")  # until the worker's fan arrives
            if wanted
            else translate("History", "A forecast appears once 3 visits have a clinician SCORAD.")
        )
        self._forecast_request += 1
        request = self._forecast_request
        self.forecast_pending = wanted
        if wanted:

            def done(fan: object) -> None:
                if request != self._forecast_request:  # another patient (or a refresh) since
                    return
                self.forecast_pending = False
                if not isinstance(fan, Fan):
                    return
                self.chart.set_data(replace(self.chart.data, forecast=fan))
                self.forecast_note.setText(
                    translate(
                        "History",
                        "Shaded: where the next SCORAD is expected (50 % and 90 % ranges), "
                        "from this patient's history. Decision support, not a diagnosis.",
                    )
                )

            def failed(exc: BaseException) -> None:
                if request != self._forecast_request:
                    return
                self.forecast_pending = False
                self.forecast_note.setText(error_text(exc))

            run_in_background(
                lambda: forecast_for(points, band_set, settings.forecast_parameters),
                done,
                failed,
                translate("History", "Computing the forecast…"),
                self,
                show_progress=False,
            )
        rows = visit_rows(history, band_set)
        self.rows = rows
        headers = [
            translate("History", "Date"),
            kind_label("scorad"),
            kind_label("oscorad"),
            kind_label("po_scorad"),
            kind_label("ascorad"),
            translate("History", "Band"),
        ]
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        for i, row in enumerate(reversed(rows)):
            cells = [
                row.day.isoformat() + ("" if row.complete else " " + translate("History", "(in progress)")),
                *(
                    "–" if v is None else f"{v:.1f}"
                    for v in (row.scorad, row.oscorad, row.po_scorad, row.ascorad)
                ),
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row.visit_id)
                self.table.setItem(i, col, item)
            band_item = QTableWidgetItem(band_label(row.band) if row.band else "–")
            if row.band:
                band_item.setBackground(band_colour(row.band))
                band_item.setForeground(QColor(BAND_TEXT))
            self.table.setItem(i, 5, band_item)
        self._set_enabled(True)
        self.resume_button.setEnabled(any(not r.complete for r in rows))
        self.open_button.setEnabled(bool(rows))
        if rows:
            self.table.selectRow(0)

    def _visit_id(self, row: int) -> int | None:
        item = self.table.item(row, 0)
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def open_visit(self, row: int) -> PastVisitDialog | None:
        visit_id = self._visit_id(row)
        if visit_id is None or self.history is None:
            return None
        dialog = PastVisitDialog(self.history, visit_id, self.session.settings().band_set, self)
        dialog.open()
        return dialog

    def _new_visit(self) -> None:
        if self.history is not None:
            self.visit_requested.emit(self.history.patient.id, 0)

    def _resume(self) -> None:
        if self.history is None:
            return
        open_rows = [r for r in self.rows if not r.complete]
        if open_rows:
            self.visit_requested.emit(self.history.patient.id, open_rows[-1].visit_id)

    def _export(self) -> None:
        if self.history is not None:
            self.export_requested.emit(self.history.patient.id)
