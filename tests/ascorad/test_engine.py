"""The engine with the shipped weights: gate reasons, provenance, masks and API errors."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from desktop_app.ascorad.engine import AscoradEngine, InvalidPhotoArrayError, ModelFilesMissingError
from desktop_app.ascorad.gate import MIN_SKIN_FRACTION, NOT_SKIN_FRACTION, colourless, skin_verdict
from desktop_app.ascorad.lesion import edge_rule, strong_mask
from desktop_app.ascorad.network_outputs import to_network_input
from desktop_app.domain.errors import UnknownRegionError
from tests.ascorad.conftest import disc_mask, redden, skin_image


@pytest.fixture(scope="module")
def engine() -> AscoradEngine:
    return AscoradEngine.load()


def test_skin_verdict_thresholds() -> None:
    assert skin_verdict(0.0) == "not_skin"
    assert skin_verdict(NOT_SKIN_FRACTION - 1e-3) == "not_skin"
    assert skin_verdict(MIN_SKIN_FRACTION - 1e-3) == "too_little_skin"
    assert skin_verdict(MIN_SKIN_FRACTION) is None


def test_a_picture_without_skin_is_refused(engine: AscoradEngine) -> None:
    rng = np.random.default_rng(0)
    leaves = np.zeros((240, 320, 3), np.uint8)
    leaves[..., 1] = rng.integers(90, 200, (240, 320))
    leaves[..., 2] = rng.integers(0, 60, (240, 320))
    wall = np.clip(np.array([60, 90, 170]) + rng.normal(0, 5, (240, 320, 3)), 0, 255).astype(np.uint8)
    for picture in (leaves, wall):
        result = engine.score_photo(picture, check_quality=False)
        assert not result.accepted and result.reason == "not_skin"
        assert result.signs == {} and result.lesion_percent is None
        json.dumps(result.to_dict())


def test_a_photo_mostly_of_background_has_too_little_skin(engine: AscoradEngine) -> None:
    rng = np.random.default_rng(1)
    picture = np.clip(np.array([60, 90, 170]) + rng.normal(0, 5, (240, 320, 3)), 0, 255).astype(np.uint8)
    picture[90:150, 128:192] = skin_image(60, 64)  # 5 % of the frame
    result = engine.score_photo(picture, check_quality=False)
    assert not result.accepted and result.reason == "too_little_skin"


def test_a_dark_photo_fails_the_quality_gate(engine: AscoradEngine) -> None:
    dark = (skin_image() * 0.08).astype(np.uint8)
    result = engine.score_photo(dark)
    assert not result.accepted
    assert result.reason is not None and result.reason.startswith("quality_failed:")
    assert result.quality is not None and "categories" in result.quality


def test_an_accepted_photo_has_signs_masks_and_provenance(engine: AscoradEngine) -> None:
    rgb = redden(skin_image(480, 640, seed=5), disc_mask(480, 640, 240, 320, 110), 0.8)
    result = engine.score_photo(rgb, "back", image_sha256="ab" * 32, check_quality=False)
    assert result.accepted, result.reason
    assert set(result.signs) == {
        "erythema",
        "oedema_papulation",
        "oozing_crusts",
        "excoriations",
        "lichenification",
        "dryness",
    }
    for estimate in result.signs.values():
        assert 0.0 <= estimate.grade <= 3.0 and 0.0 <= estimate.confidence <= 1.0
        assert estimate.estimator.split(":")[0] in {"lite0-ridge", "lite0-ordinal-logistic"}
    assert result.skin_mask is not None and result.lesion_mask is not None
    assert result.lesion_mask.shape == result.skin_mask.shape
    assert not np.any(result.lesion_mask & ~result.skin_mask)  # lesions only on skin
    assert result.lesion_percent is not None and result.lesion_percent > 5.0
    provenance = result.provenance
    assert provenance["image_sha256"] == "ab" * 32
    assert len(provenance["skin_weights_sha256"]) == 64 and len(provenance["heads_sha256"]) == 64
    for key in ("engine", "skin_model", "heads_model", "lesion_estimator", "sign_estimator", "time_utc"):
        assert provenance[key]
    skin, lesion = result.masks_at(100, 120)
    assert skin.shape == (100, 120) and set(np.unique(lesion)) <= {0, 255}
    data = json.loads(json.dumps(result.to_dict()))
    assert data["region"] == "back" and data["accepted"] is True


def test_a_photo_whose_signs_sum_below_the_gate_is_masked_by_colour_contrast_alone(
    engine: AscoradEngine,
) -> None:
    rgb = redden(skin_image(480, 640, seed=5), disc_mask(480, 640, 240, 320, 110), 0.8)
    heads = engine._heads
    # the same networks and heads, with the gate above any photo (18 = six signs at grade 3)
    # and with no gate
    always = AscoradEngine(
        engine._skin_net, replace(heads, head_min_intensity=18.1), engine.model_info, engine.sign_view
    )
    never = AscoradEngine(
        engine._skin_net, replace(heads, head_min_intensity=0.0), engine.model_info, engine.sign_view
    )
    gated, ungated = always.score_photo(rgb, check_quality=False), never.score_photo(rgb, check_quality=False)
    assert gated.provenance["lesion_rule_applied"] == "strong"
    assert ungated.provenance["lesion_rule_applied"] == heads.lesion_rule
    assert "a*-contrast alone when the signs sum < 18.10" in gated.provenance["lesion_estimator"]
    # heads 2.3: a strongly red region must have an edge, and the provenance says so
    assert heads.strong_local_contrast > 0
    assert "above the skin 12-21 px around it" in gated.provenance["lesion_estimator"]
    # heads 2.4: and a region that fails it is tried again by its cores
    assert heads.strong_core_step > 0
    assert "else its cores above 20, 25, ..." in gated.provenance["lesion_estimator"]
    outputs = engine.network_outputs(to_network_input(rgb))
    assert gated.lesion_mask is not None and ungated.lesion_mask is not None
    assert np.array_equal(
        gated.lesion_mask,
        strong_mask(outputs.colour, outputs.skin, edge_rule(heads)),
    )
    assert (
        np.count_nonzero(gated.lesion_mask & ~ungated.lesion_mask) == 0
    )  # only ever removes the head's part
    assert [e.grade for e in gated.signs.values()] == [e.grade for e in ungated.signs.values()]
    assert always.analyse_ungated(rgb)[3] == pytest.approx(gated.lesion_percent)  # evaluation path too


def test_without_a_given_hash_the_pixels_are_hashed(engine: AscoradEngine) -> None:
    rgb = skin_image()
    result = engine.score_photo(rgb, check_quality=False)
    assert result.provenance["image_sha256_of"] == "decoded pixels"
    assert len(result.provenance["image_sha256"]) == 64


def test_invalid_inputs_raise_typed_errors(engine: AscoradEngine) -> None:
    with pytest.raises(InvalidPhotoArrayError):
        engine.score_photo(np.zeros((50, 50), np.uint8))
    with pytest.raises(InvalidPhotoArrayError):
        engine.score_photo(np.zeros((20, 50, 3)))  # floats, not a photo
    with pytest.raises(UnknownRegionError):
        engine.score_photo(skin_image(), "tail")


def test_missing_model_files_are_reported(tmp_path: object) -> None:
    with pytest.raises(ModelFilesMissingError, match="missing"):
        AscoradEngine.load(tmp_path)  # type: ignore[arg-type]


@pytest.mark.parametrize("check_quality", [True, False])
def test_a_photo_too_small_to_score_is_refused_for_its_resolution(
    engine: AscoradEngine, check_quality: bool
) -> None:
    result = engine.score_photo(skin_image()[:20, :50], "back", check_quality=check_quality)
    assert not result.accepted
    assert result.reason == "quality_failed:resolution"
    assert result.quality is not None
    assert result.quality["categories"]["resolution"]["status"] == "fail"
    assert result.quality["categories"]["resolution"]["instruction"] == "Use a higher camera resolution"
    assert len(result.provenance["image_sha256"]) == 64


def test_colourless_tells_black_and_white_from_pale_skin() -> None:
    skin = skin_image()
    grey = np.repeat(skin.mean(axis=2, keepdims=True).astype(np.uint8), 3, axis=2)
    pale = ((skin.astype(np.float32) + 3 * grey) / 4).astype(np.uint8)  # a quarter of the colour
    assert colourless(grey)
    assert not colourless(skin)
    assert not colourless(pale)


@pytest.mark.parametrize("check_quality", [True, False])
def test_a_black_and_white_photo_is_refused_as_colourless_not_as_no_skin(
    engine: AscoradEngine, check_quality: bool
) -> None:
    skin = redden(skin_image(seed=3), disc_mask(240, 320, 120, 160, 60), 0.8)
    grey = np.repeat(skin.mean(axis=2, keepdims=True).astype(np.uint8), 3, axis=2)
    captured = (4000, 3000)  # a camera photo, reduced for scoring: its resolution passes
    result = engine.score_photo(
        grey, "back", image_sha256="cd" * 32, source_size=captured, check_quality=check_quality
    )
    assert (result.accepted, result.reason) == (False, "no_colour")
    assert result.signs == {} and result.lesion_percent is None
    assert result.provenance["image_sha256"] == "cd" * 32
    colour = engine.score_photo(skin, "back", source_size=captured, check_quality=check_quality)
    assert colour.reason != "no_colour"
