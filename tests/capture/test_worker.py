"""The capture worker runs sources in the background, survives faults and never blocks consumers."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import numpy as np
import pytest

from desktop_app.capture.autocapture import AutoCapture, Capture
from desktop_app.capture.source import DeviceInfo, Frame, SourceOpenError
from desktop_app.capture.synthetic import SceneSettings, SyntheticSource
from desktop_app.capture.worker import CaptureWorker, Snapshot, WorkerState, WorkerStatus
from desktop_app.imaging.quality import analyse_frame

GOOD = SceneSettings(width=960, height=540)


def _wait_for(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


class _HangingSource:
    """Delivers a few frames, then blocks inside read() like a wedged USB driver."""

    def __init__(self, frames: int = 3) -> None:
        self._frames = frames
        self._count = 0
        self.release = threading.Event()
        self.stuck = threading.Event()  # set once a read() call is blocked

    name = "hanging camera"
    requested_size = None
    granted_size = (64, 48)
    fps = None

    def open(self) -> None:
        pass

    def read(self) -> Frame:
        if self._count >= self._frames:
            self.stuck.set()
            self.release.wait(10)
        self._count += 1
        return Frame(rgb=np.full((48, 64, 3), 128, np.uint8), index=self._count, timestamp=time.monotonic())

    def close(self) -> None:
        pass

    def list_devices(self) -> list[DeviceInfo]:
        return []


class _UnopenableSource(_HangingSource):
    def open(self) -> None:
        raise SourceOpenError("Camera 0 could not be opened: it may be unplugged.")


def test_start_publishes_snapshots_and_stop_ends_threads() -> None:
    seen: list[Snapshot] = []
    worker = CaptureWorker(lambda: SyntheticSource(GOOD, fps=60), on_snapshot=seen.append)
    assert worker.latest() is None and worker.status().state == WorkerState.IDLE
    worker.start()
    assert _wait_for(lambda: worker.latest() is not None and len(seen) >= 3)
    snapshot = worker.latest()
    assert snapshot is not None
    assert snapshot.frame.rgb.shape == (540, 960, 3)
    assert set(snapshot.report.categories) >= {"blur", "lighting", "framing"}
    status = worker.status()
    assert status.state == WorkerState.RUNNING
    assert status.requested_size == status.granted_size == (960, 540)
    assert worker.stop(timeout=2.0)
    assert worker.status().state == WorkerState.STOPPED
    count = worker.status().frames_analysed
    time.sleep(0.15)
    assert worker.status().frames_analysed == count  # nothing runs after stop


def test_disconnect_mid_stream_retries_and_recovers() -> None:
    states: list[WorkerStatus] = []
    worker = CaptureWorker(
        lambda: SyntheticSource(
            SceneSettings(width=160, height=120), fps=200, fail_after=5, fail_with=OSError
        ),
        retry_delay=0.05,
        on_status=states.append,
    )
    worker.start()
    assert _wait_for(lambda: worker.status().retries >= 2)
    worker.stop()
    kinds = [s.state for s in states]
    assert WorkerState.RETRYING in kinds
    retry_index = kinds.index(WorkerState.RETRYING)
    assert WorkerState.RUNNING in kinds[retry_index:]  # it came back after the fault
    message = next(s.message for s in states if s.state == WorkerState.RETRYING)
    assert "disconnected" in message and "Retrying" in message


def test_gives_up_after_max_retries_with_a_clear_message() -> None:
    worker = CaptureWorker(_UnopenableSource, retry_delay=0.01, max_retries=2)
    worker.start()
    assert _wait_for(lambda: worker.status().state == WorkerState.FAILED)
    status = worker.status()
    assert status.retries == 2 and "unplugged" in status.message and "Gave up" in status.message
    worker.stop()


def test_a_hung_source_is_abandoned_and_stop_stays_prompt() -> None:
    sources: list[_HangingSource] = []

    def factory() -> _HangingSource:
        sources.append(_HangingSource())
        return sources[-1]

    worker = CaptureWorker(factory, stall_timeout=0.3, retry_delay=0.05)
    worker.start()
    assert _wait_for(lambda: worker.status().retries >= 1 and len(sources) >= 2, timeout=5.0)
    # Stop only once the current reader is inside its hung read(): before that, it may still be
    # between frames and leave cleanly, which is not the case this test is about.
    assert _wait_for(lambda: sources[-1].stuck.is_set(), timeout=5.0)
    assert (
        "stopped sending pictures" in worker.status().message or worker.status().state == WorkerState.RUNNING
    )
    started = time.monotonic()
    # The current reader is stuck inside read(): stop() says so, within its timeout.
    assert worker.stop(timeout=0.5) is False
    assert time.monotonic() - started < 1.5
    assert worker.status().state == WorkerState.STOPPED
    for source in sources:
        source.release.set()


def test_finite_source_ends_cleanly() -> None:
    worker = CaptureWorker(
        lambda: SyntheticSource(SceneSettings(width=160, height=120), fps=None, max_frames=4)
    )
    worker.start()
    assert _wait_for(lambda: worker.status().state == WorkerState.ENDED)
    assert worker.status().frames_read == 4
    worker.stop()


def test_a_failing_consumer_does_not_stop_the_worker() -> None:
    def broken(snapshot: Snapshot) -> None:
        raise RuntimeError("consumer bug")

    worker = CaptureWorker(
        lambda: SyntheticSource(SceneSettings(width=160, height=120), fps=100), on_snapshot=broken
    )
    worker.start()
    assert _wait_for(lambda: worker.status().frames_analysed >= 5)
    assert worker.status().state == WorkerState.RUNNING
    worker.stop()


def test_auto_capture_fires_on_a_steady_good_scene() -> None:
    captures: list[Capture] = []
    worker = CaptureWorker(
        lambda: SyntheticSource(GOOD, fps=60),
        auto_capture=AutoCapture(window_s=0.5, hold_s=0.3),
        on_capture=captures.append,
    )
    worker.start()
    assert _wait_for(lambda: bool(captures), timeout=6.0)
    worker.stop()
    assert captures[0].report.all_pass
    assert worker.last_capture() is captures[0]


def test_auto_capture_keeps_the_best_frame_of_the_window() -> None:
    source = SyntheticSource(GOOD, fps=None)
    source.open()
    good = analyse_frame(source.read().rgb)
    assert good.all_pass
    auto = AutoCapture(window_s=1.0, hold_s=0.5, rearm_s=10.0)
    frames = [np.full((2, 2, 3), i, np.uint8) for i in range(6)]
    scores = [0.5, 0.9, 0.6, 0.7, 0.65, 0.4]
    fired = []
    for i, (frame, score) in enumerate(zip(frames, scores, strict=True)):
        report = type(good)(
            profile=good.profile,
            categories=good.categories,
            frame_size=good.frame_size,
            skin_fraction=good.skin_fraction,
            score=score,
        )
        result = auto.offer(frame, report, timestamp=i * 0.15, frame_index=i)
        if result is not None:
            fired.append(result)
    assert len(fired) == 1
    assert fired[0].frame_index == 1 and fired[0].report.score == 0.9  # best of the last second


def test_auto_capture_resets_when_a_check_fails() -> None:
    source = SyntheticSource(GOOD, fps=None)
    source.open()
    good = analyse_frame(source.read().rgb)
    source.update(exposure=0.25)
    dark = analyse_frame(source.read().rgb)
    assert good.all_pass and not dark.all_pass
    auto = AutoCapture(window_s=1.0, hold_s=0.5)
    frame = np.zeros((2, 2, 3), np.uint8)
    assert auto.offer(frame, good, 0.0) is None
    assert auto.offer(frame, dark, 0.3) is None  # the streak is broken
    assert auto.offer(frame, good, 0.6) is None
    assert auto.offer(frame, good, 0.9) is None  # only 0.3 s into the new streak
    assert auto.offer(frame, good, 1.2) is not None
    with pytest.raises(ValueError):
        AutoCapture(window_s=0)
