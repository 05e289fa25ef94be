"""The ASCORAD engine: one photo in, skin/lesion masks, lesion %, six signs and provenance out.

Usage (GUI workers and the CLI)::

    engine = AscoradEngine.load()                  # ≤ 1 s; OpenCV DNN when the ONNX graph ships
    result = engine.score_photo(rgb, region="trunk_front", image_sha256=photo.sha256,
                                source_size=photo.source_size)
    result.accepted, result.reason, result.lesion_percent, result.signs["erythema"].grade
    result.to_dict()                               # JSON-ready (masks excluded)

``rgb`` is an RGB uint8 array (any size; pass the ~640 px long side the heads were fitted on:
the skin network works at 320 px, the sign view at 448 px, and the DermNet training photos are
640 px). Results are decision support; the clinician confirms or corrects them.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from desktop_app.ascorad.dnn_backend import DnnSkinNetwork, run_networks_dnn
from desktop_app.ascorad.gate import colourless, quality_verdict, skin_verdict, too_small_verdict
from desktop_app.ascorad.head_fitting import (
    LOCATION_FEATURE_KINDS,
    SIGN_FEATURE_KINDS,
    head_inputs,
    needs_sign_view,
)
from desktop_app.ascorad.heads import SIGNS, ConvHead, HeadSet
from desktop_app.ascorad.lesion import (
    LOCAL_RING_PX,
    STRONG_DELTA_A,
    WEAK_DELTA_A,
    applied_rule,
    edge_rule,
    head_probability,
    lesion_mask,
    percent_of,
    sign_intensity,
)
from desktop_app.ascorad.model_files import (
    HEADS_CARD,
    HEADS_FILE,
    SIGN_VIEW_ONNX,
    SKIN_CARD,
    SKIN_ONNX,
    SKIN_WEIGHTS,
    shipped_models_dir,
)
from desktop_app.ascorad.network_outputs import NetworkOutputs, image_batch, sigmoid, to_network_input
from desktop_app.ascorad.sign_view import SignView
from desktop_app.ascorad.signs import confidence, transparent_erythema
from desktop_app.domain.regions import Region, parse_region

ENGINE_VERSION = "ascorad-engine-1.0"


def sign_estimator(heads: HeadSet) -> str:
    """The sign estimator's name: ordinal logistic heads (2.x) or ridge regression (1.x)."""
    return "lite0-ordinal-logistic" if heads.sign_kind == "ordinal" else "lite0-ridge"


def lesion_estimator(heads: HeadSet) -> str:
    """The lesion estimator's name with its rule and thresholds (see ``lesion.lesion_mask``)."""
    kind = "logistic"
    if isinstance(heads.lesion, ConvHead):
        kind = "conv+photo-context" if heads.lesion.photo_context is not None else "conv"
    rule = edge_rule(heads)
    band = f"{rule.gap_px}-{rule.gap_px + LOCAL_RING_PX} px"
    edge = f", {rule.contrast:g} above the skin {band} around it at 320 px" if rule.contrast > 0 else ""
    if rule.contrast > 0 and rule.core_step > 0:
        levels = f"{STRONG_DELTA_A + rule.core_step:g}, {STRONG_DELTA_A + 2 * rule.core_step:g}"
        edge += f", else its cores above {levels}, ..."
    contrast = {
        "head&weak|strong": f"a*-contrast(weak {WEAK_DELTA_A:g}, strong {STRONG_DELTA_A:g})",
        "head|strong": f"a*-contrast(strong {STRONG_DELTA_A:g}{edge})",
        "head": "",
    }.get(heads.lesion_rule, heads.lesion_rule)
    inputs = "+imagenet-view448" if needs_sign_view(heads.location_features) else ""
    name = f"lite0-location{inputs}-{kind}(threshold {heads.lesion_threshold:g})"
    name = f"{name}+{contrast}" if contrast else name
    if heads.head_min_intensity > 0:
        name += f"; a*-contrast alone when the signs sum < {heads.head_min_intensity:.2f}"
    return name


class ModelFilesMissingError(RuntimeError):
    """The shipped weights are not where they should be (a broken installation)."""


