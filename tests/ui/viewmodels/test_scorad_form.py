import pytest

from desktop_app.domain.regions import Region
from desktop_app.domain.scorad import Extent, Intensity, ScoreKind, Sign, Subjective, compute_scorad
from desktop_app.domain.severity import Band, BandSet
from desktop_app.ui.viewmodels.scorad_form import ScoradFormModel


def _fill(model: ScoradFormModel) -> None:
    for sign, grade in zip(Sign, (2, 1, 0, 1, 2, 1), strict=True):
        model.set_grade(sign, grade)
    model.set_vas("pruritus", 6.5)
    model.set_vas("sleeplessness", 3.0)


def test_an_empty_form_lists_every_missing_item() -> None:
    state = ScoradFormModel(ScoreKind.SCORAD, 30).state()
    assert state.result is None
    assert set(state.errors) == {s.value for s in Sign} | {"pruritus", "sleeplessness"}
    assert state.a == 0


def test_totals_are_the_domain_engines() -> None:
    model = ScoradFormModel(ScoreKind.SCORAD, 30, BandSet.CLASSIC)
    _fill(model)
    model.set_region_percent(Region.TRUNK_FRONT, 50)
    model.set_region_percent(Region.HEAD_NECK, 20)
    state = model.state()
    expected = compute_scorad(
        30,
        Extent.from_mapping({"trunk_front": 0.5, "head_neck": 0.2}),
        Intensity(2, 1, 0, 1, 2, 1),
        Subjective(6.5, 3.0),
    )
    assert state.result == expected
    assert state.band is Band.MODERATE
    assert state.errors == {}


def test_infant_figure_uses_infant_weights() -> None:
    model = ScoradFormModel(ScoreKind.SCORAD, 1.0)
    model.set_region_percent(Region.HEAD_NECK, 100)
    assert model.state().a == pytest.approx(17.0)


def test_out_of_range_percent_is_reported_beside_the_region_and_not_stored() -> None:
    model = ScoradFormModel(ScoreKind.SCORAD, 30)
    assert not model.set_region_percent(Region.BACK, 140)
    state = model.state()
    assert "back" in state.errors
    assert model.body_map.fraction(Region.BACK) == 0
    assert model.set_region_percent(Region.BACK, 40)
    assert "back" not in model.state().errors


def test_a_vas_off_the_scale_is_an_error_not_clamped() -> None:
    model = ScoradFormModel(ScoreKind.SCORAD, 30)
    _fill(model)
    model.set_vas("pruritus", 11)
    assert "pruritus" in model.state().errors
    assert model.state().result is None


def test_draft_round_trip_restores_everything() -> None:
    model = ScoradFormModel(ScoreKind.PO_SCORAD, 8)
    _fill(model)
    model.set_region_percent(Region.LOWER_LIMB_LEFT, 30)
    again = ScoradFormModel(ScoreKind.PO_SCORAD, 8)
    again.load_dict(model.to_dict())
    assert again.state() == model.state()
    assert again.state().result is not None
    assert again.state().result.kind is ScoreKind.PO_SCORAD  # type: ignore[union-attr]


def test_listeners_receive_the_new_state() -> None:
    model = ScoradFormModel(ScoreKind.SCORAD, 30)
    seen = []
    model.subscribe(seen.append)
    model.set_grade(Sign.ERYTHEMA, 3)
    assert seen and "erythema" not in seen[-1].errors
