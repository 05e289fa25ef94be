"""Forward-chaining evaluation of the forecaster against the five baselines (DESIGN §6).

Folds follow the calendar, as a clinic lives them: cut dates at the 50, 60, 70, 80 and 90 %
quantiles of all assessment dates. For each fold every method is fitted on the assessments
dated before the cut (our clinic parameters included), then forecasts each assessment dated
in [cut, next cut) from that patient's earlier assessments only. Only assessments with at
least 3 earlier ones are scored (the app shows no forecast before that), so all methods are
scored on exactly the same targets. Horizon = days since the patient's previous assessment.
Results are also given per severity band of the latest assessment (``by_band``), because a
forecast can be calibrated on average and still too narrow for severe patients.

``run_cli`` backs ``scorad-desk evaluate forecast --data CSV [--score-max 103] [--json]``:
the CSV has columns ``patient_id,date,score`` (ISO dates, rows in any order, extra columns
ignored), e.g. the clinic's own history export, so a site can measure the forecaster on its
own patients. Score maximum 103 is treated as SCORAD (MCID 8.7), 83 as objective SCORAD.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import math
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from desktop_app.domain.scorad import ScoreKind
from desktop_app.domain.severity import SCORE_MAX, BandSet, bands_available, classify
from desktop_app.forecast.baselines import HORIZON_LABELS, baseline_methods, horizon_bin
from desktop_app.forecast.errors import ForecastDataError
from desktop_app.forecast.flare import flare_threshold
from desktop_app.forecast.methods import Method, Series, StateSpaceMethod, Targets
from desktop_app.forecast.predict import MIN_POINTS
from desktop_app.forecast.scoring import PointScores, brier, roc_auc, score_cdfs, score_grid

CUT_QUANTILES: tuple[float, ...] = (0.5, 0.6, 0.7, 0.8, 0.9)
METHOD_NAMES: tuple[str, ...] = (
    "model",
    "uniform",
    "historical",
    "persistence",
    "patient_mean",
    "exp_smoothing",
)
_CHUNK = 2048
REQUIRED_COLUMNS = ("patient_id", "date", "score")
_METRICS = ("crps", "log_score", "mae", "coverage50", "coverage90", "flare_auc", "flare_brier")


@dataclass(frozen=True)
class Dataset:
    patient_ids: tuple[str, ...]
    series: tuple[Series, ...]
    kind: ScoreKind

    @property
    def n_assessments(self) -> int:
        return sum(len(d) for d, _ in self.series)


def dataset_from_histories(histories: Mapping[str, Sequence[tuple[date, float]]], kind: ScoreKind) -> Dataset:
    ids = tuple(sorted(histories))
    series = []
    for pid in ids:
        rows = sorted(histories[pid], key=lambda row: row[0])
        series.append(
            (
                np.array([r[0].toordinal() for r in rows], dtype=float),
                np.array([r[1] for r in rows], dtype=float),
            )
        )
    return Dataset(ids, tuple(series), kind)


def kind_for_score_max(score_max: float) -> ScoreKind:
    if score_max == SCORE_MAX[ScoreKind.SCORAD]:
        return ScoreKind.SCORAD
    if score_max == SCORE_MAX[ScoreKind.OSCORAD]:
        return ScoreKind.OSCORAD
    raise ForecastDataError(
        f"--score-max must be 103 (SCORAD, PO-SCORAD) or 83 (objective SCORAD), not {score_max:g}."
    )


def read_history_csv(path: Path, kind: ScoreKind) -> Dataset:
    """Read ``patient_id,date,score``; raise ForecastDataError naming the line of any bad value."""
    score_max = SCORE_MAX[kind]
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as error:
        raise ForecastDataError(f"Cannot open {path}: {error.strerror or error}.") from None
    histories: dict[str, list[tuple[date, float]]] = {}
    with handle:
        try:
            reader = csv.DictReader(handle)
            header = reader.fieldnames
            if not header:
                raise ForecastDataError(f"{path} is empty: expected a header line 'patient_id,date,score'.")
            missing = [c for c in REQUIRED_COLUMNS if c not in [h.strip() for h in header]]
            if missing:
                raise ForecastDataError(
                    f"{path}: missing column(s) {', '.join(missing)}; "
                    "the header must contain patient_id,date,score."
                )
            for row in reader:
                line = reader.line_num
                row = {
                    (k or "").strip(): (v or "").strip() for k, v in row.items() if isinstance(v, str | None)
                }
                pid = row.get("patient_id", "")
                if not pid:
                    raise ForecastDataError(f"{path} line {line}: patient_id is empty.")
                try:
                    when = date.fromisoformat(row.get("date", ""))
                except ValueError:
                    raise ForecastDataError(
                        f"{path} line {line}: date {row.get('date')!r} is not an ISO date (YYYY-MM-DD)."
                    ) from None
                try:
                    score = float(row.get("score", ""))
                except ValueError:
                    raise ForecastDataError(
                        f"{path} line {line}: score {row.get('score')!r} is not a number."
                    ) from None
                if not math.isfinite(score) or score < 0 or score > score_max:
                    raise ForecastDataError(
                        f"{path} line {line}: score {row.get('score')} is outside 0–{score_max:g}."
                    )
                histories.setdefault(pid, []).append((when, score))
        except (csv.Error, UnicodeDecodeError) as error:
            raise ForecastDataError(f"{path} is not a readable UTF-8 CSV file: {error}.") from None
    if not histories:
        raise ForecastDataError(f"{path} has a header but no assessments.")
    return dataset_from_histories(histories, kind)


@dataclass(frozen=True)
class MethodResult:
    name: str
    scores: PointScores
    outcome: NDArray[np.bool_]
    horizon: NDArray[np.int64]
    band: NDArray[np.str_]  # severity band of the latest assessment before each target


def _summary(
    scores: PointScores, outcome: NDArray[np.bool_], rows: NDArray[np.int64] | slice
) -> dict[str, Any]:
    p, o = scores.p_flare[rows], outcome[rows]
    n = len(o)
    if n == 0:
        return {key: None for key in _METRICS} | {"n": 0}
    return {
        "crps": float(np.mean(scores.crps[rows])),
        "log_score": float(np.mean(scores.log_score[rows])),
        "mae": float(np.mean(scores.abs_error[rows])),
        "coverage50": float(np.mean(scores.covered50[rows])),
        "coverage90": float(np.mean(scores.covered90[rows])),
        "flare_auc": roc_auc(p, o),
        "flare_brier": brier(p, o),
        "n": int(n),
    }


@dataclass(frozen=True)
class EvaluationReport:
    results: tuple[MethodResult, ...]
    n_patients: int
    n_assessments: int
    kind: ScoreKind
    band_set: BandSet
    folds: int
    fitted_parameters: tuple[dict[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        methods: dict[str, Any] = {}
        for result in self.results:
            entry = _summary(result.scores, result.outcome, slice(None))
            entry["by_horizon"] = {
                label: _summary(result.scores, result.outcome, np.flatnonzero(result.horizon == b))
                for b, label in enumerate(HORIZON_LABELS)
            }
            entry["by_band"] = {
                band.value: _summary(result.scores, result.outcome, np.flatnonzero(result.band == band.value))
                for band in bands_available(self.band_set)
            }
            methods[result.name] = entry
        outcome = self.results[0].outcome if self.results else np.zeros(0, dtype=bool)
        return _json_safe(
            {
                "methods": methods,
                "n_patients": self.n_patients,
                "n_assessments": self.n_assessments,
                "n_targets": len(outcome),
                "flare_rate": float(np.mean(outcome)) if len(outcome) else math.nan,
                "kind": self.kind.value,
                "band_set": self.band_set.value,
                "folds": self.folds,
                "min_past_assessments": MIN_POINTS,
                "model_parameters_last_fold": self.fitted_parameters[-1] if self.fitted_parameters else None,
            }
        )


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def evaluate(
    dataset: Dataset,
    methods: Sequence[Method] | None = None,
    band_set: BandSet = BandSet.CLASSIC,
    cut_quantiles: Sequence[float] = CUT_QUANTILES,
) -> EvaluationReport:
    """Forward-chaining evaluation of ``methods`` (default: ours and the five baselines)."""
    methods = list(methods) if methods is not None else [StateSpaceMethod(), *baseline_methods()]
    score_max = SCORE_MAX[dataset.kind]
    grid = score_grid(score_max)
    all_days = np.concatenate([d for d, _ in dataset.series])
    cuts = sorted({float(np.quantile(all_days, q, method="lower")) for q in cut_quantiles})
    if not cuts or all_days.min() == all_days.max():
        cuts = [float(all_days.min())]
    bounds = [*cuts, math.inf]
    collected: dict[str, list[PointScores]] = {m.name: [] for m in methods}
    outcomes: list[NDArray[np.bool_]] = []
    horizons: list[NDArray[np.int64]] = []
    bands: list[NDArray[np.str_]] = []
    fitted: list[dict[str, Any]] = []
    for start, end in itertools.pairwise(bounds):
        patient, index = [], []
        for p, (days, _) in enumerate(dataset.series):
            for k in range(MIN_POINTS, len(days)):
                if start <= days[k] < end:
                    patient.append(p)
                    index.append(k)
        if not patient:
            continue
        targets = Targets(dataset.series, np.array(patient, dtype=np.int64), np.array(index, dtype=np.int64))
        train = [(d[d < start], s[d < start]) for d, s in dataset.series]
        observed = targets.observed()
        thresholds = np.array([flare_threshold(r, dataset.kind, band_set) for r in targets.last_score()])
        outcomes.append(observed >= thresholds)
        horizons.append(horizon_bin(targets.gap_days()))
        bands.append(np.array([classify(r, dataset.kind, band_set).value for r in targets.last_score()]))
        for method in methods:
            method.fit(train, score_max)
            if isinstance(method, StateSpaceMethod):
                fitted.append(method.params.to_dict())
            chunks = []
            for lo in range(0, len(targets), _CHUNK):
                part = slice(lo, lo + _CHUNK)
                sub = Targets(dataset.series, targets.patient[part], targets.index[part])
                chunks.append(score_cdfs(method.cdf(sub, grid), grid, observed[part], thresholds[part]))
            collected[method.name].append(_concatenate(chunks))
    if not outcomes:
        raise ForecastDataError(
            f"Nothing to evaluate: no patient has an assessment preceded by at least {MIN_POINTS} others "
            "(each patient needs 4 or more dated scores)."
        )
    outcome = np.concatenate(outcomes)
    horizon = np.concatenate(horizons)
    band = np.concatenate(bands)
    results = tuple(
        MethodResult(m.name, _concatenate(collected[m.name]), outcome, horizon, band) for m in methods
    )
    return EvaluationReport(
        results,
        len(dataset.series),
        dataset.n_assessments,
        dataset.kind,
        band_set,
        len(outcomes),
        tuple(fitted),
    )


def _concatenate(parts: Sequence[PointScores]) -> PointScores:
    return PointScores(
        *(np.concatenate([getattr(p, field) for p in parts]) for field in PointScores.__dataclass_fields__)
    )


def format_report(report: dict[str, Any]) -> str:
    lines = [
        f"Forecast evaluation: {report['n_patients']} patients, {report['n_assessments']} assessments, "
        f"{report['n_targets']} forecasts scored in {report['folds']} forward-chaining folds "
        f"({report['kind']}, {report['band_set']} bands; flare rate {_fmt(report['flare_rate'])}).",
        "Lower is better for CRPS, log score, MAE and Brier; coverage should be near 0.50 and 0.90.",
        "",
        f"{'method':<14}{'CRPS':>8}{'log':>8}{'MAE':>8}{'cov50':>8}{'cov90':>8}{'AUC':>8}{'Brier':>8}{'n':>7}",
    ]
    for name, entry in report["methods"].items():
        lines.append(_row(name, entry))
    lines.append("")
    lines.append("CRPS by horizon (days since the previous assessment):")
    lines.append(f"{'method':<14}" + "".join(f"{label:>10}" for label in HORIZON_LABELS))
    for name, entry in report["methods"].items():
        cells = "".join(f"{_fmt(entry['by_horizon'][label].get('crps')):>10}" for label in HORIZON_LABELS)
        lines.append(f"{name:<14}{cells}")
    lines.append("")
    lines.append("90 % coverage by band of the latest assessment:")
    first = next(iter(report["methods"].values()))
    band_names = list(first["by_band"])
    lines.append(f"{'method':<14}" + "".join(f"{b:>10}" for b in band_names))
    for name, entry in report["methods"].items():
        lines.append(
            f"{name:<14}" + "".join(f"{_fmt(entry['by_band'][b]['coverage90']):>10}" for b in band_names)
        )
    lines.append("n per band: " + ", ".join(f"{b} {first['by_band'][b]['n']}" for b in band_names))
    lines.append(
        "n per horizon: "
        + ", ".join(
            f"{label} {next(iter(report['methods'].values()))['by_horizon'][label]['n']}"
            for label in HORIZON_LABELS
        )
    )
    return "\n".join(lines)


def _row(name: str, e: dict[str, Any]) -> str:
    keys = ("crps", "log_score", "mae", "coverage50", "coverage90", "flare_auc", "flare_brier")
    return f"{name:<14}" + "".join(f"{_fmt(e.get(k)):>8}" for k in keys) + f"{e['n']:>7}"


def _fmt(value: Any) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def run_cli(args: argparse.Namespace) -> int:
    """``scorad-desk evaluate forecast``: 0 on success, 2 with a message for unusable input."""
    try:
        kind = kind_for_score_max(float(args.score_max))
        dataset = read_history_csv(Path(args.data), kind)
        report = evaluate(dataset).to_dict()
    except ForecastDataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        print(json.dumps(report, allow_nan=False) if args.json else format_report(report), flush=True)
    except BrokenPipeError:  # e.g. piped into `head`: the reader left, which is not an error here
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silences the interpreter's final flush
    return 0
