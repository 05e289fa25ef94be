"""Export the trained skin network to ONNX so the installed app runs it without torch.

Why: torch is 750 MB on disk (``libtorch_cpu`` alone 434 MB), which no installer can carry
within its size budget, while OpenCV — already shipped for the camera — runs ONNX graphs
through its DNN module at no extra size. torch stays the training tool only.

The graph is exported at one static size so that the stem's "same" padding folds to
constants (OpenCV's importer rejects the dynamic-shape padding subgraph), and the decoder
upsamples by an exact ×2 ``scale_factor`` instead of ``size=feature.shape``: on inputs whose
sides are multiples of 32 every tap is exactly twice the next one, so the two are the same
operation, and the constant scale lets OpenCV reshape the graph for any such input. The
export is checked against torch at several sizes before it is written.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

import numpy as np
import torch
from torch import nn

from desktop_app.ascorad.dnn_backend import OUTPUT_NAMES, DnnSkinNetwork
from desktop_app.ascorad.skin_model import SkinNet, load_skin_net

EXPORT_SIZE = (256, 320)
CHECK_SIZES = ((256, 320), (320, 224), (192, 320), (320, 320))
TOLERANCE = 1e-3  # max abs difference allowed on any output (measured: ~6e-5)


class _ExportableSkinNet(nn.Module):
    """SkinNet's forward with the raw outputs the engine uses, in an OpenCV-friendly form."""

    def __init__(self, net: SkinNet) -> None:
        super().__init__()
        self.net = net

    def forward(self, rgb_float: torch.Tensor) -> tuple[torch.Tensor, ...]:
        taps, head = self.net.encoder(rgb_float)
        decoder = self.net.decoder
        x = decoder.laterals[-1](taps[-1])
        for lateral, feature in zip(reversed(decoder.laterals[:-1]), reversed(taps[:-1]), strict=True):
            x = nn.functional.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=False)
            x = x + lateral(feature)
        return decoder.classify(decoder.refine(x)), taps[2], taps[3], head


def _reference(net: SkinNet, batch: torch.Tensor) -> list[np.ndarray]:
    with torch.inference_mode():
        taps, head = net.encoder(batch)
        return [t.numpy() for t in (net.decoder(taps), taps[2], taps[3], head)]


def export_skin_onnx(weights: Path, out: Path) -> dict[str, object]:
    """Write ``out`` (.onnx) and ``out`` + ``.json`` (hashes and the measured difference)."""
    net = load_skin_net(weights)
    example = torch.zeros(2, 3, *EXPORT_SIZE)
    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / out.name
        torch.onnx.export(
            _ExportableSkinNet(net).eval(),
            (example,),
            str(staged),
            dynamo=False,
            opset_version=17,
            input_names=["rgb"],
            output_names=list(OUTPUT_NAMES),
        )
        runner = DnnSkinNetwork.load(staged)
        rng = np.random.default_rng(0)
        worst = 0.0
        for h, w in CHECK_SIZES:
            batch = rng.uniform(0, 255, size=(2, 3, h, w)).astype(np.float32)
            got = runner.raw(batch)
            want = _reference(net, torch.from_numpy(batch))
            worst = max(worst, *(float(np.abs(g - r).max()) for g, r in zip(got, want, strict=True)))
        if worst > TOLERANCE:
            raise RuntimeError(
                f"ONNX export differs from torch by {worst:.2e} (> {TOLERANCE:g}); not written"
            )
        data = staged.read_bytes()
    out.write_bytes(data)
    info: dict[str, object] = {
        "onnx_sha256": hashlib.sha256(data).hexdigest(),
        "source_weights_sha256": hashlib.sha256(weights.read_bytes()).hexdigest(),
        "max_abs_difference_vs_torch": worst,
        "checked_sizes": [list(s) for s in CHECK_SIZES],
        "runtime": "OpenCV DNN (cv2.dnn.readNetFromONNX)",
    }
    Path(f"{out}.json").write_text(json.dumps(info, indent=2) + "\n")
    return info
