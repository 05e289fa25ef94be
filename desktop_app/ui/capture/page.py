"""The capture tab: live preview with guide and traffic lights, capture button (and Space),
auto-capture, and the body map that tags each photo with its region.

Consent first: without the patient's photo consent nothing starts — the preview says why and
the capture and import controls are disabled. A camera that stops answering shows a clear
message and a "Reconnect now" button while the worker retries on its own; the window never
waits for it.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.capture import Capture, WorkerState, WorkerStatus
from desktop_app.domain.regions import AgeGroup, Region
from desktop_app.imaging.quality import QualityReport
from desktop_app.ui.capture.preview import PreviewWidget, TrafficLights, report_status
from desktop_app.ui.capture.viewmodel import CaptureViewModel, PreviewFrame
from desktop_app.ui.labels import region_label
from desktop_app.ui.theme import ERROR_TEXT
from desktop_app.ui.viewmodels.body_map import BodyMapModel
from desktop_app.ui.widgets.body_map import BodyMapWidget

translate = QCoreApplication.translate


def state_message(status: WorkerStatus) -> str:
    """What the nurse reads when the camera is not delivering pictures ('' when it is)."""
    if status.state is WorkerState.RETRYING:
        return translate(
            "Capture",
            "The camera stopped sending pictures (unplugged or taken by another program). "
            "Check the cable; reconnecting automatically…",
        )
    if status.state is WorkerState.FAILED:
        return translate(
            "Capture", "The camera could not be reached. Check the cable, then press Reconnect now."
        )
    if status.state is WorkerState.ENDED:
        return translate("Capture", "The recording has ended.")
    if status.state is WorkerState.STARTING:
        return translate("Capture", "Starting the camera…")
    return ""


class CapturePage(QWidget):
    """Emits ``captured(capture, region or None)``; the region comes from a fresh body-map click."""

    captured = Signal(object, object)
    region_clicked = Signal(object)  # Region

    def __init__(self, model: CaptureViewModel, age_group: AgeGroup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.consent = True
        self.preview = PreviewWidget()
        self.lights = TrafficLights()
        self.capture_button = QPushButton(translate("Capture", "Capture (Space)"))
        self.capture_button.setMinimumHeight(44)
        self.capture_button.setStyleSheet("font-size: 15px; font-weight: 700;")
        self.capture_button.clicked.connect(self.capture_now)
        self.auto_check = QCheckBox(translate("Capture", "Capture automatically when everything is green"))
        self.auto_check.setChecked(model.auto_enabled)
        self.auto_check.toggled.connect(model.set_auto)
        self.reconnect_button = QPushButton(translate("Capture", "Reconnect now"))
        self.reconnect_button.clicked.connect(model.restart)
        self.reconnect_button.setVisible(False)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {ERROR_TEXT}; font-weight: 600;")
        self.problem.setVisible(False)
        self.fps_label = QLabel()
        self._fps_shown_at = 0.0
        self.body_model = BodyMapModel(age_group)
        self.body_map = BodyMapWidget(self.body_model)
        self.body_map.setMinimumSize(240, 260)
        self.body_map.region_clicked.connect(self._region_clicked)
        self.region_label = QLabel()
        self.region_label.setWordWrap(True)
        self.fresh_region: Region | None = None

        side = QVBoxLayout()
        side.addWidget(self.lights)
        side.addWidget(self.auto_check)
        side.addWidget(self.capture_button)
        side.addWidget(self.problem)
        side.addWidget(self.reconnect_button, 0, Qt.AlignmentFlag.AlignLeft)
        region_title = QLabel(translate("Capture", "Body region of the photo"))
        region_title.setStyleSheet("font-weight: 700;")
        side.addWidget(region_title)
        side.addWidget(self.region_label)
        side.addWidget(self.body_map, 1)
        left = QVBoxLayout()
        left.addWidget(self.preview, 1)
        left.addWidget(self.fps_label)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(side, 2)

        shortcut = QShortcut(QKeySequence(Qt.Key.Key_Space), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.capture_now)
        self.space_shortcut = shortcut

        self.preview.resized.connect(self._preview_resized)
        model.frame_changed.connect(self._frame)
        model.report_changed.connect(self._report)
        model.status_changed.connect(self._status)
        model.auto_captured.connect(self._auto)
        self._show_region()

    # -- state --------------------------------------------------------------------------------
    def set_consent(self, consent: bool) -> None:
        self.consent = consent
        if not consent:
            self.model.stop()
            self.preview.show_message(
                translate(
                    "Capture",
                    "Photo capture is disabled: this patient has not consented to photos. Record the "
                    "consent in the patient's record to take photos.",
                )
            )
        else:
            self.preview.show_message("")
        self._update_enabled()

    def _update_enabled(self) -> None:
        self.capture_button.setEnabled(self.consent and self.model.running)
        self.auto_check.setEnabled(self.consent)
        self.capture_button.setToolTip(
            "" if self.consent else translate("Capture", "The patient has not consented to photos.")
        )

    def start(self) -> None:
        if self.consent:
            self.model.start()
        self._update_enabled()

    def stop(self) -> None:
        self.model.stop()
        self._update_enabled()

    # -- region -------------------------------------------------------------------------------
    def _region_clicked(self, region_id: str) -> None:
        region = Region(region_id)
        self.fresh_region = region
        self._show_region()
        self.region_clicked.emit(region)

    def _show_region(self, waiting: bool = False) -> None:
        if waiting:
            self.region_label.setText(
                f"<span style='color:{ERROR_TEXT}'><b>"
                + translate("Capture", "Click the body region this photo shows to keep it.")
                + "</b></span>"
            )
        elif self.fresh_region is None:
            self.region_label.setText(translate("Capture", "Click the region you are photographing."))
        else:
            self.region_label.setText(
                translate("Capture", "Next photo: %1").replace("%1", region_label(self.fresh_region))
            )

    def ask_for_region(self) -> None:
        self.body_map.select(None)
        self._show_region(waiting=True)

    def region_taken(self) -> None:
        """The fresh region was used by a photo: the next photo needs its own click."""
        self.fresh_region = None
        self.body_map.select(None)
        self._show_region()

    # -- frames -------------------------------------------------------------------------------
    def _preview_resized(self, width: int, height: int) -> None:
        """Frames are reduced to the preview's size on the reader thread, so drawing is 1:1."""
        frame = self.model.tee.newest.full.rgb if self.model.tee and self.model.tee.newest else None
        aspect = (frame.shape[1] / frame.shape[0]) if frame is not None else 16 / 9
        self.model.preview_width = max(160, min(width, round(height * aspect)))

    def _frame(self, frame: object) -> None:
        if isinstance(frame, PreviewFrame) and self.consent:
            self.preview.show_frame(frame)

    def _report(self, report: object) -> None:
        if isinstance(report, QualityReport):
            self.lights.show_report(report)
            progress = self.model.auto.progress if self.model.auto_enabled else 0.0
            self.preview.show_report(report, progress)
            now = time.monotonic()
            fps = self.model.preview_fps()
            if fps > 0 and now - self._fps_shown_at >= 1.0:  # once a second is enough to read it
                self._fps_shown_at = now
                self.fps_label.setText(
                    translate("Capture", "Preview %1 frames/s").replace("%1", f"{fps:.0f}")
                )

    def _status(self, status: object) -> None:
        if not isinstance(status, WorkerStatus):
            return
        message = state_message(status)
        problem = status.state in (WorkerState.RETRYING, WorkerState.FAILED, WorkerState.ENDED)
        self.problem.setText(message if problem else "")
        self.problem.setVisible(problem)
        self.reconnect_button.setVisible(status.state in (WorkerState.RETRYING, WorkerState.FAILED))
        if self.consent:
            self.preview.show_message(message if problem else "")
        self._update_enabled()

    # -- capturing ----------------------------------------------------------------------------
    def capture_now(self) -> None:
        if not self.capture_button.isEnabled():
            return
        capture = self.model.grab()
        if capture is not None:
            self._emit(capture)

    def _auto(self, capture: object) -> None:
        """Auto-capture needs all green *and* a region clicked for the next photo: a hands-busy
        nurse clicks the region first, then holds the camera; nothing is taken untagged."""
        checked = self.consent and self.auto_check.isChecked()
        if not (isinstance(capture, Capture) and checked and report_status(capture.report) == "pass"):
            return
        if self.fresh_region is None:
            self.region_label.setText(
                translate("Capture", "Everything is green: click the region to let auto-capture take it.")
            )
            return
        self._emit(capture)

    def _emit(self, capture: Capture) -> None:
        self.captured.emit(capture, self.fresh_region)
