"""The forward-chaining harness: extreme forecasters score as they must; the CLI's schema and errors."""

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from desktop_app.cli import main
from desktop_app.domain.scorad import ScoreKind
from desktop_app.forecast.baselines import UniformMethod
from desktop_app.forecast.evaluation import METHOD_NAMES, dataset_from_histories, evaluate, run_cli
from desktop_app.forecast.methods import Series, Targets
from desktop_app.forecast.simulation import simulate_cohort, write_cohort_csv

KEYS = {"crps", "mae", "coverage50", "coverage90", "flare_auc", "flare_brier", "n"}


class PerfectMethod:
    """Knows the future: a point mass on the score that will be observed."""

    name = "perfect"

    def fit(self, train: Sequence[Series], score_max: float) -> None:
        # It must not see the future through training: every training day precedes the targets.
        self.latest_training_day = max((d.max() for d, _ in train if len(d)), default=-np.inf)

    def cdf(self, targets: Targets, grid: NDArray[np.float64]) -> NDArray[np.float64]:
        target_days = np.array(
            [targets.series[p][0][k] for p, k in zip(targets.patient, targets.index, strict=True)]
        )
        assert np.all(target_days > self.latest_training_day)
        return (grid[None, :] >= targets.observed()[:, None]).astype(float)


@pytest.fixture(scope="module")
def cohort_histories() -> dict[str, list]:
    return {p.patient_id: p.history() for p in simulate_cohort(150, seed=21)}


def test_perfect_and_useless_forecasters(cohort_histories: dict[str, list]) -> None:
    dataset = dataset_from_histories(cohort_histories, ScoreKind.PO_SCORAD)
    report = evaluate(dataset, [PerfectMethod(), UniformMethod()]).to_dict()
    perfect, useless = report["methods"]["perfect"], report["methods"]["uniform"]
    assert perfect["n"] == useless["n"] == report["n_targets"] > 200
    assert perfect["crps"] == pytest.approx(0.0, abs=1e-9) and perfect["mae"] == pytest.approx(0.0, abs=1e-9)
    assert perfect["coverage50"] == perfect["coverage90"] == 1.0
    assert perfect["flare_brier"] == 0.0 and perfect["flare_auc"] == 1.0
    assert perfect["log_score"] == pytest.approx(0.0, abs=1e-9)
    # Uniform: log score log(103) for interior scores; P(flare) varies only with the threshold.
    assert useless["log_score"] == pytest.approx(np.log(103.0), abs=0.05)
    assert useless["crps"] > 10.0
    assert 0.0 < useless["flare_brier"] < 1.0
    horizons = useless["by_horizon"]
    assert sum(h["n"] for h in horizons.values()) == useless["n"]


def test_the_model_beats_the_no_skill_references(cohort_histories: dict[str, list]) -> None:
    report = evaluate(dataset_from_histories(cohort_histories, ScoreKind.PO_SCORAD)).to_dict()
    methods = report["methods"]
    assert tuple(methods) == METHOD_NAMES
    assert len({m["n"] for m in methods.values()}) == 1  # every method on the same targets
    assert methods["model"]["crps"] < 0.6 * methods["historical"]["crps"] < methods["uniform"]["crps"]
    assert methods["model"]["crps"] < methods["persistence"]["crps"]
    assert 0.8 <= methods["model"]["coverage90"] <= 0.97
    assert methods["model"]["flare_auc"] > 0.6


def _args(path: Path, as_json: bool = True, score_max: float = 103.0) -> argparse.Namespace:
    return argparse.Namespace(data=str(path), json=as_json, score_max=score_max)


def test_cli_json_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv_path = tmp_path / "history.csv"
    write_cohort_csv(csv_path, simulate_cohort(60, seed=2))
    assert main(["evaluate", "forecast", "--data", str(csv_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["methods"]) == set(METHOD_NAMES)
    for entry in out["methods"].values():
        assert set(entry) >= KEYS
        assert all(isinstance(entry[k], float | int) or entry[k] is None for k in KEYS)
        assert set(entry["by_band"]) == {"mild", "moderate", "severe"}  # classic bands
        assert sum(b["n"] for b in entry["by_band"].values()) == entry["n"]
        assert all(set(h) >= KEYS for h in entry["by_horizon"].values())
    assert run_cli(_args(csv_path, as_json=False)) == 0
    text = capsys.readouterr().out
    assert "exp_smoothing" in text and "CRPS by horizon" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ("patient_id,when,score\na,2025-01-01,3\n", "missing column(s) date"),
        ("patient_id,date,score\n", "no assessments"),
        ("patient_id,date,score\na,01/02/2025,3\n", "line 2: date '01/02/2025' is not an ISO date"),
        (
            "patient_id,date,score\na,2025-01-01,3\na,2025-02-01,high\n",
            "line 3: score 'high' is not a number",
        ),
        ("patient_id,date,score\na,2025-01-01,104\n", "outside 0–103"),
        ("patient_id,date,score\na,2025-01-01,-1\n", "outside 0–103"),
        ("patient_id,date,score\na,2025-01-01,3\na,2025-02-01,4\n", "Nothing to evaluate"),
    ],
)
def test_cli_rejects_bad_csv_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    assert run_cli(_args(path)) == 2
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err
    assert captured.out == ""


def test_cli_rejects_a_missing_file_and_an_unknown_scale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(_args(tmp_path / "absent.csv")) == 2
    assert "Cannot open" in capsys.readouterr().err
    path = tmp_path / "ok.csv"
    path.write_text("score,date,patient_id,site\n90,2025-01-01,a,x\n", encoding="utf-8")
    assert run_cli(_args(path, score_max=100.0)) == 2
    assert "103" in capsys.readouterr().err
    assert run_cli(_args(path, score_max=83.0)) == 2  # 90 is a SCORAD, not an objective SCORAD
    assert "line 2: score 90 is outside 0–83" in capsys.readouterr().err
