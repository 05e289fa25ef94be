"""OpenCV camera source: webcams and USB dermatoscopes (UVC), with the platform's native backend.

Why the care: on Windows the default MSMF backend opens slowly and often refuses MJPG, so
DirectShow is tried first; on macOS only AVFoundation works; on Linux V4L2. High
resolutions over USB 2 need MJPG (uncompressed YUYV caps 1080p at ~5 fps), so MJPG is
requested where offered. Drivers silently grant another size than asked: the granted size
is read back and exposed, so the UI can show "asked 1920×1080, got 640×480".
"""

from __future__ import annotations

import sys
import threading
import time
from typing import Any, Final

import cv2
import numpy as np

from desktop_app.capture.source import DeviceInfo, Frame, SourceDisconnectedError, SourceOpenError

BACKENDS: Final[dict[str, int]] = {
    "auto": cv2.CAP_ANY,
    "dshow": cv2.CAP_DSHOW,
    "msmf": cv2.CAP_MSMF,
    "avfoundation": cv2.CAP_AVFOUNDATION,
    "v4l2": cv2.CAP_V4L2,
}

#: Consecutive failed reads after which the camera is declared disconnected.
MAX_FAILED_READS: Final = 5


def default_backend(platform: str | None = None) -> str:
    """The backend that works best on this operating system."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        return "dshow"
    if platform == "darwin":
        return "avfoundation"
    if platform.startswith("linux"):
        return "v4l2"
    return "auto"


def _backend_id(backend: str) -> int:
    try:
        return BACKENDS[backend]
    except KeyError:
        raise SourceOpenError(
            f"Unknown camera backend {backend!r}: use one of {', '.join(BACKENDS)}."
        ) from None


def list_cameras(max_index: int = 6, backend: str | None = None) -> list[DeviceInfo]:
    """Probe device indices 0..max_index-1 (OpenCV cannot enumerate names portably)."""
    api = _backend_id(backend or default_backend())
    found = []
    for index in range(max_index):
        capture = cv2.VideoCapture(index, api)
        try:
            if capture.isOpened():
                width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH))
                height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
                found.append(DeviceInfo(id=str(index), label=f"Camera {index} ({width}×{height})"))
        finally:
            capture.release()
    return found


def _fourcc_text(value: float) -> str:
    code = int(value)
    return "".join(chr((code >> (8 * i)) & 0xFF) for i in range(4)).strip("\x00")


class CameraSource:
    """A camera by device index. ``capture_factory`` exists so tests can stand in a fake device."""

    def __init__(
        self,
        index: int = 0,
        *,
        backend: str | None = None,
        size: tuple[int, int] | None = (1280, 720),
        fps: float | None = 30.0,
        mjpg: bool = True,
        capture_factory: Any = None,
    ) -> None:
        self._index = index
        self._backend = backend or default_backend()
        self._requested_size = size
        self._requested_fps = fps
        self._mjpg = mjpg
        self._factory = capture_factory or cv2.VideoCapture
        self._capture: Any = None
        self._granted_size: tuple[int, int] | None = None
        self._granted_fps: float | None = None
        self._fourcc = ""
        self._counter = 0
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return f"Camera {self._index} ({self._backend})"

    @property
    def requested_size(self) -> tuple[int, int] | None:
        return self._requested_size

    @property
    def granted_size(self) -> tuple[int, int] | None:
        return self._granted_size

    @property
    def fps(self) -> float | None:
        return self._granted_fps

    @property
    def pixel_format(self) -> str:
        """The FOURCC the driver granted (e.g. ``MJPG``, ``YUYV``), empty if unknown."""
        return self._fourcc

    def list_devices(self) -> list[DeviceInfo]:
        return list_cameras(backend=self._backend)

    def open(self) -> None:
        api = _backend_id(self._backend)
        with self._lock:
            capture = self._factory(self._index, api)
            if not capture.isOpened():
                capture.release()
                raise SourceOpenError(
                    f"Camera {self._index} could not be opened: it may be unplugged, or in use by another "
                    "program (close video-call apps and try again)."
                )
            if self._mjpg:
                capture.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter.fourcc(*"MJPG"))
            if self._requested_size is not None:
                capture.set(cv2.CAP_PROP_FRAME_WIDTH, float(self._requested_size[0]))
                capture.set(cv2.CAP_PROP_FRAME_HEIGHT, float(self._requested_size[1]))
            if self._requested_fps:
                capture.set(cv2.CAP_PROP_FPS, float(self._requested_fps))
            self._granted_size = (
                int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)),
                int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)),
            )
            granted_fps = float(capture.get(cv2.CAP_PROP_FPS))
            self._granted_fps = granted_fps if granted_fps > 0 else None
            self._fourcc = _fourcc_text(capture.get(cv2.CAP_PROP_FOURCC))
            self._capture = capture
            self._counter = 0

    def read(self) -> Frame:
        capture = self._capture
        if capture is None:
            raise SourceOpenError(f"Camera {self._index} is not open.")
        for _ in range(MAX_FAILED_READS):
            try:
                ok, bgr = capture.read()
            except cv2.error:
                ok, bgr = False, None
            if ok and isinstance(bgr, np.ndarray) and bgr.ndim == 3 and bgr.size:
                rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
                self._granted_size = (rgb.shape[1], rgb.shape[0])  # the truth, whatever get() said
                frame = Frame(rgb=rgb, index=self._counter, timestamp=time.monotonic())
                self._counter += 1
                return frame
            time.sleep(0.02)
        raise SourceDisconnectedError(
            f"Camera {self._index} stopped sending pictures (unplugged or taken by another program)."
        )

    def close(self) -> None:
        with self._lock:
            if self._capture is not None:
                self._capture.release()
                self._capture = None
