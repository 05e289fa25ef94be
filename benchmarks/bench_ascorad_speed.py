"""ASCORAD speed: end-to-end per photo (12 MP JPEG in, results out), model load, and the
ASCORAD paper's lesion network (U-Net with a ResNet-34 encoder at 512 px, random weights;
Medela et al. 2022) timed in the same run on the same threads.

Targets: median end-to-end ≤ 300 ms on this 2-core machine and ≤ 1/3 of the U-Net/ResNet-34
forward pass (same torch thread setting for both: the engine's, one thread); model load ≤ 1 s
(torch already imported).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np
import torch
from torch import nn

from benchmarks.figures import data_argument_parser, note, parse, report


class _Basic(nn.Module):
    def __init__(self, cin: int, cout: int, stride: int) -> None:
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.down = (
            nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
            if stride != 1 or cin != cout
            else nn.Identity()
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = torch.relu(self.b1(self.c1(x)))
        return torch.relu(self.b2(self.c2(y)) + self.down(x))


def _stage(cin: int, cout: int, blocks: int, stride: int) -> nn.Sequential:
    return nn.Sequential(_Basic(cin, cout, stride), *[_Basic(cout, cout, 1) for _ in range(blocks - 1)])


class _Up(nn.Module):
    def __init__(self, cin: int, skip: int, cout: int) -> None:
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv2d(cin + skip, cout, 3, padding=1, bias=False),
            nn.BatchNorm2d(cout),
            nn.ReLU(),
            nn.Conv2d(cout, cout, 3, padding=1, bias=False),
            nn.BatchNorm2d(cout),
            nn.ReLU(),
        )

    def forward(self, x: torch.Tensor, skip: torch.Tensor | None) -> torch.Tensor:
        x = nn.functional.interpolate(x, scale_factor=2.0, mode="nearest")
        if skip is not None:
            x = torch.cat([x, skip], dim=1)
        result: torch.Tensor = self.conv(x)
        return result


class UNetResNet34(nn.Module):
    """U-Net with a ResNet-34 encoder (stages 3-4-6-3) and the usual 256-128-64-32-16 decoder."""

    def __init__(self) -> None:
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU())
        self.pool = nn.MaxPool2d(3, 2, 1)
        self.l1 = _stage(64, 64, 3, 1)
        self.l2 = _stage(64, 128, 4, 2)
        self.l3 = _stage(128, 256, 6, 2)
        self.l4 = _stage(256, 512, 3, 2)
        self.d4 = _Up(512, 256, 256)
        self.d3 = _Up(256, 128, 128)
        self.d2 = _Up(128, 64, 64)
        self.d1 = _Up(64, 64, 32)
        self.d0 = _Up(32, 0, 16)
        self.head = nn.Conv2d(16, 1, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        s0 = self.stem(x)
        s1 = self.l1(self.pool(s0))
        s2 = self.l2(s1)
        s3 = self.l3(s2)
        s4 = self.l4(s3)
        y = self.d4(s4, s3)
        y = self.d3(y, s2)
        y = self.d2(y, s1)
        y = self.d1(y, s0)
        result: torch.Tensor = self.head(self.d0(y, None))
        return result


def twelve_megapixel_jpeg(data: Path | None) -> bytes:
    """A 4000×3000 JPEG: a real eczema photo upscaled when the data set is given, else synthetic skin."""
    rgb = None
    if data is not None:
        photos = sorted((data / "dermnet" / "atopic-dermatitis").glob("*.jpg"))
        if photos:
            bgr = cv2.imread(str(photos[0]))
            rgb = None if bgr is None else cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
    if rgb is None:
        rng = np.random.default_rng(0)
        rgb = np.clip(np.array([200, 150, 130]) + rng.normal(0, 12, (480, 640, 3)), 0, 255).astype(np.uint8)
        cv2.circle(rgb, (320, 240), 120, (215, 110, 100), -1)
    big = cv2.resize(rgb, (4000, 3000), interpolation=cv2.INTER_CUBIC)
    ok, encoded = cv2.imencode(".jpg", cv2.cvtColor(big, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 92])
    assert ok
    return encoded.tobytes()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(data_argument_parser(__doc__ or ""), argv)
    from desktop_app.ascorad.engine import AscoradEngine
    from desktop_app.commands.score import ANALYSIS_SIDE
    from desktop_app.imaging.importer import import_photo

    load_times = []
    for _ in range(3):
        start = time.perf_counter()
        engine = AscoradEngine.load()
        load_times.append(time.perf_counter() - start)
    ok = report(
        f"ascorad: model load (median of 3, {engine.model_info['runtime']} runtime)",
        statistics.median(load_times),
        "<=",
        1.0,
        "s",
    )
    jpeg = twelve_megapixel_jpeg(args.data)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "photo-12mp.jpg"
        path.write_bytes(jpeg)
        ours = []
        for i in range(12):
            start = time.perf_counter()
            photo = import_photo(path, max_side=ANALYSIS_SIDE)
            result = engine.score_photo(
                photo.rgb, "trunk_front", image_sha256=photo.source_sha256, source_size=photo.source_size
            )
            result.to_dict()
            if i >= 2:  # two warm-up runs
                ours.append(time.perf_counter() - start)
    note("ascorad: the timed photo", f"accepted={result.accepted} reason={result.reason}")
    # The engine runs on one thread (AscoradEngine.load(threads=1) sets OpenCV's; torch's only on
    # the torch runtime): give the reference network the same single thread, as documented above.
    torch.set_num_threads(1)
    unet = UNetResNet34().eval()
    x = torch.from_numpy(np.random.default_rng(1).random((1, 3, 512, 512), np.float32))
    theirs = []
    with torch.inference_mode():
        for i in range(5):
            start = time.perf_counter()
            unet(x)
            if i >= 1:
                theirs.append(time.perf_counter() - start)
    ours_ms = 1000 * statistics.median(ours)
    theirs_ms = 1000 * statistics.median(theirs)
    ok &= report("ascorad: end-to-end per 12 MP JPEG (median of 10)", ours_ms, "<=", 300, "ms")
    note("ascorad: U-Net/ResNet-34 at 512 px forward (median of 4)", f"{theirs_ms:.0f} ms")
    threads = f"{cv2.getNumThreads()} / {torch.get_num_threads()}"
    note("ascorad: threads (engine: OpenCV; U-Net: torch)", threads)
    ok &= report("ascorad: end-to-end / U-Net-ResNet-34 forward", ours_ms / theirs_ms, "<=", 1 / 3)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
