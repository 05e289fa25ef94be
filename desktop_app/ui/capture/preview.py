"""The live preview with its framing guide, and the seven quality checks as traffic lights.

Drawing only: the frame arrives already reduced to preview size (``viewmodel.TeeSource``),
the report is the imaging service's. Each light says its state in words too (colour is
never the only signal).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from desktop_app.imaging.quality import CATEGORIES, QualityReport
from desktop_app.ui.capture.viewmodel import PreviewFrame
from desktop_app.ui.review.reasons import category_label, instruction_text, status_label

translate = QCoreApplication.translate

STATUS_COLOURS = {"pass": QColor("#2e7d32"), "warn": QColor("#f9a825"), "fail": QColor("#c62828")}
NO_SIGNAL = QColor("#9e9e9e")


def report_status(report: QualityReport | None) -> str:
    """Worst status of a report ("pass" when all green)."""
    if report is None:
        return "none"
    statuses = {c.status for c in report.categories.values()}
    return "fail" if "fail" in statuses else "warn" if "warn" in statuses else "pass"


class PreviewWidget(QWidget):
    """Draws the newest frame scaled to fit, the framing guide and the main instruction."""

    resized = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 200)
        self.setAccessibleName(translate("Capture", "Camera preview"))
        self.profile = "clinical"
        self.frame: PreviewFrame | None = None
        self._image: QImage | None = None
        self.report: QualityReport | None = None
        self.message = ""  # replaces the picture when there is no signal (disconnected, no consent)
        self.progress = 0.0  # auto-capture hold progress 0-1
        self.frames_painted = 0
        self._painted_index = -1

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(800, 450)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.resized.emit(self.width(), self.height())

    def show_frame(self, frame: PreviewFrame) -> None:
        rgb = frame.rgb
        self.frame = frame
        self._image = QImage(
            rgb.data, rgb.shape[1], rgb.shape[0], rgb.strides[0], QImage.Format.Format_RGB888
        )
        self.update()

    def show_report(self, report: QualityReport | None, progress: float = 0.0) -> None:
        self.report = report
        self.progress = progress
        self.update()

    def show_message(self, text: str) -> None:
        self.message = text
        self.update()

    def instruction(self) -> str:
        """The banner text: the one most useful instruction now."""
        if self.report is None:
            return translate("Capture", "Waiting for the camera…")
        return instruction_text(self.report.instruction)

    def _frame_rect(self) -> QRectF:
        if self._image is None:
            return QRectF(self.rect())
        w, h = self._image.width(), self._image.height()
        scale = min(self.width() / w, self.height() / h)
        return QRectF((self.width() - w * scale) / 2, (self.height() - h * scale) / 2, w * scale, h * scale)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#202124"))
        if self.message:
            painter.setPen(QColor("white"))
            font = QFont(painter.font())
            font.setPointSizeF(font.pointSizeF() * 1.3)
            painter.setFont(font)
            painter.drawText(
                QRectF(self.rect()).adjusted(30, 30, -30, -30),
                int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap),
                self.message,
            )
            painter.end()
            return
        target = self._frame_rect()
        if self._image is not None:
            painter.drawImage(target, self._image)
            if self.frame is not None and self.frame.full.index != self._painted_index:
                self._painted_index = self.frame.full.index
                self.frames_painted += 1
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        status = report_status(self.report)
        colour = STATUS_COLOURS.get(status, NO_SIGNAL)
        self._draw_guide(painter, target, colour)
        self._draw_banner(painter, colour)
        if self.progress > 0 and status == "pass":
            self._draw_progress(painter, target)
        painter.end()

    def _draw_guide(self, painter: QPainter, frame: QRectF, colour: QColor) -> None:
        pen = QPen(colour, 3)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.profile == "dermatoscope":
            side = min(frame.width(), frame.height()) * 0.86
            painter.drawEllipse(
                QRectF(frame.center().x() - side / 2, frame.center().y() - side / 2, side, side)
            )
        else:
            guide = frame.adjusted(
                frame.width() * 0.1, frame.height() * 0.1, -frame.width() * 0.1, -frame.height() * 0.1
            )
            painter.drawRect(guide)
            pen.setStyle(Qt.PenStyle.SolidLine)
            painter.setPen(pen)
            c = guide.center()
            painter.drawLine(int(c.x() - 14), int(c.y()), int(c.x() + 14), int(c.y()))
            painter.drawLine(int(c.x()), int(c.y() - 14), int(c.x()), int(c.y() + 14))

    def _draw_banner(self, painter: QPainter, colour: QColor) -> None:
        text = self.instruction()
        font = QFont(painter.font())
        font.setPointSizeF(max(11.0, font.pointSizeF() * 1.4))
        font.setBold(True)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        width = min(self.width() - 20, metrics.horizontalAdvance(text) + 40)
        rect = QRectF((self.width() - width) / 2, 12, width, metrics.height() + 16)
        background = QColor(colour)
        background.setAlpha(225)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(rect, 8, 8)
        painter.setPen(QColor("black") if colour == STATUS_COLOURS["warn"] else QColor("white"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _draw_progress(self, painter: QPainter, frame: QRectF) -> None:
        size = 44.0
        rect = QRectF(frame.right() - size - 14, frame.bottom() - size - 14, size, size)
        painter.setPen(QPen(QColor(255, 255, 255, 120), 5))
        painter.drawEllipse(rect)
        painter.setPen(QPen(STATUS_COLOURS["pass"], 5))
        painter.drawArc(rect, 90 * 16, -int(360 * 16 * self.progress))


class TrafficLights(QWidget):
    """Seven rows: a light, the category, its state in words and its one-line instruction."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(4)
        self.lights: dict[str, QLabel] = {}
        self.names: dict[str, QLabel] = {}
        self.instructions: dict[str, QLabel] = {}
        for row, name in enumerate(CATEGORIES):
            light = QLabel("●")
            light.setFixedWidth(22)
            light.setAlignment(Qt.AlignmentFlag.AlignCenter)
            title = QLabel(f"<b>{category_label(name)}</b>")
            text = QLabel()
            text.setWordWrap(True)
            grid.addWidget(light, row, 0)
            grid.addWidget(title, row, 1)
            grid.addWidget(text, row, 2)
            self.lights[name] = light
            self.names[name] = title
            self.instructions[name] = text
        grid.setColumnStretch(2, 1)
        self._shown: dict[str, tuple[str, str] | None] = {}
        self.show_report(None)

    def show_report(self, report: QualityReport | None) -> None:
        """Update the rows whose status or instruction changed (style sheets are costly: at
        30 reports a second, restyling seven labels each time would eat the GUI thread)."""
        for name in CATEGORIES:
            result = None if report is None else report.categories.get(name)
            key = None if result is None else (result.status, result.instruction)
            if name in self._shown and self._shown[name] == key:
                continue
            self._shown[name] = key
            colour = NO_SIGNAL if result is None else STATUS_COLOURS[result.status]
            self.lights[name].setStyleSheet(f"color: {colour.name()}; font-size: 20px;")
            if result is None:
                self.lights[name].setAccessibleName(translate("Capture", "no picture"))
                self.instructions[name].setText("–")
            else:
                self.lights[name].setAccessibleName(status_label(result.status))
                text = instruction_text(result.instruction)
                self.instructions[name].setText(
                    text if result.status == "pass" else f"<b>{text}</b> ({status_label(result.status)})"
                )

    def status_of(self, name: str) -> str:
        return self.lights[name].accessibleName()
