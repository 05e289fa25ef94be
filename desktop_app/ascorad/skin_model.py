"""Skin segmentation network: fine-tuned EfficientNet-Lite0 encoder + light FPN decoder.

Trained by ``scorad-desk train skin`` (see ``skin_training``) on the real skin masks of the
abdominal and SFA sets (Topiwala et al., IEEE BIBE 2019). Photos are resized so that the
long side is ``INPUT_LONG_SIDE`` px with both sides multiples of 32, then logits from the
stride-4 decoder are resized back to the photo.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from torch import nn

from desktop_app.ascorad.backbone import LightDecoder, Lite0Encoder
from desktop_app.ascorad.network_outputs import INPUT_LONG_SIDE, network_size, to_network_input

__all__ = ["INPUT_LONG_SIDE", "SkinNet", "batch_tensor", "load_skin_net", "network_size", "to_network_input"]


def batch_tensor(images: list[np.ndarray]) -> torch.Tensor:
    """Stack same-size RGB uint8 arrays into a float (N, 3, H, W) tensor in 0-255."""
    array = np.stack(images).astype(np.float32)
    return torch.from_numpy(array).permute(0, 3, 1, 2).contiguous()


class SkinNet(nn.Module):
    """Per-pixel skin logits at stride 4 (plus the encoder's head features for reuse)."""

    def __init__(self, pretrained: bool = True) -> None:
        super().__init__()
        self.encoder = Lite0Encoder(pretrained)
        self.decoder = LightDecoder(out_channels=1)

    def forward(self, rgb_float: torch.Tensor) -> torch.Tensor:
        taps, _ = self.encoder(rgb_float)
        result: torch.Tensor = self.decoder(taps)
        return result


def load_skin_net(weights: Path) -> SkinNet:
    """A ``SkinNet`` from its weights file (stored in half precision, run in float32), in
    inference mode; training code switches it to ``train()`` itself."""
    net = SkinNet(pretrained=False)
    state = torch.load(weights, map_location="cpu", weights_only=True)
    net.load_state_dict({k: v.float() for k, v in state.items()})
    net.eval()
    return net
