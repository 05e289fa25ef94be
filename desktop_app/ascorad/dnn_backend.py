"""Run the exported skin network with OpenCV's DNN module: the installed app's inference path.

No torch here. ``DnnSkinNetwork.raw`` returns the same four arrays as the torch network
(decoder logits, stride-16 and stride-32 taps, head features); see ``onnx_export`` for how
the graph was made and checked.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from desktop_app.ascorad.network_outputs import NetworkOutputs, assemble_outputs, mirrored_batch

OUTPUT_NAMES = ("logits", "s16", "s32", "head")


def read_onnx(path: Path) -> cv2.dnn.Net:
    """An ONNX graph in OpenCV DNN, on the CPU with OpenCV's own backend (the installed runtime)."""
    net = cv2.dnn.readNetFromONNX(str(path))
    net.setPreferableBackend(cv2.dnn.DNN_BACKEND_OPENCV)
    net.setPreferableTarget(cv2.dnn.DNN_TARGET_CPU)
    return net


def set_batch(net: cv2.dnn.Net, batch: np.ndarray) -> None:
    """Feed ``batch``: float32 (N, 3, H, W) RGB in 0-255, H and W multiples of 32 (Lite0's strides)."""
    if batch.ndim != 4 or batch.shape[1] != 3 or batch.shape[2] % 32 or batch.shape[3] % 32:
        raise ValueError(f"expected (N, 3, H, W) with sides multiples of 32, got {batch.shape}")
    net.setInput(np.ascontiguousarray(batch, dtype=np.float32))


class DnnSkinNetwork:
    """An ONNX skin network loaded into OpenCV DNN. Not thread-safe: one forward at a time."""

    def __init__(self, net: cv2.dnn.Net) -> None:
        self._net = net

    @classmethod
    def load(cls, path: Path) -> DnnSkinNetwork:
        return cls(read_onnx(path))

    def raw(self, batch: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``batch``: float32 (N, 3, H, W) RGB in 0-255, H and W multiples of 32."""
        set_batch(self._net, batch)
        logits, s16, s32, head = self._net.forward(list(OUTPUT_NAMES))
        return logits, s16, s32, head


def run_networks_dnn(network: DnnSkinNetwork, working_rgb: np.ndarray) -> NetworkOutputs:
    """The OpenCV twin of ``features.run_networks`` (same batch, same post-processing)."""
    logits, s16, s32, head = network.raw(mirrored_batch(working_rgb))
    return assemble_outputs(working_rgb, logits, s16, s32, head)
