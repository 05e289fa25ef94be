import json

import pytest

from desktop_app.cli import main

SIGNS = [
    "--erythema",
    "2",
    "--oedema-papulation",
    "1",
    "--oozing-crusts",
    "0",
    "--excoriations",
    "1",
    "--lichenification",
    "1",
    "--dryness",
    "2",
]


def test_calc_json(capsys: pytest.CaptureFixture[str]) -> None:
    # A = 18 x 0.5 + 18 x 0.25 = 13.5; B = 7; C = 8.5 -> oSCORAD 2.7 + 24.5 = 27.2, SCORAD 35.7
    code = main(
        [
            "calc",
            "--extent",
            "trunk_front=0.5",
            "--extent",
            "back=0.25",
            *SIGNS,
            "--itch",
            "5",
            "--sleep",
            "3.5",
            "--json",
        ]
    )
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["A"] == 13.5 and out["B"] == 7 and out["C"] == 8.5
    assert out["scorad"] == 35.7 and out["oscorad"] == 27.2
    assert out["scorad_band"] == "moderate" and out["oscorad_band"] == "moderate"


def test_calc_chopra_bands_and_child_figure(capsys: pytest.CaptureFixture[str]) -> None:
    # Under 2: head & neck whole = 17 -> 3.4, clear in Chopra's bands
    assert (
        main(["calc", "--age-years", "1", "--extent", "head_neck=1", "--bands", "chopra2017", "--json"]) == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["A"] == 17 and out["scorad"] == 3.4 and out["scorad_band"] == "clear"


def test_calc_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calc", "--extent", "back=1", *SIGNS, "--itch", "2", "--sleep", "1"]) == 0
    out = capsys.readouterr().out
    assert "SCORAD: 31.1" in out  # 18/5 + 24.5 + 3 = 3.6 + 24.5 + 3 = 31.1
    assert "Objective SCORAD: 28.1" in out


@pytest.mark.parametrize(
    ("argv", "field_word"),
    [
        (["--erythema", "4", *SIGNS[2:]], "Erythema"),
        (["--erythema", "2"], "oedema papulation"),
        (["--extent", "tail=0.5"], "tail"),
        (["--extent", "back=1.5"], "back"),
        (["--extent", "back"], "REGION=FRACTION"),
        (["--itch", "11", "--sleep", "1"], "Itch"),
        (["--itch", "3"], "sleep"),
        (["--age-years", "-3"], "Age"),
        (["--bands", "other"], "band"),
    ],
)
def test_calc_invalid_input_exits_2_with_a_readable_message(
    argv: list[str], field_word: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["calc", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert field_word in err
    assert "Traceback" not in err
