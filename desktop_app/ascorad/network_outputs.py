"""From the skin network's raw outputs to what the heads use — numpy only, no torch.

Both runtimes feed this one function (torch in development and training, OpenCV DNN in the
installed app; see ``dnn_backend``), so they cannot drift apart in post-processing.

The photo and its mirror image go through the network as one batch; the maps of the mirror
are flipped back and averaged. This halves the flip-sensitivity of every learned output (the
repeatability benchmark perturbs photos by flips and rotations) for one extra batch item.

Outputs: the skin probability (working size), per-location features on the stride-16 grid
(encoder taps at strides 16 and 32 plus colour-contrast maps) for the learned lesion head,
and pooled features for the sign heads: head features weighted by the skin, head features
weighted by the *reddish* skin (so a small lesion is not diluted by the uninvolved skin
around it), and the skin-weighted mean and spread of the stride-16 (ImageNet, frozen)
features, which keep finer texture than the head.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from desktop_app.ascorad.colour import ColourMaps, colour_maps, lab_image

SKIN_THRESHOLD = 0.5
MIN_L = 12.0
MIN_CHROMA = 5.0
HUE_RANGE = (0.0, 85.0)  # degrees, a*b* plane
LOCATION_STRIDE = 16
INPUT_LONG_SIDE = 320


@dataclass(frozen=True)
class NetworkOutputs:
    skin_probability: np.ndarray  # (H, W) float32 0-1 at working size
    skin: np.ndarray  # (H, W) bool
    colour: ColourMaps
    location_features: np.ndarray  # (h16, w16, C) float32
    pooled: np.ndarray  # (2560,) float32, skin-weighted mean + max of the head features
    pooled_views: np.ndarray  # (2, 2560): the photo's and its mirror image's own pooled features
    plausible_skin_fraction: float  # share of the photo that is skin *and* has a colour skin can have
    pooled_reddish: np.ndarray  # (2560,) head features weighted by skin × redness (see reddish_weight)
    texture_pooled: np.ndarray  # (224,) skin-weighted mean and standard deviation of the stride-16 tap


def network_size(height: int, width: int, long_side: int = INPUT_LONG_SIDE) -> tuple[int, int]:
    """(h, w) multiples of 32 that keep the aspect ratio with the long side near ``long_side``."""
    scale = long_side / max(height, width)
    h = max(32, round(height * scale / 32.0) * 32)
    w = max(32, round(width * scale / 32.0) * 32)
    return h, w


def to_network_input(rgb: np.ndarray, long_side: int = INPUT_LONG_SIDE) -> np.ndarray:
    """Resize an RGB uint8 photo to the network's working size (area interpolation)."""
    h, w = network_size(rgb.shape[0], rgb.shape[1], long_side)
    if (h, w) == rgb.shape[:2]:
        return rgb
    return cv2.resize(rgb, (w, h), interpolation=cv2.INTER_AREA)


def image_batch(images: list[np.ndarray]) -> np.ndarray:
    """Same-size RGB uint8 photos as the networks' float32 (N, 3, H, W) input in 0-255."""
    return np.ascontiguousarray(np.stack(images).astype(np.float32).transpose(0, 3, 1, 2))


def mirrored_batch(working_rgb: np.ndarray) -> np.ndarray:
    """[photo, mirror image]: the batch every scoring pass uses (see the module docstring)."""
    return image_batch([working_rgb, working_rgb[:, ::-1]])


def sigmoid(logits: np.ndarray) -> np.ndarray:
    """Logistic function; logits clipped to ±60 (no overflow warning, same float32 result)."""
    return (1.0 / (1.0 + np.exp(-np.clip(logits, -60.0, 60.0)))).astype(np.float32)


def _unflip(t: np.ndarray) -> np.ndarray:
    """Average a batch of [original, mirrored] maps after flipping the mirror back."""
    return 0.5 * (t[0] + t[1][..., ::-1])


