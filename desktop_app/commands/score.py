"""``scorad-desk score PHOTO... [--region R ...] [--age-years N] [--json] [--overlay DIR] [--masks DIR]``.

Scores many photos in one process with the ASCORAD engine and prints per-photo results
and the visit's A, B and oSCORAD. ``--region`` takes one region for all photos or one per
photo, in order. An unreadable or refused photo is reported in its entry (``accepted``
false with a ``reason``) and makes the exit status 1; bad arguments exit 2. Automatic
scores are decision support, not a diagnosis.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ANALYSIS_SIDE = 640  # reduced-size JPEG decode: the heads' training size (networks at 320/448 px)
EXIT_REFUSED = 1
EXIT_USAGE = 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "score", help="automatic SCORAD (ASCORAD) from photos", description=__doc__
    )
    parser.add_argument(
        "photos", nargs="+", metavar="PHOTO", help="photo files (JPEG, PNG, TIFF, HEIC, WebP, BMP)"
    )
    parser.add_argument(
        "--region", nargs="+", default=[], metavar="REGION", help="body region(s) of the photos"
    )
    parser.add_argument(
        "--age-years", type=float, default=None, metavar="N", help="patient age (default adult)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--overlay", metavar="DIR", default=None, help="write NAME.overlay.jpg with the lesions drawn"
    )
    parser.add_argument(
        "--masks", metavar="DIR", default=None, help="write NAME.skin.png and NAME.lesion.png"
    )
    parser.add_argument("--models", metavar="DIR", default=None, help=argparse.SUPPRESS)
    parser.set_defaults(handler=run_score)


def _regions(args: argparse.Namespace) -> list[str | None]:
    from desktop_app.domain.regions import parse_region

    regions = [parse_region(r).value for r in args.region]
    if not regions:
        return [None] * len(args.photos)
    if len(regions) == 1:
        return [regions[0]] * len(args.photos)
    if len(regions) != len(args.photos):
        raise ValueError(
            f"Give one --region for all photos or one per photo "
            f"({len(args.photos)} photos, {len(regions)} regions)."
        )
    return list(regions)


def _oriented_size(photo: Any) -> tuple[int, int]:
    width, height = photo.source_size
    return (height, width) if photo.orientation in (5, 6, 7, 8) else (width, height)


def _output_folders(args: argparse.Namespace) -> str | None:
    """Create the ``--masks``/``--overlay`` folders before any photo is scored; the error, if any.

    Why first: a folder that cannot be made would otherwise fail after the models loaded and the
    first photo was scored."""
    for folder in (args.masks, args.overlay):
        if folder:
            try:
                Path(folder).mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                return f"cannot create the output folder {folder} ({exc.strerror or exc})"
    return None


def _write_png_or_jpeg(path: Path, image: Any, params: list[int] | None = None) -> None:
    """Encode in memory, then write with Python's file API: ``cv2.imwrite`` returns False
    without saying why, and cannot open a non-ASCII path on Windows (a French folder name)."""
    import cv2

    ok, encoded = cv2.imencode(path.suffix, image, params or [])
    if not ok:
        raise OSError(f"cannot encode {path.name}")
    path.write_bytes(encoded.tobytes())


def _write_outputs(args: argparse.Namespace, stem: str, path: Path, photo: Any, result: Any) -> None:
    import cv2
    import numpy as np

    width, height = _oriented_size(photo)
    skin, lesion = result.masks_at(height, width)
    if args.masks:
        folder = Path(args.masks)
        _write_png_or_jpeg(folder / f"{stem}.skin.png", skin)
        _write_png_or_jpeg(folder / f"{stem}.lesion.png", lesion)
    if args.overlay:
        from desktop_app.imaging.importer import import_photo

        folder = Path(args.overlay)
        full = import_photo(path).rgb
        if full.shape[:2] != (height, width):
            full = cv2.resize(full, (width, height), interpolation=cv2.INTER_AREA)
        bgr = cv2.cvtColor(full, cv2.COLOR_RGB2BGR)
        tint = bgr.copy()
        tint[lesion > 0] = (0.5 * tint[lesion > 0] + np.array([0, 0, 127])).astype(np.uint8)
        contours, _ = cv2.findContours(lesion, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        cv2.drawContours(tint, contours, -1, (0, 255, 255), max(1, width // 400))
        _write_png_or_jpeg(folder / f"{stem}.overlay.jpg", tint, [cv2.IMWRITE_JPEG_QUALITY, 90])


def _output_stems(paths: list[str]) -> list[str]:
    """Each photo's name for its output files: its stem, with -2, -3 ... after a stem already
    used (a/arm.jpg and b/arm.jpg must not overwrite each other's masks)."""
    stems: list[str] = []
    for name in paths:
        stem = candidate = Path(name).stem
        number = 2
        while candidate in stems:  # also when a later photo is itself called arm-2.jpg
            candidate, number = f"{stem}-{number}", number + 1
        stems.append(candidate)
    return stems


def _refused_entry(path: Path, reason: str, message: str) -> dict[str, Any]:
    return {
        "path": str(path),
        "accepted": False,
        "reason": reason,
        "message": message,
        "skin_percent": None,
        "lesion_percent": None,
        "signs": {},
        "provenance": {},
    }


# How to fix each of the engine's refusals, for someone at a terminal (the app's review screen
# has its own translated wording, desktop_app.ui.review.reasons).
_REFUSALS = {
    "not_skin": "No skin was found in this photo: point the camera at the affected skin and retake.",
    "too_little_skin": "Too little skin is visible: move closer so the skin fills most of the picture.",
    "no_colour": "This photo is black and white: switch the camera to colour (not a monochrome or "
    "infrared mode) and retake; ASCORAD reads redness.",
}


def _refusal_message(entry: dict[str, Any]) -> str:
    """One sentence for a photo the engine refused: the failed quality check's own instruction
    (e.g. "Hold still — let the camera focus"), or what to do about the skin."""
    reason = str(entry.get("reason") or "")
    if reason.startswith("quality_failed:"):
        category = reason.split(":", 1)[1]
        checks = (entry.get("quality") or {}).get("categories") or {}
        instruction = (checks.get(category) or {}).get("instruction") or "retake the photo"
        return f"The photo failed the {category.replace('_', ' ')} check: {instruction}."
    return _REFUSALS.get(reason, "Retake the photo, or grade this area by hand.")


def run_score(args: argparse.Namespace) -> int:
    from desktop_app.domain.errors import ScoreInputError

    try:
        regions = _regions(args)
        if args.age_years is not None:
            from desktop_app.domain.regions import age_group

            age_group(args.age_years)
    except (ScoreInputError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    problem = _output_folders(args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    from desktop_app.ascorad.aggregation import NoScorablePhotoError, aggregate_visit
    from desktop_app.ascorad.engine import AscoradEngine, ModelFilesMissingError
    from desktop_app.imaging.importer import PhotoImportError, import_photo

    try:
        engine = AscoradEngine.load(Path(args.models) if args.models else None)
    except ModelFilesMissingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    entries: list[dict[str, Any]] = []
    results = []
    unwritten = 0
    for name, region, stem in zip(args.photos, regions, _output_stems(args.photos), strict=True):
        path = Path(name)
        try:
            photo = import_photo(path, max_side=ANALYSIS_SIDE)
        except PhotoImportError as exc:
            entries.append(_refused_entry(path, f"unreadable:{exc.reason}", str(exc)))
            continue
        try:
            result = engine.score_photo(
                photo.rgb,
                region,
                image_sha256=photo.source_sha256,
                image_sha256_of="source file",
                source_size=photo.source_size,
            )
        except ModelFilesMissingError as exc:  # heads that do not fit the networks: no photo can be scored
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_REFUSED
        results.append(result)
        entry = {"path": str(path), **result.to_dict()}
        if not result.accepted:
            entry["message"] = _refusal_message(entry)
        entries.append(entry)
        if args.masks or args.overlay:
            try:
                _write_outputs(args, stem, path, photo, result)
            except (OSError, PhotoImportError) as exc:  # disk full, folder removed meanwhile
                print(f"error: the masks or overlay of {path} were not written ({exc})", file=sys.stderr)
                unwritten += 1
    try:
        visit: dict[str, Any] = aggregate_visit(results, args.age_years).to_dict()
    except NoScorablePhotoError as exc:
        visit = {"A": None, "B": None, "oSCORAD": None, "reason": str(exc)}
    all_ok = all(e["accepted"] for e in entries)
    if args.json:
        print(json.dumps({"photos": entries, "visit": visit}, indent=2))
    else:
        _print_text(entries, visit)
    return 0 if all_ok and not unwritten else EXIT_REFUSED


def _print_text(entries: list[dict[str, Any]], visit: dict[str, Any]) -> None:
    for e in entries:
        if not e["accepted"]:
            print(f"{e['path']}: NOT SCORED ({e['reason']}) {e.get('message', '')}".rstrip())
            continue
        signs = ", ".join(f"{k} {v['grade']:.1f} ({v['confidence']:.0%})" for k, v in e["signs"].items())
        # heads 2.2: few eczema signs, so only the colour contrast drew this photo's mask
        only_red = (
            " (clearly red skin only)" if e["provenance"].get("lesion_rule_applied") == "strong" else ""
        )
        print(
            f"{e['path']}: skin {e['skin_percent']:.0f} %, "
            f"lesion {e['lesion_percent']:.1f} % of skin{only_red}; {signs}"
        )
    if visit.get("A") is None:
        print(f"visit: not scored ({visit.get('reason')})")
        return
    missing = ", ".join(visit["regions_missing"]) or "none"
    print(
        f"visit: A {visit['A']:.1f}, B {visit['B']} ({visit['grades']}), oSCORAD {visit['oSCORAD']:.1f}"
        f"{' (age assumed adult)' if visit['age_assumed'] else ''}; regions without photos: {missing}"
    )
    print("Automatic estimate for decision support, not a diagnosis: confirm or correct every value.")
