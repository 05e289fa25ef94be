"""Capture state for the GUI: the worker, the newest preview frame, the report, auto-capture.

Why a tee around the source: the worker publishes *analysed* frames, and analysis may fall
behind on a busy machine; the preview must still move at the camera's rate. :class:`TeeSource`
keeps the newest raw frame (and a preview-sized copy, reduced on the reader thread) as it is
read, so the GUI timer only swaps a reference and draws. Nothing here ever waits on the
camera: ``poll`` reads references, worker callbacks cross to the GUI thread through queued
signals, and a disconnected camera is a worker *state* shown as a message.
"""

from __future__ import annotations

import queue
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.capture import (
    AutoCapture,
    CameraSource,
    Capture,
    CaptureWorker,
    DeviceInfo,
    Frame,
    FrameSource,
    SceneSettings,
    SyntheticSource,
    WorkerState,
    WorkerStatus,
)
from desktop_app.imaging.quality import QualityReport

PREVIEW_INTERVAL_MS = 10  # poll faster than any camera delivers, so no frame waits a tick
STATUS_INTERVAL_MS = 200
DEFAULT_PREVIEW_WIDTH = 960
RESOLUTIONS: tuple[tuple[int, int], ...] = ((640, 480), (1280, 720), (1920, 1080))


@dataclass(frozen=True)
class SourceChoice:
    """What the chooser selected: ``kind`` "demo" or "camera", the device id and size asked."""

    kind: str
    device: str
    size: tuple[int, int]
    label: str

    def factory(self) -> Callable[[], FrameSource]:
        width, height = self.size
        if self.kind == "demo":
            return lambda: SyntheticSource(SceneSettings(width=width, height=height), fps=30.0)
        index = int(self.device)
        return lambda: CameraSource(index, size=(width, height))


def demo_choice(size: tuple[int, int] = (1280, 720)) -> SourceChoice:
    return SourceChoice("demo", "demo", size, "demo")


@dataclass(frozen=True)
class PreviewFrame:
    rgb: np.ndarray  # preview-sized RGB uint8, C-contiguous
    full: Frame  # the frame as captured


class TeeSource:
    """A frame source that remembers the newest frame it delivered (see the module docstring)."""

    def __init__(self, inner: FrameSource, preview_width: Callable[[], int]) -> None:
        self.inner = inner
        self._preview_width = preview_width
        self.newest: PreviewFrame | None = None

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def requested_size(self) -> tuple[int, int] | None:
        return self.inner.requested_size

    @property
    def granted_size(self) -> tuple[int, int] | None:
        return self.inner.granted_size

    @property
    def fps(self) -> float | None:
        return self.inner.fps

    def open(self) -> None:
        self.inner.open()

    def read(self) -> Frame:
        frame = self.inner.read()
        rgb = frame.rgb
        width = max(64, self._preview_width())
        if rgb.shape[1] > width:
            height = max(1, round(rgb.shape[0] * width / rgb.shape[1]))
            rgb = cv2.resize(rgb, (width, height), interpolation=cv2.INTER_AREA)
        self.newest = PreviewFrame(np.ascontiguousarray(rgb), frame)
        return frame

    def close(self) -> None:
        self.inner.close()

    def list_devices(self) -> list[DeviceInfo]:
        return self.inner.list_devices()


