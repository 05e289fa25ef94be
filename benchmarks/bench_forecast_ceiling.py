"""Forecast: how much CRPS gain over the best baseline the simulated cohorts leave to win at all.

Issue 9 asks for a CRPS at least 20 % better than the best baseline. ``bench_forecast``
measures ours at ~5 %. This benchmark measures the ceiling: the gain of the *clairvoyant*
forecaster (``desktop_app.forecast.bounds``), which knows each patient's hidden level,
reversion rate and swing size besides the history. No forecaster that sees the history only
can beat it in expected CRPS, so if its gain is below 20 % the target cannot be met on that
cohort by any method.

It is measured on the benchmark's clinic cohort (same seed as ``bench_forecast``), then
with one generator setting changed at a time across and beyond the documented ranges
(``desktop_app.forecast.simulation``), and at two stress corners that combine every setting
that raised the ceiling. Same evaluation as ``bench_forecast`` (forward chaining, five
baselines with their errors calibrated per gap bin), 500 patients per cohort. ~2 min.
No patient data are read: ``--data`` is ignored.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from benchmarks.bench_forecast import BASELINES, evaluate_cohort
from benchmarks.figures import data_argument_parser, note, parse, report
from desktop_app.forecast.simulation import CLINIC_COHORT, CohortSpec

SEED = 2026  # bench_forecast's clinic cohort
TARGET_GAIN = 20.0

# (label, changes to CLINIC_COHORT, inside the documented ranges?)
SETTINGS: tuple[tuple[str, dict[str, Any], bool], ...] = (
    ("half-life 7-15 d", {"half_life_days": (7.0, 15.0)}, False),
    ("half-life 30-60 d", {"half_life_days": (30.0, 60.0)}, True),
    ("half-life 60-240 d", {"half_life_days": (60.0, 240.0)}, False),
    ("noise SD 0.05 (~1.2 points)", {"noise_sd": 0.05}, False),
    ("noise SD 0.30 (~7 points)", {"noise_sd": 0.30}, False),
    ("swing SD 0.20 (~4.5 points)", {"latent_sd": 0.20}, False),
    ("swing SD 0.70 (~16 points)", {"latent_sd": 0.70}, False),
    ("patient levels SD 0.3", {"level_sd": 0.3}, False),
    ("patient levels SD 0.9", {"level_sd": 0.9}, False),
    ("gaps median 7 d", {"gap_median_days": 7.0}, False),
    ("gaps median 14 d", {"gap_median_days": 14.0}, False),
    ("gaps median 90 d", {"gap_median_days": 90.0}, False),
    ("gap spread log-SD 0.2 (regular)", {"gap_log_sd": 0.2}, False),
    ("gap spread log-SD 1.4 (very irregular)", {"gap_log_sd": 1.4}, False),
    ("4-6 visits per patient", {"visits": (4, 6)}, True),
    ("10-30 visits per patient", {"visits": (10, 30)}, False),
    (
        "stress: swing 0.7, noise 0.05, gap log-SD 1.4, 10-30 visits",
        {"latent_sd": 0.7, "noise_sd": 0.05, "gap_log_sd": 1.4, "visits": (10, 30)},
        False,
    ),
    (
        "stress: swing 1.0, noise 0.05, gaps 20 d log-SD 1.4, 20-50 visits",
        {"latent_sd": 1.0, "noise_sd": 0.05, "gap_median_days": 20.0, "gap_log_sd": 1.4, "visits": (20, 50)},
        False,
    ),
)


def gains(spec: CohortSpec, seed: int) -> tuple[float, float, str]:
    """(clairvoyant's, ours') CRPS gain in % over the best baseline, and that baseline's name."""
    methods = evaluate_cohort(spec, seed, clairvoyant=True)["methods"]
    best = min(BASELINES, key=lambda name: methods[name]["crps"])

    def gain(name: str) -> float:
        return 100.0 * (1.0 - methods[name]["crps"] / methods[best]["crps"])

    return gain("clairvoyant"), gain("model"), best


def main(argv: Sequence[str] | None = None) -> int:
    parse(data_argument_parser(__doc__ or ""), argv)
    ceiling, ours, best = gains(CLINIC_COHORT, SEED)
    note("clinic cohort: our model's CRPS gain (bench_forecast's figure)", f"{ours:.1f} % over {best}")
    report(
        f"clinic cohort: clairvoyant's CRPS gain over {best} (the ceiling)", ceiling, ">=", TARGET_GAIN, "%"
    )
    highest = ceiling
    for label, changes, documented in SETTINGS:
        ceiling, ours, best = gains(replace(CLINIC_COHORT, **changes), SEED + 1)
        where = "inside the documented ranges" if documented else "beyond them"
        note(
            f"  {label}",
            f"ceiling {ceiling:5.1f} %, ours {ours:5.1f} % (best baseline {best}; {where})",
        )
        highest = max(highest, ceiling)
    report("highest ceiling over every setting above", highest, ">=", TARGET_GAIN, "%")
    # Exit 0: this benchmark measures a bound on the figure; it has no target of its own.
    return 0


if __name__ == "__main__":
    sys.exit(main())
