"""The synthetic camera renders a moving skin scene whose defects are controllable."""

from __future__ import annotations

import time

import cv2
import numpy as np
import pytest

from desktop_app.capture.source import EndOfStreamError, FrameSource, SourceOpenError
from desktop_app.capture.synthetic import SceneSettings, SyntheticSource

SMALL = {"width": 320, "height": 180}


def _frame(**changes: object) -> np.ndarray:
    source = SyntheticSource(SceneSettings(**{**SMALL, **changes}), fps=None)  # type: ignore[arg-type]
    source.open()
    try:
        return source.read().rgb
    finally:
        source.close()


def _skin_fraction(rgb: np.ndarray) -> float:
    ycrcb = cv2.cvtColor(rgb, cv2.COLOR_RGB2YCrCb)
    return float(cv2.inRange(ycrcb, (25, 133, 77), (255, 173, 127)).mean() / 255)


def test_follows_the_protocol_and_reports_sizes() -> None:
    source = SyntheticSource(SceneSettings(**SMALL), fps=None)
    assert isinstance(source, FrameSource)
    assert source.requested_size == (320, 180) and source.granted_size is None
    source.open()
    first, second = source.read(), source.read()
    assert source.granted_size == (320, 180)
    assert first.rgb.shape == (180, 320, 3) and first.rgb.dtype == np.uint8
    assert (first.index, second.index) == (0, 1) and second.timestamp >= first.timestamp
    assert source.list_devices()[0].id == "demo"
    source.close()
    with pytest.raises(SourceOpenError):
        source.read()


def test_scene_moves_between_frames() -> None:
    source = SyntheticSource(SceneSettings(**SMALL, noise=0.0), fps=None)
    source.open()
    frames = [source.read().rgb for _ in range(12)]
    assert any(not np.array_equal(frames[0], f) for f in frames[1:])


def test_defects_change_the_picture_as_asked() -> None:
    clean = _frame()
    assert _frame(exposure=0.3).mean() < 0.7 * clean.mean()
    assert _frame(exposure=2.5).mean() > 1.2 * clean.mean()
    cool = _frame(cast=(0.7, 1.0, 1.4)).reshape(-1, 3).mean(axis=0)
    base = clean.reshape(-1, 3).mean(axis=0)
    assert cool[2] / cool[0] > 1.3 * base[2] / base[0]
    near_white = lambda rgb: float((rgb.min(axis=2) > 235).mean())  # noqa: E731
    assert near_white(_frame(glare=0.08)) > near_white(clean) + 0.02
    assert _skin_fraction(_frame(scale=0.35)) < 0.3 * _skin_fraction(clean)
    sharp = cv2.Laplacian(cv2.cvtColor(clean, cv2.COLOR_RGB2GRAY), cv2.CV_64F).var()
    blurred = cv2.Laplacian(cv2.cvtColor(_frame(blur_sigma=3.0), cv2.COLOR_RGB2GRAY), cv2.CV_64F).var()
    assert blurred < 0.5 * sharp


def test_off_centre_moves_the_skin() -> None:
    rgb = _frame(offset=(0.6, 0.0))
    ycrcb = cv2.cvtColor(rgb, cv2.COLOR_RGB2YCrCb)
    mask = cv2.inRange(ycrcb, (25, 133, 77), (255, 173, 127))
    moments = cv2.moments(mask, binaryImage=True)
    assert moments["m10"] / moments["m00"] > 0.6 * rgb.shape[1]


def test_update_takes_effect_mid_stream() -> None:
    source = SyntheticSource(SceneSettings(**SMALL), fps=None)
    source.open()
    before = source.read().rgb.mean()
    source.update(exposure=0.3)
    assert source.read().rgb.mean() < 0.7 * before


def test_end_of_stream_and_simulated_disconnect() -> None:
    finite = SyntheticSource(SceneSettings(**SMALL), fps=None, max_frames=2)
    finite.open()
    finite.read(), finite.read()
    with pytest.raises(EndOfStreamError):
        finite.read()
    flaky = SyntheticSource(SceneSettings(**SMALL), fps=None, fail_after=1, fail_with=ConnectionError)
    flaky.open()
    flaky.read()
    with pytest.raises(ConnectionError):
        flaky.read()


def test_paces_frames_to_the_requested_rate() -> None:
    source = SyntheticSource(SceneSettings(**SMALL), fps=50.0)
    source.open()
    start = time.monotonic()
    for _ in range(6):
        source.read()
    assert time.monotonic() - start >= 5 / 50 * 0.9


def test_bad_settings_are_an_open_error() -> None:
    with pytest.raises(SourceOpenError):
        SyntheticSource(SceneSettings(skin_tone="green", **SMALL)).open()
    with pytest.raises(SourceOpenError):
        SyntheticSource(SceneSettings(width=8, height=8)).open()
