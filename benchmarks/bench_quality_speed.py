"""Quality analysis speed on one core: it must run on every preview frame.

Targets (issue 3): a 1280×720 frame ≤ 5 ms median, a 1920×1080 frame ≤ 8 ms median, with
OpenCV limited to one thread (``cv2.setNumThreads(1)``) so the figure is per core. Frames
are synthetic skin scenes (clean and with each defect, since some code paths differ).
Also prints the importer's time to decode a 12-megapixel JPEG at ``max_side=1024`` (the
ASCORAD input path) for information.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Sequence

import cv2
import numpy as np
from PIL import Image

from benchmarks.figures import data_argument_parser, note, parse, report
from desktop_app.capture.synthetic import SceneSettings, SyntheticSource
from desktop_app.imaging.importer import import_photo
from desktop_app.imaging.quality import analyse_frame

_VARIANTS: tuple[dict[str, object], ...] = (
    {},
    {"blur_sigma": 4.0},
    {"exposure": 0.3},
    {"glare": 0.06},
    {"scale": 0.35},
    {"cast": (0.8, 1.0, 1.3)},
    {"skin_tone": "dark"},
)


def _frames(width: int, height: int) -> list[np.ndarray]:
    frames = []
    for changes in _VARIANTS:
        source = SyntheticSource(SceneSettings(width=width, height=height, **changes), fps=None)  # type: ignore[arg-type]
        source.open()
        frames.append(source.read().rgb)
        source.close()
    return frames


def _median_ms(frames: list[np.ndarray], profile: str, rounds: int = 40) -> tuple[float, float]:
    for frame in frames:
        analyse_frame(frame, profile)  # warm-up
    times = []
    for _ in range(rounds):
        for frame in frames:
            start = time.perf_counter()
            analyse_frame(frame, profile)
            times.append(time.perf_counter() - start)
    times.sort()
    return statistics.median(times) * 1e3, times[int(0.95 * len(times))] * 1e3


def _twelve_megapixel_jpeg() -> bytes:
    rng = np.random.default_rng(3)
    source = SyntheticSource(SceneSettings(width=4000, height=3000, drift=0.0), fps=None)
    source.open()
    rgb = source.read().rgb
    rgb = np.clip(rgb.astype(np.int16) + rng.integers(-3, 4, rgb.shape), 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format="JPEG", quality=92)
    return buffer.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    parse(data_argument_parser(__doc__ or ""), argv)
    cv2.setNumThreads(1)
    ok = True
    for (width, height), target in (((1280, 720), 5.0), ((1920, 1080), 8.0)):
        frames = _frames(width, height)
        median, p95 = _median_ms(frames, "clinical")
        ok &= report(
            f"quality: analyse {width}×{height} clinical, median, 1 core", median, "<=", target, "ms"
        )
        note(f"quality: analyse {width}×{height} clinical, 95th percentile", f"{p95:.2f} ms")
        median_d, _ = _median_ms(frames, "dermatoscope", rounds=15)
        note(f"quality: analyse {width}×{height} dermatoscope, median", f"{median_d:.2f} ms")
    data = _twelve_megapixel_jpeg()
    times = []
    for _ in range(7):
        start = time.perf_counter()
        photo = import_photo(data, max_side=1024)
        times.append(time.perf_counter() - start)
    note(
        "import: 12 MP JPEG decoded at max_side=1024 (draft), median of 7",
        f"{statistics.median(times) * 1e3:.0f} ms → {photo.width}×{photo.height}",
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
