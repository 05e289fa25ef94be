import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.easi import EASI_SIGNS, EasiRegion, area_score, compute_easi, easi_weights
from desktop_app.domain.errors import (
    InvalidAgeError,
    InvalidStepError,
    MissingItemError,
    OutOfRangeError,
    UnknownRegionError,
)


def region(e: float = 0, i: float = 0, x: float = 0, li: float = 0, area: int = 0) -> dict[str, object]:
    return {"erythema": e, "induration_papulation": i, "excoriation": x, "lichenification": li, "area": area}


EMPTY = {r.value: region() for r in EasiRegion}
FULL = {r.value: region(3, 3, 3, 3, 6) for r in EasiRegion}


def test_worked_example_adult() -> None:
    # head/neck (2+1+0.5+0) x 2 x 0.1 = 0.7; upper limbs (1+1+1+1) x 3 x 0.2 = 2.4
    # trunk (2+2+1+0) x 4 x 0.3 = 6.0; lower limbs (0.5+0.5+0+0) x 1 x 0.4 = 0.4 -> EASI 9.5
    result = compute_easi(
        30,
        {
            "head_neck": region(2, 1, 0.5, 0, 2),
            "upper_limbs": region(1, 1, 1, 1, 3),
            "trunk": region(2, 2, 1, 0, 4),
            "lower_limbs": region(0.5, 0.5, 0, 0, 1),
        },
    )
    assert result.region_scores[EasiRegion.HEAD_NECK] == 0.7
    assert result.total == 9.5


def test_worked_example_child_weights() -> None:
    # Same items at age 5: 0.7 -> 3.5 x 2 x 0.2 = 1.4; 2.4; 6.0; lower limbs 1 x 1 x 0.3 = 0.3 -> 10.1
    result = compute_easi(
        5,
        {
            "head_neck": region(2, 1, 0.5, 0, 2),
            "upper_limbs": region(1, 1, 1, 1, 3),
            "trunk": region(2, 2, 1, 0, 4),
            "lower_limbs": region(0.5, 0.5, 0, 0, 1),
        },
    )
    assert result.total == 10.1


def test_extremes_0_and_72_for_both_age_sets() -> None:
    for age in (3, 7.9, 8, 60):
        assert compute_easi(age, EMPTY).total == 0
        assert compute_easi(age, FULL).total == 72  # 12 x 6 x (sum of weights = 1)


def test_weight_sets_switch_at_eight() -> None:
    assert easi_weights(7.99)[EasiRegion.HEAD_NECK] == 0.2
    assert easi_weights(8)[EasiRegion.HEAD_NECK] == 0.1
    assert easi_weights(8)[EasiRegion.LOWER_LIMBS] == 0.4
    with pytest.raises(InvalidAgeError):
        easi_weights(-1)


@pytest.mark.parametrize(
    ("percent", "score"),
    [
        (0, 0),
        (0.5, 1),
        (1, 1),
        (9.9, 1),
        (10, 2),
        (29.9, 2),
        (30, 3),
        (49, 3),
        (50, 4),
        (69, 4),
        (70, 5),
        (89.9, 5),
        (90, 6),
        (100, 6),
    ],
)
def test_area_score_bands(percent: float, score: int) -> None:
    assert area_score(percent) == score


def test_area_percent_out_of_range() -> None:
    with pytest.raises(OutOfRangeError):
        area_score(101)


@pytest.mark.parametrize("sign", EASI_SIGNS)
def test_invalid_sign_names_region_and_sign(sign: str) -> None:
    bad = {**EMPTY, "trunk": {**region(), sign: 1.25}}
    with pytest.raises(InvalidStepError) as info:
        compute_easi(30, bad)
    assert info.value.field == f"trunk.{sign}"
    bad = {**EMPTY, "trunk": {**region(), sign: 3.5}}
    with pytest.raises(OutOfRangeError):
        compute_easi(30, bad)


def test_missing_items_and_regions() -> None:
    with pytest.raises(MissingItemError) as info:
        compute_easi(30, {k: v for k, v in EMPTY.items() if k != "trunk"})
    assert info.value.field == "trunk"
    with pytest.raises(MissingItemError) as info:
        compute_easi(30, {**EMPTY, "trunk": {"erythema": 1}})
    assert info.value.field == "trunk.induration_papulation"
    with pytest.raises(UnknownRegionError):
        compute_easi(30, {**EMPTY, "face": region()})
    with pytest.raises(OutOfRangeError) as info:
        compute_easi(30, {**EMPTY, "trunk": region(area=7)})
    assert info.value.field == "trunk.area"


half = st.integers(0, 6).map(lambda h: h / 2)


@given(
    st.floats(0, 100),
    st.fixed_dictionaries(
        {r.value: st.tuples(half, half, half, half, st.integers(0, 6)) for r in EasiRegion}
    ),
)
def test_total_always_within_0_72(
    age: float, regions: dict[str, tuple[float, float, float, float, int]]
) -> None:
    total = compute_easi(age, {k: region(*v) for k, v in regions.items()}).total
    assert 0 <= total <= 72
