"""Finite frame sources: a video file and a folder of photos (demo recordings, regression clips).

Folder images go through the safe importer (the same bomb/truncation/metadata rules as a
photo import); a file that fails is skipped and remembered in ``skipped`` rather than
stopping the stream, because one bad file in a folder is ordinary.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Final

import cv2

from desktop_app.capture.source import (
    DeviceInfo,
    EndOfStreamError,
    Frame,
    FramePacer,
    SourceDisconnectedError,
    SourceOpenError,
)
from desktop_app.imaging.importer import SUPPORTED_FORMATS_TEXT, PhotoImportError, import_photo

IMAGE_SUFFIXES: Final = frozenset(
    {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".heic", ".heif", ".webp", ".bmp"}
)


class VideoFileSource:
    """Frames of a video file, paced to the file's frame rate when ``realtime``."""

    def __init__(self, path: Path, *, loop: bool = False, realtime: bool = True) -> None:
        self._path = Path(path)
        self._loop = loop
        self._realtime = realtime
        self._capture: Any = None
        self._size: tuple[int, int] | None = None
        self._fps: float | None = None
        self._pacer = FramePacer(None)
        self._counter = 0

    @property
    def name(self) -> str:
        return f"Video {self._path.name}"

    @property
    def requested_size(self) -> tuple[int, int] | None:
        return None

    @property
    def granted_size(self) -> tuple[int, int] | None:
        return self._size

    @property
    def fps(self) -> float | None:
        return self._fps

    def list_devices(self) -> list[DeviceInfo]:
        return [DeviceInfo(id=str(self._path), label=self.name)] if self._path.is_file() else []

    def open(self) -> None:
        if not self._path.is_file():
            raise SourceOpenError(f"The video file {self._path} does not exist.")
        capture = cv2.VideoCapture(str(self._path))
        if not capture.isOpened():
            capture.release()
            raise SourceOpenError(f"{self._path.name} is not a video this computer can play.")
        self._capture = capture
        self._size = (int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)), int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)))
        fps = float(capture.get(cv2.CAP_PROP_FPS))
        self._fps = fps if 0 < fps < 1000 else None
        self._pacer = FramePacer(self._fps if self._realtime else None)
        self._counter = 0

    def read(self) -> Frame:
        if self._capture is None:
            raise SourceOpenError(f"{self._path.name} is not open.")
        for attempt in range(2):
            try:
                ok, bgr = self._capture.read()
            except cv2.error:
                raise SourceDisconnectedError(f"{self._path.name} could not be decoded further.") from None
            if ok and bgr is not None and bgr.ndim == 3:
                self._pacer.wait()
                frame = Frame(
                    rgb=cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), index=self._counter, timestamp=time.monotonic()
                )
                self._counter += 1
                return frame
            if not self._loop or attempt == 1:
                break
            self._capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
        raise EndOfStreamError(f"The end of {self._path.name} was reached.")

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None


class ImageFolderSource:
    """The photos of a folder in name order, each ``1/fps`` seconds apart (``fps=None``: no pacing)."""

    def __init__(self, folder: Path, *, fps: float | None = 2.0, loop: bool = False) -> None:
        self._folder = Path(folder)
        self._fps = fps
        self._loop = loop
        self._files: list[Path] = []
        self._position = 0
        self._counter = 0
        self._size: tuple[int, int] | None = None
        self._pacer = FramePacer(fps)
        self.skipped: list[tuple[Path, str]] = []

    @property
    def name(self) -> str:
        return f"Folder {self._folder.name}"

    @property
    def requested_size(self) -> tuple[int, int] | None:
        return None

    @property
    def granted_size(self) -> tuple[int, int] | None:
        return self._size

    @property
    def fps(self) -> float | None:
        return self._fps

    def list_devices(self) -> list[DeviceInfo]:
        return [DeviceInfo(id=str(self._folder), label=self.name)] if self._folder.is_dir() else []

    def open(self) -> None:
        if not self._folder.is_dir():
            raise SourceOpenError(f"The folder {self._folder} does not exist.")
        self._files = sorted(p for p in self._folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not self._files:
            raise SourceOpenError(f"The folder {self._folder} holds no photos ({SUPPORTED_FORMATS_TEXT}).")
        self._position = 0
        self._counter = 0

    def read(self) -> Frame:
        if not self._files:
            raise SourceOpenError(f"{self.name} is not open.")
        failures = 0
        while True:
            if self._position >= len(self._files):
                if not self._loop or failures >= len(self._files):
                    raise EndOfStreamError(f"All photos of {self._folder.name} have been shown.")
                self._position = 0
            path = self._files[self._position]
            self._position += 1
            try:
                rgb = import_photo(path).rgb
            except PhotoImportError as exc:
                self.skipped.append((path, exc.message))
                failures += 1
                continue
            self._pacer.wait()
            self._size = (rgb.shape[1], rgb.shape[0])
            frame = Frame(rgb=rgb, index=self._counter, timestamp=time.monotonic())
            self._counter += 1
            return frame

    def close(self) -> None:
        self._files = []
