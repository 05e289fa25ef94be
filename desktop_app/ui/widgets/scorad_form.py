"""The clinician's SCORAD form: body map with per-region values, six grades, two VAS, totals.

Every control writes into :class:`ScoradFormModel`; the model's :class:`FormState` (from
the domain engine) drives the totals, the band badge and the error beside each field.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.regions import Region
from desktop_app.domain.scorad import Sign
from desktop_app.ui.labels import band_label, grade_label, region_label, sign_description, sign_label
from desktop_app.ui.theme import BAND_TEXT, ERROR_TEXT, band_colour
from desktop_app.ui.viewmodels.scorad_form import VAS_FIELDS, FormState, ScoradFormModel
from desktop_app.ui.widgets.body_map import BodyMapWidget, MapTool
from desktop_app.ui.widgets.grade_picker import GradePicker
from desktop_app.ui.widgets.vas import VasInput

translate = QCoreApplication.translate


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setStyleSheet(f"color: {ERROR_TEXT};")
    label.setWordWrap(True)
    return label


class BandBadge(QLabel):
    """A coloured badge with the band name (dark text on a light band colour)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumWidth(110)
        self.show_band(None)

    def show_band(self, band: object) -> None:
        from desktop_app.domain.severity import Band

        if isinstance(band, Band):
            self.setText(band_label(band))
            self.setStyleSheet(
                f"background: {band_colour(band).name()}; color: {BAND_TEXT}; border-radius: 6px;"
                " padding: 4px 10px; font-weight: 600;"
            )
        else:
            self.setText("–")
            self.setStyleSheet("border: 1px solid #9e9e9e; border-radius: 6px; padding: 4px 10px;")


