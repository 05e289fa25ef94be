"""One photo under review: the ASCORAD proposal and the clinician's corrections (no Qt).

The clinician may repaint the lesion mask (brush, eraser, undo) and override any of the six
grades. Signs whose confidence is below :data:`LOW_CONFIDENCE` are *not* taken from the
proposal: they stay empty until the clinician sets them, so a doubtful automatic grade never
slips into a record unseen. What is stored as an annotation (the training data of future
models) is :meth:`PhotoReview.annotation`: the corrected mask at the photo's full size, the
corrected lesion % and the grades the clinician confirmed or set.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

import cv2
import numpy as np
from PIL import Image

from desktop_app.ascorad.aggregation import round_half_up
from desktop_app.ascorad.engine import PhotoResult, SignEstimate
from desktop_app.ascorad.heads import SIGNS
from desktop_app.domain.regions import Region

#: Below this confidence a sign is marked for the clinician to set (the proposal is shown,
#: never prefilled). ASCORAD's confidence is the cross-validated chance that the rounded
#: grade is right (``desktop_app.ascorad.signs.confidence``): under 0.5 it is a coin toss.
LOW_CONFIDENCE = 0.5
MAX_UNDO = 30
CLINICIAN_ESTIMATOR = "clinician"


@dataclass(frozen=True)
class AnnotationData:
    """What ``Session.add_annotation`` takes for one photo."""

    signs: dict[str, int | None]
    lesion_mask_png: bytes
    lesion_percent: float


def mask_png(mask: np.ndarray) -> bytes:
    """8-bit greyscale PNG, 255 = lesion (the training-export format)."""
    buffer = io.BytesIO()
    Image.fromarray(np.where(mask, 255, 0).astype(np.uint8), "L").save(buffer, format="PNG")
    return buffer.getvalue()


class PhotoReview:
    """Proposal + corrections for one accepted photo, edited at the scored image's size."""

    def __init__(self, result: PhotoResult, size: tuple[int, int], full_size: tuple[int, int]) -> None:
        """``size`` (w, h): the image the clinician edits on; ``full_size``: the stored photo."""
        if not result.accepted:
            raise ValueError("Only an accepted photo has a proposal to review.")
        self.result = result
        self.width, self.height = size
        self.full_size = full_size
        skin, lesion = result.masks_at(self.height, self.width)
        self.skin = skin > 0
        self.proposed_mask = lesion > 0
        self.mask = self.proposed_mask.copy()
        self._undo: list[np.ndarray] = []
        self.overrides: dict[str, int] = {}
        self.confirmed = False

    # -- mask ------------------------------------------------------------------------------
    def begin_stroke(self) -> None:
        """Remember the mask before a stroke, so one undo removes the whole stroke."""
        self._undo.append(self.mask.copy())
        del self._undo[:-MAX_UNDO]

    def stroke(
        self, start: tuple[float, float], end: tuple[float, float], radius: float, erase: bool
    ) -> None:
        """Paint (or erase) a round brush from ``start`` to ``end`` in image pixels."""
        canvas = self.mask.astype(np.uint8)
        p0 = (round(start[0]), round(start[1]))
        p1 = (round(end[0]), round(end[1]))
        thickness = max(1, round(2 * radius))
        value = 0 if erase else 1
        cv2.line(canvas, p0, p1, value, thickness, lineType=cv2.LINE_8)
        cv2.circle(canvas, p0, max(1, round(radius)), value, -1)
        cv2.circle(canvas, p1, max(1, round(radius)), value, -1)
        self.mask = canvas.astype(bool)

    def undo(self) -> bool:
        if not self._undo:
            return False
        self.mask = self._undo.pop()
        return True

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def mask_edited(self) -> bool:
        return not np.array_equal(self.mask, self.proposed_mask)

    def lesion_percent(self) -> float:
        """Corrected lesion % of the visible skin; skin the clinician painted counts as skin."""
        skin = self.skin | self.mask
        total = int(np.count_nonzero(skin))
        return 0.0 if total == 0 else 100.0 * int(np.count_nonzero(self.mask)) / total

    # -- grades ----------------------------------------------------------------------------
    def proposal(self, sign: str) -> SignEstimate:
        return self.result.signs[sign]

    def low_confidence(self, sign: str) -> bool:
        return self.result.signs[sign].confidence < LOW_CONFIDENCE

    def set_grade(self, sign: str, grade: int | None) -> None:
        """The clinician's grade (None: go back to the proposal)."""
        if sign not in SIGNS:
            raise KeyError(sign)
        if grade is None:
            self.overrides.pop(sign, None)
            return
        if grade not in (0, 1, 2, 3):
            raise ValueError(f"A SCORAD grade is 0, 1, 2 or 3, not {grade!r}.")
        self.overrides[sign] = grade

    def grade(self, sign: str) -> int | None:
        """The grade to use: the clinician's, else the rounded proposal unless it is doubtful."""
        if sign in self.overrides:
            return self.overrides[sign]
        if self.low_confidence(sign):
            return None
        return min(3, max(0, round_half_up(self.result.signs[sign].grade)))

    def unset_low_confidence(self) -> list[str]:
        """Doubtful signs the clinician has not set yet."""
        return [s for s in SIGNS if self.low_confidence(s) and s not in self.overrides]

    # -- state -----------------------------------------------------------------------------
    @property
    def edited(self) -> bool:
        return self.mask_edited or bool(self.overrides)

    @property
    def reviewed(self) -> bool:
        """The clinician looked and either confirmed or corrected something."""
        return self.confirmed or self.edited

    def corrected_result(self, region: Region | None) -> PhotoResult:
        """The proposal with the clinician's mask and grades, for visit aggregation."""
        signs = dict(self.result.signs)
        for sign, grade in self.overrides.items():
            signs[sign] = SignEstimate(float(grade), 1.0, CLINICIAN_ESTIMATOR)
        return replace(self.result, region=region, lesion_percent=self.lesion_percent(), signs=signs)

    def annotation(self) -> AnnotationData:
        """The corrected labels at the stored photo's size."""
        full_w, full_h = self.full_size
        mask = cv2.resize(self.mask.astype(np.uint8), (full_w, full_h), interpolation=cv2.INTER_NEAREST)
        return AnnotationData(
            signs={s: self.grade(s) for s in SIGNS},
            lesion_mask_png=mask_png(mask > 0),
            lesion_percent=round(self.lesion_percent(), 3),
        )