class _Stopper:
    """One long-lived thread that winds workers down (starting a thread per stop would itself
    wait on the scheduler, on the GUI thread)."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[tuple[CaptureWorker, threading.Event]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def stop(self, worker: CaptureWorker) -> threading.Event:
        done = threading.Event()
        self._queue.put((worker, done))
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="capture-stopper", daemon=True)
                self._thread.start()
        return done

    def _run(self) -> None:
        while True:
            worker, done = self._queue.get()
            try:
                worker.stop(timeout=2.0)
            finally:
                done.set()


_STOPPER = _Stopper()


class _LiveWorker:
    """The running worker, held outside the QObject so it can be stopped after Qt deleted it."""

    def __init__(self) -> None:
        self.worker: CaptureWorker | None = None

    def stop(self, *_args: object) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            _STOPPER.stop(worker)


class CaptureViewModel(QObject):
    """One live source at a time; ``start``/``stop`` follow the page's visibility."""

    frame_changed = Signal(object)  # PreviewFrame
    report_changed = Signal(object)  # QualityReport
    status_changed = Signal(object)  # WorkerStatus
    auto_captured = Signal(object)  # Capture (already on the GUI thread)
    _capture_from_worker = Signal(object)

    def __init__(self, profile: str = "clinical", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self.auto_enabled = True
        self.auto = AutoCapture()
        self.worker: CaptureWorker | None = None
        self.tee: TeeSource | None = None
        self.source_label = ""
        self._preview_width = [DEFAULT_PREVIEW_WIDTH]  # a box the reader thread reads without self
        self._factory: Callable[[], FrameSource] | None = None
        self._shown_index = -1
        self._shown_report: QualityReport | None = None
        self._last_status: tuple[WorkerState, str] | None = None
        self._frame_times: list[float] = []
        self.frames_shown = 0
        self._stopping: threading.Event | None = None
        # a page dropped while the camera runs (the visit closed) must not leave the worker on.
        # weakref.finalize, not the QObject's destroyed signal: connecting to that signal was
        # seen to hang inside the bindings under load.
        self._alive = _LiveWorker()
        weakref.finalize(self, self._alive.stop)
        self._start_pending = False
        self._capture_from_worker.connect(self._deliver_capture)
        self._preview_timer = QTimer(self)
        self._preview_timer.setInterval(PREVIEW_INTERVAL_MS)
        self._preview_timer.timeout.connect(self.poll)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_INTERVAL_MS)
        self._status_timer.timeout.connect(self.poll_status)

    # -- source -------------------------------------------------------------------------------
    def set_source(self, factory: Callable[[], FrameSource], label: str = "") -> None:
        """Use another source; restarts the worker if it was running."""
        running = self.running
        self.stop()
        self._factory = factory
        self.source_label = label
        if running:
            self.start()

    @property
    def preview_width(self) -> int:
        return self._preview_width[0]

    @preview_width.setter
    def preview_width(self, width: int) -> None:
        self._preview_width[0] = width

    @property
    def running(self) -> bool:
        return self.worker is not None

    def start(self) -> None:
        if self.worker is not None or self._factory is None:
            return
        if self._stopping is not None and not self._stopping.is_set():
            # the previous worker still holds the device: try again shortly, never wait here
            if not self._start_pending:
                self._start_pending = True
                QTimer.singleShot(20, self._deferred_start)
            return
        self.auto.reset()
        self._frame_times.clear()
        self._shown_index = -1
        self._last_status = None
        # the worker's threads hold only weak references to this object, so a dropped page is
        # collected (and its camera stopped by the finalizer) even while frames are flowing
        me = weakref.ref(self)
        box = self._preview_width

        def width() -> int:
            return box[0]

        def make_source() -> FrameSource:
            model = me()
            if model is None or model._factory is None:
                raise RuntimeError("The capture page was closed.")
            tee = TeeSource(model._factory(), width)
            model.tee = tee
            return tee

        def on_capture(capture: Capture) -> None:
            model = me()
            if model is not None:
                model._capture_from_worker.emit(capture)

        self.worker = CaptureWorker(
            make_source, profile=self.profile, auto_capture=self.auto, on_capture=on_capture
        )
        self.worker.start()
        self._alive.worker = self.worker
        self._preview_timer.start()
        self._status_timer.start()
        self.poll_status()

    def _deferred_start(self) -> None:
        self._start_pending = False
        self.start()

    def stop(self) -> None:
        """Stop the preview now; the worker winds down on a helper thread.

        ``CaptureWorker.stop`` joins its analysis thread, which only notices the stop at its
        next 0.1 s wake-up: joining on the GUI thread would freeze the window that long.
        """
        worker, self.worker = self.worker, None
        self._alive.worker = None
        self._preview_timer.stop()
        self._status_timer.stop()
        self._start_pending = False
        if worker is not None:
            self._stopping = _STOPPER.stop(worker)
        self.tee = None

    def restart(self) -> None:
        """'Reconnect now': a fresh worker on the same source."""
        self.stop()
        self.start()

    def set_profile(self, profile: str) -> None:
        self.profile = profile
        if self.worker is not None:
            self.worker.set_profile(profile)

    def set_auto(self, enabled: bool) -> None:
        self.auto_enabled = enabled
        self.auto.reset()

    # -- polling (GUI thread, never blocks) ------------------------------------------------------
    def poll(self) -> None:
        tee = self.tee
        newest = tee.newest if tee is not None else None
        if newest is not None and newest.full.index != self._shown_index:
            self._shown_index = newest.full.index
            now = time.monotonic()
            self._frame_times.append(now)
            if len(self._frame_times) > 60:
                del self._frame_times[:-60]
            self.frames_shown += 1
            self.frame_changed.emit(newest)
        worker = self.worker
        snapshot = worker.latest() if worker is not None else None
        if snapshot is not None and snapshot.report is not self._shown_report:
            self._shown_report = snapshot.report
            self.report_changed.emit(snapshot.report)

    def poll_status(self) -> None:
        worker = self.worker
        if worker is None:
            return
        status = worker.status()
        key = (status.state, status.message)
        if key != self._last_status:
            self._last_status = key
            self.status_changed.emit(status)

    def preview_fps(self) -> float:
        times = self._frame_times
        if len(times) < 10 or times[-1] <= times[0]:
            return 0.0
        return (len(times) - 1) / (times[-1] - times[0])

    # -- capture ------------------------------------------------------------------------------
    def latest_report(self) -> QualityReport | None:
        return self._shown_report

    def status(self) -> WorkerStatus | None:
        return None if self.worker is None else self.worker.status()

    def grab(self) -> Capture | None:
        """The newest full-size frame and the newest report (manual capture)."""
        tee = self.tee
        newest = tee.newest if tee is not None else None
        worker = self.worker
        snapshot = worker.latest() if worker is not None else None
        if newest is None or snapshot is None:
            return None
        frame = newest.full
        return Capture(
            rgb=frame.rgb, report=snapshot.report, timestamp=frame.timestamp, frame_index=frame.index
        )

    def _deliver_capture(self, capture: object) -> None:
        if self.auto_enabled and self.worker is not None and isinstance(capture, Capture):
            self.auto_captured.emit(capture)
