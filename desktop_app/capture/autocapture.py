"""Auto-capture: once every quality check passes, keep the best frame of the last second.

Why a hold time: a single passing frame between two shaky ones is luck, not a steady hand.
The capture fires when checks have passed continuously for ``hold_s`` and returns the
best-scoring frame (sharpest, least glare) seen in the last ``window_s``. It then waits for
the checks to fail (the user moves on) or ``rearm_s`` before firing again.

The window is a sliding-window maximum (a monotonic deque), so at 30 fps it holds a handful
of frames, not thirty.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from desktop_app.imaging.quality import QualityReport


@dataclass(frozen=True)
class Capture:
    """An automatically captured frame and the report that qualified it."""

    rgb: np.ndarray
    report: QualityReport
    timestamp: float
    frame_index: int


class AutoCapture:
    """Feed every analysed frame to :meth:`offer`; it returns a :class:`Capture` when it fires."""

    def __init__(self, window_s: float = 1.0, hold_s: float = 1.0, rearm_s: float = 3.0) -> None:
        if window_s <= 0 or hold_s < 0 or rearm_s < 0:
            raise ValueError("Auto-capture times must be positive.")
        self.window_s = window_s
        self.hold_s = hold_s
        self.rearm_s = rearm_s
        self._best: deque[Capture] = deque()
        self._passing_since: float | None = None
        self._last_fired: float | None = None
        self._armed = True

    def reset(self) -> None:
        self._best.clear()
        self._passing_since = None
        self._last_fired = None
        self._armed = True

    @property
    def progress(self) -> float:
        """0..1: how far into the hold time the current passing streak is (for a UI ring)."""
        return (
            0.0
            if self._passing_since is None or not self._best
            else 1.0
            if self.hold_s == 0
            else min(1.0, (self._best[-1].timestamp - self._passing_since) / self.hold_s)
        )

    def offer(
        self, rgb: np.ndarray, report: QualityReport, timestamp: float, frame_index: int = 0
    ) -> Capture | None:
        if not report.all_pass:
            self._best.clear()
            self._passing_since = None
            self._armed = True
            return None
        if self._passing_since is None:
            self._passing_since = timestamp
        candidate = Capture(rgb=rgb, report=report, timestamp=timestamp, frame_index=frame_index)
        while self._best and self._best[-1].report.score <= report.score:
            self._best.pop()
        self._best.append(candidate)
        while self._best and self._best[0].timestamp < timestamp - self.window_s:
            self._best.popleft()
        if not self._armed and self._last_fired is not None and timestamp - self._last_fired >= self.rearm_s:
            self._armed = True
            self._passing_since = timestamp
        if self._armed and timestamp - self._passing_since >= self.hold_s:
            self._armed = False
            self._last_fired = timestamp
            return self._best[0]
        return None
