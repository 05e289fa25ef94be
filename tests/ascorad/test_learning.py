"""The learning path end to end on a tiny generated export: train → evaluate → promote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from desktop_app.ascorad.export_format import read_export
from desktop_app.ascorad.learning import (
    MultiTaskNet,
    active_model_dir,
    better,
    compare_and_promote,
    expected_grade,
    save_model,
    set_active,
)
from desktop_app.ascorad.metrics import Evaluation
from desktop_app.cli import main
from tests.ascorad.test_metrics_export import write_export


def _evaluation(rmae: float, iou: float | None) -> Evaluation:
    return Evaluation({"erythema": rmae}, iou, None, None, None, 3)


def test_promotion_rule() -> None:
    assert better(_evaluation(10, 0.6), _evaluation(12, 0.6))
    assert better(_evaluation(10, 0.595), _evaluation(12, 0.6))  # IoU within 0.01
    assert not better(_evaluation(10, 0.5), _evaluation(12, 0.6))  # IoU much worse
    assert not better(_evaluation(12, 0.7), _evaluation(12, 0.6))  # signs not better
    assert better(_evaluation(10, None), _evaluation(11, None))


def test_expected_grade_from_cumulative_logits() -> None:
    logits = torch.tensor([[[10.0, 10.0, -10.0]], [[-10.0, -10.0, -10.0]]])
    assert torch.allclose(expected_grade(logits), torch.tensor([[2.0], [0.0]]), atol=1e-3)


def _bad_model(models: Path) -> Path:
    """An active model that always says grade 3 and no lesion: easy to beat."""
    net = MultiTaskNet(pretrained=False)
    with torch.no_grad():
        net.signs.bias.fill_(10.0)
        net.lesion.classify.bias.fill_(-10.0)
    folder = models / "ascorad-mt-bad"
    save_model(net, folder, {"version": "ascorad-mt-bad", "image_size": 64})
    set_active(models, folder)
    return folder


def test_train_evaluate_promote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = write_export(tmp_path / "export", 10, patients=5)
    models = tmp_path / "models"
    bad = _bad_model(models)
    args = ["train", "ascorad", "--data", str(export), "--models", str(models), "--epochs", "2"]
    assert main([*args, "--image-size", "64", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["promoted"] is True
    assert (
        result["new"]["mean_sign_rmae_percent"]
        < result["active_before"]["ascorad-mt-bad"]["mean_sign_rmae_percent"]
    )
    new_folder = models / result["model"]
    assert active_model_dir(models) == new_folder != bad
    card = json.loads((new_folder / "card.json").read_text())
    assert card["promoted"] and len(card["sha256"]) == 64 and card["command"].startswith("scorad-desk train")

    # evaluate prints the paper's metrics beside the reference figures
    assert main(["evaluate", "--data", str(export), "--models", str(models), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["model"] == result["model"]
    assert set(report["sign_rmae_percent"]) >= {"erythema", "dryness"}
    assert report["reference_medela_2022"]["lesion_iou"] == 0.64
    assert 0.0 <= report["lesion_iou"] <= 1.0 and 0.0 <= report["lesion_auc"] <= 1.0
    assert main(["evaluate", "--data", str(export), "--models", str(new_folder)]) == 0
    assert "lesion IoU" in capsys.readouterr().out


def test_a_model_that_does_not_beat_the_active_one_stays_inactive(tmp_path: Path) -> None:
    items = read_export(write_export(tmp_path / "export", 6, patients=3))
    models = tmp_path / "models"
    good = models / "ascorad-mt-good"
    net = MultiTaskNet(pretrained=False)  # untrained: grade 1.5 everywhere, some lesion
    save_model(net, good, {"version": "ascorad-mt-good", "image_size": 64})
    set_active(models, good)
    bad = _bad_model(tmp_path / "elsewhere")
    promoted, new_eval, old_eval, name = compare_and_promote(models, bad, items)
    assert not promoted and name == "ascorad-mt-good"
    assert new_eval.mean_rmae > old_eval.mean_rmae
    assert active_model_dir(models) == good


def test_bad_export_exits_2(tmp_path: Path) -> None:
    assert main(["train", "ascorad", "--data", str(tmp_path), "--models", str(tmp_path / "m")]) == 2
    assert main(["evaluate", "--data", str(tmp_path)]) == 2
