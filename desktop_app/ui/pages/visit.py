"""The visit flow page: a step bar, one page per step, and Back / Save / Next.

Steps come from :data:`STEP_FACTORIES`, keyed like ``viewmodels.visit.STEP_KEYS``. The
``"photos"`` entry is the slot the capture + ASCORAD review issue fills: replace its factory
with one that returns a widget implementing :class:`VisitStepPage` (``title()``,
``commit() -> bool``); the flow calls ``commit()`` before leaving the step.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.scorad import Sign
from desktop_app.storage import StorageError
from desktop_app.ui.errors import error_text
from desktop_app.ui.labels import kind_label, sign_label
from desktop_app.ui.theme import ERROR_TEXT
from desktop_app.ui.viewmodels.body_map import BodyMapModel
from desktop_app.ui.viewmodels.scorad_form import FormState
from desktop_app.ui.viewmodels.visit import STEP_KEYS, VisitFlow
from desktop_app.ui.widgets.body_map import BodyMapWidget
from desktop_app.ui.widgets.scorad_form import BandBadge, ScoradFormWidget

translate = QCoreApplication.translate
AUTOSAVE_DELAY_MS = 1500


class VisitStepPage(Protocol):
    def title(self) -> str: ...
    def commit(self) -> bool: ...


class PhotosStepSlot(QWidget):
    """Where photo capture and the ASCORAD proposal go (the next GUI issue); skippable now."""

    def __init__(self, flow: VisitFlow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        text = QLabel(
            translate(
                "Visit",
                "Photos and the automatic SCORAD proposal (ASCORAD) are not part of this version. "
                "Press Next to score the visit yourself.",
            )
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addStretch(1)

    def title(self) -> str:
        return translate("Visit", "Photos and ASCORAD")

    def commit(self) -> bool:
        return True


class ScoradStep(QWidget):
    def __init__(self, flow: VisitFlow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = ScoradFormWidget(flow.forms["scorad"])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)

    def title(self) -> str:
        return translate("Visit", "Clinician SCORAD")

    def commit(self) -> bool:
        self.form.commit_pending_edits()
        self.form.reveal_errors()
        return True  # incomplete forms are kept as drafts; the step bar marks them


class PoScoradStep(QWidget):
    """Hands the screen to the patient (full-screen patient mode), then shows their answers."""

    patient_mode_requested = Signal()

    def __init__(self, flow: VisitFlow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        layout = QVBoxLayout(self)
        intro = QLabel(
            translate(
                "Visit",
                "The patient (or a parent) answers the PO-SCORAD alone, in full-screen patient mode, "
                "then hands the screen back.",
            )
        )
        intro.setWordWrap(True)
        self.start_button = QPushButton(translate("Visit", "Hand the screen to the patient"))
        self.start_button.setMinimumHeight(44)
        self.start_button.clicked.connect(self.patient_mode_requested)
        self.answers = QLabel()
        self.answers.setWordWrap(True)
        self.answers.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(intro)
        layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.answers)
        layout.addStretch(1)
        self.destroyed.connect(flow.forms["po_scorad"].subscribe(lambda _s: self.refresh()))
        self.refresh()

    def refresh(self) -> None:
        form = self.flow.forms["po_scorad"]
        state = form.state()
        if state.result is None:
            self.answers.setText(translate("Visit", "No answers yet."))
            return
        self.start_button.setText(translate("Visit", "Let the patient change the answers"))
        rows = "".join(
            f"<tr><td>{sign_label(s)}</td><td align='right'>{form.grades[s]}</td></tr>" for s in Sign
        )
        itch = translate("Visit", "Itch")
        sleep = translate("Visit", "Sleep loss")
        self.answers.setText(
            f"<p><b>{kind_label('po_scorad')} {state.result.scorad:.1f}</b></p><table>{rows}"
            f"<tr><td>{itch}</td><td align='right'>{form.vas['pruritus']}</td></tr>"
            f"<tr><td>{sleep}</td><td align='right'>{form.vas['sleeplessness']}</td></tr>"
            "</table>"
        )

    def title(self) -> str:
        return translate("Visit", "Patient PO-SCORAD")

    def commit(self) -> bool:
        return True


class ScoreCard(QFrame):
    """One score with its parts and band, for the side-by-side summary."""

    def __init__(self, title: str, body_map: BodyMapModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.map = BodyMapWidget(body_map)
        self.map.read_only = True  # a picture of the extent here; it is edited in its own step
        grid = QGridLayout(self)
        heading = QLabel(title)
        heading.setObjectName("cardTitle")
        heading.setStyleSheet("font-weight: 700; font-size: 15px;")
        self.total = QLabel()
        self.total.setStyleSheet("font-size: 26px; font-weight: 700;")
        self.parts = QLabel()
        self.objective = QLabel()
        self.band = BandBadge()
        grid.addWidget(heading, 0, 0, 1, 2)
        grid.addWidget(self.total, 1, 0)
        grid.addWidget(self.band, 1, 1)
        grid.addWidget(self.parts, 2, 0, 1, 2)
        grid.addWidget(self.objective, 3, 0, 1, 2)
        grid.addWidget(self.map, 4, 0, 1, 2)
        grid.setRowStretch(4, 1)

    def show_state(self, state: FormState) -> None:
        if state.result is None:
            self.total.setText("–")
            self.parts.setText(translate("Visit", "Not complete"))
            self.objective.setText("")
            self.band.show_band(None)
            return
        r = state.result
        self.total.setText(f"{r.scorad:.1f}")
        self.parts.setText(
            translate("Visit", "A (extent) %1 · B (intensity) %2 · C (symptoms) %3")
            .replace("%1", f"{r.a:.1f}")
            .replace("%2", str(r.b))
            .replace("%3", f"{r.c:.1f}")
        )
        self.objective.setText(translate("Visit", "Objective SCORAD %1").replace("%1", f"{r.oscorad:.1f}"))
        self.band.show_band(state.band)


class SummaryStep(QWidget):
    export_requested = Signal()

    def __init__(self, flow: VisitFlow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.clinician = ScoreCard(translate("Visit", "Clinician SCORAD"), flow.forms["scorad"].body_map)
        self.patient = ScoreCard(translate("Visit", "Patient PO-SCORAD"), flow.forms["po_scorad"].body_map)
        row.addWidget(self.clinician)
        row.addWidget(self.patient)
        layout.addLayout(row, 1)
        self.difference = QLabel()
        self.difference.setWordWrap(True)
        layout.addWidget(self.difference)
        notice = QLabel(translate("Visit", "Decision support for trained clinicians; not a diagnosis."))
        notice.setWordWrap(True)
        layout.addWidget(notice)
        self.export_button = QPushButton(translate("Visit", "Export PDF…"))
        self.export_button.clicked.connect(self.export_requested)
        layout.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)
        for form in flow.forms.values():
            self.destroyed.connect(form.subscribe(lambda _s: self.refresh()))
        self.refresh()

    def refresh(self) -> None:
        clinician = self.flow.forms["scorad"].state()
        patient = self.flow.forms["po_scorad"].state()
        self.clinician.show_state(clinician)
        self.patient.show_state(patient)
        if clinician.result and patient.result:
            diff = patient.result.scorad - clinician.result.scorad
            self.difference.setText(
                translate("Visit", "The patient's score is %1 points from the clinician's.").replace(
                    "%1", f"{diff:+.1f}"
                )
            )
        else:
            self.difference.setText("")

    def title(self) -> str:
        return translate("Visit", "Summary")

    def commit(self) -> bool:
        return True


StepFactory = Callable[[VisitFlow], QWidget]
STEP_FACTORIES: dict[str, StepFactory] = {
    "photos": PhotosStepSlot,
    "scorad": ScoradStep,
    "po_scorad": PoScoradStep,
    "summary": SummaryStep,
}


def _capture_step(flow: VisitFlow) -> QWidget:
    """The capture + ASCORAD review step (desktop_app.ui.photos_step), imported on first use."""
    try:
        from desktop_app.ui.photos_step import PhotosStep
    except Exception:
        traceback.print_exc()
        return PhotosStepSlot(flow)
    return PhotosStep(flow)


def install_capture_step() -> None:
    """Use the real photos step in the application (``app.run`` calls this; tests and the
    screenshot script keep the lightweight slot unless they call it)."""
    STEP_FACTORIES["photos"] = _capture_step


STEP_TITLES: dict[str, Callable[[], str]] = {
    "photos": lambda: translate("Visit", "Photos and ASCORAD"),
    "scorad": lambda: translate("Visit", "Clinician SCORAD"),
    "po_scorad": lambda: translate("Visit", "Patient PO-SCORAD"),
    "summary": lambda: translate("Visit", "Summary"),
}


class _LazySteps(dict[str, QWidget]):
    """``steps[key]`` builds the step on first access; ``steps.get(key)`` does not."""

    def __init__(self, build: Callable[[str], QWidget]) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, key: str) -> QWidget:
        widget = self._build(key)
        self[key] = widget
        return widget


class VisitPage(QWidget):
    """The whole flow for one visit. ``closed`` fires when the clinician finishes or leaves."""

    closed = Signal()
    saved = Signal()
    patient_mode_requested = Signal()
    export_requested = Signal()

    def __init__(self, flow: VisitFlow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        header = QLabel(
            translate("Visit", "Visit of %1 — %2 (%3)")
            .replace("%1", flow.visit.visit_date.isoformat())
            .replace("%2", flow.patient.display_name)
            .replace("%3", flow.patient.identifier)
        )
        header.setObjectName("pageTitle")
        self.step_buttons: dict[str, QPushButton] = {}
        self.stack = QStackedWidget()
        self.steps = _LazySteps(self._build_step)
        bar = QHBoxLayout()
        for number, key in enumerate(STEP_KEYS, start=1):
            button = QPushButton()
            button.setCheckable(True)
            button.setObjectName("stepButton")
            button.clicked.connect(lambda _=False, k=key: self.go_to(k))
            button.setProperty("number", number)
            bar.addWidget(button)
            self.step_buttons[key] = button
        bar.addStretch(1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.back_button = QPushButton(translate("Visit", "◀ Back"))
        self.save_button = QPushButton(translate("Visit", "Save"))
        self.next_button = QPushButton(translate("Visit", "Next ▶"))
        self.finish_button = QPushButton(translate("Visit", "Finish visit"))
        self.back_button.clicked.connect(self.go_back)
        self.save_button.clicked.connect(self.save)
        self.next_button.clicked.connect(self.go_next)
        self.finish_button.clicked.connect(self.finish)
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addWidget(self.message, 1)
        nav.addWidget(self.save_button)
        nav.addWidget(self.next_button)
        nav.addWidget(self.finish_button)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        layout.addLayout(nav)
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(self._autosave_draft)
        for form in flow.forms.values():
            self.destroyed.connect(form.subscribe(lambda _state: self._autosave.start()))
        self._show()

    def _build_step(self, key: str) -> QWidget:
        """Steps are built when first shown, so opening a visit builds only the current one."""
        page = STEP_FACTORIES[key](self.flow)
        self.stack.addWidget(page)
        if isinstance(page, PoScoradStep):
            page.patient_mode_requested.connect(self.patient_mode_requested)
        if isinstance(page, SummaryStep):
            page.export_requested.connect(self.export_requested)
        return page

    def _title(self, key: str) -> str:
        built = self.steps.get(key)
        if built is not None:
            return str(built.title())  # type: ignore[attr-defined]
        return STEP_TITLES[key]()

    # -- navigation ---------------------------------------------------------------------
    def _show(self) -> None:
        key = self.flow.step
        self.stack.setCurrentWidget(self.steps[key])
        for number, (step_key, button) in enumerate(self.step_buttons.items(), start=1):
            status = self.flow.status(step_key)
            mark = " ✓" if status.saved else (" •" if status.drafted else "")
            title = self._title(step_key)
            button.setText(f"{number}. {title}{mark}")
            button.setChecked(step_key == key)
        index = STEP_KEYS.index(key)
        self.back_button.setEnabled(index > 0)
        self.next_button.setVisible(index < len(STEP_KEYS) - 1)
        self.finish_button.setVisible(index == len(STEP_KEYS) - 1)

    def _leave_current(self) -> bool:
        return self.save()

    def save(self) -> bool:
        """Record the current step (or keep its draft); errors show in the message line."""
        key = self.flow.step
        if not self.steps[key].commit():  # type: ignore[attr-defined]
            return False
        try:
            assessment = self.flow.save_step(key)
        except StorageError as exc:
            self._message(error_text(exc), error=True)
            return False
        if key in self.flow.forms:
            if assessment is not None:
                self._message(translate("Visit", "Saved."))
            else:
                self._message(
                    translate("Visit", "Draft kept: complete the items marked in red to record it.")
                )
        self.saved.emit()
        self._show()
        return True

    def go_to(self, key: str) -> None:
        if key != self.flow.step and not self._leave_current():
            self._show()
            return
        self.flow.go_to(key)
        self._show()

    def go_next(self) -> None:
        index = STEP_KEYS.index(self.flow.step)
        if index < len(STEP_KEYS) - 1:
            self.go_to(STEP_KEYS[index + 1])

    def go_back(self) -> None:
        index = STEP_KEYS.index(self.flow.step)
        if index > 0:
            self.go_to(STEP_KEYS[index - 1])

    def finish(self) -> None:
        try:
            self.flow.finish()
        except StorageError as exc:
            self._message(error_text(exc), error=True)
            return
        self.saved.emit()
        self.closed.emit()

    def patient_answers_received(self) -> None:
        """Called when patient mode hands back: record the PO-SCORAD and show the summary."""
        try:
            self.flow.save_step("po_scorad")
        except StorageError as exc:
            self._message(error_text(exc), error=True)
            return
        self.saved.emit()
        self.flow.go_to("summary")
        self._show()

    def confirm_leave(self) -> bool:
        """Before closing: record complete forms and keep the rest as a draft; ask only if saving failed."""
        self._autosave.stop()
        try:
            for key in self.flow.forms:
                self.flow.save_step(key)
            self.flow.save_draft()
        except StorageError as exc:
            self._message(error_text(exc), error=True)
            answer = QMessageBox.question(
                self,
                translate("Visit", "Visit not saved"),
                translate(
                    "Visit",
                    "This visit could not be saved: %1\n"
                    "Leave anyway and lose what was entered since the last save?",
                ).replace("%1", error_text(exc)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            return answer == QMessageBox.StandardButton.Yes
        return True

    def _autosave_draft(self) -> None:
        """Keep the draft current a moment after each change (survives a crash or an idle lock)."""
        try:
            self.flow.save_draft()
        except StorageError as exc:
            self._message(error_text(exc), error=True)

    def _message(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {ERROR_TEXT};" if error else "")
        self.message.setText(text)