class ScoradFormWidget(QWidget):
    """The full form; ``read_only`` shows a past visit without letting it change."""

    def __init__(
        self, model: ScoradFormModel, read_only: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.read_only = read_only
        self.body_map = BodyMapWidget(model.body_map)
        self.region_spins: dict[Region, QDoubleSpinBox] = {}
        self.region_errors: dict[Region, QLabel] = {}
        self.pickers: dict[Sign, GradePicker] = {}
        self.sign_errors: dict[Sign, QLabel] = {}
        self.vas_inputs: dict[str, VasInput] = {}
        self.vas_errors: dict[str, QLabel] = {}
        self.touched: set[str] = set()  # errors show once a field was used, or after reveal_errors()
        self._reveal = False

        outer = QHBoxLayout(self)
        outer.addWidget(self._build_extent(), 5)
        outer.addWidget(self._build_right(), 6)

        self.body_map.region_clicked.connect(self._region_clicked)
        self.destroyed.connect(model.subscribe(self._show_state))
        self._show_state(model.state())
        if read_only:  # readable (normal contrast), but nothing can change
            for spin in self.region_spins.values():
                spin.setReadOnly(True)
                spin.setButtonSymbols(QDoubleSpinBox.ButtonSymbols.NoButtons)
            for picker in self.pickers.values():
                picker.read_only = True
            for vas in self.vas_inputs.values():
                vas.set_read_only(True)
            self.body_map.read_only = True
            for button in self.tool_buttons.values():
                button.hide()

    # -- building -----------------------------------------------------------------------
    def _build_extent(self) -> QWidget:
        box = QGroupBox(translate("ScoradForm", "A · Extent (click a region or paint on it)"))
        layout = QVBoxLayout(box)
        tools = QHBoxLayout()
        self.tool_buttons: dict[MapTool, QPushButton] = {}
        group = QButtonGroup(self)
        for tool, text in (
            (MapTool.SELECT, translate("ScoradForm", "Select")),
            (MapTool.PAINT, translate("ScoradForm", "Paint")),
            (MapTool.ERASE, translate("ScoradForm", "Erase")),
        ):
            button = QPushButton(text)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keyboard users type the values
            group.addButton(button)
            button.clicked.connect(lambda _=False, t=tool: self.body_map.set_tool(t))
            tools.addWidget(button)
            self.tool_buttons[tool] = button
        self.tool_buttons[MapTool.SELECT].setChecked(True)
        tools.addStretch(1)
        layout.addLayout(tools)
        layout.addWidget(self.body_map, 1)
        grid = QGridLayout()
        for row, region in enumerate(self.model.body_map.geometry.regions):
            spin = QDoubleSpinBox()
            spin.setRange(0, 100)
            spin.setDecimals(0)
            spin.setSingleStep(5)
            spin.setSuffix(" %")
            spin.setKeyboardTracking(False)
            spin.setAccessibleName(region_label(region))
            spin.valueChanged.connect(lambda value, r=region: self._percent_entered(r, value))
            label = QLabel(region_label(region))
            label.setBuddy(spin)
            err = error_label()
            col = 0 if row < 4 else 3
            grid.addWidget(label, row % 4, col)
            grid.addWidget(spin, row % 4, col + 1)
            grid.addWidget(err, 4 + row, 0, 1, 6)
            err.setVisible(False)
            self.region_spins[region] = spin
            self.region_errors[region] = err
        layout.addLayout(grid)
        return box

    def _build_right(self) -> QWidget:
        content = QWidget()
        layout = QVBoxLayout(content)
        signs = QGroupBox(translate("ScoradForm", "B · Intensity (on a representative area)"))
        sign_layout = QVBoxLayout(signs)
        for sign in Sign:
            title = QLabel(f"<b>{sign_label(sign)}</b> — {sign_description(sign)}")
            title.setWordWrap(True)
            picker = GradePicker(sign, grade_label)
            picker.setAccessibleName(sign_label(sign))
            picker.grade_changed.connect(
                lambda grade, s=sign: self._touch(s.value, self.model.set_grade, s, grade)
            )
            err = error_label()
            sign_layout.addWidget(title)
            row = QHBoxLayout()
            row.addWidget(picker, 3)
            row.addWidget(err, 1)
            sign_layout.addLayout(row)
            self.pickers[sign] = picker
            self.sign_errors[sign] = err
        layout.addWidget(signs)
        subjective = QGroupBox(translate("ScoradForm", "C · Symptoms over the last 3 days and nights"))
        grid = QGridLayout(subjective)
        titles = {
            "pruritus": translate("ScoradForm", "Itch (pruritus)"),
            "sleeplessness": translate("ScoradForm", "Sleep loss (sleeplessness)"),
        }
        for line, name in enumerate(VAS_FIELDS):
            vas = VasInput()
            vas.spin.setAccessibleName(titles[name])
            vas.value_changed.connect(lambda value, n=name: self._touch(n, self.model.set_vas, n, value))
            err = error_label()
            grid.addWidget(QLabel(titles[name]), line * 2, 0)
            grid.addWidget(vas, line * 2, 1)
            grid.addWidget(err, line * 2 + 1, 1)
            self.vas_inputs[name] = vas
            self.vas_errors[name] = err
        layout.addWidget(subjective)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        column = QWidget()
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.addWidget(scroll, 1)
        column_layout.addWidget(self._build_totals())
        return column

    def _build_totals(self) -> QWidget:
        frame = QFrame()
        frame.setObjectName("totals")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(frame)
        self.parts_label = QLabel()
        self.total_label = QLabel()
        self.total_label.setObjectName("total")
        self.total_label.setStyleSheet("font-size: 18px; font-weight: 700;")
        self.objective_label = QLabel()
        self.band_badge = BandBadge()
        self.total_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        row.addWidget(self.parts_label)
        row.addStretch(1)
        row.addWidget(self.total_label)
        row.addWidget(self.objective_label)
        row.addWidget(self.band_badge)
        return frame

    # -- reacting -----------------------------------------------------------------------
    def _region_clicked(self, region_id: str) -> None:
        region = Region(region_id)
        self.body_map.select(region)
        spin = self.region_spins[region]
        spin.setFocus(Qt.FocusReason.MouseFocusReason)
        spin.selectAll()

    def _percent_entered(self, region: Region, value: float) -> None:
        if abs(self.model.body_map.fraction(region) * 100 - value) < 0.5:
            return  # the spin box only shows what the map already holds
        self.body_map.select(region)
        self.touched.add(region.value)
        self.model.set_region_percent(region, value)

    def _show_state(self, state: FormState) -> None:
        for region, spin in self.region_spins.items():
            percent = self.model.body_map.fraction(region) * 100
            if abs(spin.value() - percent) >= 0.5:
                spin.blockSignals(True)
                spin.setValue(round(percent))
                spin.blockSignals(False)
            self._set_error(self.region_errors[region], region.value, state.errors.get(region.value))
        for sign, picker in self.pickers.items():
            if picker.grade != self.model.grades[sign]:
                picker.blockSignals(True)
                picker.set_grade(self.model.grades[sign])
                picker.blockSignals(False)
            self._set_error(self.sign_errors[sign], sign.value, state.errors.get(sign.value))
        for name, vas in self.vas_inputs.items():
            if vas.value() != self.model.vas[name]:
                vas.blockSignals(True)
                vas.set_value(self.model.vas[name])
                vas.blockSignals(False)
            self._set_error(self.vas_errors[name], name, state.errors.get(name))
        b = "–" if state.b is None else str(state.b)
        c = "–" if state.c is None else f"{state.c:.1f}"
        self.parts_label.setText(
            translate("ScoradForm", "A %1 · B %2 · C %3")
            .replace("%1", f"{state.a:.1f}")
            .replace("%2", b)
            .replace("%3", c)
        )
        if state.result is None:
            self.total_label.setText(translate("ScoradForm", "SCORAD –"))
            self.objective_label.setText(translate("ScoradForm", "oSCORAD –"))
        else:
            self.total_label.setText(
                translate("ScoradForm", "SCORAD %1").replace("%1", f"{state.result.scorad:.1f}")
            )
            self.objective_label.setText(
                translate("ScoradForm", "oSCORAD %1").replace("%1", f"{state.result.oscorad:.1f}")
            )
        self.band_badge.show_band(state.band)

    def _touch(self, field: str, setter: Callable[..., None], *args: object) -> None:
        self.touched.add(field)
        setter(*args)

    def commit_pending_edits(self) -> None:
        """Take a value still being typed in a spin box (saving must not miss it)."""
        for spin in self.region_spins.values():
            spin.interpretText()
        for vas in self.vas_inputs.values():
            vas.spin.interpretText()

    def reveal_errors(self) -> None:
        """Show every field's error (before saving a step), not only the ones already used."""
        self._reveal = True
        self._show_state(self.model.state())

    def visible_errors(self) -> dict[str, str]:
        state = self.model.state()
        return {k: v for k, v in state.errors.items() if self._reveal or k in self.touched}

    def _set_error(self, label: QLabel, field: str, message: str | None) -> None:
        shown = bool(message) and not self.read_only and (self._reveal or field in self.touched)
        label.setText(message if shown and message else "")
        label.setVisible(shown)
