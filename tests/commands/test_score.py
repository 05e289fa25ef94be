"""``scorad-desk score``: JSON schema, exit codes, masks and overlays, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from desktop_app.cli import main
from tests.ascorad.conftest import disc_mask, redden, skin_image


def _photo(folder: Path, name: str = "arm.jpg") -> Path:
    rgb = redden(skin_image(600, 800, seed=2), disc_mask(600, 800, 300, 400, 140), 0.8)
    path = folder / name
    cv2.imwrite(str(path), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 95])
    return path


def test_json_schema_masks_and_an_unreadable_photo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _photo(tmp_path)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a photo")
    masks = tmp_path / "masks"
    overlay = tmp_path / "overlay"
    code = main(
        [
            "score",
            str(good),
            str(broken),
            "--region",
            "upper_limb_left",
            "--json",
            "--masks",
            str(masks),
            "--overlay",
            str(overlay),
            "--age-years",
            "8",
        ]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 1  # one photo could not be scored
    first, second = out["photos"]
    assert first["path"] == str(good) and second["path"] == str(broken)
    assert second["accepted"] is False and second["reason"].startswith("unreadable:")
    for key in ("accepted", "reason", "skin_percent", "lesion_percent", "signs", "provenance"):
        assert key in first
    assert first["accepted"] is True and first["reason"] is None
    assert set(first["signs"]) == {
        "erythema",
        "oedema_papulation",
        "oozing_crusts",
        "excoriations",
        "lichenification",
        "dryness",
    }
    for value in first["signs"].values():
        assert 0 <= value["grade"] <= 3 and 0 <= value["confidence"] <= 1
    # the painted disc covers 12.8 % of the photo, almost all of it skin
    assert 8.0 <= first["lesion_percent"] <= 20.0
    assert first["provenance"]["image_sha256_of"] == "source file"
    visit = out["visit"]
    assert "upper_limb_left" not in visit["regions_missing"] and "back" in visit["regions_missing"]
    assert visit["A"] == pytest.approx(9 * first["lesion_percent"] / 100, abs=0.02)
    assert visit["oSCORAD"] == pytest.approx(visit["A"] / 5 + 3.5 * visit["B"], abs=0.02)
    skin = cv2.imread(str(masks / "arm.skin.png"), cv2.IMREAD_GRAYSCALE)
    lesion = cv2.imread(str(masks / "arm.lesion.png"), cv2.IMREAD_GRAYSCALE)
    assert skin.shape == lesion.shape == (600, 800)
    assert set(np.unique(lesion)) <= {0, 255}
    assert (overlay / "arm.overlay.jpg").exists()


def test_same_names_in_two_folders_do_not_overwrite_each_others_masks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "visite été", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    masks = tmp_path / "masques é"  # a French folder name
    third = _photo(second, "arm-2.jpg")  # its own name is what the second arm.jpg would get
    photos = [str(_photo(first)), str(_photo(second)), str(third)]
    assert main(["score", *photos, "--masks", str(masks), "--json"]) == 0
    capsys.readouterr()
    names = {path.name for path in masks.iterdir()}
    stems = ("arm", "arm-2", "arm-2-2")
    assert names == {f"{stem}.{kind}.png" for stem in stems for kind in ("lesion", "skin")}
    assert cv2.imdecode(np.fromfile(masks / "arm-2.lesion.png", np.uint8), 0).shape == (600, 800)


def test_an_output_folder_that_cannot_be_made_stops_before_scoring(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder")
    assert main(["score", str(_photo(tmp_path)), "--masks", str(in_the_way / "masks"), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    assert "error: cannot create the output folder" in captured.err


def test_text_output_and_success_exit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    photo = str(_photo(tmp_path))
    code = main(["score", photo])
    text = capsys.readouterr().out
    assert code == 0
    assert "not a diagnosis" in text and "oSCORAD" in text and "NOT SCORED" not in text
    main(["score", photo, "--json"])
    rule = json.loads(capsys.readouterr().out)["photos"][0]["provenance"]["lesion_rule_applied"]
    # the text says when the mask is the colour contrast alone, as the JSON's provenance does
    assert ("(clearly red skin only)" in text) is (rule == "strong")


@pytest.mark.parametrize(
    "extra",
    [["--region", "tail"], ["--region", "back", "back"], ["--age-years", "-3"]],
)
def test_bad_arguments_exit_2(tmp_path: Path, extra: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(tmp_path / "a.jpg"), *extra]) == 2
    assert "error:" in capsys.readouterr().err


def test_missing_file_is_an_entry_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(tmp_path / "nope.jpg"), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["photos"][0]["reason"] == "unreadable:not_found"
    assert out["visit"]["A"] is None


def test_a_thumbnail_is_an_entry_beside_a_scored_photo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    thumbnail = tmp_path / "thumb.jpg"
    cv2.imwrite(str(thumbnail), np.full((10, 12, 3), (120, 140, 190), np.uint8))
    assert main(["score", str(thumbnail), str(_photo(tmp_path)), "--json"]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    small, scored = json.loads(captured.out)["photos"]
    assert (small["accepted"], small["reason"]) == (False, "quality_failed:resolution")
    assert small["message"] == "The photo failed the resolution check: Use a higher camera resolution."
    assert scored["accepted"] is True


def test_a_black_and_white_photo_is_refused_with_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    grey = tmp_path / "grey.jpg"
    cv2.imwrite(str(grey), cv2.imread(str(_photo(tmp_path)), cv2.IMREAD_GRAYSCALE))  # a 1-channel JPEG
    assert main(["score", str(grey), "--json"]) == 1
    entry = json.loads(capsys.readouterr().out)["photos"][0]
    assert (entry["accepted"], entry["reason"]) == (False, "no_colour")
    assert entry["message"].startswith("This photo is black and white: switch the camera to colour")


def test_a_refused_photo_says_how_to_retake_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sharp = cv2.cvtColor(cv2.imread(str(_photo(tmp_path))), cv2.COLOR_BGR2RGB)
    blurred = cv2.GaussianBlur(sharp, (0, 0), 12)  # badly out of focus
    path = tmp_path / "blurred.jpg"
    cv2.imwrite(str(path), cv2.cvtColor(blurred, cv2.COLOR_RGB2BGR))
    assert main(["score", str(path), "--json"]) == 1
    entry = json.loads(capsys.readouterr().out)["photos"][0]
    assert entry["accepted"] is False and entry["reason"].startswith("quality_failed:")
    category = entry["reason"].split(":", 1)[1]
    instruction = entry["quality"]["categories"][category]["instruction"]
    assert entry["quality"]["categories"][category]["status"] == "fail"
    message = f"The photo failed the {category.replace('_', ' ')} check: {instruction}."
    assert entry["message"] == message
    assert main(["score", str(path)]) == 1
    assert f"NOT SCORED ({entry['reason']}) {message}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("reason", "words"),
    [("not_skin", "No skin was found"), ("too_little_skin", "move closer"), ("something_new", "by hand")],
)
def test_skin_refusals_say_what_to_do(reason: str, words: str) -> None:
    from desktop_app.commands.score import _refusal_message

    assert words in _refusal_message({"reason": reason, "quality": None})
