"""A 0-10 visual analogue scale with one decimal: a slider and a spin box kept in step.

The value starts "not entered" (None), shown as a dash, so a forgotten item is reported as
missing rather than silently taken as 0.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QSlider, QWidget

from desktop_app.ui.widgets.faces import face_pixmap

translate = QCoreApplication.translate
_UNSET = -0.1


class VasInput(QWidget):
    value_changed = Signal(object)  # float | None

    def __init__(self, parent: QWidget | None = None, large: bool = False) -> None:
        super().__init__(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(-1, 100)
        self.slider.setPageStep(10)
        self.spin = QDoubleSpinBox()
        self.spin.setRange(_UNSET, 10.0)
        self.spin.setDecimals(1)
        self.spin.setSingleStep(0.1)
        self.spin.setSpecialValueText("–")
        self.spin.setValue(_UNSET)
        self.slider.setValue(-1)
        self.slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # one tab stop: the spin box
        low = QLabel(translate("Vas", "0 none"))
        high = QLabel(translate("Vas", "10 worst imaginable"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.faces: list[QLabel] = []
        if large:  # pictures at both ends for patients (patient mode)
            for distress in (0.0, 1.0):
                face = QLabel()
                face.setPixmap(face_pixmap(distress, 72))
                self.faces.append(face)
            row.addWidget(self.faces[0])
        row.addWidget(low)
        row.addWidget(self.slider, 1)
        row.addWidget(high)
        if large:
            row.addWidget(self.faces[1])
        row.addWidget(self.spin)
        if large:
            self.slider.setMinimumHeight(48)
            self.spin.setMinimumWidth(120)
        self.slider.valueChanged.connect(self._from_slider)
        self.spin.valueChanged.connect(self._from_spin)
        self.setFocusProxy(self.spin)

    def set_read_only(self, read_only: bool) -> None:
        self.spin.setReadOnly(read_only)
        self.spin.setButtonSymbols(
            QDoubleSpinBox.ButtonSymbols.NoButtons if read_only else QDoubleSpinBox.ButtonSymbols.UpDownArrows
        )
        self.slider.setEnabled(not read_only)

    def value(self) -> float | None:
        v = round(self.spin.value(), 1)
        return None if v < 0 else v

    def set_value(self, value: float | None) -> None:
        self.spin.setValue(_UNSET if value is None else value)

    def _from_slider(self, position: int) -> None:
        target = _UNSET if position < 0 else position / 10
        if abs(self.spin.value() - target) > 1e-9:
            self.spin.setValue(target)

    def _from_spin(self, value: float) -> None:
        position = -1 if value < 0 else round(value * 10)
        if self.slider.value() != position:
            self.slider.blockSignals(True)
            self.slider.setValue(position)
            self.slider.blockSignals(False)
        self.value_changed.emit(self.value())
