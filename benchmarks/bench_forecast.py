"""Forecast: accuracy against five baselines on simulated cohorts, and filter/refit speed.

Targets (issue 9): on a simulated cohort of ≥ 300 patients with irregular visits, CRPS at
least 20 % better than the best baseline and 90 % intervals covering 85-95 %, flare AUC
reported with its Brier score; filtering one patient's 50 visits ≤ 1 ms; refitting the clinic
parameters on 10,000 patients ≤ 30 s.

Cohorts (``desktop_app.forecast.simulation``, parameters documented there): ``clinic`` is
generated from the model's own family (plus per-patient reversion and swing sizes), so
the model's edge there is partly by construction; ``exact`` is the model itself with one
parameter set, where the Kalman predictive with the TRUE parameters ("oracle") is the best
any forecaster can do in expected CRPS, i.e. the ceiling of the improvement; ``flare`` adds
flare jumps the model does not have. On the clinic cohort the "clairvoyant", told each
patient's hidden level, reversion and swing, bounds every history-only forecaster
(``desktop_app.forecast.bounds``; swept across the generator's settings by
``bench_forecast_ceiling``). No patient data are read: ``--data`` is ignored.
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from benchmarks.figures import data_argument_parser, note, parse, report
from desktop_app.domain.scorad import ScoreKind
from desktop_app.forecast import fit_clinic_parameters
from desktop_app.forecast.baselines import HORIZON_LABELS, baseline_methods
from desktop_app.forecast.bounds import ClairvoyantMethod, OracleMethod, cohort_parameters
from desktop_app.forecast.evaluation import dataset_from_histories, evaluate
from desktop_app.forecast.kalman import filter_patient
from desktop_app.forecast.methods import StateSpaceMethod
from desktop_app.forecast.parameters import DEFAULT_PARAMETERS, ForecastParameters
from desktop_app.forecast.simulation import CLINIC_COHORT, FLARE_COHORT, CohortSpec, simulate_cohort

N_PATIENTS = 500
BASELINES = ("uniform", "historical", "persistence", "patient_mean", "exp_smoothing")
EXACT_TRUTH = DEFAULT_PARAMETERS
EXACT_COHORT = replace(CLINIC_COHORT, half_life_days=(30.0, 30.0), latent_sd_factor=(1.0, 1.0))


def evaluate_cohort(
    spec: CohortSpec, seed: int, oracle: bool = False, clairvoyant: bool = False
) -> dict[str, Any]:
    """Ours, the five baselines and the requested bounds on one simulated cohort (evaluation dict)."""
    cohort = simulate_cohort(N_PATIENTS, seed=seed, spec=spec)
    methods: list[Any] = [StateSpaceMethod(), *baseline_methods()]
    if oracle:
        methods.append(OracleMethod(EXACT_TRUTH))
    dataset = dataset_from_histories({p.patient_id: p.history() for p in cohort}, spec.kind)
    if clairvoyant:
        patients = {p.patient_id: p for p in cohort}
        methods.append(ClairvoyantMethod(patients, dataset.patient_ids, cohort_parameters(spec)))
    return evaluate(dataset, methods).to_dict()


def _accuracy(label: str, result: dict[str, Any], targets: bool) -> bool:
    methods = result["methods"]
    model = methods["model"]
    best = min(BASELINES, key=lambda name: methods[name]["crps"])
    gain = 100.0 * (1.0 - model["crps"] / methods[best]["crps"])
    note(
        f"{label}: cohort",
        f"{result['n_patients']} patients, {result['n_assessments']} visits, {model['n']} forecasts scored, "
        f"flare rate {result['flare_rate']:.3f}",
    )
    bounds = [name for name in ("oracle", "clairvoyant") if name in methods]
    for name in ("model", *BASELINES, *bounds):
        m = methods[name]
        note(
            f"{label}: {name}",
            f"CRPS {m['crps']:.3f}  log {m['log_score']:.3f}  MAE {m['mae']:.3f}  "
            f"cov50 {m['coverage50']:.3f}  cov90 {m['coverage90']:.3f}  "
            f"flare AUC {m['flare_auc']:.3f}  Brier {m['flare_brier']:.3f}",
        )
    for horizon in HORIZON_LABELS:
        cells = "  ".join(
            f"{name} {methods[name]['by_horizon'][horizon].get('crps', math.nan):.3f}"
            for name in ("model", "persistence", "patient_mean", "exp_smoothing")
        )
        note(f"{label}: CRPS at gap {horizon} (n {model['by_horizon'][horizon]['n']})", cells)
    for name in ("model", best):
        cells = "  ".join(
            f"{band} {entry['coverage90']:.3f}" for band, entry in methods[name]["by_band"].items()
        )
        note(f"{label}: 90 % coverage by band, {name}", cells)
    ok = True
    if targets:
        ok &= report(f"{label}: CRPS gain over best baseline ({best})", gain, ">=", 20.0, "%")
        ok &= report(f"{label}: 90 % interval coverage (lower)", 100 * model["coverage90"], ">=", 85.0, "%")
        ok &= report(f"{label}: 90 % interval coverage (upper)", 100 * model["coverage90"], "<=", 95.0, "%")
        note(f"{label}: flare AUC / Brier", f"{model['flare_auc']:.3f} / {model['flare_brier']:.3f}")
    else:
        note(f"{label}: CRPS gain over best baseline ({best})", f"{gain:.1f} %")
        note(
            f"{label}: 90 % coverage; flare AUC / Brier",
            f"{model['coverage90']:.3f}; {model['flare_auc']:.3f} / {model['flare_brier']:.3f}",
        )
    for name in bounds:
        ceiling = 100.0 * (1.0 - methods[name]["crps"] / methods[best]["crps"])
        note(f"{label}: ceiling, {name}'s CRPS gain over {best}", f"{ceiling:.1f} %")
    return ok


def _filter_ms() -> tuple[float, float]:
    days = [float(7 * k + (k % 5) * 11) for k in range(50)]  # irregular, 1-4 weeks apart
    latent = [math.sin(k / 3.0) * 0.5 - 0.8 for k in range(50)]
    runs = []
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(500):
            filter_patient(days, latent, DEFAULT_PARAMETERS)
        runs.append((time.perf_counter() - start) / 500 * 1e3)
    return statistics.median(runs), max(runs)


def _refit_seconds() -> tuple[float, ForecastParameters]:
    cohort = simulate_cohort(10_000, seed=99, spec=CLINIC_COHORT)
    histories = {p.patient_id: p.history() for p in cohort}
    start = time.perf_counter()
    params = fit_clinic_parameters(histories, ScoreKind.PO_SCORAD)
    return time.perf_counter() - start, params


def main(argv: Sequence[str] | None = None) -> int:
    parse(data_argument_parser(__doc__ or ""), argv)
    ok = _accuracy("clinic cohort", evaluate_cohort(CLINIC_COHORT, seed=2026, clairvoyant=True), targets=True)
    _accuracy("exact-model cohort", evaluate_cohort(EXACT_COHORT, seed=2027, oracle=True), targets=False)
    _accuracy("flare-jump cohort (misspecified)", evaluate_cohort(FLARE_COHORT, seed=2028), targets=False)
    median_ms, worst_ms = _filter_ms()
    ok &= report("speed: filter one patient's 50 visits (median of 7x500)", median_ms, "<=", 1.0, "ms")
    note("speed: filter 50 visits, slowest batch", f"{worst_ms:.4f} ms")
    seconds, params = _refit_seconds()
    ok &= report(
        f"speed: refit on 10,000 patients ({params.fitted_assessments} visits)", seconds, "<=", 30.0, "s"
    )
    note(
        "refit: fitted parameters",
        f"level {params.level_mean:.3f}±{params.level_sd:.3f}, half-life {params.half_life_days:.1f} d, "
        f"swing {params.latent_sd:.3f}, noise {params.noise_sd:.3f} (logit scale)",
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
