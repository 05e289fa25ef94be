"""Pick a grade 0-3 by its reference picture: one tab stop, keys 0-3 or arrows, or a click."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop_app.domain.scorad import Sign
from desktop_app.ui.theme import SELECTED
from desktop_app.ui.widgets.sign_pictures import sign_pixmap

_GRADES = (0, 1, 2, 3)


class GradePicker(QWidget):
    """Four pictures (grades 0-3) with captions; ``grade`` is None until chosen."""

    grade_changed = Signal(object)  # int | None

    def __init__(
        self,
        sign: Sign,
        caption: Callable[[int], str],
        picture_size: int = 56,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.sign = sign
        self._caption = caption
        self.picture_size = picture_size
        self.grade: int | None = None
        self.read_only = False  # shown normally (readable), but input is ignored
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setMinimumSize(self.sizeHint())

    def _text_height(self) -> int:
        return self.fontMetrics().height() + 6

    def sizeHint(self) -> QSize:  # noqa: N802
        widest = max(self.fontMetrics().horizontalAdvance(self._caption(g)) for g in _GRADES)
        cell = max(self.picture_size, widest) + 12
        return QSize(cell * 4, self.picture_size + self._text_height() + 10)

    def set_grade(self, grade: int | None) -> None:
        if grade == self.grade:
            return
        self.grade = grade
        self.update()
        self.grade_changed.emit(grade)

    def _cell_rect(self, grade: int) -> QRectF:
        cell = self.width() / 4
        return QRectF(cell * grade + 2, 2, cell - 4, self.height() - 4)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        for grade in _GRADES:
            rect = self._cell_rect(grade)
            chosen = grade == self.grade
            if chosen:
                painter.setPen(QPen(SELECTED, 3))
                painter.setBrush(palette.highlight().color().lighter(185))
                painter.drawRoundedRect(rect, 6, 6)
            size = min(self.picture_size, int(rect.width()) - 8)
            x = rect.center().x() - size / 2
            painter.drawPixmap(int(x), int(rect.top() + 4), sign_pixmap(self.sign, grade, size))
            painter.setPen(palette.windowText().color())
            font = painter.font()
            font.setBold(chosen)
            painter.setFont(font)
            text_rect = QRectF(rect.left(), rect.top() + 6 + size, rect.width(), self._text_height())
            painter.drawText(
                text_rect,
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                f"{grade} · {self._caption(grade)}",
            )
        if self.hasFocus():
            painter.setPen(QPen(SELECTED, 1, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.read_only:
            return
        grade = int(event.position().x() // (self.width() / 4))
        if 0 <= grade <= 3:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.set_grade(grade)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if self.read_only:
            super().keyPressEvent(event)
            return
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_3:
            self.set_grade(key - Qt.Key.Key_0)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Up):
            self.set_grade(0 if self.grade is None else min(3, self.grade + 1))
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down):
            self.set_grade(0 if self.grade is None else max(0, self.grade - 1))
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.set_grade(None)
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self.update()
        super().focusOutEvent(event)
