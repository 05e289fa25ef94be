"""The frame-source protocol every camera, file and synthetic source follows, and its errors.

One protocol so the capture worker, the GUI preview and the tests never care where frames
come from: ``open()``, ``read()`` (one RGB uint8 frame or a typed error), ``close()``,
``requested_size``/``granted_size`` (cameras silently grant another resolution than asked;
the app must show what it really got), and ``list_devices()`` for the picker.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np


@dataclass(frozen=True)
class Frame:
    """One captured frame: RGB uint8 pixels, its sequence number and monotonic capture time."""

    rgb: np.ndarray
    index: int
    timestamp: float

    @staticmethod
    def now(rgb: np.ndarray, index: int) -> Frame:
        return Frame(rgb=rgb, index=index, timestamp=time.monotonic())


@dataclass(frozen=True)
class DeviceInfo:
    """A device the user can pick: ``id`` opens it again (camera index, path or ``"demo"``)."""

    id: str
    label: str


class FrameSourceError(Exception):
    """Base class of source failures; ``reason`` is a stable code, the message is for people."""

    reason = "source_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SourceOpenError(FrameSourceError):
    """The device or file could not be opened (missing, busy, permission, unsupported)."""

    reason = "open_failed"


class SourceDisconnectedError(FrameSourceError):
    """The source stopped delivering frames mid-stream (camera unplugged, driver crashed)."""

    reason = "disconnected"


class EndOfStreamError(FrameSourceError):
    """A finite source (video file, folder) has no more frames. Not a fault."""

    reason = "end_of_stream"


@runtime_checkable
class FrameSource(Protocol):
    """What every frame source provides. ``read`` may block up to about one frame interval."""

    @property
    def name(self) -> str: ...

    @property
    def requested_size(self) -> tuple[int, int] | None: ...

    @property
    def granted_size(self) -> tuple[int, int] | None: ...

    @property
    def fps(self) -> float | None: ...

    def open(self) -> None: ...

    def read(self) -> Frame: ...

    def close(self) -> None: ...

    def list_devices(self) -> list[DeviceInfo]: ...


class FramePacer:
    """Sleeps so that successive frames are ``1/fps`` apart (for files and the demo source)."""

    def __init__(self, fps: float | None) -> None:
        self._interval = 0.0 if not fps else 1.0 / fps
        self._next = 0.0

    def wait(self) -> None:
        if self._interval <= 0:
            return
        now = time.monotonic()
        if self._next == 0.0 or now - self._next > 0.5:  # first frame, or we fell far behind
            self._next = now
        elif self._next > now:
            time.sleep(self._next - now)
        self._next += self._interval
