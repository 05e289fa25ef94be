import sys

import pytest

from desktop_app.ui import refcount_guard


@pytest.mark.skipif(not refcount_guard.NEEDED, reason="None is immortal from Python 3.12")
def test_top_up_brings_none_back_above_the_floor(monkeypatch: pytest.MonkeyPatch) -> None:
    now = sys.getrefcount(None)
    monkeypatch.setattr(refcount_guard, "FLOOR", now + 1000)
    monkeypatch.setattr(refcount_guard, "TOP_UP", now + 5000)
    assert refcount_guard.top_up() >= 4000
    assert sys.getrefcount(None) >= now + 4000
    assert refcount_guard.top_up() == 0  # above the floor: nothing more to add


@pytest.mark.skipif(not refcount_guard.NEEDED, reason="None is immortal from Python 3.12")
def test_install_runs_one_timer(qapp: object) -> None:
    first = refcount_guard.install(qapp)
    assert first is not None and first is refcount_guard.install(qapp)
