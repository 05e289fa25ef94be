"""Importer robustness: ≥ 10,000 mutated image files, only the typed error may come out.

Seeds are small valid files in every accepted format and pixel layout (JPEG with EXIF/GPS,
progressive JPEG, CMYK JPEG, PNG RGB/RGBA/palette/16-bit, TIFF 8/16-bit, WebP, BMP) plus a
decompression bomb. Each case applies 1–4 seeded mutations: random byte flips, overwritten
runs, truncation, duplicated or deleted slices, 32-bit fields set to huge values, and
PNG/JPEG headers rewritten to claim other sizes (up to 100,000 × 100,000: decompression bombs).

Targets (issue 3): 0 exceptions other than ``PhotoImportError``, 0 crashes (the loop runs in
a child process, so a segfault in a decoder would show as a non-zero exit), memory bounded:
peak RSS growth ≤ 400 MB during the run and RSS growth ≤ 64 MB between the first and the
last thousand cases (no leak).
"""

from __future__ import annotations

import argparse
import io
import json
import struct
import subprocess
import sys
import time
import zlib
from collections import Counter
from collections.abc import Sequence

import numpy as np
from PIL import Image

from benchmarks.figures import data_argument_parser, note, report
from desktop_app.imaging.importer import PhotoImportError, import_photo


def _rss_mb() -> float:
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _seeds() -> list[bytes]:
    rng = np.random.default_rng(11)
    rgb = rng.integers(0, 255, (24, 32, 3), dtype=np.uint8)
    image = Image.fromarray(rgb)
    seeds = []

    def save(im: Image.Image, fmt: str, **kwargs: object) -> None:
        buffer = io.BytesIO()
        im.save(buffer, format=fmt, **kwargs)
        seeds.append(buffer.getvalue())

    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "Maker"
    exif.get_ifd(0x8825)[2] = (48.0, 51.0, 29.0)
    save(image, "JPEG", quality=85, exif=exif.tobytes())
    save(image, "JPEG", quality=70, progressive=True)
    save(Image.new("CMYK", (16, 16), (10, 200, 30, 5)), "JPEG")
    save(image, "PNG")
    save(image.convert("RGBA"), "PNG")
    save(image.convert("P"), "PNG", transparency=0)
    save(Image.fromarray(rgb[:, :, 0].astype(np.uint16) * 257), "PNG")
    save(image, "TIFF")
    save(Image.fromarray(rgb[:, :, 1].astype(np.uint16) * 200), "TIFF")
    save(image, "WEBP", quality=80)
    save(image, "BMP")
    save(Image.new("L", (8, 8)), "PNG")  # mutated below into dimension bombs
    return seeds


def _resize_header(data: bytes, rng: np.random.Generator) -> bytes:
    """Claim other dimensions in a PNG IHDR (CRC fixed) or JPEG SOF: bombs and zero sizes."""
    width, height = (int(v) for v in rng.choice([0, 1, 7, 4096, 20_000, 65_535, 100_000], 2))
    out = bytearray(data)
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        out[16:24] = struct.pack(">II", width, height)
        out[29:33] = struct.pack(">I", zlib.crc32(bytes(out[12:29])))
        return bytes(out)
    for marker in (b"\xff\xc0", b"\xff\xc2"):
        at = data.find(marker)
        if at >= 0 and at + 9 <= len(data):
            out[at + 5 : at + 9] = struct.pack(">HH", min(height, 65_535), min(width, 65_535))
            return bytes(out)
    return data


def _mutate(data: bytes, rng: np.random.Generator) -> bytes:
    if rng.random() < 0.15:
        data = _resize_header(data, rng)
        if rng.random() < 0.5:
            return data
    out = bytearray(data)
    for _ in range(int(rng.integers(1, 5))):
        if not out:
            break
        kind = int(rng.integers(0, 6))
        position = int(rng.integers(0, len(out)))
        if kind == 0:  # flip a few bits
            out[position] ^= 1 << int(rng.integers(0, 8))
        elif kind == 1:  # overwrite a run with random bytes
            length = int(rng.integers(1, 16))
            out[position : position + length] = rng.integers(0, 256, length, dtype=np.uint8).tobytes()
        elif kind == 2:  # truncate
            del out[max(8, position) :]
        elif kind == 3:  # duplicate a slice
            length = int(rng.integers(1, 64))
            out[position:position] = out[position : position + length]
        elif kind == 4:  # delete a slice
            del out[position : position + int(rng.integers(1, 32))]
        else:  # a 32-bit field set to a huge value (sizes, offsets, counts)
            value = int(rng.choice([0xFFFFFFFF, 0x7FFFFFFF, 50_000, 65_535, 0]))
            out[position : position + 4] = struct.pack(">I", value)
    return bytes(out)


def _child(cases: int) -> dict[str, object]:
    rng = np.random.default_rng(2024)
    seeds = _seeds()
    outcomes: Counter[str] = Counter()
    untyped: list[str] = []
    start_rss = _rss_mb()
    peak = start_rss
    early_rss = late_rss = start_rss
    started = time.perf_counter()
    for i in range(cases):
        data = _mutate(seeds[i % len(seeds)], rng)
        try:
            photo = import_photo(data)
            _ = photo.encoded  # the PNG re-encoding is part of an import
            outcomes["decoded"] += 1
        except PhotoImportError as exc:
            outcomes[f"typed:{exc.reason}"] += 1
        except BaseException as exc:
            untyped.append(f"{type(exc).__name__}: {exc}"[:200])
        if i % 250 == 0:
            peak = max(peak, _rss_mb())
        if i == 1000:
            early_rss = _rss_mb()
    late_rss = _rss_mb()
    peak = max(peak, late_rss)
    return {
        "cases": cases,
        "seconds": time.perf_counter() - started,
        "outcomes": dict(outcomes),
        "untyped": untyped,
        "start_rss": start_rss,
        "peak_rss": peak,
        "early_rss": early_rss,
        "late_rss": late_rss,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = data_argument_parser(__doc__ or "")
    parser.add_argument("--cases", type=int, default=12_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.cases)))
        return 0
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_import_fuzz", "--child", "--cases", str(args.cases)],
        capture_output=True,
        text=True,
        check=False,
    )
    ok = report("import fuzz: child process exit status (crash = non-zero)", run.returncode, "<=", 0)
    if run.returncode != 0:
        print(run.stderr[-2000:], file=sys.stderr)
        return 1
    result = json.loads(run.stdout.strip().splitlines()[-1])
    ok &= report("import fuzz: mutated files imported", result["cases"], ">=", 10_000, "files")
    ok &= report("import fuzz: exceptions other than PhotoImportError", len(result["untyped"]), "<=", 0)
    for line in result["untyped"][:10]:
        print(f"    untyped: {line}")
    ok &= report(
        "import fuzz: peak RSS growth during the run",
        result["peak_rss"] - result["start_rss"],
        "<=",
        400,
        "MB",
    )
    ok &= report(
        "import fuzz: RSS growth case 1,000 → last (leak check)",
        result["late_rss"] - result["early_rss"],
        "<=",
        64,
        "MB",
    )
    outcomes = result["outcomes"]
    decoded = outcomes.pop("decoded", 0)
    note("import fuzz: decoded anyway / typed errors", f"{decoded} / {sum(outcomes.values())}")
    note("import fuzz: typed error reasons", ", ".join(f"{k[6:]} {v}" for k, v in sorted(outcomes.items())))
    note(
        "import fuzz: time",
        f"{result['seconds']:.1f} s ({result['seconds'] / result['cases'] * 1e3:.2f} ms/file)",
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
