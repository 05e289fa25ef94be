"""Keep None alive despite a reference-count bug in the Qt bindings on Python 3.11.

With PySide6 6.12.0 (abi3 wheel) on CPython 3.11, every call into Qt that returns None —
``widget.update()``, ``label.setText()``, ``button.setChecked()`` ... — drops one
reference from the ``None`` singleton without having taken it (measured: 300 calls of
``QWidget.update()`` lower ``sys.getrefcount(None)`` by exactly 300; bool- and int-returning
calls are balanced). On Python 3.12+ None is immortal and nothing happens; on 3.11 the count
reaches zero after a few thousand repaints and the interpreter aborts with
"none_dealloc: deallocating None".

Until the bindings are fixed, the GUI gives back the lost references: a timer checks the
count of None (and, to be safe, True and False) every second and raises it above a floor by
writing the CPython object header's reference count (``ob_refcnt``, the first field of every
object on CPython 3.11). The references are never released, so interpreter shutdown cannot
hit zero either. Nothing is done on Python 3.12+ or on another implementation.
"""

from __future__ import annotations

import ctypes
import sys

FLOOR = 2_000_000  # top up when the count falls below this
TOP_UP = 4_000_000  # ... back to this many references
CHECK_MS = 1_000

NEEDED = sys.implementation.name == "cpython" and sys.version_info < (3, 12)


def _add_references(obj: object, count: int) -> None:
    """Add ``count`` permanent references to ``obj`` (CPython < 3.12: ob_refcnt is at offset 0)."""
    ctypes.c_ssize_t.from_address(id(obj)).value += count


def top_up() -> int:
    """Bring None/True/False back above the floor; returns how many references were added."""
    if not NEEDED:
        return 0
    added = 0
    for singleton in (None, True, False):
        count = sys.getrefcount(singleton)
        if count < FLOOR:
            missing = TOP_UP - count
            _add_references(singleton, missing)
            added += missing
    return added


def refcount_of_none() -> int:
    return sys.getrefcount(None)


def install(app: object) -> object | None:
    """Top up now, then every second from a timer owned by ``app`` (a QCoreApplication)."""
    top_up()
    if not NEEDED:
        return None  # None is immortal: nothing to guard
    from PySide6.QtCore import QObject, QTimer

    if not isinstance(app, QObject):
        return None
    existing = app.findChild(QTimer, "refcountGuard")
    if existing is not None:
        return existing
    timer = QTimer(app)
    timer.setObjectName("refcountGuard")
    timer.setInterval(CHECK_MS)
    timer.timeout.connect(top_up)
    timer.start()
    return timer
