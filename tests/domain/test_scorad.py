import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.errors import (
    InvalidStepError,
    MissingItemError,
    OutOfRangeError,
    ScoreInputError,
    UnknownRegionError,
)
from desktop_app.domain.regions import AgeGroup, Region
from desktop_app.domain.scorad import (
    Extent,
    Intensity,
    ScoreKind,
    Sign,
    Subjective,
    compute_objective,
    compute_po_scorad,
    compute_scorad,
)

ZERO_GRADES = dict.fromkeys((s.value for s in Sign), 0)
ALL_REGIONS_FULL = {r.value: 1.0 for r in Region}


def grades(**changes: int) -> Intensity:
    return Intensity.from_mapping({**ZERO_GRADES, **changes})


def test_worked_example_adult() -> None:
    # Extent: trunk front 50 % of 18 = 9; back 25 % of 18 = 4.5; left arm 100 % of 9 = 9 -> A = 22.5
    # B = 2 + 1 + 0 + 1 + 1 + 2 = 7; C = 5 + 3.5 = 8.5
    # SCORAD = 22.5/5 + 7*7/2 + 8.5 = 4.5 + 24.5 + 8.5 = 37.5; oSCORAD = 29.0
    extent = Extent.from_mapping({"trunk_front": 0.5, "back": 0.25, "upper_limb_left": 1.0})
    intensity = Intensity(
        erythema=2, oedema_papulation=1, oozing_crusts=0, excoriations=1, lichenification=1, dryness=2
    )
    result = compute_scorad(30, extent, intensity, Subjective(pruritus=5, sleeplessness=3.5))
    assert (result.a, result.b, result.c) == (22.5, 7, 8.5)
    assert result.scorad == 37.5
    assert result.oscorad == 29.0
    assert result.kind is ScoreKind.SCORAD


def test_worked_example_child_weights() -> None:
    # Under 2: head & neck 17 x 0.5 = 8.5; each leg 12 x 0.25 = 3 -> A = 14.5
    # B = 3 (erythema) + 2 (oozing) = 5; C = 7.2 + 6.1 = 13.3
    # SCORAD = 14.5/5 + 35/2 + 13.3 = 2.9 + 17.5 + 13.3 = 33.7
    extent = Extent.from_mapping({"head_neck": 0.5, "lower_limb_left": 0.25, "lower_limb_right": 0.25})
    result = compute_scorad(1.5, extent, grades(erythema=3, oozing_crusts=2), Subjective(7.2, 6.1))
    assert result.age_group is AgeGroup.UNDER_2
    assert result.a == 14.5
    assert result.scorad == 33.7
    assert result.oscorad == 20.4
    # The same extent on a 2-year-old uses the adult figure: 9*0.5 + 18*0.25*2 = 13.5
    assert compute_scorad(2, extent, grades(), Subjective(0, 0)).a == 13.5


def test_extremes_zero_103_and_83() -> None:
    zero = compute_scorad(40, Extent(), grades(), Subjective(0, 0))
    assert (zero.scorad, zero.oscorad) == (0, 0)
    full = compute_scorad(
        40, Extent.from_mapping(ALL_REGIONS_FULL), Intensity(3, 3, 3, 3, 3, 3), Subjective(10, 10)
    )
    # 100/5 + 7*18/2 + 20 = 20 + 63 + 20 = 103
    assert (full.a, full.b, full.c, full.scorad, full.oscorad) == (100, 18, 20, 103, 83)


def test_child_maximum_keeps_the_forms_96_percent() -> None:
    # 96/5 + 63 + 20 = 102.2: the child figure is not renormalised to 100
    full = compute_scorad(
        1, Extent.from_mapping(ALL_REGIONS_FULL), Intensity(3, 3, 3, 3, 3, 3), Subjective(10, 10)
    )
    assert full.a == 96
    assert full.scorad == 102.2


def test_po_scorad_uses_the_same_formula() -> None:
    extent = Extent.from_mapping({"back": 0.5})
    intensity = grades(erythema=1, dryness=3)
    subjective = Subjective(6, 2)
    po = compute_po_scorad(10, extent, intensity, subjective)
    clinician = compute_scorad(10, extent, intensity, subjective)
    # 9/5 + 7*4/2 + 8 = 1.8 + 14 + 8 = 23.8
    assert po.scorad == clinician.scorad == 23.8
    assert po.kind is ScoreKind.PO_SCORAD


def test_objective_only() -> None:
    # A = 18 (whole back) -> 3.6; B = 2 -> 7; oSCORAD = 10.6
    assert compute_objective(50, Extent.from_mapping({"back": 1}), grades(excoriations=2)) == 10.6


