"""The capture tab with the synthetic camera: coaching, auto-capture, unplug/replug, chooser, import."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from desktop_app.capture import Capture, DeviceInfo, FrameSource, SceneSettings, SyntheticSource
from desktop_app.domain.regions import AgeGroup, Region
from desktop_app.ui.capture.chooser import CameraChooser
from desktop_app.ui.capture.page import CapturePage
from desktop_app.ui.capture.viewmodel import CaptureViewModel, SourceChoice, TeeSource
from desktop_app.ui.photos_step import PhotosStep
from desktop_app.ui.review.engine import EngineProvider
from desktop_app.ui.viewmodels.body_map import View
from desktop_app.ui.viewmodels.visit import VisitFlow


def scene(**changes: object) -> Callable[[], FrameSource]:
    return lambda: SyntheticSource(SceneSettings(**changes), fps=30.0)  # type: ignore[arg-type]


@pytest.fixture
def page(qtbot: QtBot) -> Iterator[CapturePage]:
    model = CaptureViewModel()
    widget = CapturePage(model, AgeGroup.AGE_2_PLUS)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    model.stop()


def run(page: CapturePage, factory: Callable[[], FrameSource]) -> None:
    page.model.set_source(factory, "test")
    page.start()


@pytest.mark.parametrize(
    ("defect", "category", "instruction"),
    [
        ({"exposure": 0.15}, "lighting", "Too dark — add light"),
        ({"glare": 0.08}, "glare", "Tilt to remove glare"),
        ({"scale": 0.3}, "distance", "Move closer"),
        ({"offset": (0.7, 0.0)}, "framing", "Centre the lesion"),
        (
            {"cast": (1.0, 1.0, 1.8)},
            "colour_cast",
            "Colour cast — use white light, switch off coloured lamps",
        ),
        ({"blur_sigma": 6.0}, "blur", "Hold still — let the camera focus"),
    ],
)
def test_poor_frames_show_the_right_instruction(
    qtbot: QtBot, page: CapturePage, defect: dict[str, object], category: str, instruction: str
) -> None:
    run(page, scene(**defect))
    qtbot.waitUntil(
        lambda: page.preview.report is not None and page.preview.frames_painted > 2, timeout=10_000
    )
    assert page.preview.instruction() == instruction  # the banner over the preview
    assert page.lights.status_of(category) in ("fix this", "borderline")
    assert instruction in page.lights.instructions[category].text()


def test_a_good_frame_is_all_green(qtbot: QtBot, page: CapturePage) -> None:
    run(page, scene())
    # the synthetic camera starts with a hand-held jolt; then it settles
    qtbot.waitUntil(lambda: page.preview.report is not None and page.preview.report.all_pass, timeout=8000)
    assert page.preview.instruction() == "Ready — hold still"
    assert {page.lights.status_of(c) for c in page.lights.lights} == {"good"}
    assert page.capture_button.isEnabled()


def test_auto_capture_fires_only_when_all_green(qtbot: QtBot, page: CapturePage) -> None:
    fired: list[Capture] = []
    page.captured.connect(
        lambda capture, region: fired.append(capture) if region is Region.TRUNK_FRONT else None
    )
    page.auto_check.setChecked(True)
    run(page, scene(blur_sigma=6.0))  # borderline focus: never all green
    qtbot.waitUntil(lambda: page.preview.report is not None, timeout=10_000)
    qtbot.wait(2500)  # more than the 1 s hold
    assert fired == []
    page.model.set_source(scene(), "good")
    # all green, but no region chosen for the next photo: auto-capture waits for it
    qtbot.waitUntil(lambda: "click the region" in page.region_label.text(), timeout=10_000)
    assert fired == []
    x, y = page.body_model.geometry.anchor(View.FRONT, Region.TRUNK_FRONT)
    qtbot.mouseClick(
        page.body_map, Qt.MouseButton.LeftButton, pos=page.body_map.to_widget(View.FRONT, x, y).toPoint()
    )
    qtbot.waitUntil(lambda: len(fired) >= 1, timeout=10_000)
    assert all(c.report.all_pass for c in fired)
    # switched off: nothing more fires, even on a good picture
    page.auto_check.setChecked(False)
    count = len(fired)
    qtbot.wait(4000)
    assert len(fired) == count


class Unpluggable:
    """The first camera dies after 15 frames; the one opened on retry works (replugged)."""

    def __init__(self) -> None:
        self.opened = 0

    def __call__(self) -> FrameSource:
        self.opened += 1
        if self.opened == 1:
            return SyntheticSource(SceneSettings(width=640, height=480), fps=30.0, fail_after=15)
        return SyntheticSource(SceneSettings(width=640, height=480), fps=30.0)


def test_unplug_shows_a_message_and_replug_recovers_without_freezing(qtbot: QtBot, page: CapturePage) -> None:
    gaps: list[float] = []
    last = [time.monotonic()]

    def tick() -> None:
        now = time.monotonic()
        gaps.append(now - last[0])
        last[0] = now

    probe = QTimer()
    probe.setInterval(20)
    probe.timeout.connect(tick)
    probe.start()
    factory = Unpluggable()
    run(page, factory)
    qtbot.waitUntil(lambda: page.problem.isVisible(), timeout=10_000)
    assert "stopped sending pictures" in page.problem.text()
    assert page.reconnect_button.isVisible()
    assert "stopped sending pictures" in page.preview.message
    shown = page.model.frames_shown
    qtbot.waitUntil(lambda: not page.problem.isVisible(), timeout=10_000)  # retried on its own
    qtbot.waitUntil(lambda: page.model.frames_shown > shown + 5, timeout=10_000)
    assert page.preview.message == ""
    assert factory.opened == 2
    probe.stop()
    # The window kept running through the unplug: waiting out the worker's 1 s retry delay on
    # the GUI thread would stall it for a second; 0.6 s leaves room for a loaded shared machine
    # (0.29 s seen beside a benchmark) without missing that.
    assert max(gaps) < 0.6


def test_reconnect_now_restarts_the_source(qtbot: QtBot, page: CapturePage) -> None:
    opened: list[int] = []

    def factory() -> FrameSource:
        opened.append(1)
        return SyntheticSource(SceneSettings(width=320, height=240), fps=30.0)

    run(page, factory)
    qtbot.waitUntil(lambda: page.model.frames_shown > 2, timeout=10_000)
    page.reconnect_button.click()
    qtbot.waitUntil(lambda: len(opened) == 2, timeout=10_000)


def test_preview_frames_are_reduced_on_the_reader_thread() -> None:
    tee = TeeSource(SyntheticSource(SceneSettings(width=1280, height=720), fps=None), lambda: 640)
    tee.open()
    frame = tee.read()
    tee.close()
    assert frame.rgb.shape == (720, 1280, 3)
    assert tee.newest is not None and tee.newest.rgb.shape == (360, 640, 3)


def test_chooser_lists_cameras_with_their_resolution(qtbot: QtBot) -> None:
    devices = [DeviceInfo("0", "Camera 0 (1280×720)"), DeviceInfo("2", "Camera 2 (640×480)")]
    chooser = CameraChooser(lambda: devices)
    qtbot.addWidget(chooser)
    chosen: list[SourceChoice] = []
    chooser.source_chosen.connect(chosen.append)
    chooser.refresh()
    qtbot.waitUntil(lambda: chooser.device.count() == 3, timeout=3000)
    labels = [chooser.device.itemText(i) for i in range(chooser.device.count())]
    assert labels[0].startswith("Demo camera") and labels[1:] == ["Camera 0 (1280×720)", "Camera 2 (640×480)"]
    chooser.device.setCurrentIndex(2)
    chooser.resolution.setCurrentIndex(2)
    assert chosen[-1] == SourceChoice("camera", "2", (1920, 1080), "Camera 2 (640×480)")
    chooser.show_granted((1920, 1080), (640, 480))
    assert chooser.granted.text() == "Asked 1920×1080, got 640×480"
    chooser.profile.setCurrentIndex(1)
    assert chooser.current_profile() == "dermatoscope"


def test_import_from_file_goes_through_the_safe_importer(
    qtbot: QtBot, flow: VisitFlow, provider: EngineProvider, tmp_path: Path
) -> None:
    step = PhotosStep(flow, engine=provider, camera_lister=lambda: [], source=scene(width=320, height=240))
    qtbot.addWidget(step)
    good = tmp_path / "arm.jpg"
    rgb = SyntheticSource(SceneSettings(width=800, height=600), fps=None)
    rgb.open()
    Image.fromarray(rgb.read().rgb).save(good, quality=92)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(good.read_bytes()[:200])
    step.import_file(str(broken))
    qtbot.waitUntil(lambda: not step.photos.busy(), timeout=10_000)  # read off the GUI thread
    assert step.photos.photos == []
    assert "damaged" in step.message.text() or "truncated" in step.message.text().lower()
    step.import_file(str(good))
    assert len(step.photos.photos) == 1
    photo = step.photos.photos[0]
    qtbot.waitUntil(lambda: not photo.reading, timeout=10_000)
    assert photo.device == "file" and photo.rgb.shape == (600, 800, 3)
    assert isinstance(photo.quality, dict) and set(photo.quality["categories"]) >= {"blur", "glare"}
    qtbot.waitUntil(lambda: photo.result is not None, timeout=10_000)
    assert not photo.kept  # still needs its region
    assert np.array_equal(photo.rgb, np.asarray(Image.open(good).convert("RGB")))
    step.shutdown()


def test_dropping_the_page_stops_the_camera(qtbot: QtBot) -> None:
    model: CaptureViewModel | None = CaptureViewModel()
    assert model is not None
    model.set_source(scene(width=320, height=240), "test")
    model.start()
    worker = model.worker
    assert worker is not None
    qtbot.waitUntil(lambda: worker.status().frames_analysed > 2, timeout=10_000)
    model = None  # the visit page closed: nothing refers to its capture any more
    gc.collect()
    qtbot.waitUntil(lambda: worker.status().state.value == "stopped", timeout=10_000)
