"""Side-by-side photos with synchronised zoom and pan, and both visits' scores under them."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap, QWheelEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.regions import Region
from desktop_app.imaging.importer import PhotoImportError, import_photo
from desktop_app.storage import PatientHistory, Review, Session, StorageError
from desktop_app.ui.capture.visit_photos import unreadable_text
from desktop_app.ui.compare.data import ComparePhoto, default_pair, region_photos, regions_with_photos
from desktop_app.ui.labels import kind_label, region_label

translate = QCoreApplication.translate
ZOOM_STEP = 1.25
MAX_ZOOM = 16.0


class SyncedPhotoView(QGraphicsView):
    """A zoomable, draggable photo; ``view_changed`` tells the twin to follow."""

    view_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self.item)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setMinimumSize(300, 240)
        self.zoom = 1.0
        self._following = False
        self.horizontalScrollBar().valueChanged.connect(self._moved)
        self.verticalScrollBar().valueChanged.connect(self._moved)

    def set_rgb(self, rgb: np.ndarray | None) -> None:
        if rgb is None:
            self.item.setPixmap(QPixmap())
            return
        rgb = np.ascontiguousarray(rgb)
        image = QImage(rgb.data, rgb.shape[1], rgb.shape[0], rgb.strides[0], QImage.Format.Format_RGB888)
        self.item.setPixmap(QPixmap.fromImage(image.copy()))
        self.scene().setSceneRect(self.item.boundingRect())
        self.fit()

    def fit(self) -> None:
        """Whole photo in view (zoom 1); the twin is told once, after the change."""
        self._following = True
        try:
            self.zoom = 1.0
            self.resetTransform()
            if not self.item.pixmap().isNull():
                self.fitInView(self.item, Qt.AspectRatioMode.KeepAspectRatio)
        finally:
            self._following = False

    def set_zoom(self, zoom: float) -> None:
        zoom = max(1.0, min(MAX_ZOOM, zoom))
        factor = zoom / self.zoom
        if abs(factor - 1.0) > 1e-9:
            self.scale(factor, factor)
            self.zoom = zoom
        self.view_changed.emit()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        step = ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP
        self.set_zoom(self.zoom * step)

    def _moved(self) -> None:
        if not self._following:
            self.view_changed.emit()

    def relative_position(self) -> tuple[float, float]:
        """Scroll position as a fraction of its range (0-1), to apply to a photo of another size."""
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        fx = 0.5 if h.maximum() == h.minimum() else (h.value() - h.minimum()) / (h.maximum() - h.minimum())
        fy = 0.5 if v.maximum() == v.minimum() else (v.value() - v.minimum()) / (v.maximum() - v.minimum())
        return fx, fy

    def follow(self, other: SyncedPhotoView) -> None:
        """Take the other view's zoom and relative position."""
        self._following = True
        try:
            if abs(other.zoom - self.zoom) > 1e-9:
                factor = other.zoom / self.zoom
                self.scale(factor, factor)
                self.zoom = other.zoom
            fx, fy = other.relative_position()
            h, v = self.horizontalScrollBar(), self.verticalScrollBar()
            h.setValue(round(h.minimum() + fx * (h.maximum() - h.minimum())))
            v.setValue(round(v.minimum() + fy * (v.maximum() - v.minimum())))
        finally:
            self._following = False


def scores_text(photo: ComparePhoto) -> str:
    s = photo.scores
    parts = [photo.record.visit.visit_date.isoformat()]
    parts.append(f"{kind_label('scorad')} {'–' if s.scorad is None else f'{s.scorad:.1f}'}")
    parts.append(
        translate("Compare", "%1 proposal (objective) %2")
        .replace("%1", kind_label("ascorad"))
        .replace("%2", "–" if s.ascorad_oscorad is None else f"{s.ascorad_oscorad:.1f}")
    )
    if s.review is Review.CONFIRMED:
        parts.append(translate("Compare", "confirmed by the clinician"))
    elif s.review is Review.CORRECTED:
        parts.append(translate("Compare", "corrected by the clinician"))
    if photo.lesion_percent is not None:
        parts.append(
            translate("Compare", "lesion %1 % of the skin").replace("%1", f"{photo.lesion_percent:.0f}")
        )
    return " · ".join(parts)


