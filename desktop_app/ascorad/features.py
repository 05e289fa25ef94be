"""One forward pass of the networks over a working-size photo, with flip test-time augmentation.

The photo and its mirror image go through the encoder as one batch; the maps of the mirror
are flipped back and averaged. This halves the flip-sensitivity of every learned output (the
repeatability benchmark perturbs photos by flips and rotations) for one extra batch item.

Outputs: the skin probability (working size), per-location features on the stride-16 grid
(encoder taps at strides 16 and 32 plus colour-contrast maps) for the learned lesion head,
and skin-weighted pooled head features for the sign heads.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import torch
from torch import nn

from desktop_app.ascorad.backbone import Lite0Encoder, pooled_features
from desktop_app.ascorad.colour import ColourMaps, colour_maps, lab_image
from desktop_app.ascorad.skin_model import SkinNet, batch_tensor

SKIN_THRESHOLD = 0.5
MIN_L = 12.0
MIN_CHROMA = 5.0
HUE_RANGE = (0.0, 85.0)  # degrees, a*b* plane
LOCATION_STRIDE = 16


@dataclass(frozen=True)
class NetworkOutputs:
    skin_probability: np.ndarray  # (H, W) float32 0-1 at working size
    skin: np.ndarray  # (H, W) bool
    colour: ColourMaps
    location_features: np.ndarray  # (h16, w16, C) float32
    pooled: np.ndarray  # (2560,) float32, skin-weighted mean + max of the head features
    pooled_views: np.ndarray  # (2, 2560): the photo's and its mirror image's own pooled features
    plausible_skin_fraction: float  # share of the photo that is skin *and* has a colour skin can have


def _unflip(t: torch.Tensor) -> torch.Tensor:
    """Average a batch of [original, mirrored] maps after flipping the mirror back."""
    return 0.5 * (t[0] + torch.flip(t[1], dims=[-1]))


def _colour_grid(colour: ColourMaps, skin_probability: np.ndarray, grid: tuple[int, int]) -> np.ndarray:
    h, w = grid
    planes = [
        colour.delta_a / 10.0,
        colour.delta_b / 10.0,
        colour.delta_l / 20.0,
        colour.texture / 10.0,
        skin_probability,
        (colour.delta_a > 6.0).astype(np.float32),
    ]
    stack = np.stack(planes, axis=-1).astype(np.float32)
    return cv2.resize(stack, (w, h), interpolation=cv2.INTER_AREA)


def run_networks(
    skin_net: SkinNet, feature_encoder: nn.Module | None, working_rgb: np.ndarray
) -> NetworkOutputs:
    """Skin, colour maps and learned-head features of one working-size RGB photo.

    ``feature_encoder`` None: the skin network's own encoder provides the features (one pass).
    """
    batch = batch_tensor([working_rgb, np.ascontiguousarray(working_rgb[:, ::-1])])
    with torch.inference_mode():
        taps, head = skin_net.encoder(batch)
        logits = skin_net.decoder(taps)
        if feature_encoder is not None:
            taps, head = feature_encoder(batch)
        prob_small = torch.sigmoid(_unflip(logits))[0].numpy()
        s16 = _unflip(taps[2])
        s32 = nn.functional.interpolate(_unflip(taps[3])[None], size=s16.shape[-2:], mode="nearest")[0]
        locations = torch.cat([s16, s32], dim=0).permute(1, 2, 0).numpy()
        h, w = working_rgb.shape[:2]
        skin_probability = cv2.resize(prob_small, (w, h), interpolation=cv2.INTER_LINEAR)
        skin = skin_probability > SKIN_THRESHOLD
        plausible_fraction = float((skin & plausible_skin_colour(working_rgb)).mean())
        weight = cv2.resize(skin_probability, (head.shape[-1], head.shape[-2]), interpolation=cv2.INTER_AREA)
        weight_t = torch.from_numpy(weight)[None, None].expand(2, 1, -1, -1).clone()
        weight_t[1, 0] = torch.flip(weight_t[1, 0], dims=[-1])
        views = pooled_features(head, weight_t + 1e-3).numpy()
    colour = colour_maps(working_rgb, skin)
    grid = _colour_grid(colour, skin_probability, locations.shape[:2])
    location_features = np.concatenate([locations, grid], axis=-1).astype(np.float32)
    return NetworkOutputs(
        skin_probability,
        skin,
        colour,
        location_features,
        views.mean(axis=0).astype(np.float32),
        views,
        plausible_fraction,
    )


def plausible_skin_colour(rgb: np.ndarray) -> np.ndarray:
    """Pixels whose colour skin can have: CIELAB L* ≥ ``MIN_L``, chroma ≥ ``MIN_CHROMA`` and hue
    angle in ``HUE_RANGE`` (red-orange-yellow; every skin tone lies there under light the
    quality gate accepts). A veto on the network, which on featureless green, blue or grey
    surfaces — far from anything in its training data — can answer "skin"."""
    lab = lab_image(cv2.resize(rgb, (rgb.shape[1] // 2, rgb.shape[0] // 2), interpolation=cv2.INTER_AREA))
    a = lab[..., 1]
    b = lab[..., 2]
    hue = np.degrees(np.arctan2(b, a))
    ok = (
        (lab[..., 0] >= MIN_L)
        & (np.hypot(a, b) >= MIN_CHROMA)
        & (hue >= HUE_RANGE[0])
        & (hue <= HUE_RANGE[1])
    )
    return cv2.resize(ok.astype(np.uint8), (rgb.shape[1], rgb.shape[0]), interpolation=cv2.INTER_NEAREST) > 0


def imagenet_feature_encoder() -> Lite0Encoder:
    encoder = Lite0Encoder(pretrained=True)
    encoder.eval()
    return encoder
