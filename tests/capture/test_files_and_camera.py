"""Video-file, image-folder and camera sources (the camera through a stand-in OpenCV device)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from PIL import Image

from desktop_app.capture.camera import CameraSource, default_backend
from desktop_app.capture.files import ImageFolderSource, VideoFileSource
from desktop_app.capture.source import EndOfStreamError, SourceDisconnectedError, SourceOpenError


def _write_video(path: Path, frames: int = 6, size: tuple[int, int] = (64, 48)) -> None:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 25.0, size)
    assert writer.isOpened()
    for i in range(frames):
        bgr = np.zeros((size[1], size[0], 3), np.uint8)
        bgr[:, :, 2] = 200  # red in BGR
        bgr[:, : 8 * (i + 1)] = 40
        writer.write(bgr)
    writer.release()


def test_video_file_frames_are_rgb_then_end(tmp_path: Path) -> None:
    path = tmp_path / "clip.avi"
    _write_video(path)
    source = VideoFileSource(path, realtime=False)
    source.open()
    assert source.granted_size == (64, 48) and source.fps == pytest.approx(25.0)
    frames = []
    with pytest.raises(EndOfStreamError):
        while True:
            frames.append(source.read())
    assert len(frames) == 6
    assert frames[0].rgb[0, -1, 0] > 150 and frames[0].rgb[0, -1, 2] < 80  # RGB, not BGR
    source.close()


def test_video_file_loops_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "clip.avi"
    _write_video(path, frames=3)
    source = VideoFileSource(path, realtime=False, loop=True)
    source.open()
    assert len([source.read() for _ in range(8)]) == 8


def test_missing_or_bogus_video_is_an_open_error(tmp_path: Path) -> None:
    with pytest.raises(SourceOpenError):
        VideoFileSource(tmp_path / "none.avi").open()
    bogus = tmp_path / "bogus.avi"
    bogus.write_bytes(b"not a video at all")
    with pytest.raises(SourceOpenError):
        VideoFileSource(bogus).open()


def test_image_folder_skips_bad_files_and_ends(tmp_path: Path) -> None:
    Image.new("RGB", (40, 30), (200, 150, 120)).save(tmp_path / "a.png")
    (tmp_path / "b.jpg").write_bytes(b"\xff\xd8\xff broken")
    Image.new("RGB", (40, 30), (10, 20, 30)).save(tmp_path / "c.jpg")
    (tmp_path / "notes.txt").write_text("ignored")
    source = ImageFolderSource(tmp_path, fps=None)
    source.open()
    first, second = source.read(), source.read()
    assert tuple(first.rgb[0, 0]) == (200, 150, 120) and second.rgb.shape == (30, 40, 3)
    with pytest.raises(EndOfStreamError):
        source.read()
    assert [p.name for p, _ in source.skipped] == ["b.jpg"]


def test_image_folder_loop_and_empty_folder(tmp_path: Path) -> None:
    Image.new("RGB", (20, 20)).save(tmp_path / "only.png")
    source = ImageFolderSource(tmp_path, fps=None, loop=True)
    source.open()
    assert [source.read().index for _ in range(3)] == [0, 1, 2]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(SourceOpenError):
        ImageFolderSource(empty).open()


class _FakeCapture:
    """Stands in for cv2.VideoCapture: grants 640×480 whatever is asked, can be unplugged."""

    def __init__(self, index: int, api: int, *, opened: bool = True, frames: int = 3) -> None:
        self.index, self.api = index, api
        self.opened = opened
        self.frames = frames
        self.props: dict[int, float] = {}

    def isOpened(self) -> bool:  # noqa: N802 - OpenCV's name
        return self.opened

    def set(self, prop: int, value: float) -> bool:
        self.props[prop] = value
        return True

    def get(self, prop: int) -> float:
        granted = {cv2.CAP_PROP_FRAME_WIDTH: 640.0, cv2.CAP_PROP_FRAME_HEIGHT: 480.0, cv2.CAP_PROP_FPS: 30.0}
        return granted.get(prop, self.props.get(prop, 0.0))

    def read(self) -> tuple[bool, Any]:
        if self.frames <= 0:
            return False, None
        self.frames -= 1
        bgr = np.zeros((480, 640, 3), np.uint8)
        bgr[:, :, 0] = 255  # blue in BGR
        return True, bgr

    def release(self) -> None:
        self.opened = False


def test_camera_requests_mjpg_and_reports_what_was_granted() -> None:
    made: list[_FakeCapture] = []

    def factory(index: int, api: int) -> _FakeCapture:
        made.append(_FakeCapture(index, api))
        return made[-1]

    camera = CameraSource(1, backend="v4l2", size=(1920, 1080), fps=30, capture_factory=factory)
    camera.open()
    device = made[0]
    assert device.index == 1 and device.api == cv2.CAP_V4L2
    assert device.props[cv2.CAP_PROP_FOURCC] == cv2.VideoWriter.fourcc(*"MJPG")
    assert device.props[cv2.CAP_PROP_FRAME_WIDTH] == 1920.0
    assert camera.requested_size == (1920, 1080) and camera.granted_size == (640, 480)
    assert camera.pixel_format == "MJPG"
    frame = camera.read()
    assert frame.rgb.shape == (480, 640, 3) and tuple(frame.rgb[0, 0]) == (0, 0, 255)
    camera.close()
    assert not device.opened


def test_unplugged_camera_raises_disconnected() -> None:
    camera = CameraSource(0, backend="auto", capture_factory=lambda i, a: _FakeCapture(i, a, frames=1))
    camera.open()
    camera.read()
    with pytest.raises(SourceDisconnectedError) as info:
        camera.read()
    assert "stopped sending pictures" in info.value.message


def test_busy_camera_and_unknown_backend_are_open_errors() -> None:
    with pytest.raises(SourceOpenError) as info:
        CameraSource(0, backend="auto", capture_factory=lambda i, a: _FakeCapture(i, a, opened=False)).open()
    assert "in use by another program" in info.value.message
    with pytest.raises(SourceOpenError):
        CameraSource(0, backend="quicktime").open()


@pytest.mark.parametrize(
    ("platform", "backend"),
    [("win32", "dshow"), ("darwin", "avfoundation"), ("linux", "v4l2"), ("sunos5", "auto")],
)
def test_default_backend_per_platform(platform: str, backend: str) -> None:
    assert default_backend(platform) == backend
