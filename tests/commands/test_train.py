"""``scorad-desk train skin``: seeded, checkpointed, resumable, writes weights and a model card."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from desktop_app.cli import main


def _skin_set(root: Path) -> Path:
    rng = np.random.default_rng(0)
    for name in ("abdomen", "sfa"):
        for split, count in (("train", 3), ("val", 2)):
            (root / name / split / "images").mkdir(parents=True)
            (root / name / split / "masks").mkdir(parents=True)
            for i in range(count):
                rgb = rng.integers(0, 80, (64, 64, 3)).astype(np.uint8)
                mask = np.zeros((64, 64), np.uint8)
                cv2.circle(mask, (32, 32), 20, 255, -1)
                rgb[mask > 0] = (200, 150, 130)
                cv2.imwrite(
                    str(root / name / split / "images" / f"{i}.jpg"), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
                )
                cv2.imwrite(str(root / name / split / "masks" / f"{i}.png"), mask)
    return root


def test_train_skin_writes_card_and_resumes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _skin_set(tmp_path / "skin")
    out = tmp_path / "models"
    args = [
        "train",
        "skin",
        "--data",
        str(data),
        "--out",
        str(out),
        "--epochs",
        "1",
        "--samples-per-epoch",
        "12",
    ]
    assert main(args) == 0
    card = json.loads((out / "skin-lite0.card.json").read_text())
    assert set(card["validation"]) == {"abdomen", "sfa"}
    assert 0.0 <= card["validation"]["sfa"]["f1_pooled"] <= 1.0
    assert len(card["sha256"]) == 64 and card["command"].startswith("scorad-desk train skin")
    assert (out / "skin-checkpoint.pt").exists()
    assert "YCrCb threshold F1" in capsys.readouterr().out
    assert main(args) == 0  # resumes from the finished checkpoint: no epoch left to run
    assert "Resuming from epoch 1" in capsys.readouterr().err


def test_train_skin_rejects_a_wrong_folder(tmp_path: Path) -> None:
    assert main(["train", "skin", "--data", str(tmp_path), "--out", str(tmp_path / "m")]) == 2
    assert main(["train", "skin", "--data", str(tmp_path / "missing")]) == 2


@pytest.mark.parametrize(
    "option", [("--threads", "0"), ("--epochs", "0"), ("--epochs", "-3"), ("--steps", "0"), ("--limit", "-1")]
)
def test_a_count_below_one_is_a_usage_error_before_anything_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: tuple[str, str]
) -> None:
    # --threads 0 was a RuntimeError traceback from torch; --epochs 0 silently trained 8 epochs
    with pytest.raises(SystemExit) as info:
        main(["train", "skin", "--data", str(tmp_path), "--out", str(tmp_path / "m"), *option])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option[0]}:" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("target", "option", "where", "message"),
    [
        ("lesion", "--out", "notes.txt", "--out {p} is a file, not a folder"),
        ("skin", "--out", "notes.txt/m", "--out {p} cannot be made: {notes} is a file, not a folder"),
        ("ascorad", "--models", "notes.txt", "--models {p} is a file, not a folder"),
        ("lesion", "--cv-models", "notes.txt/cv", "--cv-models {p} cannot be made: {notes} is a file"),
    ],
)
def test_an_output_folder_that_is_a_file_stops_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str, option: str, where: str, message: str
) -> None:
    # lesion training made --out after minutes of caching and stopped with a FileExistsError traceback
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me")
    path = tmp_path / where
    assert main(["train", target, "--data", str(tmp_path), option, str(path)]) == 2
    err = capsys.readouterr().err
    assert "error: " + message.format(p=path, notes=notes) in err and "Traceback" not in err
    assert notes.read_text() == "keep me"
