"""One forward pass of the torch skin network over a working-size photo (development and
training runtime; the installed app runs the same graph through OpenCV, see ``dnn_backend``).

Post-processing — flip averaging, skin probability, location and pooled head features — is
shared with the OpenCV path in ``network_outputs``.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from desktop_app.ascorad.backbone import Lite0Encoder
from desktop_app.ascorad.network_outputs import NetworkOutputs, assemble_outputs, mirrored_batch
from desktop_app.ascorad.skin_model import SkinNet


def raw_outputs(
    skin_net: SkinNet, feature_encoder: nn.Module | None, batch: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(logits, stride-16 tap, stride-32 tap, head features) of a (N, 3, H, W) batch."""
    tensor = torch.from_numpy(batch)
    with torch.inference_mode():
        taps, head = skin_net.encoder(tensor)
        logits = skin_net.decoder(taps)
        if feature_encoder is not None:
            taps, head = feature_encoder(tensor)
        return logits.numpy(), taps[2].numpy(), taps[3].numpy(), head.numpy()


def run_networks(
    skin_net: SkinNet, feature_encoder: nn.Module | None, working_rgb: np.ndarray
) -> NetworkOutputs:
    """Skin, colour maps and learned-head features of one working-size RGB photo.

    ``feature_encoder`` None: the skin network's own encoder provides the features (one pass).
    """
    logits, s16, s32, head = raw_outputs(skin_net, feature_encoder, mirrored_batch(working_rgb))
    return assemble_outputs(working_rgb, logits, s16, s32, head)


def imagenet_feature_encoder() -> Lite0Encoder:
    encoder = Lite0Encoder(pretrained=True)
    encoder.eval()
    return encoder
