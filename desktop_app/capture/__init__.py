"""Frame sources (camera, video file, image folder, synthetic) behind one protocol, the capture
worker that analyses frames off the GUI thread, and auto-capture (DESIGN §3).

Typical use::

    worker = CaptureWorker(lambda: CameraSource(0), profile="clinical", auto_capture=AutoCapture())
    worker.start()
    snapshot = worker.latest()  # newest frame + QualityReport, never blocks
    worker.stop()
"""

from desktop_app.capture.autocapture import AutoCapture, Capture
from desktop_app.capture.camera import CameraSource, default_backend, list_cameras
from desktop_app.capture.files import ImageFolderSource, VideoFileSource
from desktop_app.capture.source import (
    DeviceInfo,
    EndOfStreamError,
    Frame,
    FrameSource,
    FrameSourceError,
    SourceDisconnectedError,
    SourceOpenError,
)
from desktop_app.capture.synthetic import SceneSettings, SyntheticSource
from desktop_app.capture.worker import CaptureWorker, Snapshot, WorkerState, WorkerStatus

__all__ = [
    "AutoCapture",
    "CameraSource",
    "Capture",
    "CaptureWorker",
    "DeviceInfo",
    "EndOfStreamError",
    "Frame",
    "FrameSource",
    "FrameSourceError",
    "ImageFolderSource",
    "SceneSettings",
    "Snapshot",
    "SourceDisconnectedError",
    "SourceOpenError",
    "SyntheticSource",
    "VideoFileSource",
    "WorkerState",
    "WorkerStatus",
    "default_backend",
    "list_cameras",
]
