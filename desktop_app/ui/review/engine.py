"""The ASCORAD engine, loaded once per process on a background thread and then kept.

Loading imports torch and reads the weights (about a second): never on the GUI thread, and
never twice. Pages ask :func:`shared_engine` for the provider, call :meth:`EngineProvider.request`
and get ``ready``/``failed`` on the GUI thread. Tests and tools may :meth:`EngineProvider.set_engine`
an engine built another way (e.g. from another models folder).
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, Signal


class EngineProvider(QObject):
    ready = Signal(object)  # the engine
    failed = Signal(str)  # a message for the screen

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine: Any = None
        self._error: str | None = None
        self._loading = False
        self._lock = threading.Lock()

    @property
    def engine(self) -> Any:
        """The loaded engine, or None while loading / after a failure."""
        return self._engine

    @property
    def error(self) -> str | None:
        return self._error

    def set_engine(self, engine: Any) -> None:
        self._engine = engine
        self._error = None
        self.ready.emit(engine)

    def request(self) -> None:
        """Start loading if nobody has; ``ready`` fires at once if it is already loaded."""
        if self._engine is not None:
            self.ready.emit(self._engine)
            return
        with self._lock:
            if self._loading:
                return
            self._loading = True
        threading.Thread(target=self._load, name="ascorad-load", daemon=True).start()

    def _load(self) -> None:
        try:
            from desktop_app.ascorad.engine import AscoradEngine

            engine = AscoradEngine.load()
            warm_up(engine)
        except Exception as exc:
            self._error = str(exc) or type(exc).__name__
            with self._lock:
                self._loading = False
            self.failed.emit(self._error)
            return
        self._engine = engine
        with self._lock:
            self._loading = False
        self.ready.emit(engine)


def warm_up(engine: Any) -> None:
    """One throw-away inference: torch's first pass allocates and picks kernels (about a second),
    which must not land on the clinician's first capture."""
    import numpy as np

    sample = np.full((240, 320, 3), (200, 150, 130), np.uint8)
    engine.score_photo(sample, None, check_quality=False)


_shared: EngineProvider | None = None


def shared_engine() -> EngineProvider:
    """The process-wide provider (created on first use, on the GUI thread)."""
    global _shared
    if _shared is None:
        _shared = EngineProvider()
    return _shared
