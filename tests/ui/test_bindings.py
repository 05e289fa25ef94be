"""Guards against known defects of the Qt bindings that the pinned version must not have.

PySide6 6.12.0 on CPython 3.11 dropped one reference to ``None`` on every Qt call returning
None, until the interpreter aborted ("none_dealloc") after a few thousand repaints; 6.11.3
does not. This test fails if a version bump brings the leak back.
"""

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_qt_calls_returning_none_keep_none_alive(qtbot: QtBot) -> None:
    label = QLabel("x")
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.update()
        label.setText("y")
    # A leak of one reference per call would show as -4000; other threads may add a few.
    assert sys.getrefcount(None) - before > -100
