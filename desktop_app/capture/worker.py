"""The capture worker: frames in on one thread, quality analysis on another, latest result out.

Why two threads: a camera's ``read`` blocks for a frame interval (and, when a USB cable is
pulled, some drivers block for seconds or forever); analysis must not wait on it and the GUI
must wait on neither. The reader thread pushes frames into a two-slot mailbox (older
unanalysed frames are dropped: a preview wants the newest); the analysis thread takes the
newest, runs :func:`analyse_frame` (which works on downscaled copies), feeds auto-capture and
publishes a :class:`Snapshot`. Consumers call :meth:`CaptureWorker.latest` (never blocks) or get
``on_snapshot`` callbacks (on the worker thread: a GUI marshals them to its own thread).

Faults are states, not crashes: a source that fails to open, raises mid-stream or stops
answering for ``stall_timeout`` puts the worker in ``retrying`` with a message a nurse can act
on, and a fresh source is opened after ``retry_delay``. A reader stuck inside a driver call is
abandoned (its thread is a daemon and its results are ignored), so a hang never propagates.
Plain ``threading``: no Qt here.
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from desktop_app.capture.autocapture import AutoCapture, Capture
from desktop_app.capture.source import EndOfStreamError, Frame, FrameSource, FrameSourceError
from desktop_app.imaging.quality import QualityInputError, QualityReport, analyse_frame

_log = logging.getLogger(__name__)

#: Frames waiting for analysis at most (see CaptureWorker._pending).
MAILBOX_FRAMES = 2


class WorkerState(enum.StrEnum):
    IDLE = "idle"
    STARTING = "starting"
    RUNNING = "running"
    RETRYING = "retrying"
    ENDED = "ended"  # a finite source (file, folder) finished
    FAILED = "failed"  # gave up after max_retries
    STOPPED = "stopped"


@dataclass(frozen=True)
class Snapshot:
    """The newest analysed frame and its quality report."""

    frame: Frame
    report: QualityReport
    analysed_at: float


@dataclass(frozen=True)
class WorkerStatus:
    state: WorkerState
    message: str
    source_name: str
    requested_size: tuple[int, int] | None
    granted_size: tuple[int, int] | None
    frames_read: int
    frames_analysed: int
    analysed_fps: float
    retries: int


SourceFactory = Callable[[], FrameSource]


class CaptureWorker:
    """Runs a frame source and the quality analysis in the background. ``start()``/``stop()``."""

    def __init__(
        self,
        source_factory: SourceFactory,
        *,
        profile: str = "clinical",
        auto_capture: AutoCapture | None = None,
        on_snapshot: Callable[[Snapshot], None] | None = None,
        on_capture: Callable[[Capture], None] | None = None,
        on_status: Callable[[WorkerStatus], None] | None = None,
        retry_delay: float = 1.0,
        max_retries: int | None = None,
        stall_timeout: float = 3.0,
    ) -> None:
        self._factory = source_factory
        self._profile = profile
        self._auto = auto_capture
        self._on_snapshot = on_snapshot
        self._on_capture = on_capture
        self._on_status = on_status
        self._retry_delay = retry_delay
        self._max_retries = max_retries
        self._stall_timeout = stall_timeout

        self._cond = threading.Condition()
        # Newest frames not yet analysed; two slots absorb a scheduling hiccup on a busy
        # machine without letting latency grow (an older frame is dropped when a third arrives).
        self._pending: deque[Frame] = deque(maxlen=MAILBOX_FRAMES)
        self._events: list[tuple[int, str, str]] = []  # (generation, kind, message)
        self._generation = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._readers: list[threading.Thread] = []

        self._state_lock = threading.Lock()
        self._state = WorkerState.IDLE
        self._message = ""
        self._source: FrameSource | None = None
        self._latest: Snapshot | None = None
        self._last_capture: Capture | None = None
        self._frames_read = 0
        self._frames_analysed = 0
        self._retries = 0
        self._analysis_times: deque[float] = deque(maxlen=90)

    # ----------------------------------------------------------------- consumer side
    def latest(self) -> Snapshot | None:
        """The newest analysed frame and report, or None before the first one. Never blocks."""
        return self._latest

    def last_capture(self) -> Capture | None:
        return self._last_capture

    def status(self) -> WorkerStatus:
        with self._state_lock:
            source = self._source
            times = list(self._analysis_times)
            fps = (
                (len(times) - 1) / (times[-1] - times[0]) if len(times) >= 2 and times[-1] > times[0] else 0.0
            )
            return WorkerStatus(
                state=self._state,
                message=self._message,
                source_name=source.name if source is not None else "",
                requested_size=source.requested_size if source is not None else None,
                granted_size=source.granted_size if source is not None else None,
                frames_read=self._frames_read,
                frames_analysed=self._frames_analysed,
                analysed_fps=fps,
                retries=self._retries,
            )

    @property
    def profile(self) -> str:
        return self._profile

    def set_profile(self, profile: str) -> None:
        """Switch clinical/dermatoscope; applies from the next frame."""
        self._profile = profile
        if self._auto is not None:
            self._auto.reset()

    # ----------------------------------------------------------------- lifecycle
    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._set_state(WorkerState.STARTING, "Starting the camera…")
        self._thread = threading.Thread(target=self._run, name="capture-analysis", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> bool:
        """Stop and wait up to ``timeout`` s; returns False if a thread is still stuck (abandoned)."""
        self._stop.set()
        with self._cond:
            self._generation += 1  # whatever a reader still posts is ignored
            self._cond.notify_all()
        deadline = time.monotonic() + timeout
        finished = True
        # The analysis thread, then the current reader (one stuck in a driver call is waited
        # for only until the deadline, then left behind).
        for thread in [self._thread, *self._readers]:
            if thread is not None:
                thread.join(max(0.0, deadline - time.monotonic()))
                finished &= not thread.is_alive()
        self._readers = [t for t in self._readers if t.is_alive()]
        self._set_state(WorkerState.STOPPED, "Stopped")
        return finished

    def __enter__(self) -> CaptureWorker:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ----------------------------------------------------------------- internals
    def _set_state(self, state: WorkerState, message: str) -> None:
        with self._state_lock:
            changed = (state, message) != (self._state, self._message)
            self._state, self._message = state, message
        if changed and self._on_status is not None:
            self._call(self._on_status, self.status())

    def _call(self, callback: Callable[..., None], *args: object) -> None:
        try:
            callback(*args)
        except Exception:  # a consumer's bug must not stop the camera
            _log.exception("capture worker callback failed")

    def _post(
        self, generation: int, frame: Frame | None = None, event: tuple[str, str] | None = None
    ) -> bool:
        with self._cond:
            if generation != self._generation:
                return False
            if frame is not None:
                self._pending.append(frame)
            if event is not None:
                self._events.append((generation, *event))
            self._cond.notify_all()
            return True

    def _reader(self, generation: int, source: FrameSource) -> None:
        try:
            source.open()
        except Exception as exc:
            self._post(generation, event=("error", _describe(exc, "The camera could not be opened.")))
            return
        try:
            if not self._post(generation, event=("opened", "")):
                return
            while not self._stop.is_set():
                try:
                    frame = source.read()
                except EndOfStreamError as exc:
                    self._post(generation, event=("ended", exc.message))
                    return
                except Exception as exc:
                    self._post(generation, event=("error", _describe(exc, "The camera was disconnected.")))
                    return
                with self._state_lock:
                    self._frames_read += 1
                if not self._post(generation, frame=frame):
                    return
        finally:
            try:
                source.close()
            except Exception:
                _log.exception("closing the frame source failed")

    def _launch(self) -> float:
        """Start a reader on a fresh source; returns the time the attempt started."""
        with self._cond:
            self._generation += 1
            generation = self._generation
            self._pending.clear()
            self._events.clear()
        try:
            source = self._factory()
        except Exception as exc:
            self._post(generation, event=("error", _describe(exc, "The camera could not be set up.")))
            return time.monotonic()
        with self._state_lock:
            self._source = source
        reader = threading.Thread(
            target=self._reader, args=(generation, source), name=f"capture-reader-{generation}", daemon=True
        )
        self._readers = [reader]  # an earlier, abandoned reader is not waited for
        reader.start()
        return time.monotonic()

    def _retry_or_give_up(self, message: str) -> bool:
        """Enter ``retrying`` and wait; False when the worker must stop instead."""
        with self._cond:
            self._generation += 1  # abandon the current reader
        if self._max_retries is not None and self._retries >= self._max_retries:
            self._set_state(WorkerState.FAILED, f"{message} Gave up after {self._retries} retries.")
            return False
        with self._state_lock:
            self._retries += 1
        if self._auto is not None:
            self._auto.reset()
        self._set_state(WorkerState.RETRYING, f"{message} Retrying in {self._retry_delay:g} s…")
        return not self._stop.wait(self._retry_delay)

    def _run(self) -> None:
        last_activity = self._launch()
        while not self._stop.is_set():
            with self._cond:
                self._cond.wait_for(lambda: bool(self._pending) or bool(self._events), timeout=0.1)
                frame = self._pending.popleft() if self._pending else None
                events = [e for e in self._events if e[0] == self._generation]
                self._events.clear()
            if self._stop.is_set():
                break
            restart: str | None = None
            for _, kind, message in events:
                if kind == "opened":
                    self._set_state(WorkerState.RUNNING, "")
                    last_activity = time.monotonic()
                elif kind == "ended":
                    self._set_state(WorkerState.ENDED, message)
                    return
                elif kind == "error":
                    restart = message
            if frame is not None and restart is None:
                last_activity = time.monotonic()
                self._analyse(frame)
            elif restart is None and time.monotonic() - last_activity > self._stall_timeout:
                restart = f"The camera stopped sending pictures for {self._stall_timeout:g} s."
            if restart is not None:
                if not self._retry_or_give_up(restart):
                    return
                last_activity = self._launch()

    def _analyse(self, frame: Frame) -> None:
        try:
            report = analyse_frame(frame.rgb, self._profile)
        except QualityInputError as exc:
            self._set_state(WorkerState.RUNNING, f"Frame skipped: {exc}")
            return
        now = time.monotonic()
        snapshot = Snapshot(frame=frame, report=report, analysed_at=now)
        self._latest = snapshot  # one reference assignment: atomic for readers
        with self._state_lock:
            self._frames_analysed += 1
            self._analysis_times.append(now)
        if self._on_snapshot is not None:
            self._call(self._on_snapshot, snapshot)
        if self._auto is not None:
            captured = self._auto.offer(frame.rgb, report, frame.timestamp, frame.index)
            if captured is not None:
                self._last_capture = captured
                if self._on_capture is not None:
                    self._call(self._on_capture, captured)


def _describe(exc: BaseException, fallback: str) -> str:
    if isinstance(exc, FrameSourceError):
        return exc.message
    text = str(exc).strip()
    return f"{fallback} ({text})" if text else fallback
