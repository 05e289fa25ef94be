"""Reference pictures for the six SCORAD intensity items, drawn, not photographed.

Each grade gets a small schematic patch of skin whose feature grows with the grade:
redness deepens, papules multiply, crusts spread, scratch lines add up, skin lines
thicken, scales appear. They are teaching sketches (no patient photo is copied), drawn
with a fixed random seed so that every run shows the same picture.
"""

from __future__ import annotations

import random

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap, QRadialGradient

from desktop_app.domain.scorad import Sign

_SKIN = QColor("#f0c8a4")
_cache: dict[tuple[str, int, int], QPixmap] = {}


def sign_pixmap(sign: Sign, grade: int, size: int) -> QPixmap:
    """The picture for ``sign`` at ``grade`` (0-3), ``size`` pixels square (cached)."""
    key = (sign.value, grade, size)
    if key not in _cache:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_sign(painter, QRectF(0, 0, size, size), sign, grade)
        painter.end()
        _cache[key] = pixmap
    return _cache[key]


def paint_sign(painter: QPainter, rect: QRectF, sign: Sign, grade: int) -> None:
    rng = random.Random(f"{sign.value}-{grade}")
    painter.save()
    clip = QPainterPath()
    clip.addRoundedRect(rect.adjusted(1, 1, -1, -1), rect.width() * 0.12, rect.width() * 0.12)
    painter.setClipPath(clip)
    painter.fillRect(rect, _SKIN)
    w = rect.width()
    centre = rect.center()
    if sign is Sign.ERYTHEMA:
        if grade:
            gradient = QRadialGradient(centre, w * 0.45)
            alpha = (0, 90, 160, 230)[grade]
            red = (QColor(235, 120, 120), QColor(220, 70, 70), QColor(180, 20, 30))[grade - 1]
            inner = QColor(red)
            inner.setAlpha(alpha)
            outer = QColor(red)
            outer.setAlpha(0)
            gradient.setColorAt(0.0, inner)
            gradient.setColorAt(0.7, inner)
            gradient.setColorAt(1.0, outer)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(gradient)
            painter.drawEllipse(centre, w * 0.45, w * 0.38)
    elif sign is Sign.OEDEMA_PAPULATION:
        count = (0, 4, 10, 18)[grade]
        if grade:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(230, 150, 140, 90 + 40 * grade))
            painter.drawEllipse(centre, w * 0.4, w * 0.34)
        for _ in range(count):
            x = rect.left() + w * rng.uniform(0.18, 0.82)
            y = rect.top() + w * rng.uniform(0.2, 0.8)
            r = w * (0.035 + 0.012 * grade)
            bump = QRadialGradient(QPointF(x - r / 3, y - r / 3), r * 1.2)
            bump.setColorAt(0, QColor(250, 200, 190))
            bump.setColorAt(1, QColor(190, 80, 80))
            painter.setBrush(bump)
            painter.setPen(QPen(QColor(150, 60, 60), 0.8))
            painter.drawEllipse(QPointF(x, y), r, r)
    elif sign is Sign.OOZING_CRUSTS:
        count = (0, 2, 5, 9)[grade]
        for _ in range(count):
            x = rect.left() + w * rng.uniform(0.2, 0.8)
            y = rect.top() + w * rng.uniform(0.2, 0.8)
            r = w * rng.uniform(0.05, 0.08 + 0.02 * grade)
            painter.setPen(QPen(QColor(160, 110, 20), 1))
            painter.setBrush(QColor(225, 180, 60))
            painter.drawEllipse(QPointF(x, y), r * 1.2, r)
            painter.setBrush(QColor(255, 255, 220, 200))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(QPointF(x - r / 3, y - r / 3), r / 3, r / 4)
    elif sign is Sign.EXCORIATIONS:
        count = (0, 2, 5, 9)[grade]
        for _ in range(count):
            x = rect.left() + w * rng.uniform(0.15, 0.75)
            y = rect.top() + w * rng.uniform(0.15, 0.6)
            length = w * rng.uniform(0.2, 0.35)
            painter.setPen(
                QPen(QColor(170, 30, 30), 1.2 + 0.6 * grade, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            )
            painter.drawLine(QPointF(x, y), QPointF(x + length * 0.4, y + length))
    elif sign is Sign.LICHENIFICATION:
        if grade:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(150, 90, 70, 40 + 30 * grade))
            painter.drawEllipse(centre, w * 0.42, w * 0.36)
            spacing = w * (0.24 - 0.04 * grade)
            pen = QPen(QColor(110, 60, 45), 0.6 + 0.45 * grade)
            painter.setPen(pen)
            offset = -w
            while offset < w:
                painter.drawLine(
                    QPointF(rect.left() + offset, rect.top()),
                    QPointF(rect.left() + offset + w, rect.bottom()),
                )
                painter.drawLine(
                    QPointF(rect.left() + offset + w, rect.top()),
                    QPointF(rect.left() + offset, rect.bottom()),
                )
                offset += spacing
    elif sign is Sign.DRYNESS:
        count = (0, 10, 24, 44)[grade]
        painter.setPen(Qt.PenStyle.NoPen)
        for _ in range(count):
            x = rect.left() + w * rng.uniform(0.08, 0.92)
            y = rect.top() + w * rng.uniform(0.08, 0.92)
            painter.setBrush(QColor(255, 255, 255, 170 + 25 * grade))
            painter.drawEllipse(QPointF(x, y), w * rng.uniform(0.02, 0.05), w * rng.uniform(0.01, 0.03))
        if grade >= 2:
            painter.setPen(QPen(QColor(170, 120, 95), 0.8 + 0.4 * grade))
            for _ in range(grade * 3):
                x = rect.left() + w * rng.uniform(0.1, 0.8)
                y = rect.top() + w * rng.uniform(0.1, 0.9)
                painter.drawLine(QPointF(x, y), QPointF(x + w * 0.15, y + w * rng.uniform(-0.05, 0.05)))
    painter.restore()
    painter.setPen(QPen(QColor("#8d6e63"), 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), rect.width() * 0.12, rect.width() * 0.12)
