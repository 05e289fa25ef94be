"""One printed line per measured figure: name, measured value, target, PASS/FAIL."""

from __future__ import annotations

import argparse
import operator
from collections.abc import Callable, Sequence
from pathlib import Path

_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "<": operator.lt,
    ">": operator.gt,
}


def report(name: str, measured: float, comparison: str, target: float, unit: str = "") -> bool:
    """Print ``name  measured  target  PASS|FAIL`` and return whether the target was met."""
    passed = _COMPARE[comparison](measured, target)
    print(
        f"{name:<58} {measured:>12.4g} {unit:<5} target {comparison} {target:g} {unit:<5} "
        f"{'PASS' if passed else 'FAIL'}",
        flush=True,
    )
    return passed


def note(name: str, text: str) -> None:
    """A figure printed for information only (no target)."""
    print(f"{name:<58} {text}", flush=True)


def data_argument_parser(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="folder of ../shared/datasets (only the data-hungry benchmarks read it)",
    )
    return parser


def require_data(data: Path | None, *parts: str) -> Path | None:
    """Return the data sub-folder, or print clearly that it is absent and return None."""
    if data is None:
        print(f"DATA ABSENT: pass --data ../shared/datasets to measure this benchmark ({'/'.join(parts)})")
        return None
    folder = data.joinpath(*parts)
    if not folder.exists():
        print(f"DATA ABSENT: {folder} does not exist; this benchmark was not measured")
        return None
    return folder


def parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    return parser.parse_args(argv)