class InvalidPhotoArrayError(ValueError):
    """The array passed is not an RGB uint8 photo."""


@dataclass(frozen=True)
class SignEstimate:
    grade: float  # 0-3, fractions allowed (the SCORAD form rounds; see aggregation)
    confidence: float  # 0-1
    estimator: str

    @property
    def form_grade(self) -> int:
        """The whole grade for the SCORAD form (half up: 1.5 → 2)."""
        return min(3, int(self.grade + 0.5))

    def to_dict(self) -> dict[str, Any]:
        return {
            "grade": round(self.grade, 2),
            "form_grade": self.form_grade,
            "confidence": round(self.confidence, 2),
            "estimator": self.estimator,
        }


@dataclass(frozen=True)
class PhotoResult:
    """Everything ASCORAD says about one photo. Masks are at the analysed photo's size."""

    accepted: bool
    reason: str | None
    region: Region | None
    skin_percent: float | None
    lesion_percent: float | None
    signs: dict[str, SignEstimate]
    provenance: dict[str, Any]
    quality: dict[str, Any] | None = None
    erythema_contrast: float | None = None  # the transparent a*-contrast erythema, for explanation
    skin_mask: np.ndarray | None = field(default=None, repr=False)
    lesion_mask: np.ndarray | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "reason": self.reason,
            "region": self.region.value if self.region else None,
            "skin_percent": None if self.skin_percent is None else round(self.skin_percent, 2),
            "lesion_percent": None if self.lesion_percent is None else round(self.lesion_percent, 2),
            "signs": {name: est.to_dict() for name, est in self.signs.items()},
            "erythema_a_star_contrast": None
            if self.erythema_contrast is None
            else round(self.erythema_contrast, 2),
            "quality": self.quality,
            "provenance": self.provenance,
        }

    def masks_at(self, height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
        """Skin and lesion masks resized to (height, width) as uint8 0/255."""
        out: list[np.ndarray] = []
        for mask in (self.skin_mask, self.lesion_mask):
            if mask is None:
                out.append(np.zeros((height, width), np.uint8))
            else:
                m = mask.astype(np.uint8) * 255
                out.append(cv2.resize(m, (width, height), interpolation=cv2.INTER_NEAREST))
        return out[0], out[1]


def _card(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def _require(folder: Path, names: list[str]) -> None:
    missing = [name for name in names if not (folder / name).exists()]
    if missing:
        raise ModelFilesMissingError(
            f"The ASCORAD model files {', '.join(missing)} are missing from {folder}; "
            "reinstall ScoradDesk or ask your administrator."
        )


def _load_opencv(onnx: Path, threads: int | None) -> DnnSkinNetwork:
    if threads:
        cv2.setNumThreads(threads)
    return DnnSkinNetwork.load(onnx)


def _load_torch(weights: Path, threads: int | None) -> Any:
    import torch

    from desktop_app.ascorad.skin_model import load_skin_net

    if threads:
        torch.set_num_threads(threads)
    return load_skin_net(weights)


class AscoradEngine:
    """Loaded networks and heads. One ``score_photo`` at a time per engine: the OpenCV networks
    hold their input between ``setInput`` and ``forward`` (the app has one scoring worker)."""

    def __init__(
        self, skin_net: Any, heads: HeadSet, model_info: dict[str, Any], sign_view: SignView | None = None
    ) -> None:
        self._skin_net = skin_net
        self._heads = heads
        self.model_info = model_info
        # The 448 px ImageNet view, when the heads read it (heads 2.1+); always OpenCV DNN.
        self.sign_view = sign_view

    @classmethod
    def load(
        cls, models_dir: Path | None = None, threads: int | None = 1, runtime: str = "auto"
    ) -> AscoradEngine:
        """Load the shipped skin network and heads (raises ModelFilesMissingError).

        ``runtime``: "opencv" runs the exported ONNX graph with OpenCV DNN (no torch: what the
        installed app does), "torch" the trained weights with torch; "auto" prefers OpenCV
        when the ONNX file is there. Both give the same outputs within 1e-4 (onnx_export).

        ``threads`` sets torch's intra-op threads (torch runtime) or OpenCV's (OpenCV runtime and
        the sign view) for the process. One is the default: on a
        2-core clinic PC that also runs the GUI and camera, two spinning OpenMP threads were
        measured 10× slower under load (1.9 s vs 0.13 s per photo), one thread stays fast."""
        folder = models_dir or shipped_models_dir()
        onnx = folder / SKIN_ONNX
        use_opencv = runtime == "opencv" or (runtime == "auto" and onnx.exists())
        network_file = SKIN_ONNX if use_opencv else SKIN_WEIGHTS
        _require(folder, [network_file, SKIN_CARD, HEADS_FILE, HEADS_CARD])
        heads = HeadSet.load(folder / HEADS_FILE)
        if heads.photo_features not in SIGN_FEATURE_KINDS:
            raise ModelFilesMissingError(
                f"The ASCORAD heads in {folder} read photo features {heads.photo_features!r}, which "
                "this version does not compute; reinstall ScoradDesk or ask your administrator."
            )
        if heads.location_features not in LOCATION_FEATURE_KINDS:
            raise ModelFilesMissingError(
                f"The ASCORAD heads in {folder} read location features {heads.location_features!r}, "
                "which this version does not compute; reinstall ScoradDesk or ask your administrator."
            )
        try:
            edge_rule(heads)  # checked here, not at the first photo
        except ValueError as error:
            raise ModelFilesMissingError(
                f"The ASCORAD heads in {folder} carry an invalid lesion edge rule ({error}); "
                "reinstall ScoradDesk or ask your administrator."
            ) from error
        heads_card = _card(folder / HEADS_CARD)
        view_file = folder / SIGN_VIEW_ONNX
        wants_view = needs_sign_view(heads.photo_features) or needs_sign_view(heads.location_features)
        if wants_view:
            _require(folder, [SIGN_VIEW_ONNX, f"{SIGN_VIEW_ONNX}.json"])
            view_sha = hashlib.sha256(view_file.read_bytes()).hexdigest()
            fitted_on = heads_card.get("sign_view", {}).get("onnx_sha256")
            if fitted_on and fitted_on != view_sha:  # the heads learned another graph's features
                raise ModelFilesMissingError(
                    f"{SIGN_VIEW_ONNX} in {folder} is not the graph the heads were fitted on "
                    f"(sha256 {view_sha[:12]}…, expected {fitted_on[:12]}…); reinstall ScoradDesk "
                    "or refit the heads (scorad-desk train heads)."
                )
        net = _load_opencv(onnx, threads) if use_opencv else _load_torch(folder / SKIN_WEIGHTS, threads)
        view = None
        if wants_view:
            if threads:
                cv2.setNumThreads(threads)
            view = SignView.load(view_file)
            if needs_sign_view(heads.location_features) and not view.has_taps():
                raise ModelFilesMissingError(
                    f"{SIGN_VIEW_ONNX} in {folder} lacks the inner maps the lesion head reads; "
                    "reinstall ScoradDesk or refit the heads (scorad-desk train heads)."
                )
        skin_card = _card(folder / SKIN_CARD)
        info = {
            "engine": ENGINE_VERSION,
            "skin_model": skin_card["version"],
            "skin_weights_sha256": skin_card["sha256"],
            "heads_model": heads_card["version"],
            "heads_sha256": heads_card["sha256"],
            "runtime": "opencv-dnn" if use_opencv else "torch",
        }
        if use_opencv:
            info["skin_onnx_sha256"] = hashlib.sha256(onnx.read_bytes()).hexdigest()
        if view is not None:
            info["sign_view_model"] = _card(Path(f"{view_file}.json"))["version"]
            info["sign_view_onnx_sha256"] = view_sha
        return cls(net, heads, info, view)

    def network_outputs(self, working: np.ndarray) -> NetworkOutputs:
        """Skin, colour and head features of a working-size photo, on whichever runtime loaded."""
        if isinstance(self._skin_net, DnnSkinNetwork):
            return run_networks_dnn(self._skin_net, working)
        from desktop_app.ascorad.features import run_networks  # torch

        return run_networks(self._skin_net, None, working)

    @property
    def photo_feature_kind(self) -> str:
        """Which photo feature vector the loaded sign heads read (``head_fitting``)."""
        return self._heads.photo_features

    @property
    def location_feature_kind(self) -> str:
        """What the loaded lesion head reads per location (``head_fitting.location_feature_map``)."""
        return self._heads.location_features

    def skin_probability(self, rgb: np.ndarray) -> np.ndarray:
        """The skin network's probability map at the photo's size (one pass, no mirror image):
        what the skin-segmentation figures measure."""
        if not isinstance(self._skin_net, DnnSkinNetwork):
            from desktop_app.ascorad.skin_training import predict_skin_probability  # torch

            return predict_skin_probability(self._skin_net, rgb)
        logits = self._skin_net.raw(image_batch([to_network_input(rgb)]))[0][0, 0]
        prob = sigmoid(logits)
        return cv2.resize(prob, (rgb.shape[1], rgb.shape[0]), interpolation=cv2.INTER_LINEAR)

    def _grades_and_lesion(
        self, rgb: np.ndarray, working: np.ndarray, outputs: NetworkOutputs
    ) -> tuple[np.ndarray, np.ndarray, str, np.ndarray, np.ndarray]:
        """(six grades, per-view grades, lesion rule, head probability, lesion mask) of one photo.
        The grades come first: under the heads' intensity gate the mask is Δa* alone
        (``lesion.applied_rule``)."""
        features, views, locations = head_inputs(
            rgb, outputs, self.sign_view, self._heads.photo_features, self._heads.location_features
        )
        self._check_input_sizes(features.shape[-1], locations.shape[-1])
        grades = self._heads.grades(features[None])[0]
        rule = applied_rule(
            self._heads.lesion_rule, float(sign_intensity(grades)), self._heads.head_min_intensity
        )
        prob = head_probability(self._heads.lesion, locations, working.shape[:2])
        lesion = lesion_mask(
            prob,
            outputs.colour,
            outputs.skin,
            self._heads.lesion_threshold,
            rule,
            edge_rule(self._heads),
        )
        return grades, self._heads.grades(views), rule, prob, lesion

    def _check_input_sizes(self, photo_features: int, location_channels: int) -> None:
        """A heads file whose feature kinds this version knows can still have been fitted on
        other sizes (another build's networks, a hand-edited file): say so instead of letting
        numpy fail on shapes. Checked on every photo: it costs nothing beside the heads."""
        expected = self._heads.input_sizes
        if (photo_features, location_channels) != expected:
            raise ModelFilesMissingError(
                f"The ASCORAD heads ({self._heads.version}) read {expected[0]} photo features and "
                f"{expected[1]} location channels, but this version's networks give {photo_features} "
                f"and {location_channels}; reinstall ScoradDesk or refit the heads (scorad-desk train heads)."
            )

    def _provenance(
        self, rgb: np.ndarray, image_sha256: str | None, started: float, sha_of: str = "stored photo"
    ) -> dict[str, Any]:
        return {
            **self.model_info,
            "lesion_estimator": lesion_estimator(self._heads),
            "sign_estimator": sign_estimator(self._heads),
            "image_sha256": image_sha256 or hashlib.sha256(np.ascontiguousarray(rgb).tobytes()).hexdigest(),
            "image_sha256_of": sha_of if image_sha256 else "decoded pixels",
            "analysed_size": [int(rgb.shape[1]), int(rgb.shape[0])],
            "time_utc": datetime.now(UTC).isoformat(timespec="seconds"),
            "seconds": round(time.perf_counter() - started, 3),
        }

    def score_photo(
        self,
        rgb: np.ndarray,
        region: str | Region | None = None,
        *,
        image_sha256: str | None = None,
        image_sha256_of: str = "stored photo",
        source_size: tuple[int, int] | None = None,
        check_quality: bool = True,
    ) -> PhotoResult:
        """Gate, segment and grade one photo. Refusals come back as ``accepted=False``."""
        started = time.perf_counter()
        if not isinstance(rgb, np.ndarray) or rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] != 3:
            raise InvalidPhotoArrayError("A photo must be an RGB uint8 array of shape (height, width, 3).")
        tagged = parse_region(region) if isinstance(region, str) else region
        too_small = too_small_verdict(rgb)
        if too_small is not None:  # refused whether or not quality is checked: the networks need more
            sha = (image_sha256, image_sha256_of)
            return self._refused(rgb, tagged, str(too_small.reason), too_small.report, sha, started)
        quality = None
        if check_quality:
            verdict = quality_verdict(rgb, source_size)
            quality = verdict.report
            if verdict.reason:
                return self._refused(
                    rgb, tagged, verdict.reason, quality, (image_sha256, image_sha256_of), started
                )
        # After the quality gate (a photo too dark to see has little colour too, and lighting is
        # the fix), but also when quality is not checked: nothing to read redness from.
        if colourless(rgb):
            return self._refused(rgb, tagged, "no_colour", quality, (image_sha256, image_sha256_of), started)
        working = to_network_input(rgb)
        outputs = self.network_outputs(working)
        skin_fraction = float(outputs.skin.mean())
        reason = skin_verdict(outputs.plausible_skin_fraction)
        if reason:
            return self._refused(
                rgb,
                tagged,
                reason,
                quality,
                (image_sha256, image_sha256_of),
                started,
                outputs.skin,
                skin_fraction,
            )
        grades, by_view, rule, _, lesion = self._grades_and_lesion(rgb, working, outputs)
        signs: dict[str, SignEstimate] = {}
        for k, name in enumerate(SIGNS):
            grade = float(np.clip(grades[k], 0.0, 3.0))
            conf = confidence(
                float(self._heads.sign_hit_rate[k]), float(by_view[0, k] - by_view[1, k]), skin_fraction
            )
            signs[name] = SignEstimate(grade, conf, f"{sign_estimator(self._heads)}:{self._heads.version}")
        return PhotoResult(
            accepted=True,
            reason=None,
            region=tagged,
            skin_percent=100.0 * skin_fraction,
            lesion_percent=percent_of(lesion, outputs.skin),
            signs=signs,
            provenance={
                **self._provenance(rgb, image_sha256, started, image_sha256_of),
                "lesion_rule_applied": rule,
            },
            quality=quality,
            erythema_contrast=transparent_erythema(outputs.colour, lesion),
            skin_mask=outputs.skin,
            lesion_mask=lesion,
        )

    def analyse_ungated(self, rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
        """For evaluation on labelled data: (lesion score map, lesion mask, six grades,
        lesion %) at the photo's size, without the quality and skin gates (a refused photo still
        gets numbers). The mask follows the photo's lesion rule as ``score_photo`` does (heads
        2.2: Δa* alone under the intensity gate); the score map is always the head's probability
        on the skin, the ranking a lesion AUC is taken on."""
        working = to_network_input(rgb)
        outputs = self.network_outputs(working)
        grades, _, _, prob, lesion = self._grades_and_lesion(rgb, working, outputs)
        size = (rgb.shape[1], rgb.shape[0])
        score = cv2.resize(prob * outputs.skin_probability, size, interpolation=cv2.INTER_LINEAR)
        mask = cv2.resize(lesion.astype(np.uint8), size, interpolation=cv2.INTER_NEAREST).astype(bool)
        return score, mask, grades, percent_of(lesion, outputs.skin)

    def _refused(
        self,
        rgb: np.ndarray,
        region: Region | None,
        reason: str,
        quality: dict[str, Any] | None,
        sha: tuple[str | None, str],
        started: float,
        skin: np.ndarray | None = None,
        skin_fraction: float | None = None,
    ) -> PhotoResult:
        return PhotoResult(
            accepted=False,
            reason=reason,
            region=region,
            skin_percent=None if skin_fraction is None else 100.0 * skin_fraction,
            lesion_percent=None,
            signs={},
            provenance=self._provenance(rgb, sha[0], started, sha[1]),
            quality=quality,
            skin_mask=skin,
        )
