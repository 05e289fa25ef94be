"""Reviewing one photo: mask (toggle, opacity, brush/eraser/undo), lesion %, the six sign
proposals with their confidence, grade overrides, and the reason when a photo was refused.

Doubtful signs (confidence below ``LOW_CONFIDENCE``) are marked "set this yourself" and get
no grade until the clinician picks one. Everything the clinician does lands in the photo's
:class:`~desktop_app.ui.review.model.PhotoReview`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ascorad.heads import SIGNS
from desktop_app.domain.scorad import Sign
from desktop_app.ui.capture.visit_photos import VisitPhoto
from desktop_app.ui.labels import region_label, sign_label
from desktop_app.ui.review.mask_editor import MaskEditor, Tool
from desktop_app.ui.review.reasons import refusal_text
from desktop_app.ui.theme import ERROR_TEXT

translate = QCoreApplication.translate
DOUBT_COLOUR = "#b00020"
PROPOSAL_COLOUR = "#c75b00"


class SignRow:
    """One sign: its proposal and confidence, the doubt marker, and four grade buttons."""

    def __init__(self, sign: str, grid: QGridLayout, row: int, parent: QWidget) -> None:
        self.sign = sign
        self.name = QLabel(sign_label(Sign(sign)))
        self.name.setWordWrap(True)
        self.proposal = QLabel()
        self.doubt = QLabel()
        self.doubt.setStyleSheet(f"color: {DOUBT_COLOUR}; font-weight: 700; font-size: 11px;")
        self.doubt.setWordWrap(True)
        name_box = QVBoxLayout()
        name_box.setSpacing(0)
        name_box.addWidget(self.name)
        name_box.addWidget(self.doubt)
        self.group = QButtonGroup(parent)
        self.group.setExclusive(False)
        self.buttons: list[QPushButton] = []
        buttons = QHBoxLayout()
        for grade in range(4):
            button = QPushButton(str(grade))
            button.setCheckable(True)
            button.setFixedWidth(30)
            button.setAccessibleName(f"{sign_label(Sign(sign))} {grade}")
            self.group.addButton(button, grade)
            self.buttons.append(button)
            buttons.addWidget(button)
        grid.addLayout(name_box, row, 0)
        grid.addWidget(self.proposal, row, 1)
        grid.addLayout(buttons, row, 2)


class ReviewPanel(QWidget):
    changed = Signal()
    retake_requested = Signal(int)  # photo key
    proposal_shown = Signal(int)  # photo key: its proposal is on screen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.photo: VisitPhoto | None = None
        self.editor = MaskEditor()
        self.editor.edited.connect(self._edited)

        # tools
        self.show_mask = QCheckBox(translate("Review", "Show lesion mask"))
        self.show_mask.setChecked(True)
        self.show_mask.toggled.connect(self.editor.set_show_mask)
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.setValue(round(self.editor.opacity * 100))
        self.opacity.setFixedWidth(120)
        self.opacity.setAccessibleName(translate("Review", "Mask opacity"))
        self.opacity.valueChanged.connect(lambda v: self.editor.set_opacity(v / 100))
        self.tool_buttons: dict[Tool, QPushButton] = {}
        tool_group = QButtonGroup(self)
        tools = QHBoxLayout()
        tools.addWidget(self.show_mask)
        tools.addWidget(QLabel(translate("Review", "Opacity")))
        tools.addWidget(self.opacity)
        for tool, text in (
            (Tool.VIEW, translate("Review", "Look")),
            (Tool.BRUSH, translate("Review", "Brush (add lesion)")),
            (Tool.ERASER, translate("Review", "Eraser")),
        ):
            button = QPushButton(text)
            button.setCheckable(True)
            tool_group.addButton(button)
            button.clicked.connect(lambda _=False, t=tool: self.editor.set_tool(t))
            tools.addWidget(button)
            self.tool_buttons[tool] = button
        self.tool_buttons[Tool.VIEW].setChecked(True)
        self.brush_size = QSpinBox()
        self.brush_size.setRange(2, 80)
        self.brush_size.setValue(round(self.editor.brush_radius))
        self.brush_size.setSuffix(" px")
        self.brush_size.setAccessibleName(translate("Review", "Brush size"))
        self.brush_size.valueChanged.connect(lambda v: setattr(self.editor, "brush_radius", float(v)))
        self.undo_button = QPushButton(translate("Review", "Undo"))
        self.undo_button.clicked.connect(self.editor.undo)
        tools.addWidget(self.brush_size)
        tools.addWidget(self.undo_button)
        tools.addStretch(1)
        undo = QShortcut(QKeySequence.StandardKey.Undo, self)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo.activated.connect(self.editor.undo)

        left = QVBoxLayout()
        left.addLayout(tools)
        left.addWidget(self.editor, 1)

        # right: proposal
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: 700;")
        self.heading.setWordWrap(True)
        self.lesion = QLabel()
        self.lesion.setWordWrap(True)
        grid = QGridLayout()
        grid.setColumnStretch(0, 1)
        headers = (
            translate("Review", "Sign"),
            translate("Review", "ASCORAD\n(confidence)"),
            translate("Review", "Your grade"),
        )
        for column, text in enumerate(headers):
            header = QLabel(text)
            header.setStyleSheet("font-weight: 700;")
            grid.addWidget(header, 0, column)
        self.rows: dict[str, SignRow] = {}
        for i, sign in enumerate(SIGNS, start=1):
            row = SignRow(sign, grid, i, self)
            row.group.idClicked.connect(lambda grade, s=sign: self._grade_clicked(s, grade))
            self.rows[sign] = row
        legend = QLabel(
            translate(
                "Review",
                "<span style='color:%1'><b>Orange</b></span> grade: ASCORAD's, rounded. Black: yours. "
                "Click your grade again to undo it.",
            ).replace("%1", PROPOSAL_COLOUR)
        )
        legend.setWordWrap(True)
        legend.setStyleSheet("color: #555; font-size: 11px;")
        self.doubt_note = QLabel()
        self.doubt_note.setWordWrap(True)
        self.doubt_note.setStyleSheet(f"color: {DOUBT_COLOUR};")
        self.confirm_button = QPushButton(translate("Review", "Confirm this photo's review"))
        self.confirm_button.clicked.connect(self._confirm)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        notice = QLabel(
            translate(
                "Review",
                "ASCORAD is decision support, not a diagnosis: check the mask and every grade.",
            )
        )
        notice.setWordWrap(True)
        notice.setStyleSheet("color: #555;")
        proposal_box = QWidget()
        right = QVBoxLayout(proposal_box)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.heading)
        right.addWidget(self.lesion)
        right.addLayout(grid)
        right.addWidget(legend)
        right.addWidget(self.doubt_note)
        right.addWidget(self.confirm_button, 0, Qt.AlignmentFlag.AlignLeft)
        right.addWidget(self.state_label)
        right.addStretch(1)
        right.addWidget(notice)

        # refused / waiting pages
        self.refused = QWidget()
        refused_layout = QVBoxLayout(self.refused)
        self.refused_title = QLabel()
        self.refused_title.setWordWrap(True)
        self.refused_title.setStyleSheet(f"color: {ERROR_TEXT}; font-size: 15px; font-weight: 700;")
        self.refused_fix = QLabel()
        self.refused_fix.setWordWrap(True)
        self.retake_button = QPushButton(translate("Review", "Retake this photo"))
        self.retake_button.clicked.connect(self._retake)
        refused_layout.addWidget(self.refused_title)
        refused_layout.addWidget(self.refused_fix)
        refused_layout.addWidget(self.retake_button, 0, Qt.AlignmentFlag.AlignLeft)
        refused_layout.addStretch(1)
        self.waiting = QLabel()
        self.waiting.setWordWrap(True)
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.side = QStackedWidget()
        for page in (proposal_box, self.refused, self.waiting):
            self.side.addWidget(page)
        self.side.setMinimumWidth(440)
        self._proposal_page = proposal_box

        divider = QFrame()
        divider.setFrameShape(QFrame.Shape.VLine)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(divider)
        layout.addWidget(self.side, 2)
        self.show_photo(None)

    # -- showing ------------------------------------------------------------------------------
    def show_photo(self, photo: VisitPhoto | None) -> None:
        self.photo = photo
        if photo is None:
            self.editor.set_photo(None, None)
            self.waiting.setText(
                translate("Review", "Take or choose a photo to review its ASCORAD proposal.")
            )
            self.side.setCurrentWidget(self.waiting)
            return
        review = photo.review
        self.editor.set_photo(photo.scored_rgb, review)
        if photo.error and photo.result is None:
            self.waiting.setText(
                translate("Review", "This photo could not be scored: %1").replace("%1", photo.error)
            )
            self.side.setCurrentWidget(self.waiting)
            return
        if photo.result is None:
            self.waiting.setText(translate("Review", "ASCORAD is scoring this photo…"))
            self.side.setCurrentWidget(self.waiting)
            return
        if not photo.result.accepted or review is None:
            title, fix = refusal_text(photo.result.reason)
            self.refused_title.setText(title)
            self.refused_fix.setText(fix)
            self.side.setCurrentWidget(self.refused)
            self.proposal_shown.emit(photo.key)
            return
        self.side.setCurrentWidget(self._proposal_page)
        self.refresh()
        self.proposal_shown.emit(photo.key)

    def refresh(self) -> None:
        photo = self.photo
        if photo is None or photo.review is None:
            return
        review = photo.review
        region = region_label(photo.region) if photo.region else translate("Review", "no region yet")
        self.heading.setText(translate("Review", "ASCORAD proposal — %1").replace("%1", region))
        proposed = photo.result.lesion_percent if photo.result else None
        text = translate("Review", "Lesion: %1 % of the visible skin").replace(
            "%1", f"{review.lesion_percent():.1f}"
        )
        if review.mask_edited and proposed is not None:
            text += " " + translate("Review", "(corrected; ASCORAD said %1 %)").replace(
                "%1", f"{proposed:.1f}"
            )
        if photo.result is not None and photo.result.provenance.get("lesion_rule_applied") == "strong":
            # heads 2.2: the signs sum to almost nothing, so only the colour contrast drew the mask
            text += "\n" + translate(
                "Review",
                "ASCORAD marked only clearly red skin: it sees few eczema signs in this photo. "
                "Paint any lesion it missed.",
            )
        self.lesion.setText(text)
        for sign, row in self.rows.items():
            estimate = review.proposal(sign)
            row.proposal.setText(f"{estimate.grade:.1f}  ({round(estimate.confidence * 100)} %)")
            row.proposal.setToolTip(
                translate("Review", "ASCORAD grade %1, confidence %2 %")
                .replace("%1", f"{estimate.grade:.1f}")
                .replace("%2", f"{round(estimate.confidence * 100)}")
            )
            grade = review.grade(sign)
            for value, button in enumerate(row.buttons):
                button.setChecked(grade == value)
                own = sign in review.overrides
                style = "font-weight: 700;" if own else f"color: {PROPOSAL_COLOUR}; font-weight: 700;"
                button.setStyleSheet(style if grade == value else "")
            doubtful = review.low_confidence(sign) and sign not in review.overrides
            row.doubt.setText(translate("Review", "⚠ unsure: set it") if doubtful else "")
            row.doubt.setVisible(doubtful)
            row.name.setStyleSheet(f"color: {DOUBT_COLOUR};" if doubtful else "")
        unset = review.unset_low_confidence()
        self.doubt_note.setText(
            translate("Review", "ASCORAD is unsure of %1: grade them yourself.").replace(
                "%1", ", ".join(sign_label(Sign(s)) for s in unset)
            )
            if unset
            else ""
        )
        self.undo_button.setEnabled(review.can_undo)
        if review.edited:
            self.state_label.setText(
                translate("Review", "Corrected by you; saved with the visit as an annotation.")
            )
        elif review.confirmed:
            self.state_label.setText(translate("Review", "Confirmed by you."))
        else:
            self.state_label.setText(translate("Review", "Not reviewed yet."))

    # -- editing ------------------------------------------------------------------------------
    def _grade_clicked(self, sign: str, grade: int) -> None:
        if self.photo is None or self.photo.review is None:
            return
        review = self.photo.review
        # clicking the grade already chosen by the clinician gives the choice back to the proposal
        review.set_grade(sign, None if review.overrides.get(sign) == grade else grade)
        self.refresh()
        self.changed.emit()

    def set_grade(self, sign: str, grade: int) -> None:
        """Keyboard/test entry point: the clinician sets ``sign`` to ``grade``."""
        if self.photo is not None and self.photo.review is not None:
            self.photo.review.set_grade(sign, grade)
            self.refresh()
            self.changed.emit()

    def _edited(self) -> None:
        self.refresh()
        self.changed.emit()

    def _confirm(self) -> None:
        if self.photo is not None and self.photo.review is not None:
            self.photo.review.confirmed = True
            self.refresh()
            self.changed.emit()

    def _retake(self) -> None:
        if self.photo is not None:
            self.retake_requested.emit(self.photo.key)
