"""``scorad-desk quality``: JSON schema, input order, error entries and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from desktop_app.capture.synthetic import SceneSettings, SyntheticSource
from desktop_app.cli import main

CATEGORIES = {"framing", "lighting", "blur", "resolution", "distance", "glare", "colour_cast"}


def _photo(path: Path, **changes: object) -> Path:
    source = SyntheticSource(SceneSettings(width=960, height=540, **changes), fps=None)  # type: ignore[arg-type]
    source.open()
    Image.fromarray(source.read().rgb).save(path, quality=95)
    return path


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("quality")
    broken = folder / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 definitely not a whole JPEG")
    return {
        "good": _photo(folder / "good.jpg"),
        "dark": _photo(folder / "dark.jpg", exposure=0.25),
        "broken": broken,
    }


def test_json_schema_and_input_order(photos: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["quality", "--json", str(photos["dark"]), str(photos["good"])])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert [p["path"] for p in data["photos"]] == [str(photos["dark"]), str(photos["good"])]
    for entry in data["photos"]:
        assert isinstance(entry["accepted"], bool)
        assert set(entry["categories"]) == CATEGORIES
        for result in entry["categories"].values():
            assert set(result) == {"value", "status", "instruction"}
            assert result["status"] in {"pass", "warn", "fail"}
            assert isinstance(result["value"], float) and isinstance(result["instruction"], str)
    dark, good = data["photos"]
    assert good["accepted"] is True
    assert dark["accepted"] is False and dark["categories"]["lighting"]["status"] == "fail"
    assert dark["categories"]["lighting"]["instruction"] == "Too dark — add light"


def test_unreadable_file_is_an_entry_and_exit_is_two(
    photos: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["quality", "--json", str(photos["good"]), str(photos["broken"]), "/no/such/photo.jpg"])
    assert code == 2
    entries = json.loads(capsys.readouterr().out)["photos"]
    assert len(entries) == 3 and entries[0]["accepted"] is True
    assert entries[1]["error"]["reason"] in {"truncated", "corrupt"}
    assert entries[2]["error"]["reason"] == "not_found" and entries[2]["accepted"] is False


def test_a_thumbnail_is_an_entry_not_a_traceback(
    photos: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    thumbnail = tmp_path / "thumb.png"
    Image.new("RGB", (12, 10), (190, 140, 120)).save(thumbnail)
    assert main(["quality", "--json", str(thumbnail), str(photos["good"])]) == 2
    small, good = json.loads(capsys.readouterr().out)["photos"]
    assert small["accepted"] is False and small["error"]["reason"] == "too_small"
    assert "12×10" in small["error"]["message"]
    assert good["accepted"] is True
    assert main(["quality", str(thumbnail)]) == 2
    assert "cannot be analysed — The frame is too small" in capsys.readouterr().out


def test_text_output_and_strict_mode(photos: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quality", str(photos["good"])]) == 0
    out = capsys.readouterr().out
    assert "accepted" in out and "blur" in out and "colour_cast" in out
    assert main(["quality", "--strict", str(photos["dark"])]) == 1
    assert "NOT accepted" in capsys.readouterr().out
    assert main(["quality", str(photos["broken"])]) == 2
    captured = capsys.readouterr()
    assert "cannot be read" in captured.out and "error:" in captured.err


def test_dermatoscope_profile_is_selectable(
    photos: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["quality", "--json", "--profile", "dermatoscope", str(photos["good"])]) == 0
    assert json.loads(capsys.readouterr().out)["profile"] == "dermatoscope"
    with pytest.raises(SystemExit) as info:
        main(["quality", "--profile", "phone", str(photos["good"])])
    assert info.value.code == 2
