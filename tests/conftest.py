"""Test-wide settings: Qt always offscreen, so the suite runs on a machine without a display.

The test process ends with ``os._exit`` once pytest has reported: Python 3.11 ends daemon and
foreign (Qt pool) threads at interpreter finalisation with ``pthread_exit``, and a thread
unwound through Qt's or OpenCV's C++ frames that way aborts the process ("terminate called
without an active exception", "FATAL: exception not rethrown") after every test passed —
seen 2 times in about 10 full runs. Skipping finalisation keeps pytest's own exit status.
"""

import os
import sys
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_exit_status = 0


@pytest.fixture(autouse=True, scope="session")
def background_jobs_finished() -> Iterator[None]:
    """Qt pool jobs (backups, exports, scoring) finish before the session ends, as in the app."""
    yield
    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QThreadPool

        if not QThreadPool.globalInstance().waitForDone(30_000):
            print("\nQt thread pool: jobs still running after 30 s", file=sys.__stderr__)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    global _exit_status
    _exit_status = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_exit_status)
