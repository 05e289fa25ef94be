"""``scorad-desk evaluate ascorad`` (and ``train ascorad``) on unusable input: clear errors, no
traceback, never a silent fall-back to another model."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest

from desktop_app.cli import main

SIGNS = ("erythema", "oedema_papulation", "oozing_crusts", "excoriations", "lichenification", "dryness")


def _export(folder: Path) -> Path:
    """A one-photo training export in the documented format (docs/training-export-format.md)."""
    (folder / "images").mkdir(parents=True)
    rgb = np.full((96, 96, 3), (190, 140, 120), np.uint8)
    cv2.imwrite(str(folder / "images" / "a.png"), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    manifest = {"format": "scorad-desk-training-export", "version": 1, "created_utc": "2026-01-01T00:00:00Z"}
    (folder / "manifest.json").write_text(json.dumps({**manifest, "items": 1}))
    label = {
        "id": "a",
        "patient": "p1",
        "visit_day": 0,
        "region": "back",
        "image": "images/a.png",
        "lesion_mask": None,
        "lesion_percent": 10.0,
        "signs": dict.fromkeys(SIGNS, 1),
        "skin_tone": "III-IV",
    }
    (folder / "labels.jsonl").write_text(json.dumps(label) + "\n")
    return folder


@pytest.mark.parametrize("command", [["evaluate", "ascorad"], ["train", "ascorad"]])
@pytest.mark.parametrize("manifest", [b"[]", b"\xd6\x9a\x00\xff random bytes", b'"text"'])
def test_a_damaged_export_manifest_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str], manifest: bytes
) -> None:
    # a JSON list was an AttributeError traceback, non-UTF-8 bytes a UnicodeDecodeError one
    export = _export(tmp_path / "export é")
    (export / "manifest.json").write_bytes(manifest)
    models = tmp_path / "models"  # train must not create it; evaluate would refuse it first
    extra = ["--models", str(models)] if command[0] == "train" else []
    assert main([*command, "--data", str(export), *extra]) == 2
    err = capsys.readouterr().err
    assert f"error: {export / 'manifest.json'} is damaged (not a JSON object)" in err
    assert "Traceback" not in err and not models.exists()


@pytest.mark.parametrize(
    ("make_models", "message"),
    [
        (lambda p: None, "is not a folder"),
        (lambda p: p.write_text("x"), "is not a folder"),
        (lambda p: p.mkdir(), "holds no learned model (neither card.json nor active.json)"),
        # an active.json whose folder lost its weights: the same silent fallback, one level down
        (
            lambda p: (p.mkdir(), (p / "active.json").write_text('{"active": "gone"}')),
            "names no learned model that can be loaded",
        ),
    ],
)
def test_models_that_name_no_model_are_refused_not_replaced_by_the_shipped_engine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make_models: Callable[[Path], object], message: str
) -> None:
    # the evaluation printed "model: shipped engine" figures for a --models folder that did not exist
    export = _export(tmp_path / "export")
    models = tmp_path / "modèles"
    make_models(models)
    assert main(["evaluate", "ascorad", "--data", str(export), "--models", str(models)]) == 2
    captured = capsys.readouterr()
    assert f"error: --models {models} {message}" in captured.err and "Traceback" not in captured.err
    assert "shipped engine" not in captured.out


def test_a_photo_of_the_export_that_does_not_decode_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # ExportFormatError("Cannot read image ...") escaped the evaluation as a traceback
    export = _export(tmp_path / "export")
    (export / "images" / "a.png").write_bytes(b"not a png")
    monkeypatch.setenv(
        "SCORAD_DESK_DATA", str(tmp_path / "no-clinic")
    )  # no learned model: the shipped engine
    assert main(["evaluate", "ascorad", "--data", str(export)]) == 2
    err = capsys.readouterr().err
    assert f"error: Cannot read image {export / 'images' / 'a.png'}." in err and "Traceback" not in err
