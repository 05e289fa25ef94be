"""Visit aggregation: A by region weights, B from rounded representative grades, oSCORAD."""

from __future__ import annotations

import pytest

from desktop_app.ascorad.aggregation import NoScorablePhotoError, aggregate_visit, round_half_up
from desktop_app.ascorad.engine import PhotoResult, SignEstimate
from desktop_app.ascorad.heads import SIGNS
from desktop_app.domain.errors import InvalidAgeError
from desktop_app.domain.regions import Region


def photo(
    region: Region | None, lesion: float, grades: dict[str, float], accepted: bool = True
) -> PhotoResult:
    signs = {s: SignEstimate(grades.get(s, 0.0), 0.8, "test") for s in SIGNS}
    return PhotoResult(
        accepted=accepted,
        reason=None if accepted else "not_skin",
        region=region,
        skin_percent=80.0,
        lesion_percent=lesion if accepted else None,
        signs=signs if accepted else {},
        provenance={},
    )


def test_extent_uses_region_weights_and_flags_missing_regions() -> None:
    results = [
        photo(Region.TRUNK_FRONT, 50.0, {"erythema": 2.0}),
        photo(Region.TRUNK_FRONT, 30.0, {"erythema": 2.0}),
        photo(Region.HEAD_NECK, 20.0, {"erythema": 1.0}),
    ]
    visit = aggregate_visit(results, age_years=30)
    # trunk 18 × 0.40 + head/neck 9 × 0.20
    assert visit.a == pytest.approx(18 * 0.4 + 9 * 0.2)
    assert set(visit.regions_missing) == {r.value for r in Region} - {"trunk_front", "head_neck"}
    assert visit.region_fractions == {"trunk_front": pytest.approx(0.4), "head_neck": pytest.approx(0.2)}


def test_infant_weights_apply_under_two() -> None:
    visit = aggregate_visit([photo(Region.HEAD_NECK, 100.0, {})], age_years=1)
    assert visit.a == pytest.approx(17.0)


def test_b_rounds_half_up_and_oscorad_follows_the_formula() -> None:
    results = [
        photo(Region.BACK, 40.0, {"erythema": 1.0, "dryness": 2.0, "excoriations": 0.4}),
        photo(Region.BACK, 40.0, {"erythema": 2.0, "dryness": 1.0, "excoriations": 0.6}),
    ]
    visit = aggregate_visit(results, age_years=10)
    assert visit.mean_grades["erythema"] == 1.5
    assert visit.grades["erythema"] == 2  # 1.5 rounds up on the form
    assert visit.grades["dryness"] == 2
    assert visit.grades["excoriations"] == 1  # 0.5 rounds up
    assert visit.b == 5
    assert visit.oscorad == pytest.approx(visit.a / 5 + 7 * 5 / 2)


def test_signs_come_from_involved_photos_but_dryness_from_all() -> None:
    results = [
        photo(Region.BACK, 30.0, {"erythema": 3.0, "dryness": 0.0}),
        photo(Region.GENITALS, 0.0, {"erythema": 0.0, "dryness": 2.0}),
    ]
    visit = aggregate_visit(results)
    assert visit.grades["erythema"] == 3
    assert visit.grades["dryness"] == 1  # mean of 0 and 2
    assert visit.age_assumed


def test_refused_photos_are_ignored_and_all_refused_is_an_error() -> None:
    ok = photo(Region.BACK, 10.0, {"erythema": 1.0})
    refused = photo(Region.TRUNK_FRONT, 0.0, {}, accepted=False)
    visit = aggregate_visit([ok, refused], age_years=5)
    assert visit.photos_used == 1 and "trunk_front" in visit.regions_missing
    with pytest.raises(NoScorablePhotoError):
        aggregate_visit([refused])
    with pytest.raises(InvalidAgeError):
        aggregate_visit([ok], age_years=-1)


def test_round_half_up() -> None:
    assert [round_half_up(v) for v in (0.49, 0.5, 1.5, 2.5, 2.51)] == [0, 1, 2, 3, 3]