@pytest.mark.parametrize("sign", list(Sign))
@pytest.mark.parametrize(
    ("value", "error"),
    [
        (4, OutOfRangeError),
        (-1, OutOfRangeError),
        (1.5, InvalidStepError),
        (math.nan, OutOfRangeError),
        ("2", OutOfRangeError),
    ],
)
def test_invalid_grade_names_its_field(sign: Sign, value: object, error: type[ScoreInputError]) -> None:
    with pytest.raises(error) as info:
        Intensity.from_mapping({**ZERO_GRADES, sign.value: value})
    assert info.value.field == sign.value


@pytest.mark.parametrize("sign", list(Sign))
def test_missing_grade_names_its_field(sign: Sign) -> None:
    items = {k: v for k, v in ZERO_GRADES.items() if k != sign.value}
    with pytest.raises(MissingItemError) as info:
        Intensity.from_mapping(items)
    assert info.value.field == sign.value
    assert "missing" in str(info.value)


def test_unknown_intensity_item_is_refused() -> None:
    with pytest.raises(MissingItemError) as info:
        Intensity.from_mapping({**ZERO_GRADES, "redness": 1})
    assert info.value.field == "redness"


@pytest.mark.parametrize(
    ("field", "kwargs", "error"),
    [
        ("pruritus", {"pruritus": 10.5, "sleeplessness": 0}, OutOfRangeError),
        ("pruritus", {"pruritus": 3.25, "sleeplessness": 0}, InvalidStepError),
        ("sleeplessness", {"pruritus": 1, "sleeplessness": -0.1}, OutOfRangeError),
        ("sleeplessness", {"pruritus": 1, "sleeplessness": None}, MissingItemError),
    ],
)
def test_invalid_vas_names_its_field(
    field: str, kwargs: dict[str, object], error: type[ScoreInputError]
) -> None:
    with pytest.raises(error) as info:
        Subjective(**kwargs)  # type: ignore[arg-type]
    assert info.value.field == field


def test_vas_accepts_every_one_decimal_value() -> None:
    for tenth in range(101):
        assert Subjective(tenth / 10, 0).total == round(tenth / 10, 9)


@pytest.mark.parametrize("fraction", [1.01, -0.2, math.inf])
def test_invalid_extent_fraction_names_the_region(fraction: float) -> None:
    with pytest.raises(OutOfRangeError) as info:
        Extent.from_mapping({"back": fraction})
    assert info.value.field == "back"
    assert "back" in str(info.value)


def test_unknown_extent_region() -> None:
    with pytest.raises(UnknownRegionError):
        Extent.from_mapping({"tail": 0.5})


fractions = st.fixed_dictionaries({r.value: st.floats(0, 1) for r in Region})
grade = st.integers(0, 3)
vas = st.integers(0, 100).map(lambda t: t / 10)
ages = st.floats(0, 110)


@given(ages, fractions, st.lists(grade, min_size=6, max_size=6), vas, vas)
def test_totals_within_range_and_scorad_is_oscorad_plus_c(
    age: float, ext: dict[str, float], g: list[int], itch: float, sleep: float
) -> None:
    result = compute_scorad(age, Extent.from_mapping(ext), Intensity(*g), Subjective(itch, sleep))
    assert 0 <= result.a <= 100
    assert 0 <= result.b <= 18
    assert 0 <= result.c <= 20
    assert 0 <= result.oscorad <= 83
    assert 0 <= result.scorad <= 103
    assert result.scorad == pytest.approx(result.oscorad + result.c, abs=1e-8)


@given(
    ages,
    fractions,
    st.lists(grade, min_size=6, max_size=6),
    vas,
    vas,
    st.sampled_from([*[r.value for r in Region], *[s.value for s in Sign], "itch", "sleep"]),
)
def test_monotonic_in_every_item(
    age: float, ext: dict[str, float], g: list[int], itch: float, sleep: float, item: str
) -> None:
    before = compute_scorad(age, Extent.from_mapping(ext), Intensity(*g), Subjective(itch, sleep))
    ext2, g2, itch2, sleep2 = dict(ext), list(g), itch, sleep
    if item in ext2:
        ext2[item] = min(1.0, ext2[item] + 0.1)
    elif item == "itch":
        itch2 = min(10.0, round(itch + 0.1, 1))
    elif item == "sleep":
        sleep2 = min(10.0, round(sleep + 0.1, 1))
    else:
        index = [s.value for s in Sign].index(item)
        g2[index] = min(3, g2[index] + 1)
    after = compute_scorad(age, Extent.from_mapping(ext2), Intensity(*g2), Subjective(itch2, sleep2))
    assert after.scorad >= before.scorad
    assert after.oscorad >= before.oscorad
