"""Importing a photo file never freezes the photos step: the file is read off the GUI thread.

The clinician clicks Import, picks a file (the dialog is answered by the test), and the photo is
in the strip at once, marked as being read; the window keeps working while a big file or one on
a slow share is decoded. Slow decodes are simulated by an importer that waits on an event.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from pytestqt.qtbot import QtBot

from desktop_app.capture import SceneSettings, SyntheticSource
from desktop_app.domain.regions import Region
from desktop_app.imaging.importer import ImportedPhoto
from desktop_app.storage import Session
from desktop_app.ui.capture import visit_photos
from desktop_app.ui.capture.strip import THUMB
from desktop_app.ui.photos_step import PhotosStep
from desktop_app.ui.review.engine import EngineProvider
from desktop_app.ui.viewmodels.visit import VisitFlow
from tests.ui.capture.support import choose_in_dialog, jpeg, photos_step, skin


class SlowImporter:
    """``import_photo`` that holds the files named in ``slow`` until ``release`` is set (a
    60-megapixel photo, a network share), then decodes them for real."""

    def __init__(self, *slow: str) -> None:
        self.slow = set(slow)
        self.release = threading.Event()
        self.started = threading.Event()
        self.real = visit_photos.import_photo

    def __call__(self, source: Path, **kwargs: Any) -> ImportedPhoto:
        if source.name in self.slow:
            self.started.set()
            assert self.release.wait(30), "the test never released the slow file"
        return self.real(source, **kwargs)


@pytest.fixture
def step(qtbot: QtBot, flow: VisitFlow, provider: EngineProvider) -> Iterator[PhotosStep]:
    widget = photos_step(flow, provider)
    qtbot.addWidget(widget)
    widget.capture.auto_check.setChecked(False)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()


@pytest.fixture
def slow(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., SlowImporter]]:
    made: list[SlowImporter] = []

    def make(*names: str) -> SlowImporter:
        importer = SlowImporter(*names)
        monkeypatch.setattr(visit_photos, "import_photo", importer)
        made.append(importer)
        return importer

    yield make
    for importer in made:  # never leave a reader thread waiting
        importer.release.set()


def click_import(step: PhotosStep, monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    choose_in_dialog(monkeypatch, path, lambda: None)
    step.chooser.import_button.click()  # an exception in any slot fails the test (pytest-qt)


def strip_texts(step: PhotosStep) -> list[str]:
    return [step.strip.list.item(row).text() for row in range(step.strip.list.count())]


def thumbnail_centre(step: PhotosStep, row: int) -> tuple[int, int, int]:
    image = step.strip.list.item(row).icon().pixmap(THUMB).toImage()
    colour = image.pixelColor(image.width() // 2, image.height() // 2)
    return colour.red(), colour.green(), colour.blue()


def test_an_imported_photo_shows_as_being_read_then_appears_and_is_scored(
    qtbot: QtBot, step: PhotosStep, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = jpeg(tmp_path / "bras gauche.jpg", skin(800, 600))
    click_import(step, monkeypatch, path)
    # the click returned before the file was decoded: the photo is there, saying so
    assert len(step.photos.photos) == 1
    photo = step.photos.photos[0]
    assert photo.reading and photo.result is None and step.photos.busy()
    assert strip_texts(step) == ["?\nReading photo…"]
    assert step.strip.list.item(0).toolTip() == "Reading bras gauche.jpg…"
    assert step.tabs.currentIndex() == 1 and step.review.photo is photo
    assert step.review.side.currentWidget() is step.review.waiting
    assert step.review.waiting.text() == "Reading bras gauche.jpg…"
    assert thumbnail_centre(step, 0) == (224, 224, 224)  # the blank stand-in

    qtbot.waitUntil(lambda: not photo.reading, timeout=10_000)
    assert photo.rgb.shape == (600, 800, 3) and photo.scored_rgb.shape == (480, 640, 3)
    assert isinstance(photo.quality, dict) and "blur" in photo.quality["categories"]
    assert isinstance(photo.extra["imported"], ImportedPhoto)
    assert thumbnail_centre(step, 0) != (224, 224, 224)  # the strip now shows the photo itself
    qtbot.waitUntil(lambda: photo.result is not None, timeout=10_000)
    assert photo.result is not None and photo.result.accepted
    assert strip_texts(step) == ["?\nTag the region"]
    assert step.review.side.currentWidget() is not step.review.waiting  # the proposal is shown
    assert step.message.text() == ""
    step.tag_selected(Region.UPPER_LIMB_LEFT)
    qtbot.waitUntil(lambda: photo.kept and not step.photos.busy(), timeout=10_000)
    assert [p.id for p in session.list_photos(step.flow.visit.id)] == [photo.photo_id]


def vignette(folder: Path) -> Path:
    return jpeg(folder / "vignette.jpg", skin(64, 64)[27:37, 27:37])


def cut_short(folder: Path) -> Path:
    whole = jpeg(folder / "whole.jpg", skin(800, 600)).read_bytes()
    path = folder / "cut.jpg"
    path.write_bytes(whole[: len(whole) // 2])
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            vignette,
            "The file vignette.jpg was not imported.\nThe photo is only 10×10 pixels: too small or too "
            "narrow for ASCORAD to assess (a thumbnail or a panorama?). Import the original photo.",
        ),
        (
            cut_short,
            "The file cut.jpg was not imported.\nIt is incomplete (cut short during copying): copy it again.",
        ),
    ],
    ids=["too small", "unreadable"],
)
def test_a_refused_file_leaves_the_strip_and_its_refusal_is_shown_once_read(
    qtbot: QtBot,
    step: PhotosStep,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make: Callable[[Path], Path],
    message: str,
) -> None:
    path = make(tmp_path)
    click_import(step, monkeypatch, path)
    assert step.message.text() == "" and [p.reading for p in step.photos.photos] == [True]
    qtbot.waitUntil(lambda: not step.photos.busy(), timeout=10_000)
    assert step.message.text() == message  # word for word what the synchronous import said
    assert step.photos.photos == [] and step.strip.list.count() == 0
    assert step.review.photo is None  # not left showing a photo that is gone
    assert session.list_photos(step.flow.visit.id) == []


def test_files_imported_in_a_row_keep_their_order_and_none_is_lost(
    qtbot: QtBot,
    step: PhotosStep,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    slow: Callable[..., SlowImporter],
) -> None:
    first = jpeg(tmp_path / "first.jpg", skin(800, 600))
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a photo at all")
    second = jpeg(tmp_path / "second.jpg", skin(640, 480))
    third = jpeg(tmp_path / "third.jpg", skin(400, 300))
    importer = slow("first.jpg")
    for path in (first, broken, second, third):
        click_import(step, monkeypatch, path)  # the first is still being read when the others come
    assert [p.file_name for p in step.photos.photos] == ["first.jpg", "broken.jpg", "second.jpg", "third.jpg"]
    assert strip_texts(step) == ["?\nReading photo…"] * 4
    assert step.review.photo is step.photos.photos[-1]  # the newest file, as a capture would
    importer.release.set()
    qtbot.waitUntil(lambda: not step.photos.busy(), timeout=20_000)
    assert [(p.file_name, p.rgb.shape[:2]) for p in step.photos.photos] == [
        ("first.jpg", (600, 800)),
        ("second.jpg", (480, 640)),
        ("third.jpg", (300, 400)),
    ]
    assert all(p.result is not None and not p.error for p in step.photos.photos)  # and all scored
    assert step.message.text().startswith("The file broken.jpg was not imported.\n")
    assert step.review.photo is step.photos.photos[-1]  # the refusal did not move the review


def test_a_slow_file_leaves_the_window_working_and_the_visit_waits_for_it(
    qtbot: QtBot,
    step: PhotosStep,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    slow: Callable[..., SlowImporter],
) -> None:
    importer = slow("huge.jpg")
    path = jpeg(tmp_path / "huge.jpg", skin(1600, 1200))
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    started = time.monotonic()
    click_import(step, monkeypatch, path)
    assert time.monotonic() - started < 1.0  # the click does not wait for the file
    assert importer.started.wait(10)
    photo = step.photos.photos[0]
    # the event loop runs while the file is held: timers fire, the clinician goes on working
    qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=5_000)
    step.tag_selected(Region.BACK)  # the region can be given while the file is read
    assert photo.region is Region.BACK and photo.reading
    assert strip_texts(step) == ["Back\nReading photo…"]
    step.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: step.capture_model.running, timeout=10_000)  # the camera starts meanwhile
    assert step.photos.busy()
    assert step.commit() is False  # leaving the step waits for the photo, as for scoring/saving
    assert "still being saved or scored" in step.message.text()
    assert session.list_photos(step.flow.visit.id) == []  # no pixels yet: nothing stored
    assert step.photos.busy()
    timer.stop()
    importer.release.set()
    qtbot.waitUntil(lambda: photo.kept and not step.photos.busy(), timeout=20_000)
    assert photo.rgb.shape == (1200, 1600, 3) and photo.result is not None
    assert [(p.id, p.width, p.height) for p in session.list_photos(step.flow.visit.id)] == [
        (photo.photo_id, 1600, 1200)
    ]
    assert step.commit() is True


class Deliveries:
    """Counts the reader thread's hand-overs to the GUI thread and any exception they raise
    (an exception in a future's callback is only logged: the test must see it)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.done = threading.Event()
        self.errors: list[BaseException] = []
        real = visit_photos._deliver_to

        def deliver_to(model: Any, signal: str, key: int) -> Callable[[Future[Any]], None]:
            deliver = real(model, signal, key)
            if signal != "_read_done":
                return deliver  # scoring and storing report back the same way: not counted here

            def counted(future: Future[Any]) -> None:
                try:
                    deliver(future)
                except BaseException as exc:
                    self.errors.append(exc)
                finally:
                    self.done.set()

            return counted

        monkeypatch.setattr(visit_photos, "_deliver_to", deliver_to)


@pytest.mark.parametrize("closing", ["shutdown", "widget deleted"])
def test_closing_the_visit_while_a_file_is_read_neither_crashes_nor_stores_it(
    closing: str,
    qtbot: QtBot,
    flow: VisitFlow,
    provider: EngineProvider,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    slow: Callable[..., SlowImporter],
) -> None:
    importer = slow("late.jpg")
    deliveries = Deliveries(monkeypatch)
    widget = PhotosStep(
        flow,
        engine=provider,
        camera_lister=lambda: [],
        source=lambda: SyntheticSource(SceneSettings(width=320, height=240), fps=30.0),
    )
    if closing == "shutdown":
        qtbot.addWidget(widget)  # (a widget Qt deletes itself must not be closed again by qtbot)
    click_import(widget, monkeypatch, jpeg(tmp_path / "late.jpg", skin(800, 600)))
    widget.tag_selected(Region.BACK)  # it would be stored as soon as it is read and scored
    assert importer.started.wait(10)
    photos = widget.photos
    if closing == "shutdown":
        widget.shutdown()
    else:  # the visit page goes away without a word to the step (the window closed)
        widget.capture.stop()
        widget.close()
        widget.deleteLater()
        qtbot.waitUntil(lambda: _deleted(widget), timeout=5_000)
    importer.release.set()
    qtbot.waitUntil(deliveries.done.is_set, timeout=10_000)
    QCoreApplication.processEvents()  # a queued hand-over, if any, is handled now
    assert deliveries.errors == []
    if closing == "shutdown":
        assert [p.reading for p in photos.photos] == [True]  # nothing happened to it after closing
    assert session.list_photos(flow.visit.id) == []


def _deleted(widget: PhotosStep) -> bool:
    try:
        widget.objectName()
    except RuntimeError:
        return True
    return False


def test_the_reading_stand_in_is_not_a_writable_picture() -> None:
    # every photo being read shares the stand-in: nothing may draw on it
    with pytest.raises(ValueError):
        visit_photos.READING_RGB[0, 0] = 0
    assert np.all(visit_photos.READING_RGB == 224)


def test_a_photo_scored_after_the_visit_closed_is_not_stored(
    qtbot: QtBot,
    step: PhotosStep,
    session: Session,
    provider: EngineProvider,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine = provider.engine
    assert engine is not None
    release, started, finished = threading.Event(), threading.Event(), threading.Event()
    real_score = engine.score_photo

    def slow_score(*args: Any, **kwargs: Any) -> Any:
        started.set()
        assert release.wait(30)
        try:
            return real_score(*args, **kwargs)
        finally:
            finished.set()

    monkeypatch.setattr(engine, "score_photo", slow_score)
    photo = step.photos.add(skin(640, 480), None, "test", "clinical", Region.BACK)  # stored after scoring
    assert started.wait(10)
    step.shutdown()
    release.set()
    qtbot.waitUntil(finished.is_set, timeout=10_000)
    qtbot.waitUntil(lambda: photo.result is not None, timeout=10_000)  # the late result arrives…
    assert not photo.kept and session.list_photos(step.flow.visit.id) == []  # …and is not stored
