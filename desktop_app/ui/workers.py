"""Running slow work off the GUI thread, with a progress dialog once it takes > 200 ms.

Backups, restores, PDF exports, demo generation and opening the database all go through
:func:`run_in_background`: the window keeps repainting, and the user sees progress instead
of a frozen screen. Results and errors come back on the GUI thread through signals.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

PROGRESS_DELAY_MS = 200


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.work = work
        self.signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class BackgroundTask(QObject):
    """One piece of work on the thread pool; ``done``/``error`` fire on the GUI thread."""

    done = Signal(object)
    error = Signal(object)

    def __init__(
        self, work: Callable[[], Any], label: str, parent: QWidget | None = None, show_progress: bool = True
    ) -> None:
        super().__init__(parent)
        self.show_progress = show_progress
        self._signals = _Signals()
        self._signals.finished.connect(self._finish, Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self._fail, Qt.ConnectionType.QueuedConnection)
        self._job = _Job(work, self._signals)
        self.running = False
        self.dialog: QProgressDialog | None = None
        self._label = label
        self._parent = parent
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_progress)

    def start(self) -> None:
        self.running = True
        if self.show_progress:
            self._timer.start(PROGRESS_DELAY_MS)
        QThreadPool.globalInstance().start(self._job)

    def _show_progress(self) -> None:
        if not self.running:
            return
        self.dialog = QProgressDialog(self._label, "", 0, 0, self._parent)
        self.dialog.setCancelButton(None)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.show()

    def _close(self) -> None:
        self.running = False
        self._timer.stop()
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
            if self._parent is not None:
                self._parent.activateWindow()  # give the keyboard back to the window

    def _finish(self, result: object) -> None:
        self._close()
        self.done.emit(result)

    def _fail(self, exc: object) -> None:
        self._close()
        self.error.emit(exc)


_alive: set[BackgroundTask] = set()


def run_in_background(
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    label: str,
    parent: QWidget | None = None,
    show_progress: bool = True,
) -> BackgroundTask:
    """Start ``work`` on the pool; keeps the task alive until it reports back.

    ``show_progress=False`` is for background enrichment the user is not waiting for (the
    forecast fan): no dialog, the screen is usable meanwhile.
    """
    task = BackgroundTask(work, label, parent, show_progress)
    _alive.add(task)

    def finished(result: object) -> None:
        _alive.discard(task)
        on_done(result)

    def failed(exc: object) -> None:
        _alive.discard(task)
        on_error(exc if isinstance(exc, BaseException) else RuntimeError(str(exc)))

    task.done.connect(finished)
    task.error.connect(failed)
    task.start()
    return task
