"""History add-on: the ASCORAD series for the chart and the photos of every visit.

For the lead to wire into ``ui/pages/history.py`` (see ``attach_history_photos``):

* :func:`ascorad_series` — one point per visit with an ASCORAD proposal: its objective score
  (A/5 + 7B/2; C comes from the patient, so ASCORAD is compared with oSCORAD), and whether the
  clinician's SCORAD of that visit confirmed or corrected it. ``chart_points`` gives the
  ``(date, value)`` list the history chart's ``"ascorad"`` series takes.
* :class:`VisitPhotosPanel` — each visit (newest first) with thumbnails of its photos labelled
  by region and, when the clinician reviewed it, the confirmed lesion %; double-click opens
  the compare view on that region. Thumbnails are decoded off the GUI thread.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.regions import Region
from desktop_app.imaging.importer import import_photo
from desktop_app.storage import AssessmentKind, PatientHistory, Photo, Review, Session, VisitRecord
from desktop_app.ui.capture.strip import THUMB, thumbnail
from desktop_app.ui.labels import region_label

translate = QCoreApplication.translate


@dataclass(frozen=True)
class AscoradPoint:
    visit_id: int
    day: date
    oscorad: float  # the proposal's objective score
    review: Review | None  # the clinician's verdict on it, None if not reviewed yet


def ascorad_series(history: PatientHistory) -> list[AscoradPoint]:
    points: list[AscoradPoint] = []
    for record in history.visits:
        proposals = [
            a for a in record.assessments if a.kind is AssessmentKind.ASCORAD and a.oscorad is not None
        ]
        if not proposals:
            continue
        latest = proposals[-1]
        reviews = [
            a.review
            for a in record.assessments
            if a.kind is AssessmentKind.CLINICIAN_SCORAD and a.review_of == latest.id
        ]
        points.append(
            AscoradPoint(
                record.visit.id,
                record.visit.visit_date,
                float(latest.oscorad or 0.0),
                reviews[-1] if reviews else None,
            )
        )
    return points


def chart_points(history: PatientHistory) -> list[tuple[date, float]]:
    """The ``"ascorad"`` series for ``HistoryChart`` (objective ASCORAD per visit)."""
    return [(p.day, p.oscorad) for p in ascorad_series(history)]


@dataclass(frozen=True)
class VisitPhotos:
    record: VisitRecord
    photos: tuple[tuple[Photo, float | None], ...]  # photo, clinician-confirmed lesion %


def visit_photos(history: PatientHistory) -> list[VisitPhotos]:
    """Visits that have photos, newest first."""
    out = []
    for record in reversed(history.visits):
        if not record.photos:
            continue
        rows = []
        for photo in record.photos:
            notes = [a for a in record.annotations if a.photo_id == photo.id]
            rows.append((photo, notes[-1].lesion_percent if notes else None))
        out.append(VisitPhotos(record, tuple(rows)))
    return out


class _Thumbs(QObject):
    ready = Signal(str, object)  # photo id, RGB array or None


class VisitPhotosPanel(QWidget):
    """Photos per visit; ``compare_requested(region_id)`` on double-click (also opens the dialog)."""

    compare_requested = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop_app.ui.capture.i18n import install_capture_translator

        install_capture_translator()
        self.session = session
        self.history: PatientHistory | None = None
        self.title = QLabel(translate("HistoryPhotos", "Photos per visit"))
        self.title.setStyleSheet("font-weight: 700;")
        self.empty = QLabel(translate("HistoryPhotos", "No photos for this patient."))
        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(THUMB)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setSpacing(6)
        self.list.setAccessibleName(translate("HistoryPhotos", "Photos per visit"))
        self.list.itemDoubleClicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        self._items: dict[str, QListWidgetItem] = {}
        self._thumbs = _Thumbs(self)
        self._thumbs.ready.connect(self._thumb_ready)
        self._generation = 0
        self.compare_dialog: QWidget | None = None

    def show_history(self, history: PatientHistory | None) -> None:
        self.history = history
        self.list.clear()
        self._items.clear()
        self._generation += 1
        groups = visit_photos(history) if history is not None else []
        self.empty.setVisible(not groups)
        self.list.setVisible(bool(groups))  # no empty box squeezing the visit table
        wanted: list[str] = []
        for group in groups:
            day = group.record.visit.visit_date.isoformat()
            for photo, lesion in group.photos:
                text = f"{day}\n{region_label(Region(photo.region))}"
                if lesion is not None:
                    text += "\n" + translate("HistoryPhotos", "lesion %1 %").replace("%1", f"{lesion:.0f}")
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, photo.region)
                item.setToolTip(
                    translate("HistoryPhotos", "Double-click to compare this region across visits")
                )
                self.list.addItem(item)
                self._items[photo.id] = item
                wanted.append(photo.id)
        if wanted:
            generation = self._generation
            threading.Thread(target=self._load, args=(wanted, generation), daemon=True).start()

    def _load(self, photo_ids: list[str], generation: int) -> None:
        for photo_id in photo_ids:
            if generation != self._generation:
                return
            try:
                rgb: np.ndarray | None = import_photo(self.session.read_photo(photo_id), max_side=256).rgb
            except Exception:  # a damaged photo keeps its text-only tile
                rgb = None
            self._thumbs.ready.emit(photo_id, rgb)

    def _thumb_ready(self, photo_id: str, rgb: object) -> None:
        item = self._items.get(photo_id)
        if item is not None and isinstance(rgb, np.ndarray):
            item.setIcon(QIcon(thumbnail(rgb)))

    def thumbnails_loaded(self) -> int:
        return sum(not item.icon().isNull() for item in self._items.values())

    def _open(self, item: QListWidgetItem) -> None:
        region = str(item.data(Qt.ItemDataRole.UserRole))
        self.compare_requested.emit(region)
        if self.history is None:
            return
        from desktop_app.ui.compare.view import CompareDialog

        dialog = CompareDialog(self.session, self.history.patient.id, Region(region), self)
        dialog.open()
        self.compare_dialog = dialog


def attach_history_photos(page: QWidget) -> VisitPhotosPanel:
    """Add the photos panel under the history page's table and keep it in step with the patient.

    ``page`` is a ``desktop_app.ui.pages.history.HistoryPage``: the panel joins its splitter and
    its ``show_patient`` is wrapped to refresh the panel after the page has loaded the history.
    """
    session: Session = page.session  # type: ignore[attr-defined]
    panel = VisitPhotosPanel(session)
    splitter = page.findChild(QSplitter)
    if splitter is not None:
        splitter.addWidget(panel)
        splitter.setStretchFactor(splitter.count() - 1, 2)
    else:
        layout = page.layout()
        if layout is not None:
            layout.addWidget(panel)
    original = page.show_patient  # type: ignore[attr-defined]

    def show_patient(patient_id: int) -> None:
        original(patient_id)
        panel.show_history(page.history)  # type: ignore[attr-defined]

    page.show_patient = show_patient  # type: ignore[attr-defined]
    page.photos_panel = panel  # type: ignore[attr-defined]
    return panel