def _nearest(t: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """(C, h, w) → (C, *size) by nearest neighbour, indices as torch's ``mode="nearest"``."""
    rows = np.floor(np.arange(size[0]) * (t.shape[1] / size[0])).astype(int)
    cols = np.floor(np.arange(size[1]) * (t.shape[2] / size[1])).astype(int)
    return t[:, rows][:, :, cols]


def _pooled(head: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Weighted mean and max of (N, C, h, w) head features → (N, 2C); weight (N, h, w)."""
    w = weight / np.maximum(weight.sum(axis=(1, 2), keepdims=True), 1e-6)
    mean = np.einsum("nchw,nhw->nc", head, w)
    peak = head.max(axis=(2, 3))
    return np.concatenate([mean, peak], axis=1)


REDDISH_DELTA_A = 4.0  # a* rise where the reddish weight is one half
REDDISH_SOFTNESS = 2.0
PEAK_SHARE = 0.3  # the masked max takes locations whose weight is ≥ this share of the largest


def reddish_weight(skin: np.ndarray, delta_a: np.ndarray) -> np.ndarray:
    """Skin × a soft step in Δa* (half at ``REDDISH_DELTA_A``): where lesions usually are."""
    step = 1.0 / (1.0 + np.exp(-(delta_a - REDDISH_DELTA_A) / REDDISH_SOFTNESS))
    return (skin * step).astype(np.float32)


def weighted_pool(features: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """(C, h, w) features and a working-size weight → (2C,): weighted mean and the max over the
    locations carrying at least ``PEAK_SHARE`` of the largest weight."""
    _, h, w = features.shape
    wt = cv2.resize(weight.astype(np.float32), (w, h), interpolation=cv2.INTER_AREA) + 1e-3
    wt = wt / wt.sum()
    mean = np.einsum("chw,hw->c", features, wt)
    peak = (features * (wt > wt.max() * PEAK_SHARE)).max(axis=(1, 2))
    return np.concatenate([mean, peak]).astype(np.float32)


def weighted_spread(features: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """(C, h, w) features → (2C,): weighted mean and standard deviation (texture statistics)."""
    _, h, w = features.shape
    wt = cv2.resize(weight.astype(np.float32), (w, h), interpolation=cv2.INTER_AREA) + 1e-3
    wt = wt / wt.sum()
    mean = np.einsum("chw,hw->c", features, wt)
    var = np.einsum("chw,hw->c", (features - mean[:, None, None]) ** 2, wt)
    return np.concatenate([mean, np.sqrt(var)]).astype(np.float32)


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


def assemble_outputs(
    working_rgb: np.ndarray, logits: np.ndarray, s16: np.ndarray, s32: np.ndarray, head: np.ndarray
) -> NetworkOutputs:
    """Combine the raw (2, C, h, w) outputs of [photo, mirror] into the heads' inputs."""
    prob_small = sigmoid(_unflip(logits))[0]
    s16_mean = _unflip(s16)
    s32_up = _nearest(_unflip(s32), s16_mean.shape[1:])
    locations = np.concatenate([s16_mean, s32_up], axis=0).transpose(1, 2, 0)
    h, w = working_rgb.shape[:2]
    skin_probability = cv2.resize(prob_small, (w, h), interpolation=cv2.INTER_LINEAR)
    skin = skin_probability > SKIN_THRESHOLD
    plausible_fraction = float((skin & plausible_skin_colour(working_rgb)).mean())
    weight = cv2.resize(skin_probability, (head.shape[-1], head.shape[-2]), interpolation=cv2.INTER_AREA)
    views = _pooled(head.astype(np.float32), np.stack([weight, weight[:, ::-1]]) + 1e-3)
    colour = colour_maps(working_rgb, skin)
    grid = _colour_grid(colour, skin_probability, locations.shape[:2])
    location_features = np.concatenate([locations, grid], axis=-1).astype(np.float32)
    head_mean = _unflip(head).astype(np.float32)
    reddish = weighted_pool(head_mean, reddish_weight(skin, colour.delta_a))
    texture = weighted_spread(s16_mean.astype(np.float32), skin_probability)
    return NetworkOutputs(
        skin_probability,
        skin,
        colour,
        location_features,
        views.mean(axis=0).astype(np.float32),
        views.astype(np.float32),
        plausible_fraction,
        reddish,
        texture,
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
