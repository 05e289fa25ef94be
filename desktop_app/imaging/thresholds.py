"""Every quality threshold in one place, per capture profile, with where each number comes from.

The values were tuned on the degradation benchmark's *training* photos
(``skin/*/train`` of ../shared/datasets, see ``benchmarks/bench_quality_accuracy.py``) and are
reported on held-out photos (``skin/*/val`` and ``dermnet/atopic-dermatitis``). Each
category has a ``warn`` and a ``fail`` limit; a frame is *accepted* when no category fails,
and auto-capture waits until every category passes.

Units (what :func:`desktop_app.imaging.quality.analyse_frame` reports as ``value``):

- framing: offset of the skin region's centre from the frame centre, as a fraction of the
  half-width/half-height (0 = centred, 1 = on the edge). Dermatoscope: offset of the
  illuminated circular field's centre.
- lighting: exposure error in photographic stops (EV) estimated from the bright end of the
  luminance histogram (negative = too dark, positive = too bright; 0 = well exposed).
- blur: sharpness retained at full resolution, the ratio of the strongest fine-scale
  gradients to the strongest gradients after a 4× reduction (1 ≈ sharp, 0.25 = detail
  only exists at 4× coarser scale). A ratio, so it is independent of contrast and of how much
  texture the skin has — this is what "focus relative to the scene" means here.
- resolution: megapixels of the camera frame / photo as captured.
- distance: fraction of the frame (dermatoscope: of the illuminated field) that is skin.
- glare: fraction of the skin region covered by specular (near-white, unsaturated) pixels.
- colour_cast: clinical profile — the probability (0–1) that a clinically meaningful cast
  (≥ 20 % white-balance gain error) is present, from the classifier of
  :mod:`desktop_app.imaging.colour_cast` (parameters in
  ``resources/imaging/colour_cast_model.json``, fitted on the training photos only).
  Dermatoscope profile — distance in CIELAB a*b* units of a neutral reference's mean
  chromaticity from grey, or of the skin's from the neutral-light skin sector
  (``colour_cast.reference_cast``): the classifier has never seen a dermatoscope's field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Limits:
    """``warn`` and ``fail`` limits; ``higher_is_worse`` says which side fails."""

    warn: float
    fail: float
    higher_is_worse: bool = True

    def status(self, value: float) -> str:
        if self.higher_is_worse:
            return "fail" if value >= self.fail else "warn" if value >= self.warn else "pass"
        return "fail" if value <= self.fail else "warn" if value <= self.warn else "pass"


@dataclass(frozen=True)
class Profile:
    """The limits of one capture profile."""

    name: str
    framing: Limits
    underexposure: Limits  # stops too dark (positive number)
    overexposure: Limits  # fraction of skin pixels whose red channel clips
    blur: Limits
    resolution: Limits  # megapixels
    distance: Limits  # skin fraction
    glare: Limits
    colour_cast: Limits
    circular_field: bool


#: Clinical colour-cast limits on the classifier's probability (see CLINICAL below).
CAST_WARN: Final = 0.41
CAST_FAIL: Final = 0.65

CLINICAL: Final = Profile(
    name="clinical",
    framing=Limits(warn=0.28, fail=0.36),
    underexposure=Limits(warn=0.7, fail=1.0),
    overexposure=Limits(warn=0.12, fail=0.2),
    blur=Limits(warn=0.80, fail=0.75, higher_is_worse=False),
    # ATA teledermatology guidelines (Krupinski et al., Telemed J E Health 2008) ask for at
    # least 800×600 (0.48 MP); below ~0.25 MP (e.g. 580×430) lesion texture is lost.
    resolution=Limits(warn=0.48, fail=0.25, higher_is_worse=False),
    distance=Limits(warn=0.32, fail=0.21, higher_is_worse=False),
    glare=Limits(warn=0.015, fail=0.025),
    # Probability of a meaningful cast (colour_cast.py): fail at the 95th percentile of the
    # clean TRAINING photos' probabilities, warn at the 90th (printed by the fitting run).
    colour_cast=Limits(warn=CAST_WARN, fail=CAST_FAIL),
    circular_field=False,
)

DERMATOSCOPE: Final = Profile(
    name="dermatoscope",
    # The field of view is a circle fixed to the optics: its centre drifts only when the
    # device is tilted off the skin, so the limit is tighter than for a hand-held camera.
    framing=Limits(warn=0.15, fail=0.25),
    underexposure=Limits(warn=0.7, fail=1.0),
    overexposure=Limits(warn=0.12, fail=0.2),
    blur=Limits(warn=0.80, fail=0.75, higher_is_worse=False),
    # USB dermatoscopes commonly deliver 640×480; below 0.2 MP the pigment network blurs.
    resolution=Limits(warn=0.30, fail=0.20, higher_is_worse=False),
    # In contact the skin must fill most of the illuminated field.
    distance=Limits(warn=0.60, fail=0.40, higher_is_worse=False),
    # Contact-plate reflections and air bubbles hide the structures dermoscopy looks for.
    glare=Limits(warn=0.008, fail=0.015),
    # CIELAB a*b* units (colour_cast.reference_cast).
    colour_cast=Limits(warn=9.0, fail=13.0),
    circular_field=True,
)

PROFILES: Final[dict[str, Profile]] = {p.name: p for p in (CLINICAL, DERMATOSCOPE)}

#: Working sizes (longest side, pixels) of the downscaled copies the analysis runs on.
FOCUS_SIDE: Final = 640
ANALYSIS_SIDE: Final = 320

#: Skin colour rule in YCrCb (Chai & Ngan, IEEE TCSVT 1999: Cr 133–173, Cb 77–127), widened a
#: little so darker skin and mild casts still count. Only gates distance/framing/glare regions;
#: it is NOT the ASCORAD skin segmentation.
SKIN_CR: Final = (133, 180)
SKIN_CB: Final = (72, 130)
SKIN_MIN_LUMA: Final = 25

#: Colour cast, dermatoscope profile: share of the frame that must be bright, unsaturated
#: non-skin (a neutral reference) to judge the cast from it; otherwise the skin's hue is used.
CAST_MIN_NEUTRAL: Final = 0.01

#: A pixel is specular glare when its darkest channel is at least this bright (near-white).
GLARE_MIN_CHANNEL: Final = 235
#: A near-white blob larger than this share of the frame is background, not a highlight.
GLARE_MAX_BLOB: Final = 0.25
#: ... and one that touches the frame edge is background when larger than this share.
GLARE_MAX_EDGE_BLOB: Final = 0.08
#: ... and a highlight has a saturated core: at least this share of the blob (≥ 2 pixels)
#: with every channel ≥ GLARE_CORE_CHANNEL.
GLARE_CORE_CHANNEL: Final = 250
GLARE_MIN_CORE: Final = 0.15
