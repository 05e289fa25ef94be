"""The photo with ASCORAD's lesion mask over it; brush and eraser repaint the mask.

Drawing and mouse handling only: strokes go to :class:`~desktop_app.ui.review.model.PhotoReview`
(in image pixels), which owns the mask, the undo stack and the lesion %.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop_app.ui.review.model import PhotoReview

translate = QCoreApplication.translate
MASK_COLOUR = (255, 64, 129)  # magenta: visible on every skin tone and apart from erythema


class Tool(StrEnum):
    VIEW = "view"
    BRUSH = "brush"
    ERASER = "eraser"


def mask_overlay(mask: np.ndarray, alpha: int, colour: tuple[int, int, int] = MASK_COLOUR) -> np.ndarray:
    """RGBA image: ``colour`` at ``alpha`` where the mask is set, transparent elsewhere."""
    image = np.zeros((*mask.shape, 4), np.uint8)
    image[mask] = (*colour, alpha)
    return image


class MaskEditor(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 200)
        self.setMouseTracking(True)
        self.setAccessibleName(translate("Review", "Photo with the lesion mask"))
        self.review: PhotoReview | None = None
        self.rgb: np.ndarray | None = None
        self._photo: QImage | None = None
        self._overlay: QImage | None = None
        self._overlay_array: np.ndarray | None = None
        self._scaled: tuple[tuple[int, int], QPixmap] | None = None
        self.show_mask = True
        self.opacity = 0.45
        self.tool = Tool.VIEW
        self.brush_radius = 12.0  # image pixels
        self._last: QPointF | None = None
        self._hover: QPointF | None = None

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(720, 420)

    def set_photo(self, rgb: np.ndarray | None, review: PhotoReview | None) -> None:
        self.rgb = None if rgb is None else np.ascontiguousarray(rgb)
        self.review = review
        if self.rgb is None:
            self._photo = None
        else:
            h, w = self.rgb.shape[:2]
            self._photo = QImage(self.rgb.data, w, h, self.rgb.strides[0], QImage.Format.Format_RGB888)
        self._scaled = None
        self.refresh_mask()

    def _scaled_photo(self, target: QRectF) -> QPixmap:
        """The photo smoothly scaled to the widget, computed once per size (not every repaint)."""
        size = (round(target.width()), round(target.height()))
        if self._scaled is None or self._scaled[0] != size:
            assert self._photo is not None
            scaled = self._photo.scaled(
                size[0],
                size[1],
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            self._scaled = (size, QPixmap.fromImage(scaled))
        return self._scaled[1]

    def refresh_mask(self) -> None:
        if self.review is None:
            self._overlay = None
        else:
            self._overlay_array = mask_overlay(self.review.mask, round(255 * self.opacity))
            a = self._overlay_array
            self._overlay = QImage(
                a.data, a.shape[1], a.shape[0], a.strides[0], QImage.Format.Format_RGBA8888
            )
        self.update()

    def set_show_mask(self, show: bool) -> None:
        self.show_mask = show
        self.update()

    def set_opacity(self, opacity: float) -> None:
        self.opacity = max(0.0, min(1.0, opacity))
        self.refresh_mask()

    def set_tool(self, tool: Tool) -> None:
        self.tool = tool
        self.setCursor(Qt.CursorShape.CrossCursor if tool is not Tool.VIEW else Qt.CursorShape.ArrowCursor)

    # -- geometry -----------------------------------------------------------------------------
    def image_rect(self) -> QRectF:
        if self._photo is None:
            return QRectF(self.rect())
        w, h = self._photo.width(), self._photo.height()
        scale = min(self.width() / w, self.height() / h)
        return QRectF((self.width() - w * scale) / 2, (self.height() - h * scale) / 2, w * scale, h * scale)

    def to_image(self, pos: QPointF) -> QPointF:
        rect = self.image_rect()
        scale = rect.width() / self._photo.width() if self._photo is not None else 1.0
        return QPointF((pos.x() - rect.left()) / scale, (pos.y() - rect.top()) / scale)

    def to_widget(self, x: float, y: float) -> QPointF:
        """Widget position of an image pixel (tests draw strokes through this)."""
        rect = self.image_rect()
        scale = rect.width() / self._photo.width() if self._photo is not None else 1.0
        return QPointF(rect.left() + x * scale, rect.top() + y * scale)

    # -- drawing ------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#202124"))
        if self._photo is None:
            painter.setPen(QColor("white"))
            painter.drawText(
                QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, translate("Review", "No photo selected")
            )
            painter.end()
            return
        target = self.image_rect()
        painter.drawPixmap(target.topLeft(), self._scaled_photo(target))
        if self.show_mask and self._overlay is not None:
            painter.drawImage(target, self._overlay)
        if self.tool is not Tool.VIEW and self._hover is not None:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            scale = target.width() / self._photo.width()
            painter.setPen(QPen(QColor("white"), 1.5, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            r = self.brush_radius * scale
            painter.drawEllipse(self._hover, r, r)
        painter.end()

    # -- editing ------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.review is None or self.tool is Tool.VIEW or event.button() != Qt.MouseButton.LeftButton:
            return
        point = self.to_image(event.position())
        self.review.begin_stroke()
        self._last = point
        self._apply(point, point)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._hover = event.position()
        if self._last is not None and event.buttons() & Qt.MouseButton.LeftButton:
            point = self.to_image(event.position())
            self._apply(self._last, point)
            self._last = point
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._last = None

    def _apply(self, start: QPointF, end: QPointF) -> None:
        assert self.review is not None
        self.review.stroke(
            (start.x(), start.y()), (end.x(), end.y()), self.brush_radius, self.tool is Tool.ERASER
        )
        self.refresh_mask()
        self.edited.emit()

    def undo(self) -> None:
        if self.review is not None and self.review.undo():
            self.refresh_mask()
            self.edited.emit()
