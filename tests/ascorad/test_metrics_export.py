"""The paper's metrics and the training-export reader."""

from __future__ import annotations

import json
import re
from pathlib import Path

import cv2
import numpy as np
import pytest

from desktop_app.ascorad.export_format import ExportFormatError, held_out, read_export
from desktop_app.ascorad.metrics import evaluate_predictions, rmae, roc_auc


def write_export(folder: Path, n: int, patients: int = 3, size: int = 48) -> Path:
    """A small valid export: red discs on skin, grades rising with the disc's redness."""
    (folder / "images").mkdir(parents=True)
    (folder / "masks").mkdir()
    lines = []
    rng = np.random.default_rng(0)
    for i in range(n):
        grade = i % 4
        rgb = np.full((size, size, 3), (205, 160, 140), np.uint8)
        mask = np.zeros((size, size), np.uint8)
        cv2.circle(mask, (size // 2, size // 2), size // 4 + int(rng.integers(0, 4)), 255, -1)
        rgb[mask > 0] = (215, 160 - 25 * grade, 140 - 20 * grade)
        cv2.imwrite(str(folder / "images" / f"p{i}.png"), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
        cv2.imwrite(str(folder / "masks" / f"p{i}.png"), mask)
        signs = {s: grade for s in ("erythema", "oedema_papulation", "oozing_crusts", "excoriations")}
        signs.update({"lichenification": None, "dryness": 0})
        lines.append(
            json.dumps(
                {
                    "id": f"p{i}",
                    "patient": f"pt{i % patients}",
                    "visit_day": i * 7,
                    "region": "back",
                    "image": f"images/p{i}.png",
                    "lesion_mask": f"masks/p{i}.png",
                    "lesion_percent": float(100 * (mask > 0).mean()),
                    "signs": signs,
                    "skin_tone": "I-II",
                }
            )
        )
    (folder / "labels.jsonl").write_text("\n".join(lines) + "\n")
    manifest = {"format": "scorad-desk-training-export", "version": 1, "created_utc": "2026-01-01T00:00:00Z"}
    (folder / "manifest.json").write_text(json.dumps({**manifest, "items": n}))
    return folder


def test_rmae_and_auc_known_values() -> None:
    assert rmae(np.array([0.0, 3.0]), np.array([3.0, 3.0])) == 50.0
    assert roc_auc(np.array([0.1, 0.4, 0.35, 0.8]), np.array([0, 0, 1, 1])) == 0.75
    assert roc_auc(np.array([1.0, 1.0]), np.array([0, 1])) == 0.5
    assert roc_auc(np.array([0.3]), np.array([1])) is None


def test_read_export_and_patient_split(tmp_path: Path) -> None:
    items = read_export(write_export(tmp_path / "e", 9, patients=5))
    assert len(items) == 9 and items[0].signs["lichenification"] is None
    train, test = held_out(items)
    assert train and test
    assert not {i.patient for i in train} & {i.patient for i in test}
    assert items[1].load_mask((48, 48)) is not None


def test_evaluate_predictions_perfect_and_wrong(tmp_path: Path) -> None:
    items = read_export(write_export(tmp_path / "e", 4))
    perfect = []
    wrong = []
    for item in items:
        mask = item.load_mask((48, 48))
        assert mask is not None
        grades = np.array([item.signs[s] or 0.0 for s in item.signs], np.float32)
        perfect.append((item, mask.astype(np.float32), mask, grades, float(item.lesion_percent or 0)))
        wrong.append((item, 1.0 - mask, ~mask, 3.0 - grades, 100.0 - float(item.lesion_percent or 0)))
    good = evaluate_predictions(perfect)
    assert good.lesion_iou == 1.0 and good.lesion_f1 == 1.0 and good.lesion_auc == 1.0
    assert good.mean_rmae == 0.0 and good.sign_rmae["lichenification"] is None
    bad = evaluate_predictions(wrong)
    assert bad.lesion_iou == 0.0 and bad.lesion_auc == 0.0 and bad.mean_rmae > 30


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda m, lines: m.update(version=2), "version"),
        (lambda m, lines: m.update(items=99), "announces"),
        (lambda m, lines: lines.__setitem__(0, lines[0].replace('"back"', '"tail"')), "Unknown body region"),
        (
            lambda m, lines: lines.__setitem__(0, lines[0].replace('"erythema": 0', '"erythema": 5')),
            "grade 0-3",
        ),
        (lambda m, lines: lines.__setitem__(0, "{not json"), "line 1"),
    ],
)
def test_invalid_exports_name_the_problem(tmp_path: Path, edit: object, message: str) -> None:
    folder = write_export(tmp_path / "e", 3)
    manifest = json.loads((folder / "manifest.json").read_text())
    lines = (folder / "labels.jsonl").read_text().splitlines()
    edit(manifest, lines)  # type: ignore[operator]
    (folder / "manifest.json").write_text(json.dumps(manifest))
    (folder / "labels.jsonl").write_text("\n".join(lines) + "\n")
    with pytest.raises(ExportFormatError, match=re.escape(message)):
        read_export(folder)


def test_missing_manifest(tmp_path: Path) -> None:
    with pytest.raises(ExportFormatError, match=r"manifest\.json"):
        read_export(tmp_path)
