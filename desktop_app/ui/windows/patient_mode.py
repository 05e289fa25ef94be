"""PO-SCORAD patient mode: full screen, large type, one question per step, lay wording.

The patient (or a parent) fills it alone, then hands the screen back; ``completed`` carries
the finished :class:`ScoradFormModel` to the visit flow, which shows both scores side by side.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.scorad import Sign
from desktop_app.domain.severity import BandSet
from desktop_app.ui.labels import lay_grade_label, lay_sign_question
from desktop_app.ui.viewmodels.po_scorad import PoScoradFlow
from desktop_app.ui.viewmodels.scorad_form import ScoradFormModel
from desktop_app.ui.widgets.body_map import BodyMapWidget, MapTool
from desktop_app.ui.widgets.sign_pictures import sign_pixmap
from desktop_app.ui.widgets.vas import VasInput

translate = QCoreApplication.translate
_PICTURE = 120
LARGE_TYPE = (
    "QWidget { font-size: 20pt; }"
    " QLabel#question { font-size: 28pt; font-weight: 700; color: #1a237e; }"
    " QToolButton { background: #ffffff; border: 2px solid #b0bec5; border-radius: 12px; padding: 8px; }"
    " QToolButton:checked { border: 4px solid #1565c0; background: #e3f2fd; }"
    " QSlider::groove:horizontal { height: 18px; background: #dfe6ee; border-radius: 9px; }"
    " QSlider::sub-page:horizontal { background: #90caf9; border-radius: 9px; }"
    " QSlider::handle:horizontal { width: 44px; margin: -14px 0; border-radius: 22px; background: #1565c0; }"
    " QDoubleSpinBox { min-width: 110px; }"
)


class PatientModeWindow(QWidget):
    """The questionnaire; ``completed`` is emitted when the patient hands back."""

    completed = Signal(object)  # ScoradFormModel
    cancelled = Signal()

    def __init__(
        self,
        age_years: float,
        band_set: BandSet = BandSet.CLASSIC,
        previous: dict[str, object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("patientMode")
        self.setWindowTitle(translate("PatientMode", "Your eczema today"))
        # Large type everywhere in this window (a style sheet, so it wins over the app's).
        self.setStyleSheet(LARGE_TYPE)
        self.flow = PoScoradFlow(age_years, band_set)
        if previous:
            self.flow.form.load_dict(previous)
        self._handed_back = False

        self.progress = QLabel()
        self.progress.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.question = QLabel()
        self.question.setObjectName("question")
        self.question.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.pages = QStackedWidget()
        self.back_button = QPushButton(translate("PatientMode", "◀ Back"))
        self.next_button = QPushButton(translate("PatientMode", "Next ▶"))
        for button in (self.back_button, self.next_button):
            button.setMinimumSize(200, 70)
        self.next_button.setDefault(True)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)

        self._build_pages()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.addWidget(self.progress)
        layout.addWidget(self.question)
        layout.addWidget(self.hint)
        layout.addWidget(self.pages, 1)
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        layout.addLayout(nav)
        self._show_step()

    # -- pages --------------------------------------------------------------------------
    def _build_pages(self) -> None:
        form = self.flow.form
        self.welcome_page = QLabel(
            translate(
                "PatientMode",
                "There are 9 short questions about your skin (or your child's skin) today.\n"
                "Tap or click the answer that fits best, then press Next.\n"
                "There are no wrong answers.",
            )
        )
        self.welcome_page.setWordWrap(True)
        self.welcome_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages.addWidget(self.welcome_page)

        body = QWidget()
        body_layout = QHBoxLayout(body)
        self.body_map = BodyMapWidget(form.body_map)
        self.body_map.set_tool(MapTool.PAINT)
        self.body_map.brush_radius = 10.0
        tools = QVBoxLayout()
        paint = QPushButton(translate("PatientMode", "Colour"))
        erase = QPushButton(translate("PatientMode", "Rub out"))
        for button, tool in ((paint, MapTool.PAINT), (erase, MapTool.ERASE)):
            button.setCheckable(True)
            button.setMinimumHeight(56)
            button.clicked.connect(lambda _=False, t=tool: self.body_map.set_tool(t))
            tools.addWidget(button)
        paint.setChecked(True)
        group = QButtonGroup(body)
        group.addButton(paint)
        group.addButton(erase)
        tools.addStretch(1)
        body_layout.addLayout(tools)
        body_layout.addWidget(self.body_map, 1)
        body_layout.addSpacing(160)  # keep the figures centred
        self.pages.addWidget(body)

        self.answer_buttons: dict[Sign, list[QToolButton]] = {}
        self.sign_pages: dict[Sign, QWidget] = {}
        for sign in Sign:
            page = QWidget()
            row = QHBoxLayout(page)
            choices: list[QToolButton] = []
            group = QButtonGroup(page)
            for grade in range(4):
                choice = QToolButton()
                choice.setCheckable(True)
                choice.setText(lay_grade_label(grade))
                choice.setIcon(QIcon(sign_pixmap(sign, grade, _PICTURE)))
                choice.setIconSize(QSize(_PICTURE, _PICTURE))
                choice.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
                choice.setMinimumSize(_PICTURE + 80, _PICTURE + 80)
                choice.clicked.connect(lambda _=False, s=sign, g=grade: self._answer(s, g))
                group.addButton(choice)
                row.addWidget(choice)
                choices.append(choice)
            self.answer_buttons[sign] = choices
            self.sign_pages[sign] = page
            self.pages.addWidget(page)

        self.vas_inputs: dict[str, VasInput] = {}
        self.vas_pages: dict[str, QWidget] = {}
        for name in ("pruritus", "sleeplessness"):
            page = QWidget()
            col = QVBoxLayout(page)
            vas = VasInput(large=True)
            vas.value_changed.connect(lambda value, n=name: self._vas(n, value))
            col.addStretch(1)
            col.addWidget(vas)
            col.addStretch(1)
            self.vas_inputs[name] = vas
            self.vas_pages[name] = page
            self.pages.addWidget(page)
            if form.vas[name] is not None:
                vas.set_value(form.vas[name])

        self.done_page = QLabel(
            translate("PatientMode", "Thank you! Please hand the screen back to the doctor or nurse.")
        )
        self.done_page.setWordWrap(True)
        self.done_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages.addWidget(self.done_page)
        for sign, chosen in form.grades.items():
            if chosen is not None:
                self.answer_buttons[sign][chosen].setChecked(True)

    def _answer(self, sign: Sign, grade: int) -> None:
        self.flow.form.set_grade(sign, grade)
        self._update_nav()

    def _vas(self, name: str, value: float | None) -> None:
        self.flow.form.set_vas(name, value)
        self._update_nav()

    # -- navigation ---------------------------------------------------------------------
    def go_next(self) -> None:
        if self.flow.finished:
            self._handed_back = True
            self.completed.emit(self.flow.form)
            self.close()
            return
        if self.flow.next():
            self._show_step()

    def go_back(self) -> None:
        if self.flow.back():
            self._show_step()

    def _show_step(self) -> None:
        step = self.flow.step
        self.hint.setText("")
        if step.kind == "welcome":
            self.question.setText(translate("PatientMode", "Your eczema today"))
            self.pages.setCurrentWidget(self.welcome_page)
        elif step.kind == "body_map":
            self.question.setText(translate("PatientMode", "Colour in where the eczema is today."))
            self.hint.setText(
                translate("PatientMode", "Use your finger or the mouse, on the front and on the back.")
            )
            self.pages.setCurrentIndex(1)
        elif step.kind == "sign" and step.sign is not None:
            self.question.setText(lay_sign_question(step.sign))
            self.hint.setText(translate("PatientMode", "Look at the pictures and choose the closest one."))
            self.pages.setCurrentWidget(self.sign_pages[step.sign])
        elif step.kind == "vas" and step.vas is not None:
            if step.vas == "pruritus":
                self.question.setText(
                    translate("PatientMode", "How bad was the itching, on average, over the last 3 days?")
                )
            else:
                self.question.setText(
                    translate("PatientMode", "How badly did the eczema disturb sleep over the last 3 nights?")
                )
            self.hint.setText(translate("PatientMode", "0 means not at all, 10 the worst you can imagine."))
            self.pages.setCurrentWidget(self.vas_pages[step.vas])
            self.vas_inputs[step.vas].setFocus()
        else:
            self.question.setText(translate("PatientMode", "All done"))
            self.pages.setCurrentWidget(self.done_page)
        if 0 < self.flow.question_number <= self.flow.question_count:
            self.progress.setText(
                translate("PatientMode", "Question %1 of %2")
                .replace("%1", str(self.flow.question_number))
                .replace("%2", str(self.flow.question_count))
            )
        else:
            self.progress.setText("")
        self._update_nav()

    def _update_nav(self) -> None:
        self.back_button.setVisible(self.flow.can_go_back())
        self.next_button.setEnabled(self.flow.answered())
        self.next_button.setText(
            translate("PatientMode", "Hand back ✓")
            if self.flow.finished
            else translate("PatientMode", "Next ▶")
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.next_button.isEnabled():
            self.go_next()
            return
        step = self.flow.step
        if step.kind == "sign" and step.sign is not None and Qt.Key.Key_0 <= event.key() <= Qt.Key.Key_3:
            grade = event.key() - Qt.Key.Key_0
            self.answer_buttons[step.sign][grade].setChecked(True)
            self._answer(step.sign, grade)
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self._handed_back:
            self.cancelled.emit()
        super().closeEvent(event)

    def current_form(self) -> ScoradFormModel:
        return self.flow.form
