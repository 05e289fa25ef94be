"""The classical skin detector used as the baseline: a fixed YCrCb box.

Chai & Ngan, "Face segmentation using skin-color map in videophone applications", IEEE
TCSVT 1999: skin where 133 ≤ Cr ≤ 173 and 77 ≤ Cb ≤ 127. Kept to print beside the learned
network in the benchmark and as a sanity reference, not used for scoring.
"""

from __future__ import annotations

import cv2
import numpy as np

CR_RANGE = (133, 173)
CB_RANGE = (77, 127)


def ycrcb_skin_mask(rgb: np.ndarray) -> np.ndarray:
    """Boolean skin mask of an RGB uint8 image by the Chai & Ngan YCrCb box."""
    ycrcb = cv2.cvtColor(rgb, cv2.COLOR_RGB2YCrCb)
    cr = ycrcb[..., 1]
    cb = ycrcb[..., 2]
    return (cr >= CR_RANGE[0]) & (cr <= CR_RANGE[1]) & (cb >= CB_RANGE[0]) & (cb <= CB_RANGE[1])