class CompareView(QWidget):
    """Pick a region and two of its photos (default: the first and the latest visit)."""

    def __init__(
        self, session: Session, patient_id: int, region: Region | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        from desktop_app.ui.capture.i18n import install_capture_translator

        install_capture_translator()
        self.session = session
        self.history: PatientHistory = session.patient_history(patient_id)
        self.photos: list[ComparePhoto] = []
        self.region_box = QComboBox()
        self.region_box.setAccessibleName(translate("Compare", "Body region"))
        for r in regions_with_photos(self.history):
            self.region_box.addItem(region_label(r), r.value)
        self.pickers = (QComboBox(), QComboBox())
        self.views = (SyncedPhotoView(), SyncedPhotoView())
        self.captions = (QLabel(), QLabel())
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.reset_button = QPushButton(translate("Compare", "Fit both"))
        self.reset_button.clicked.connect(self.fit)
        top = QHBoxLayout()
        top.addWidget(QLabel(translate("Compare", "Region")))
        top.addWidget(self.region_box)
        top.addStretch(1)
        top.addWidget(self.reset_button)
        grid = QGridLayout()
        for col in range(2):
            self.pickers[col].setAccessibleName(
                translate("Compare", "Earlier photo") if col == 0 else translate("Compare", "Later photo")
            )
            self.pickers[col].currentIndexChanged.connect(lambda _i, c=col: self._show(c))
            self.captions[col].setWordWrap(True)
            grid.addWidget(self.pickers[col], 0, col)
            grid.addWidget(self.views[col], 1, col)
            grid.addWidget(self.captions[col], 2, col)
        grid.setRowStretch(1, 1)
        self.views[0].view_changed.connect(lambda: self.views[1].follow(self.views[0]))
        self.views[1].view_changed.connect(lambda: self.views[0].follow(self.views[1]))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addLayout(grid, 1)
        self.region_box.currentIndexChanged.connect(lambda _i: self._load_region())
        if region is not None:
            index = self.region_box.findData(region.value)
            if index >= 0:
                self.region_box.setCurrentIndex(index)
        self._load_region()

    def _load_region(self) -> None:
        value = self.region_box.currentData()
        self.photos = region_photos(self.history, Region(value)) if value else []
        pair = default_pair(self.photos)
        for picker in self.pickers:
            picker.blockSignals(True)
            picker.clear()
            for photo in self.photos:
                picker.addItem(photo.label)
            picker.blockSignals(False)
        if not self.photos:
            self.message.setText(translate("Compare", "No photos of this patient to compare yet."))
        elif pair is None:
            self.message.setText(translate("Compare", "Only one visit has photos of this region so far."))
        else:
            self.message.setText("")
        first, second = pair if pair is not None else (0, max(0, len(self.photos) - 1))
        if self.photos:
            self.pickers[0].setCurrentIndex(first)
            self.pickers[1].setCurrentIndex(second)
            self._show(0)
            self._show(1)

    def _show(self, col: int) -> None:
        index = self.pickers[col].currentIndex()
        if not 0 <= index < len(self.photos):
            self.views[col].set_rgb(None)
            self.captions[col].setText("")
            return
        chosen = self.photos[index]
        try:
            rgb = import_photo(self.session.read_photo(chosen.photo.id)).rgb
        except (StorageError, PhotoImportError) as exc:
            self.views[col].set_rgb(None)
            self.captions[col].setText(unreadable_text(chosen.photo.region, exc))
            return
        self.views[col].set_rgb(rgb)
        self.captions[col].setText(scores_text(chosen))
        if col == 1:
            self.views[1].follow(self.views[0])

    def fit(self) -> None:
        for view in self.views:
            view.fit()


class CompareDialog(QDialog):
    def __init__(
        self, session: Session, patient_id: int, region: Region | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Compare", "Compare photos"))
        self.resize(1200, 720)
        self.view = CompareView(session, patient_id, region)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(translate("Compare", "Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
