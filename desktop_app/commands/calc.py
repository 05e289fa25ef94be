"""``scorad-desk calc``: the SCORAD calculator for scripts and quick checks.

Grades and VAS values are all-or-none groups: leaving out all six grades means B = 0,
leaving out both itch and sleep means C = 0, but giving only some of a group is a
missing-item error (a half-filled form is a mistake, not a zero).
"""

from __future__ import annotations

import argparse
import json
import sys

from desktop_app.domain.errors import MissingItemError, ScoreInputError
from desktop_app.domain.regions import REGION_LABELS, Region
from desktop_app.domain.scorad import Extent, Intensity, ScoreKind, Sign, Subjective, compute_scorad
from desktop_app.domain.severity import classify, parse_band_set

EXIT_INVALID = 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    regions = ", ".join(r.value for r in Region)
    parser = subparsers.add_parser(
        "calc",
        help="compute SCORAD and oSCORAD from form items",
        description=f"Compute SCORAD (A/5 + 7B/2 + C) from form items. Regions: {regions}.",
    )
    parser.add_argument(
        "--age-years",
        type=float,
        default=18.0,
        metavar="N",
        help="patient age in years; under 2 uses the child figure (default 18)",
    )
    parser.add_argument(
        "--extent",
        action="append",
        default=[],
        metavar="REGION=FRACTION",
        help="affected fraction 0-1 of a region; repeat per region",
    )
    for sign in Sign:
        parser.add_argument(
            f"--{sign.value.replace('_', '-')}",
            dest=sign.value,
            type=float,
            metavar="G",
            help=f"{sign.value.replace('_', '/')} grade 0-3",
        )
    parser.add_argument("--itch", type=float, metavar="V", help="pruritus VAS 0-10")
    parser.add_argument("--sleep", type=float, metavar="V", help="sleeplessness VAS 0-10")
    parser.add_argument(
        "--bands", default="classic", metavar="classic|chopra2017", help="severity band set (default classic)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=run_calc)


def _parse_extent(pairs: list[str]) -> Extent:
    fractions: dict[str, object] = {}
    for pair in pairs:
        region, sep, value = pair.partition("=")
        if not sep:
            raise MissingItemError("extent", f"--extent expects REGION=FRACTION (got {pair!r}).")
        try:
            fractions[region] = float(value)
        except ValueError:
            raise ScoreInputError(
                region, f"Affected fraction of {region} must be a number (got {value!r})."
            ) from None
    return Extent.from_mapping(fractions)


def _all_or_none(args: argparse.Namespace, names: list[str], what: str) -> dict[str, object] | None:
    given = {n: getattr(args, n) for n in names if getattr(args, n) is not None}
    if not given:
        return None
    missing = [n for n in names if n not in given]
    if missing:
        raise MissingItemError(
            missing[0], f"{missing[0].replace('_', ' ')} is missing: give all {what} or none."
        )
    return given


def _whole_grades(grades: dict[str, object]) -> dict[str, object]:
    # argparse gives floats; a whole float becomes an int so Intensity's step check reads naturally.
    return {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in grades.items()}


def run_calc(args: argparse.Namespace) -> int:
    try:
        band_set = parse_band_set(args.bands)
        extent = _parse_extent(args.extent)
        grades = _all_or_none(args, [s.value for s in Sign], "six intensity grades")
        intensity = Intensity.from_mapping(_whole_grades(grades or {s.value: 0 for s in Sign}))
        vas = _all_or_none(args, ["itch", "sleep"], "itch and sleep")
        itch, sleep = (vas["itch"], vas["sleep"]) if vas else (0.0, 0.0)
        subjective = Subjective(pruritus=float(itch), sleeplessness=float(sleep))  # type: ignore[arg-type]
        result = compute_scorad(args.age_years, extent, intensity, subjective)
        scorad_band = classify(result.scorad, ScoreKind.SCORAD, band_set)
        oscorad_band = classify(result.oscorad, ScoreKind.OSCORAD, band_set)
    except ScoreInputError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return EXIT_INVALID
    if args.json:
        print(
            json.dumps(
                {
                    "A": result.a,
                    "B": result.b,
                    "C": result.c,
                    "scorad": result.scorad,
                    "oscorad": result.oscorad,
                    "scorad_band": scorad_band.value,
                    "oscorad_band": oscorad_band.value,
                    "bands": band_set.value,
                }
            )
        )
        return 0
    figure = "child figure (under 2)" if result.age_group.value == "under_2" else "figure age 2+"
    print(f"A (extent, {figure}): {result.a:g}")
    for region, fraction in sorted(extent.fractions.items()):
        print(f"    {REGION_LABELS[region]}: {fraction:.0%}")
    print(f"B (intensity): {result.b}")
    print(f"C (itch + sleep): {result.c:g}")
    print(f"SCORAD: {result.scorad:.1f}  ({scorad_band.value}, {band_set.value} bands)")
    print(f"Objective SCORAD: {result.oscorad:.1f}  ({oscorad_band.value}, {band_set.value} bands)")
    return 0
