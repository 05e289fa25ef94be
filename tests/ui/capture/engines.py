"""A small real ASCORAD engine for the GUI tests when the shipped weights are not installed.

It is the production :class:`~desktop_app.ascorad.engine.AscoradEngine` — same Lite0 network
architecture, same gate, colour maps, lesion mask, aggregation and provenance code — with
deterministic weights instead of trained ones: the skin decoder calls every pixel skin and
the linear heads output fixed grades whose cross-validated hit rates make two signs doubtful
(oozing/crusts and excoriations), so the review's low-confidence path is exercised. Its cost
per photo equals the shipped engine's (same network), so the benchmark timing stays honest.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from desktop_app.ascorad.engine import AscoradEngine, ModelFilesMissingError
from desktop_app.ascorad.model_files import shipped_models_dir

GRADES = (2.2, 1.3, 0.4, 1.1, 1.6, 1.2)  # erythema … dryness
HIT_RATES = (0.9, 0.8, 0.35, 0.45, 0.8, 0.85)
LOCATION_FEATURES = 112 + 320 + 6
PHOTO_FEATURES = 2 * 1280 + 10


def standin_engine(skin_state: dict[str, Any] | None = None) -> AscoradEngine:
    """``skin_state``: a skin network state (e.g. from a training checkpoint) instead of the
    'everything is skin' decoder."""
    import torch

    from desktop_app.ascorad.heads import HeadSet, LinearHead
    from desktop_app.ascorad.skin_model import SkinNet

    torch.manual_seed(0)
    net = SkinNet(pretrained=False)
    if skin_state is not None:
        net.load_state_dict({k: v.float() for k, v in skin_state.items()})
    else:
        classify = net.decoder.classify
        with torch.no_grad():
            classify.weight.zero_()
            assert classify.bias is not None
            classify.bias.fill_(6.0)
    net.eval()

    def head(features: int, bias: tuple[float, ...]) -> LinearHead:
        return LinearHead(
            np.zeros(features, np.float32),
            np.ones(features, np.float32),
            np.zeros((features, len(bias)), np.float32),
            np.array(bias, np.float32),
        )

    heads = HeadSet(
        lesion=head(LOCATION_FEATURES, (0.0,)),
        signs=head(PHOTO_FEATURES, (*GRADES, 0.2)),
        sign_hit_rate=np.array(HIT_RATES, np.float32),
        sign_cv_mae=np.full(6, 0.5, np.float32),
        lesion_threshold=0.5,
        version="test-standin-1",
    )
    info = {
        "engine": "ascorad-engine-1.0",
        "skin_model": "test-standin (skin everywhere)" if skin_state is None else "training checkpoint",
        "skin_weights_sha256": "none",
        "heads_model": heads.version,
        "heads_sha256": "none",
    }
    return AscoradEngine(net, heads, info)


def best_engine() -> tuple[AscoradEngine, str]:
    """The shipped engine if its weights are installed; else the stand-in heads on the skin
    network being trained (its checkpoint), else the plain stand-in; with its name."""
    try:
        return AscoradEngine.load(), "shipped"
    except ModelFilesMissingError:
        pass
    checkpoint = shipped_models_dir() / "skin-checkpoint.pt"
    if checkpoint.exists():
        import shutil
        import tempfile

        import torch

        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / checkpoint.name  # the trainer may rewrite it meanwhile
            shutil.copyfile(checkpoint, copy)
            try:
                state = torch.load(copy, map_location="cpu", weights_only=True)["model"]
                return standin_engine(state), "stand-in heads on the skin network's training checkpoint"
            except Exception:  # a checkpoint being written: fall back
                pass
    return standin_engine(), "stand-in (shipped weights not installed)"
