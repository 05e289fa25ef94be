"""Scores over time, drawn with QPainter on the band colours (no plotting stack in the GUI).

Fed with plain data (:class:`ChartData`), so the history page, the screenshots and the
tests all drive it the same way. A forecast, when given, is drawn as a fan from the last
visit to the predicted date (mean line, 80 % interval).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from desktop_app.domain.scorad import SCORAD_MAX
from desktop_app.domain.severity import Band, BandSet
from desktop_app.ui.labels import band_label, kind_label
from desktop_app.ui.theme import BAND_COLOURS, SERIES_COLOURS

translate = QCoreApplication.translate


@dataclass(frozen=True)
class Fan:
    """Predicted SCORAD quantiles on future dates (from ``desktop_app.forecast.forecast_fan``)."""

    dates: tuple[date, ...]
    low90: tuple[float, ...]
    low50: tuple[float, ...]
    median: tuple[float, ...]
    high50: tuple[float, ...]
    high90: tuple[float, ...]
    flare_probability: float | None = None


@dataclass(frozen=True)
class ChartData:
    series: dict[str, list[tuple[date, float]]] = field(default_factory=dict)  # kind → points
    band_set: BandSet = BandSet.CLASSIC
    forecast: Fan | None = None

    @property
    def empty(self) -> bool:
        return not any(self.series.values())


def band_stripes(band_set: BandSet) -> list[tuple[float, float, Band]]:
    """SCORAD-scale band limits (DESIGN §2) for the background; the domain's ``classify`` is
    the authority for a single value, this only shades the chart."""
    if band_set is BandSet.CLASSIC:
        return [(0, 25, Band.MILD), (25, 50, Band.MODERATE), (50, SCORAD_MAX, Band.SEVERE)]
    return [(0, 10, Band.CLEAR), (10, 29, Band.MILD), (29, 49, Band.MODERATE), (49, SCORAD_MAX, Band.SEVERE)]


class HistoryChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = ChartData()
        self.setMinimumSize(420, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(translate("HistoryChart", "Score history chart"))
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(720, 320)

    def set_data(self, data: ChartData) -> None:
        self.data = data
        self.update()

    def _legend_texts(self) -> list[str]:
        texts = [kind_label(kind) for kind, points in self.data.series.items() if points]
        if self.data.forecast:
            texts.append(translate("HistoryChart", "Forecast (50 % and 90 %)"))
            if self.data.forecast.flare_probability is not None:
                texts.append(translate("HistoryChart", "Flare risk %1 %").replace("%1", "100"))
        return texts

    def _plot_rect(self) -> QRectF:
        fm = self.fontMetrics()
        left = fm.horizontalAdvance("100") + 14
        legend = max((fm.horizontalAdvance(t) for t in self._legend_texts()), default=0) + 56
        return QRectF(left, 10, self.width() - left - legend, self.height() - fm.height() * 2 - 16)

    def _x_range(self) -> tuple[date, date]:
        days = [d for points in self.data.series.values() for d, _ in points]
        if self.data.forecast:
            days.extend(self.data.forecast.dates)
        first, last = min(days), max(days)
        if first == last:
            return date.fromordinal(first.toordinal() - 15), date.fromordinal(last.toordinal() + 15)
        return first, last

    def point_at(self, day: date, value: float) -> QPointF:
        rect = self._plot_rect()
        first, last = self._x_range()
        span = max(1, last.toordinal() - first.toordinal())
        x = rect.left() + (day.toordinal() - first.toordinal()) / span * rect.width()
        y = rect.bottom() - value / SCORAD_MAX * rect.height()
        return QPointF(x, y)

    def point_near(self, pos: QPointF, radius: float = 8.0) -> tuple[str, date, float] | None:
        """The plotted visit under the pointer (for the tooltip), nearest first."""
        best: tuple[float, tuple[str, date, float]] | None = None
        for kind, points in self.data.series.items():
            for day, value in points:
                p = self.point_at(day, value)
                distance = ((p.x() - pos.x()) ** 2 + (p.y() - pos.y()) ** 2) ** 0.5
                if distance <= radius and (best is None or distance < best[0]):
                    best = (distance, (kind, day, value))
        return best[1] if best else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        hit = None if self.data.empty else self.point_near(event.position())
        if hit is None:
            QToolTip.hideText()
            return
        kind, day, value = hit
        QToolTip.showText(
            event.globalPosition().toPoint(), f"{kind_label(kind)} {value:.1f} — {day.isoformat()}", self
        )

    def month_ticks(self) -> list[date]:
        """First days of months inside the range, spaced so their labels never overlap."""
        if self.data.empty:
            return []
        first, last = self._x_range()
        months = []
        year, month = first.year, first.month
        while True:
            month += 1
            if month > 12:
                year, month = year + 1, 1
            day = date(year, month, 1)
            if day > last:
                break
            months.append(day)
        width = self._plot_rect().width()
        label_width = self.fontMetrics().horizontalAdvance("2026-12") + 16
        fit = max(1, int(width // label_width))
        step = max(1, -(-len(months) // fit))  # ceiling division
        return months[::step]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self._plot_rect()
        text = self.palette().windowText().color()
        for low, high, band in band_stripes(self.data.band_set):
            top = rect.bottom() - high / SCORAD_MAX * rect.height()
            bottom = rect.bottom() - low / SCORAD_MAX * rect.height()
            painter.fillRect(QRectF(rect.left(), top, rect.width(), bottom - top), QColor(BAND_COLOURS[band]))
            painter.setPen(QColor("#424242"))
            painter.drawText(
                QRectF(rect.left() + 4, top, rect.width() - 8, bottom - top),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                band_label(band),
            )
        painter.setPen(text)
        for value in (0, 25, 50, 75, 100):
            y = rect.bottom() - value / SCORAD_MAX * rect.height()
            painter.drawText(QRectF(0, y - 8, rect.left() - 6, 16), Qt.AlignmentFlag.AlignRight, str(value))
        painter.setPen(QPen(QColor("#757575"), 1))
        painter.drawRect(rect)
        if self.data.empty:
            painter.setPen(text)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, translate("HistoryChart", "No visits yet"))
            painter.end()
            return
        fm = self.fontMetrics()
        for day in self.month_ticks():
            x = self.point_at(day, 0).x()
            painter.setPen(QPen(QColor(0, 0, 0, 40), 1))
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
            label = day.strftime("%Y-%m")
            painter.setPen(text)
            left = min(
                max(x - fm.horizontalAdvance(label) / 2, rect.left()),
                rect.right() - fm.horizontalAdvance(label),
            )
            painter.drawText(QPointF(left, rect.bottom() + fm.height() + 2), label)
        self._draw_forecast(painter)
        legend_y = rect.top() + 4
        for kind, points in self.data.series.items():
            if not points:
                continue
            colour = QColor(SERIES_COLOURS.get(kind, "#000000"))
            pen = QPen(colour, 2.2)
            if kind == "oscorad":
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            ordered = sorted(points)
            painter.drawPolyline(QPolygonF([self.point_at(d, v) for d, v in ordered]))
            painter.setBrush(colour)
            for d, v in ordered:
                painter.drawEllipse(self.point_at(d, v), 3.5, 3.5)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawLine(
                QPointF(rect.right() + 12, legend_y + 8), QPointF(rect.right() + 36, legend_y + 8)
            )
            painter.setPen(text)
            painter.drawText(QPointF(rect.right() + 42, legend_y + 12), kind_label(kind))
            legend_y += fm.height() + 6
        if self.data.forecast:
            painter.setPen(text)
            painter.drawText(
                QPointF(rect.right() + 12, legend_y + 12),
                translate("HistoryChart", "Forecast (50 % and 90 %)"),
            )
            if self.data.forecast.flare_probability is not None:
                legend_y += fm.height() + 6
                painter.drawText(
                    QPointF(rect.right() + 12, legend_y + 12),
                    translate("HistoryChart", "Flare risk %1 %").replace(
                        "%1", f"{self.data.forecast.flare_probability * 100:.0f}"
                    ),
                )
        painter.end()

    def _draw_forecast(self, painter: QPainter) -> None:
        fan = self.data.forecast
        points = sorted(self.data.series.get("scorad", []))
        if fan is None or not points or not fan.dates:
            return
        last_day, last_value = points[-1]
        colour = QColor(SERIES_COLOURS["scorad"])
        painter.setPen(Qt.PenStyle.NoPen)
        for low, high, alpha in ((fan.low90, fan.high90, 40), (fan.low50, fan.high50, 70)):
            path = QPainterPath(self.point_at(last_day, last_value))
            for day, value in zip(fan.dates, high, strict=True):
                path.lineTo(self.point_at(day, value))
            for day, value in zip(reversed(fan.dates), reversed(low), strict=True):
                path.lineTo(self.point_at(day, value))
            path.closeSubpath()
            fill = QColor(colour)
            fill.setAlpha(alpha)
            painter.setBrush(fill)
            painter.drawPath(path)
        painter.setPen(QPen(colour, 1.5, Qt.PenStyle.DotLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        line = [self.point_at(last_day, last_value)] + [
            self.point_at(d, v) for d, v in zip(fan.dates, fan.median, strict=True)
        ]
        painter.drawPolyline(QPolygonF(line))
