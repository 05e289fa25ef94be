import json
from pathlib import Path

import pytest

from desktop_app.domain.regions import WEIGHTS, AgeGroup, Region
from desktop_app.ui.resources import body_map_file
from desktop_app.ui.viewmodels.body_map import (
    BodyMapFormatError,
    BodyMapModel,
    View,
    _parse,
    load_geometry,
)


@pytest.mark.parametrize("group", list(AgeGroup))
def test_every_region_is_drawn_where_it_has_weight(group: AgeGroup) -> None:
    geometry = load_geometry(group)
    for region in Region:
        weight = WEIGHTS[group][region]
        for view, share in ((View.FRONT, weight.front), (View.BACK, weight.back)):
            drawn = geometry.views[view].cell_counts.get(region, 0)
            assert (drawn > 0) == (share > 0), (group, region, view)


def test_region_ids_in_resources_are_domain_regions() -> None:
    for figure in ("adult", "infant"):
        doc = json.loads(body_map_file(figure).read_text())
        for view in doc["views"].values():
            assert set(view) <= {r.value for r in Region}


def test_click_finds_the_region_under_the_point() -> None:
    geometry = load_geometry(AgeGroup.AGE_2_PLUS)
    x, y = geometry.anchor(View.FRONT, Region.TRUNK_FRONT)
    assert geometry.views[View.FRONT].region_at(x, y) is Region.TRUNK_FRONT
    assert geometry.views[View.FRONT].region_at(2, 2) is None
    bx, by = geometry.anchor(View.BACK, Region.BACK)
    assert geometry.views[View.BACK].region_at(bx, by) is Region.BACK


def test_painting_a_whole_view_of_a_limb_gives_its_front_share() -> None:
    model = BodyMapModel(AgeGroup.AGE_2_PLUS)
    # a huge brush covers everything on the front view
    model.paint(View.FRONT, (100, 220), (100, 220), 400)
    fractions = model.fractions()
    assert fractions[Region.TRUNK_FRONT] == pytest.approx(1.0)
    assert fractions[Region.GENITALS] == pytest.approx(1.0)
    assert fractions[Region.UPPER_LIMB_LEFT] == pytest.approx(0.5)  # 4.5 of 9 is on the front
    assert Region.BACK not in fractions


def test_painted_fraction_is_painted_area_over_region_area() -> None:
    model = BodyMapModel(AgeGroup.AGE_2_PLUS)
    geometry = model.geometry
    x, y = geometry.anchor(View.BACK, Region.BACK)
    model.paint(View.BACK, (x, y), (x, y), 10)
    cells = geometry.views[View.BACK].cell_counts[Region.BACK]
    painted = int(model.painted[View.BACK].sum())
    assert model.fraction(Region.BACK) == pytest.approx(painted / cells)
    assert 0 < model.fraction(Region.BACK) < 0.2


def test_erase_and_explicit_value_replace_paint() -> None:
    model = BodyMapModel(AgeGroup.UNDER_2)
    x, y = model.geometry.anchor(View.FRONT, Region.HEAD_NECK)
    model.paint(View.FRONT, (x, y), (x, y), 12)
    assert model.is_painted(Region.HEAD_NECK)
    model.set_fraction(Region.HEAD_NECK, 0.25)
    assert model.fraction(Region.HEAD_NECK) == 0.25
    assert not model.painted[View.FRONT].any()
    model.paint(View.FRONT, (x, y), (x, y), 12)
    model.paint(View.FRONT, (x, y), (x, y), 12, erase=True)
    assert model.fraction(Region.HEAD_NECK) == 0.0


def test_state_round_trips_through_a_draft() -> None:
    model = BodyMapModel(AgeGroup.AGE_2_PLUS)
    model.paint(View.FRONT, (60, 150), (100, 200), 9)
    model.set_fraction(Region.BACK, 0.4)
    again = BodyMapModel(AgeGroup.AGE_2_PLUS)
    again.load_dict(json.loads(json.dumps(model.to_dict())))
    assert again.fractions() == pytest.approx(model.fractions())
    assert (again.painted[View.FRONT] == model.painted[View.FRONT]).all()


def test_listeners_hear_every_change() -> None:
    model = BodyMapModel(AgeGroup.AGE_2_PLUS)
    calls: list[int] = []
    model.subscribe(lambda: calls.append(1))
    model.set_fraction(Region.GENITALS, 1.0)
    model.paint(View.FRONT, (100, 150), (100, 150), 5)
    model.clear()
    assert len(calls) == 3


def test_a_damaged_geometry_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "adult.json"
    bad.write_text('{"view_box": [200, 440], "age_group": "age_2_plus", "views": {"front": {}, "back": {}}}')
    with pytest.raises(BodyMapFormatError, match="no outline"):
        _parse(bad)
    bad.write_text("not json")
    with pytest.raises(BodyMapFormatError, match="cannot be read"):
        _parse(bad)
