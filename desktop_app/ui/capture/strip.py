"""The visit's photos as a strip of thumbnails, with delete and retake.

Each thumbnail says in words what state the photo is in (its file being read, needs a region,
saving, scoring, proposal ready, refused) — not only with a colour.
"""

from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal, SignalInstance
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.capture.visit_photos import VisitPhoto
from desktop_app.ui.labels import region_label

translate = QCoreApplication.translate
THUMB = QSize(128, 80)


def thumbnail(rgb: np.ndarray, size: QSize = THUMB) -> QPixmap:
    h, w = rgb.shape[:2]
    scale = min(size.width() / w, size.height() / h)
    small = np.ascontiguousarray(
        cv2.resize(rgb, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    )
    image = QImage(small.data, small.shape[1], small.shape[0], small.strides[0], QImage.Format.Format_RGB888)
    return QPixmap.fromImage(image.copy())


def photo_state(photo: VisitPhoto) -> str:
    if photo.reading:
        return translate("Capture", "Reading photo…")
    if photo.region is None:
        return translate("Capture", "Tag the region")
    if photo.error:
        return translate("Capture", "Error")
    if photo.saving:
        return translate("Capture", "Saving…")
    if photo.result is None:
        return translate("Capture", "Scoring…")
    if not photo.result.accepted:
        return translate("Capture", "Refused — retake")
    if photo.review is not None and photo.review.reviewed:
        return translate("Capture", "Reviewed")
    return translate("Capture", "Proposal ready")


def reading_text(photo: VisitPhoto) -> str:
    """'Reading arm.jpg…' while an imported file is being read ('' otherwise)."""
    if not photo.reading:
        return ""
    return translate("Capture", "Reading %1…").replace("%1", photo.file_name)


class PhotoStrip(QWidget):
    selected = Signal(int)  # photo key (0 = none)
    delete_requested = Signal(int)
    retake_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setIconSize(THUMB)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setFixedHeight(THUMB.height() + 58)
        self.list.setSpacing(4)
        self.list.setAccessibleName(translate("Capture", "Photos of this visit"))
        self.list.currentItemChanged.connect(self._current_changed)
        self.delete_button = QPushButton(translate("Capture", "Delete photo"))
        self.retake_button = QPushButton(translate("Capture", "Retake"))
        self.delete_button.clicked.connect(lambda: self._request(self.delete_requested))
        self.retake_button.clicked.connect(lambda: self._request(self.retake_requested))
        buttons = QVBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.retake_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self._thumbs: dict[int, tuple[np.ndarray, QIcon]] = {}  # key -> (the pixels drawn, icon)
        self._update_buttons()

    @staticmethod
    def _key(item: QListWidgetItem | None) -> int:
        return 0 if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def current_key(self) -> int:
        return self._key(self.list.currentItem())

    def _request(self, signal: SignalInstance) -> None:
        key = self.current_key()
        if key:
            signal.emit(key)

    def _current_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        self._update_buttons()
        self.selected.emit(self._key(current))

    def _update_buttons(self) -> None:
        has = self.list.currentItem() is not None
        self.delete_button.setEnabled(has)
        self.retake_button.setEnabled(has)

    def show_photos(self, photos: list[VisitPhoto], current: int | None = None) -> None:
        keep = self.current_key() if current is None else current
        self.list.blockSignals(True)
        self.list.clear()
        for photo in photos:
            drawn = self._thumbs.get(photo.key)
            if drawn is None or drawn[0] is not photo.scored_rgb:  # new, or its file was just read
                drawn = self._thumbs[photo.key] = (photo.scored_rgb, QIcon(thumbnail(photo.scored_rgb)))
            region = region_label(photo.region) if photo.region else "?"
            item = QListWidgetItem(drawn[1], f"{region}\n{photo_state(photo)}")
            item.setData(Qt.ItemDataRole.UserRole, photo.key)
            item.setToolTip(photo.error or reading_text(photo) or photo_state(photo))
            self.list.addItem(item)
            if photo.key == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._update_buttons()

    def select(self, key: int) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if self._key(item) == key:
                self.list.setCurrentItem(item)
        self._update_buttons()
