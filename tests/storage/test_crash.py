"""Crash safety in the suite: 200 kill -9 of a writer at random moments (the benchmark does 1000)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks.bench_storage_crash import run_crash_trials


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="the crash harness forks its writers (POSIX)")
def test_two_hundred_kills_lose_nothing_acknowledged(tmp_path: Path) -> None:
    result = run_crash_trials(200, seed=7, max_delay=0.1, workdir=tmp_path)
    assert result.kills == 200
    assert result.acknowledged > 200  # the writers did commit work between kills
    assert (result.integrity_failures, result.lost, result.half_written) == (0, 0, 0), result.problems[:5]
