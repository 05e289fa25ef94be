"""``scorad-desk quality PHOTO...``: the live framing/lighting checks, run on photo files.

Each photo goes through the safe importer (so a hostile or broken file is an error entry,
never a crash), is decoded at up to 1280 px (the checks run on downscaled copies anyway;
resolution is judged on the file's own size) and analysed with the chosen profile.
Exit status: 0 when every file could be read, 2 when any could not (its entry says why);
with ``--strict``, 1 when every file was read but some photo was not accepted.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_UNREADABLE = 2

#: Photos are decoded at most this large for the analysis (JPEGs at reduced DCT scale: fast).
ANALYSIS_MAX_SIDE = 1280


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "quality",
        help="check framing, lighting, focus, resolution, distance, glare and colour cast of photos",
        description=__doc__,
    )
    parser.add_argument(
        "photos", nargs="+", type=Path, metavar="PHOTO", help="photo files (JPEG, PNG, TIFF, HEIC, WebP, BMP)"
    )
    parser.add_argument(
        "--profile",
        choices=("clinical", "dermatoscope"),
        default="clinical",
        help="clinical camera (default) or dermatoscope close-up rules",
    )
    parser.add_argument("--json", action="store_true", help='print one JSON object {"photos": [...]}')
    parser.add_argument("--strict", action="store_true", help="exit 1 when a photo is not accepted")
    parser.set_defaults(handler=run_quality)


def _analyse(path: Path, profile: str) -> dict[str, Any]:
    from desktop_app.imaging.importer import PhotoImportError, import_photo
    from desktop_app.imaging.quality import QualityInputError, analyse_frame

    try:
        photo = import_photo(path, max_side=ANALYSIS_MAX_SIDE)
    except PhotoImportError as exc:
        return {"path": str(path), "accepted": False, "error": {"reason": exc.reason, "message": exc.message}}
    width, height = photo.source_size
    if photo.orientation in (5, 6, 7, 8):  # EXIF rotation by 90°: the captured frame is portrait
        width, height = height, width
    try:
        report = analyse_frame(photo.rgb, profile, native_size=(width, height))
    except QualityInputError as exc:  # a thumbnail: decodable, too small to judge
        return {"path": str(path), "accepted": False, "error": {"reason": "too_small", "message": str(exc)}}
    data = report.to_dict()
    return {
        "path": str(path),
        "accepted": report.accepted,
        "instruction": report.instruction,
        "categories": data["categories"],
    }


def _print_text(entry: dict[str, Any]) -> None:
    if "error" in entry:
        what = "cannot be analysed" if entry["error"]["reason"] == "too_small" else "cannot be read"
        print(f"{entry['path']}: {what} — {entry['error']['message']}")
        return
    verdict = "accepted" if entry["accepted"] else "NOT accepted"
    print(f"{entry['path']}: {verdict} — {entry['instruction']}")
    for name, result in entry["categories"].items():
        print(f"    {name:<12} {result['status']:<5} {result['value']:>8.3f}  {result['instruction']}")


def run_quality(args: argparse.Namespace) -> int:
    entries = [_analyse(path, args.profile) for path in args.photos]
    if args.json:
        print(json.dumps({"profile": args.profile, "photos": entries}, ensure_ascii=False))
    else:
        for entry in entries:
            _print_text(entry)
    if any("error" in e for e in entries):
        if not args.json:
            print("error: some files could not be read or analysed as photos (see above).", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.strict and not all(e["accepted"] for e in entries):
        return EXIT_REJECTED
    return EXIT_OK
