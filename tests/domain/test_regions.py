import math

import pytest

from desktop_app.domain.errors import InvalidAgeError, UnknownRegionError
from desktop_app.domain.regions import (
    WEIGHTS,
    AgeGroup,
    Region,
    age_group,
    max_extent,
    parse_region,
    region_weight,
)


def test_adult_weights_are_the_rule_of_nines_and_total_100() -> None:
    # 9 + 9 + 9 + 18 + 18 + 18 + 18 + 1 = 100
    expected = {
        "head_neck": 9,
        "upper_limb_left": 9,
        "upper_limb_right": 9,
        "trunk_front": 18,
        "back": 18,
        "lower_limb_left": 18,
        "lower_limb_right": 18,
        "genitals": 1,
    }
    assert {r.value: region_weight(r, AgeGroup.AGE_2_PLUS) for r in Region} == expected
    assert max_extent(AgeGroup.AGE_2_PLUS) == 100


def test_child_weights_follow_the_form_and_total_96_not_renormalised() -> None:
    # 17 + 9 + 9 + 18 + 18 + 12 + 12 + 1 = 96
    expected = {
        "head_neck": 17,
        "upper_limb_left": 9,
        "upper_limb_right": 9,
        "trunk_front": 18,
        "back": 18,
        "lower_limb_left": 12,
        "lower_limb_right": 12,
        "genitals": 1,
    }
    assert {r.value: region_weight(r, AgeGroup.UNDER_2) for r in Region} == expected
    assert max_extent(AgeGroup.UNDER_2) == 96


def test_front_and_back_shares() -> None:
    adult = WEIGHTS[AgeGroup.AGE_2_PLUS]
    assert (adult[Region.HEAD_NECK].front, adult[Region.HEAD_NECK].back) == (4.5, 4.5)
    assert (adult[Region.TRUNK_FRONT].front, adult[Region.TRUNK_FRONT].back) == (18, 0)
    assert (adult[Region.BACK].front, adult[Region.BACK].back) == (0, 18)
    assert (adult[Region.GENITALS].front, adult[Region.GENITALS].back) == (1, 0)
    child = WEIGHTS[AgeGroup.UNDER_2]
    assert (child[Region.HEAD_NECK].front, child[Region.LOWER_LIMB_LEFT].back) == (8.5, 6)


@pytest.mark.parametrize(
    ("age", "group"),
    [(0, AgeGroup.UNDER_2), (1.99, AgeGroup.UNDER_2), (2, AgeGroup.AGE_2_PLUS), (45, AgeGroup.AGE_2_PLUS)],
)
def test_age_group_switches_at_two_years(age: float, group: AgeGroup) -> None:
    assert age_group(age) is group


@pytest.mark.parametrize("age", [-0.1, -5, math.nan, 200, "three"])
def test_bad_ages_raise_a_typed_error_naming_age(age: object) -> None:
    with pytest.raises(InvalidAgeError) as info:
        age_group(age)  # type: ignore[arg-type]
    assert info.value.field == "age_years"
    assert "Age" in str(info.value)


def test_unknown_region_names_the_region_and_lists_the_valid_ones() -> None:
    with pytest.raises(UnknownRegionError) as info:
        parse_region("left_foot")
    assert info.value.field == "region"
    assert "left_foot" in str(info.value) and "head_neck" in str(info.value)
