from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.domain.regions import Region
from desktop_app.domain.scorad import ScoreKind, Sign
from desktop_app.ui.viewmodels.body_map import View
from desktop_app.ui.viewmodels.po_scorad import LAY_SIGN_ORDER
from desktop_app.ui.viewmodels.scorad_form import ScoradFormModel
from desktop_app.ui.windows.patient_mode import PatientModeWindow


def _paint_back(qtbot: QtBot, window: PatientModeWindow) -> None:
    geometry = window.flow.form.body_map.geometry
    x, y = geometry.anchor(View.BACK, Region.BACK)
    point = window.body_map.to_widget(View.BACK, x, y).toPoint()
    qtbot.mouseClick(window.body_map, Qt.MouseButton.LeftButton, pos=point)


def test_patient_answers_one_question_per_step_and_hands_back(qtbot: QtBot) -> None:
    window = PatientModeWindow(age_years=6)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    assert window.hint.fontInfo().pointSizeF() >= 16  # large type
    assert window.question.fontInfo().pointSizeF() > window.hint.fontInfo().pointSizeF()
    window.go_next()  # welcome → body map
    assert window.flow.step.kind == "body_map"
    _paint_back(qtbot, window)
    assert window.flow.form.body_map.fraction(Region.BACK) > 0
    window.go_next()
    for sign in LAY_SIGN_ORDER:
        assert window.flow.step.sign is sign
        assert not window.next_button.isEnabled()  # an answer is needed first
        assert "?" in window.question.text()
        qtbot.mouseClick(window.answer_buttons[sign][1], Qt.MouseButton.LeftButton)
        assert window.next_button.isEnabled()
        qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    for name in ("pruritus", "sleeplessness"):
        assert window.flow.step.vas == name
        assert len(window.vas_inputs[name].faces) == 2  # pictures at both ends of the scale
        window.vas_inputs[name].set_value(4.0)
        window.go_next()
    assert window.flow.finished
    with qtbot.waitSignal(window.completed) as blocker:
        qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    form = blocker.args[0]
    assert isinstance(form, ScoradFormModel)
    state = form.state()
    assert state.result is not None
    assert state.result.kind is ScoreKind.PO_SCORAD
    assert state.b == 6 and state.c == 8.0


def test_back_keeps_earlier_answers(qtbot: QtBot) -> None:
    window = PatientModeWindow(age_years=30)
    qtbot.addWidget(window)
    window.go_next()
    window.go_next()
    window.answer_buttons[Sign.DRYNESS][3].click()
    window.go_next()
    window.go_back()
    assert window.flow.step.sign is Sign.DRYNESS
    assert window.answer_buttons[Sign.DRYNESS][3].isChecked()
    assert window.flow.form.grades[Sign.DRYNESS] == 3


def test_closing_before_the_end_reports_cancel(qtbot: QtBot) -> None:
    window = PatientModeWindow(age_years=30)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.cancelled):
        window.close()


def test_number_keys_answer_picture_questions(qtbot: QtBot) -> None:
    window = PatientModeWindow(age_years=10)
    qtbot.addWidget(window)
    window.go_next()
    window.go_next()
    qtbot.keyClick(window, "2")
    assert window.flow.form.grades[LAY_SIGN_ORDER[0]] == 2
    assert window.answer_buttons[LAY_SIGN_ORDER[0]][2].isChecked()
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.flow.step.sign is LAY_SIGN_ORDER[1]
