"""The interactive body map: front and back figures, click a region or paint on it.

Drawing only: which cells are painted and what fraction that makes is
:class:`~desktop_app.ui.viewmodels.body_map.BodyMapModel`'s business.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop_app.domain.regions import Region
from desktop_app.ui.labels import region_label
from desktop_app.ui.theme import AFFECTED, SELECTED, SKIN, SKIN_OUTLINE
from desktop_app.ui.viewmodels.body_map import BodyMapModel, View, overlay_rgba

translate = QCoreApplication.translate
_GAP = 24.0
_CAPTION = 22.0


class MapTool(StrEnum):
    SELECT = "select"
    PAINT = "paint"
    ERASE = "erase"


class BodyMapWidget(QWidget):
    """Both views side by side; emits the region clicked, paints in paint/erase mode."""

    region_clicked = Signal(str)

    def __init__(self, model: BodyMapModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.tool = MapTool.SELECT
        self.brush_radius = 8.0  # figure units
        self.selected: Region | None = None
        self.read_only = False  # drawn normally, clicks and painting ignored
        self._last: tuple[View, QPointF] | None = None
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(300, 320)
        self.setAccessibleName(translate("BodyMap", "Body map"))
        self.destroyed.connect(model.subscribe(self.update))
        self._paths = {
            view: {
                region: self._polygons_path(polys)
                for region, polys in self.model.geometry.views[view].polygons.items()
            }
            for view in View
        }

    @staticmethod
    def _polygons_path(polys: tuple[tuple[tuple[float, float], ...], ...]) -> QPainterPath:
        path = QPainterPath()
        for poly in polys:
            path.addPolygon(QPolygonF([QPointF(x, y) for x, y in poly]))
            path.closeSubpath()
        return path

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(460, 520)

    def set_tool(self, tool: MapTool) -> None:
        self.tool = tool
        self.setCursor(
            Qt.CursorShape.CrossCursor if tool is not MapTool.SELECT else Qt.CursorShape.PointingHandCursor
        )

    def select(self, region: Region | None) -> None:
        self.selected = region
        self.update()

    # -- layout: figure units ↔ widget pixels --------------------------------------------
    def _scale(self) -> float:
        g = self.model.geometry
        return min((self.width() - 8) / (2 * g.width + _GAP), (self.height() - _CAPTION - 8) / g.height)

    def _origin(self, view: View) -> QPointF:
        g = self.model.geometry
        s = self._scale()
        total = (2 * g.width + _GAP) * s
        left = (self.width() - total) / 2
        offset = 0.0 if view is View.FRONT else (g.width + _GAP) * s
        return QPointF(left + offset, _CAPTION + 4)

    def to_figure(self, pos: QPointF) -> tuple[View, QPointF] | None:
        g = self.model.geometry
        s = self._scale()
        for view in View:
            o = self._origin(view)
            x, y = (pos.x() - o.x()) / s, (pos.y() - o.y()) / s
            if 0 <= x <= g.width and 0 <= y <= g.height:
                return view, QPointF(x, y)
        return None

    def to_widget(self, view: View, x: float, y: float) -> QPointF:
        """Widget pixel of a figure point (tests click regions through this)."""
        o = self._origin(view)
        s = self._scale()
        return QPointF(o.x() + x * s, o.y() + y * s)

    # -- painting -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        g = self.model.geometry
        s = self._scale()
        captions = {View.FRONT: translate("BodyMap", "Front"), View.BACK: translate("BodyMap", "Back")}
        for view in View:
            o = self._origin(view)
            painter.setPen(self.palette().windowText().color())
            painter.drawText(
                QRectF(o.x(), 0, g.width * s, _CAPTION), Qt.AlignmentFlag.AlignCenter, captions[view]
            )
            painter.save()
            painter.translate(o)
            painter.scale(s, s)
            outline = QPainterPath()
            for region, path in self._paths[view].items():
                outline = outline.united(path)
                fraction = self.model.fraction(region)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(SKIN)
                painter.drawPath(path)
                if fraction > 0 and not self.model.is_painted(region):
                    tint = QColor(AFFECTED)
                    tint.setAlphaF(0.15 + 0.6 * fraction)
                    painter.setBrush(tint)
                    painter.drawPath(path)
            rgba = overlay_rgba(self.model, view, (AFFECTED.red(), AFFECTED.green(), AFFECTED.blue(), 190))
            image = QImage(
                rgba.data, rgba.shape[1], rgba.shape[0], rgba.strides[0], QImage.Format.Format_RGBA8888
            )
            painter.setClipPath(outline)
            painter.drawImage(QRectF(0, 0, g.width, g.height), image)
            painter.setClipping(False)
            for region, path in self._paths[view].items():
                chosen = region is self.selected
                pen = QPen(SELECTED if chosen else SKIN_OUTLINE, (3.0 if chosen else 1.2) / s * 1.5)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPath(path)
            painter.restore()
        painter.end()

    # -- interaction --------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        hit = self.to_figure(event.position())
        if hit is None or event.button() != Qt.MouseButton.LeftButton or self.read_only:
            return
        view, point = hit
        if self.tool is MapTool.SELECT:
            region = self.model.geometry.views[view].region_at(point.x(), point.y())
            if region is not None:
                self.select(region)
                self.region_clicked.emit(region.value)
            return
        self._last = hit
        self._stroke(view, point, point)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        hit = self.to_figure(event.position())
        if hit is not None:
            view, point = hit
            region = self.model.geometry.views[view].region_at(point.x(), point.y())
            self.setToolTip(
                f"{region_label(region)}: {round(self.model.fraction(region) * 100)} %" if region else ""
            )
        if self._last is None or not (event.buttons() & Qt.MouseButton.LeftButton):
            return
        if hit is None or hit[0] is not self._last[0]:
            self._last = None
            return
        self._stroke(hit[0], self._last[1], hit[1])
        self._last = hit

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._last = None

    def _stroke(self, view: View, start: QPointF, end: QPointF) -> None:
        touched = self.model.paint(
            view,
            (start.x(), start.y()),
            (end.x(), end.y()),
            self.brush_radius,
            erase=self.tool is MapTool.ERASE,
        )
        if touched:
            first = sorted(touched, key=list(Region).index)[0]
            self.region_clicked.emit(first.value)
