from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.domain.regions import Region
from desktop_app.domain.scorad import ScoreKind, Sign
from desktop_app.ui.viewmodels.body_map import View
from desktop_app.ui.viewmodels.scorad_form import ScoradFormModel
from desktop_app.ui.widgets.body_map import MapTool
from desktop_app.ui.widgets.scorad_form import ScoradFormWidget


def _form(qtbot: QtBot, age: float = 30) -> ScoradFormWidget:
    widget = ScoradFormWidget(ScoradFormModel(ScoreKind.SCORAD, age))
    qtbot.addWidget(widget)
    widget.resize(1150, 760)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def _click_region(qtbot: QtBot, form: ScoradFormWidget, view: View, region: Region) -> None:
    x, y = form.model.body_map.geometry.anchor(view, region)
    point = form.body_map.to_widget(view, x, y).toPoint()
    qtbot.mouseClick(form.body_map, Qt.MouseButton.LeftButton, pos=point)


def test_clicking_a_region_focuses_its_value_and_typing_sets_it(qtbot: QtBot) -> None:
    form = _form(qtbot)
    _click_region(qtbot, form, View.BACK, Region.BACK)
    spin = form.region_spins[Region.BACK]
    assert form.body_map.selected is Region.BACK
    assert QApplication.focusWidget() is spin.lineEdit() or spin.hasFocus()
    qtbot.keyClicks(spin, "40")
    qtbot.keyClick(spin, Qt.Key.Key_Tab)
    assert form.model.body_map.fraction(Region.BACK) == 0.4
    assert "7.2" in form.parts_label.text()  # A = 18 × 0.4


def test_painting_with_the_mouse_sets_a_measured_fraction(qtbot: QtBot) -> None:
    form = _form(qtbot)
    form.tool_buttons[MapTool.PAINT].click()
    geometry = form.model.body_map.geometry
    x, y = geometry.anchor(View.FRONT, Region.TRUNK_FRONT)
    start = form.body_map.to_widget(View.FRONT, x, y - 30).toPoint()
    end = form.body_map.to_widget(View.FRONT, x, y + 30).toPoint()
    qtbot.mousePress(form.body_map, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(form.body_map, pos=QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2))
    qtbot.mouseMove(form.body_map, pos=end)
    qtbot.mouseRelease(form.body_map, Qt.MouseButton.LeftButton, pos=end)
    fraction = form.model.body_map.fraction(Region.TRUNK_FRONT)
    assert 0.05 < fraction < 0.6
    assert form.region_spins[Region.TRUNK_FRONT].value() == round(fraction * 100)


def test_keyboard_only_fills_the_whole_form(qtbot: QtBot) -> None:
    form = _form(qtbot)
    first = form.region_spins[form.model.body_map.geometry.regions[0]]
    first.setFocus()
    qtbot.keyClicks(first.lineEdit(), "20")
    # Tab through the remaining region values, then the six grade pickers, then the VAS.
    focus = QApplication.focusWidget()
    for _ in range(len(form.region_spins) - 1):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    for sign, grade in zip(Sign, "213012", strict=True):
        focus = QApplication.focusWidget()
        assert focus is form.pickers[sign], (sign, focus)
        qtbot.keyClick(focus, grade)
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
    for name, text in (("pruritus", "5.5"), ("sleeplessness", "2")):
        focus = QApplication.focusWidget()
        assert focus is form.vas_inputs[name].spin.lineEdit() or focus is form.vas_inputs[name].spin
        qtbot.keyClicks(focus, text)
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
    state = form.model.state()
    assert state.errors == {}
    assert state.result is not None
    assert state.b == 9
    assert state.c == 7.5
    assert "SCORAD" in form.total_label.text() and "–" not in form.total_label.text()
    assert form.band_badge.text() != "–"


def test_errors_show_beside_the_field_after_reveal(qtbot: QtBot) -> None:
    form = _form(qtbot)
    assert not form.sign_errors[Sign.DRYNESS].isVisible()
    form.reveal_errors()
    assert form.sign_errors[Sign.DRYNESS].isVisible()
    assert "0 to 3" in form.sign_errors[Sign.DRYNESS].text()
    form.pickers[Sign.DRYNESS].set_grade(1)
    assert not form.sign_errors[Sign.DRYNESS].isVisible()


def test_infant_form_uses_the_infant_figure(qtbot: QtBot) -> None:
    form = _form(qtbot, age=1.0)
    assert form.model.body_map.geometry.figure == "infant"


def test_read_only_form_cannot_change(qtbot: QtBot) -> None:
    model = ScoradFormModel(ScoreKind.SCORAD, 30)
    model.set_region_percent(Region.BACK, 30)
    widget = ScoradFormWidget(model, read_only=True)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.keyClick(widget.pickers[Sign.ERYTHEMA], "2")
    qtbot.mouseClick(widget.pickers[Sign.ERYTHEMA], Qt.MouseButton.LeftButton)
    assert model.grades[Sign.ERYTHEMA] is None
    assert widget.region_spins[Region.BACK].isReadOnly()
    assert widget.region_spins[Region.BACK].value() == 30
    x, y = model.body_map.geometry.anchor(View.FRONT, Region.TRUNK_FRONT)
    widget.body_map.set_tool(MapTool.PAINT)
    qtbot.mouseClick(
        widget.body_map, Qt.MouseButton.LeftButton, pos=widget.body_map.to_widget(View.FRONT, x, y).toPoint()
    )
    assert model.body_map.fraction(Region.TRUNK_FRONT) == 0
