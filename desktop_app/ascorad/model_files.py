"""Where model files live: the shipped folder and the clinic's own learned models.

Shipped weights sit in the project's ``models/`` folder (bundled next to the package by the
installers); ``SCORAD_DESK_MODELS`` overrides it. Models trained at a clinic with
``scorad-desk train ascorad`` live under the clinic data folder, ``<data>/models/ascorad``,
with the active one recorded in ``active.json`` there.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "SCORAD_DESK_MODELS"
SKIN_WEIGHTS = "skin-lite0.pt"
SKIN_CARD = "skin-lite0.card.json"
# The same network exported for OpenCV DNN (the installed app has no torch): see onnx_export.
SKIN_ONNX = "skin-lite0.onnx"
# ImageNet Lite0 at 448 px, a second view for the sign heads (sign_view); its card is the .json.
SIGN_VIEW_ONNX = "sign-view-lite0.onnx"
HEADS_FILE = "ascorad-heads.npz"
HEADS_CARD = "ascorad-heads.card.json"


def shipped_models_dir() -> Path:
    """The folder of the shipped weights and model cards."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return Path(__file__).resolve().parents[2] / "models"


def learned_models_dir(data_dir: Path) -> Path:
    """The clinic's trained multi-task models (one sub-folder per trained version)."""
    return data_dir / "models" / "ascorad"
