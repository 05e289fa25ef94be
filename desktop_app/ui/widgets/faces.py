"""Drawn faces for the ends of a visual analogue scale (patient mode): content to very unwell.

A picture at each end helps children and patients who read little to place themselves on
the scale; drawn with QPainter, no image files.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap


def face_pixmap(distress: float, size: int) -> QPixmap:
    """A face from 0 (smiling, green) to 1 (crying, red)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    fill = QColor.fromHsvF(0.33 * (1 - distress), 0.45, 1.0)
    outline = QColor("#37474f")
    painter.setPen(QPen(outline, size * 0.04))
    painter.setBrush(fill)
    margin = size * 0.06
    painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin))
    painter.setBrush(outline)
    for x in (0.36, 0.64):
        painter.drawEllipse(QPointF(size * x, size * 0.40), size * 0.05, size * 0.05)
    mouth = QPainterPath(QPointF(size * 0.3, size * 0.68))
    curve = (0.5 - distress) * 0.3  # positive: smile, negative: frown
    mouth.quadTo(QPointF(size * 0.5, size * (0.68 + curve)), QPointF(size * 0.7, size * 0.68))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(outline, size * 0.05, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawPath(mouth)
    if distress > 0.8:  # a tear
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#42a5f5"))
        painter.drawEllipse(QPointF(size * 0.3, size * 0.53), size * 0.04, size * 0.06)
    painter.end()
    return pixmap
