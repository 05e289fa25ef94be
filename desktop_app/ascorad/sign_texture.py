"""Fine-structure features for three signs that the 320 px encoder features miss.

Excoriations (thin linear scratches, red or dark, often with pin-point crusts),
lichenification (thickened skin with exaggerated, oriented skin lines) and oozing/crusts
(yellow-brown or dark crusts, a wet glistening surface) are structures a few pixels wide at
the 640 px the engine imports a photo at, and mostly gone at the 320 px the network sees.
These features are measured on the photo itself (long side ``ANALYSIS_LONG_SIDE``, never
upsampled), with fixed, transparent filters, so they do not depend on which encoder runs.

Every measure is taken inside the *reddish* skin (skin × a soft step in Δa*, the same weight as
``network_outputs.reddish_weight``: where lesions are) and, where it says "ratio", against the
same photo's *uninvolved* skin (skin with Δa* below ``UNINVOLVED_DELTA_A``), so that skin tone,
lighting, camera sharpness and JPEG quality largely cancel (the idea of ``colour.py``, applied
to texture). Ratios are log ratios of means; with no uninvolved skin the reference is the whole
skin. All filters are isotropic (Gaussian derivatives, eigenvalues, structure-tensor invariants),
so the features do not change under 90° rotations and flips beyond resampling noise.

Filters: Hessian ridge/valley measure (Frangi et al., MICCAI 1998; Lindeberg's scale-normalised
derivatives, IJCV 1998) for thin lines; the structure tensor's coherence (Bigün & Granlund 1987;
Jähne, *Digital Image Processing*) and difference-of-Gaussians band energy for oriented skin-line
texture; CIELAB colour windows for crusts (honey-yellow crusts: high b*, moderate a*; haemorrhagic
crusts: dark and red) and specular highlights (very bright, low chroma) for a wet surface.

Texture is taken in the skin's interior (the outline against the background is an edge, not
a scratch) and away from glare and overlaid text (bright, colourless). Colour features look in
the masks widened by a rim: the skin network, trained on healthy skin, often calls crusts and
highlights "not skin".

``sign_texture_features(rgb, skin, delta_a, lesion=None)`` returns ``SIGN_TEXTURE_NAMES`` in order
(float32). Cost: 38 ms CPU for a 640×480 photo on one core, measured on the shared machine under
load (the engine's ``score_photo`` took 121 ms CPU in the same run).

Measured, not adopted (2026-11-28): added to the heads-2.0 sign features, in the same nested
5-fold cross-validation as ``head_fitting.cross_validate``, they moved the RMAE of oozing,
excoriations and lichenification against the DermNet proxy grades by less than the noise
(about ±1 point; base 11.6 / 18.4 / 14.3 %, with them 13.0 / 18.6 / 15.1 % on the rounded grade),
also with a lighter L2 on them and with a fixed L2. Their rank correlations with these grades
reach 0.3–0.5 (red spots and lines with excoriations and oozing, dark lines and band energy
with lichenification), but with the residuals of the encoder heads at most 0.2: the encoder
already carries what they see. Absolute line and spot shares also move 0.2–0.7 of their spread
across photos under a blur of σ 1 px (the ratios below 0.3), a risk for repeatability.
"""

from __future__ import annotations

from typing import Final

import cv2
import numpy as np

ANALYSIS_LONG_SIDE: Final = 640  # the engine's import size (commands/score.py ANALYSIS_SIDE)
REDDISH_DELTA_A: Final = 4.0  # as network_outputs.REDDISH_DELTA_A
REDDISH_SOFTNESS: Final = 2.0
UNINVOLVED_DELTA_A: Final = 2.0
LINE_SCALES: Final = (1.0, 2.0)  # px at the analysis size: scratches 2–6 px wide
LINE_STRENGTH: Final = 2.0  # L* units of scale-normalised ridge response: "on a dark line"
RED_LINE_STRENGTH: Final = 1.5  # a* units: "on a red line"
LINE_ANISOTROPY: Final = 0.5  # |λ_small| ≤ this × λ_large: a line, not a blob
LONG_LINE_PX: Final = 12  # a line component at least this long (bounding box) counts as a scratch
TENSOR_WINDOW_SIGMA: Final = 4.0  # px at the analysis size: a few skin-line spacings
COHERENCE_FLOOR: Final = 1.0  # (L*/px)² squared: flat skin counts as incoherent, not as noise
CRUST_DELTA_B: Final = 8.0  # b* rise over the uninvolved skin: yellow-brown
HUE_TAN_MIN: Final = 1.19  # tan 50°: a*b* hue angle 50–90° (a* ≥ 0, b* ≥ 1.19 a*), orange-yellow
DARK_CRUST_DELTA_L: Final = -20.0  # L* drop: dark (haemorrhagic) crust
DARK_CRUST_DELTA_A: Final = 3.0
SPECULAR_DELTA_L: Final = 20.0  # L* rise over the uninvolved skin's L*
SPECULAR_MIN_L: Final = 80.0
SPECULAR_MAX_CHROMA: Final = 18.0
SPOT_SURROUND_SIGMA: Final = 4.0  # px at half size: "surroundings" of a spot (≈ 8 px at 640 px)
SPOT_DELTA_A: Final = 4.0  # a* above the surroundings: a red spot
DARK_SPOT_DELTA_L: Final = -6.0  # L* below the surroundings, on skin with Δa* above ``DARK_SPOT_DELTA_A``
DARK_SPOT_DELTA_A: Final = 3.0
SPOT_MAX_AREA: Final = 60  # px at half size: larger regions are plaques, not spots
YELLOW_SPOT_DELTA_B: Final = 4.0  # b* above the surroundings, with a yellow hue
DARK_SKIN_DELTA_L: Final = 8.0  # L* below the uninvolved skin where the dark weight is one half
DARK_SKIN_SOFTNESS: Final = 1.5
INTERIOR_ERODE: Final = 3  # 3×3 erosions at half size: texture taken ≥ ~6 px inside the skin outline
GLARE_MIN_L: Final = 85.0  # bright and colourless: glare or overlaid text, no skin texture visible
GLARE_MAX_CHROMA: Final = 15.0
EPS: Final = 1e-3

SIGN_TEXTURE_NAMES: Final = (
    "exc_dark_line_share",  # share of reddish skin on a thin dark line (σ 1–2 px)
    "exc_dark_line_ratio",  # log ratio of the dark-line share, reddish vs uninvolved skin
    "exc_red_line_share",  # share of reddish skin on a thin red (a*) line
    "exc_red_line_ratio",  # log ratio of the red-line share, reddish vs uninvolved skin
    "exc_long_line_density",  # summed length of long line components per 100 px² of reddish skin
    "exc_line_strength",  # mean ridge response (L* units) over the reddish skin
    "lich_band_fine_ratio",  # log ratio of fine band-pass energy (skin lines), reddish vs uninvolved
    "lich_band_mid_ratio",  # same, mid band (thickened, coarser markings)
    "lich_coherence",  # mean structure-tensor coherence over the reddish skin
    "lich_coherence_diff",  # coherence, reddish minus uninvolved skin
    "lich_energy_ratio",  # log ratio of gradient energy (tensor trace), reddish vs uninvolved
    "crust_yellow_share",  # share of the skin (and its rim) with yellow-brown crust colour
    "crust_yellow_blob_share",  # same in compact blobs (morphological opening), near reddish skin
    "crust_dark_share",  # share of reddish skin with dark red-brown (haemorrhagic) crust colour
    "wet_specular_share",  # share of reddish skin that is a specular highlight
    "wet_specular_ratio",  # log ratio of specular share, reddish vs uninvolved skin
    "exc_red_spot_share",  # share of the skin redder (a*) than its surroundings by a spot's scale
    "exc_dark_red_spot_share",  # share of the skin darker than its surroundings, on reddish skin
    "exc_spot_density",  # small red / dark-red spots (punctate crusts, scratch marks) per 1000 px² skin
    "crust_yellow_spot_share",  # share of the skin yellower (b*) than its surroundings, yellow hue
    "lich_dark_share",  # share of the skin darker than the uninvolved skin (grey-brown plaques)
    "lich_band_fine_involved",  # fine band-pass contrast (Weber) over involved skin (red or dark)
    "lich_band_mid_involved",  # mid band-pass contrast (Weber) over involved skin
    "lich_band_mid_involved_ratio",  # log ratio of mid band energy, involved vs uninvolved skin
    "lich_dark_line_involved",  # share of involved skin on a thin dark line (skin markings)
)


def analysis_size(height: int, width: int, long_side: int = ANALYSIS_LONG_SIDE) -> tuple[int, int]:
    """(h, w) with the long side at most ``long_side`` (a smaller photo is not upsampled)."""
    scale = min(1.0, long_side / max(height, width))
    return max(1, round(height * scale)), max(1, round(width * scale))


def lab_from_uint8(lab8: np.ndarray) -> np.ndarray:
    """OpenCV's 8-bit CIELAB (L·255/100, a+128, b+128) → float32 L* 0-100, a*, b*. The 8-bit
    conversion is 3× faster than the float one; its quantisation (0.4 L*, 1 a*/b* unit) lies far
    below the contrasts measured here."""
    lab = lab8.astype(np.float32)
    lab[..., 0] *= 100.0 / 255.0
    lab[..., 1:] -= 128.0
    return lab


def _resize(image: np.ndarray, size: tuple[int, int], interpolation: int = cv2.INTER_LINEAR) -> np.ndarray:
    if image.shape[:2] == size:
        return image
    return cv2.resize(image, (size[1], size[0]), interpolation=interpolation)


def _hessian_eigen(smooth: np.ndarray, sigma: float) -> tuple[np.ndarray, np.ndarray]:
    """Scale-normalised Hessian eigenvalues (large, small) of a channel already smoothed with a
    Gaussian of ``sigma``. Sobel's 3×3 second-derivative kernels carry a gain of 4 (their
    [1, 2, 1] smoothing), divided out so the eigenvalues are in channel units."""
    dxx = cv2.Sobel(smooth, cv2.CV_32F, 2, 0, ksize=3)
    dyy = cv2.Sobel(smooth, cv2.CV_32F, 0, 2, ksize=3)
    dxy = cv2.Sobel(smooth, cv2.CV_32F, 1, 1, ksize=3)
    norm = sigma * sigma / 4.0
    half_trace = 0.5 * (dxx + dyy) * norm
    root = np.sqrt((0.5 * (dxx - dyy)) ** 2 + dxy**2) * norm
    return half_trace + root, half_trace - root


def line_response(smoothed: dict[float, np.ndarray], bright: bool) -> np.ndarray:
    """Ridge strength of thin lines, max over the scales of ``smoothed`` ({sigma: channel
    smoothed at sigma}), in channel units.

    A dark line (valley) has one large positive second derivative across it and a small one
    along it; a bright line (``bright=True``, e.g. a red scratch in a*) the same with signs
    flipped. Blobs (both eigenvalues large) and edges are suppressed by the anisotropy test."""
    best: np.ndarray | None = None
    for sigma, smooth in smoothed.items():
        large, small = _hessian_eigen(smooth, sigma)
        across, along = (-small, -large) if bright else (large, small)
        ok = (across > 0) & (np.abs(along) <= LINE_ANISOTROPY * across)
        response = np.where(ok, across, 0.0).astype(np.float32)
        best = response if best is None else np.maximum(best, response)
    if best is None:
        raise ValueError("line_response needs at least one scale")
    return best


class _Weights:
    """Normalised weight maps: ``mean(values)`` is a weighted mean by one dot product."""

    def __init__(self, weight: np.ndarray) -> None:
        self.total = float(weight.sum())
        self.flat = (weight / max(self.total, EPS)).astype(np.float32).reshape(-1)

    def mean(self, values: np.ndarray) -> float:
        if self.total <= EPS:
            return 0.0
        return float(np.dot(values.astype(np.float32, copy=False).reshape(-1), self.flat))


def _log_ratio(inside: float, outside: float) -> float:
    return float(np.log((inside + EPS) / (outside + EPS)))


def _long_line_density(on_line: np.ndarray, weight: np.ndarray) -> float:
    """Summed bounding-box length of line components ≥ ``LONG_LINE_PX`` long and thin (length²
    ≥ 3 × area), weighted by the reddish skin under them, per 100 px² of reddish skin."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(on_line.astype(np.uint8), connectivity=8)
    total = float(weight.sum())
    if count <= 1 or total <= EPS:
        return 0.0
    lengths = np.maximum(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]).astype(np.float64)
    areas = stats[1:, cv2.CC_STAT_AREA].astype(np.float64)
    keep = (lengths >= LONG_LINE_PX) & (lengths * lengths >= 3.0 * areas)
    if not np.any(keep):
        return 0.0
    weight_sum = np.bincount(labels.reshape(-1), weights=weight.reshape(-1), minlength=count)[1:]
    mean_weight = weight_sum / np.maximum(areas, 1.0)
    return float((lengths * mean_weight)[keep].sum() / total * 100.0)


def _spot_density(spots: np.ndarray, weight: np.ndarray) -> float:
    """Connected spots of at most ``SPOT_MAX_AREA`` px, per 1000 px² of (weighted) skin."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(spots.astype(np.uint8), connectivity=8)
    total = float(weight.sum())
    if count <= 1 or total <= EPS:
        return 0.0
    small = int(np.count_nonzero(stats[1:, cv2.CC_STAT_AREA] <= SPOT_MAX_AREA))
    return small / total * 1000.0


def sign_texture_features(
    rgb: np.ndarray, skin: np.ndarray, delta_a: np.ndarray, lesion: np.ndarray | None = None
) -> np.ndarray:
    """``SIGN_TEXTURE_NAMES`` of one photo (float32, one value per name).

    ``rgb``: the photo, RGB uint8, any size (analysed at ``ANALYSIS_LONG_SIDE``, e.g. the engine's
    640 px import); ``skin``: boolean skin mask and ``delta_a``: Δa* map (a* minus the uninvolved
    skin's a*, ``ColourMaps.delta_a``), both at any size (the engine's 320 px working size);
    ``lesion`` (optional, same shape): the engine's lesion mask. With it, the lesion region is the
    reddish skin *or* the lesion (which also holds grey-brown, non-red plaques) and the uninvolved
    skin excludes the lesion. Fine
    structure (lines, skin-line texture) is measured at the analysis size; colour and the
    structure tensor at half of it, where JPEG keeps its colour anyway (4:2:0 chroma). A photo
    without skin gives zeros."""
    if rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] != 3:
        raise ValueError("sign_texture_features needs an RGB uint8 image of shape (H, W, 3).")
    if skin.shape != delta_a.shape or (lesion is not None and lesion.shape != skin.shape):
        raise ValueError("skin, delta_a and lesion must have the same shape.")
    size = analysis_size(rgb.shape[0], rgb.shape[1])
    half = (max(1, size[0] // 2), max(1, size[1] // 2))
    image = _resize(rgb, size, cv2.INTER_AREA)
    # Fine structure in luma (gamma-encoded, within a few units of L* and 3× cheaper to get),
    # colour in CIELAB at half size.
    lum = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY).astype(np.float32) * np.float32(100.0 / 255.0)
    lab_half = lab_from_uint8(cv2.cvtColor(_resize(image, half, cv2.INTER_AREA), cv2.COLOR_RGB2LAB))

    # Weight maps at half size: skin, reddish skin (lesions), uninvolved skin, and rims of them.
    skin_h = _resize(skin.astype(np.float32), half, cv2.INTER_NEAREST)
    if skin_h.sum() < 1.0:
        return np.zeros(len(SIGN_TEXTURE_NAMES), np.float32)
    da_h = _resize(delta_a.astype(np.float32), half)
    reddish_h = skin_h / (1.0 + np.exp(-(da_h - REDDISH_DELTA_A) / REDDISH_SOFTNESS))
    uninvolved_h = skin_h * (da_h < UNINVOLVED_DELTA_A)
    if lesion is not None:
        lesion_h = skin_h * _resize(lesion.astype(np.float32), half, cv2.INTER_NEAREST)
        reddish_h = np.maximum(reddish_h, lesion_h)
        uninvolved_h = uninvolved_h * (1.0 - lesion_h)
    if uninvolved_h.sum() < 25.0:
        uninvolved_h = skin_h
    rim = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (3, 3))
    near = cv2.dilate(cv2.merge([skin_h, reddish_h, uninvolved_h]), rim, iterations=2)
    # Texture is measured in the skin's interior, away from glare: the skin's outline against
    # the background and bright, colourless areas (glare, overlaid text or logos) are edges and
    # lines that are not skin structure.
    l_h, a_h, b_h = lab_half[..., 0], lab_half[..., 1], lab_half[..., 2]
    glare = ((l_h > GLARE_MIN_L) & (a_h * a_h + b_h * b_h < GLARE_MAX_CHROMA**2)).astype(np.float32)
    interior_h = cv2.erode(skin_h, rim, iterations=INTERIOR_ERODE) * (
        1.0 - cv2.dilate(glare, rim, iterations=2)
    )
    if interior_h.sum() < 25.0:
        interior_h = skin_h
    reddish_h = reddish_h * interior_h
    uninvolved_h = uninvolved_h * interior_h
    if uninvolved_h.sum() < 25.0:
        uninvolved_h = interior_h
    full = _resize(cv2.merge([reddish_h, uninvolved_h]), size)
    reddish, uninvolved = _Weights(full[..., 0]), _Weights(full[..., 1])
    reddish_half, uninvolved_half = _Weights(reddish_h), _Weights(uninvolved_h)

    # Excoriations: thin dark lines in L* (σ 1, 2 px), thin red lines in a* (σ 1 px at half size).
    blurred = {sigma: cv2.GaussianBlur(lum, (0, 0), sigma) for sigma in (1.0, 2.0, 4.0)}
    dark = line_response({s: blurred[s] for s in LINE_SCALES}, bright=False)
    a_half = np.ascontiguousarray(lab_half[..., 1])
    red_h = line_response({1.0: cv2.GaussianBlur(a_half, (0, 0), 1.0)}, bright=True)
    dark_on = (dark > LINE_STRENGTH).astype(np.float32)
    red_on_h = (red_h > RED_LINE_STRENGTH).astype(np.float32)
    dark_share = reddish.mean(dark_on)
    red_share = reddish_half.mean(red_on_h)
    lines = (dark_on > 0) | (_resize(red_on_h, size, cv2.INTER_NEAREST) > 0)
    long_density = _long_line_density(lines, full[..., 0])

    # Lichenification: band-pass energy (DoG) at skin-line scales, oriented-texture coherence.
    fine = (blurred[1.0] - blurred[2.0]) ** 2
    mid = (blurred[2.0] - blurred[4.0]) ** 2
    gx = cv2.Sobel(blurred[1.0], cv2.CV_32F, 1, 0, ksize=3) / 8.0
    gy = cv2.Sobel(blurred[1.0], cv2.CV_32F, 0, 1, ksize=3) / 8.0
    squares = [np.asarray(p, np.float32) for p in (gx * gx, gy * gy, gx * gy)]
    products = _resize(cv2.merge(squares), half, cv2.INTER_AREA)
    tensor = cv2.GaussianBlur(products, (0, 0), TENSOR_WINDOW_SIGMA / 2.0)
    jxx, jyy, jxy = tensor[..., 0], tensor[..., 1], tensor[..., 2]
    trace = jxx + jyy
    coherence = ((jxx - jyy) ** 2 + 4.0 * jxy**2) / (trace * trace + COHERENCE_FLOOR)
    coh_lesion = reddish_half.mean(coherence)

    # Crusts and a wet surface: colour windows (half size) relative to the uninvolved skin.
    # Crusts and highlights often fall outside the skin mask (the network, trained on healthy
    # skin, calls them not skin): they are looked for in the masks widened by a rim.
    ref_l = uninvolved_half.mean(l_h)
    ref_b = uninvolved_half.mean(b_h)
    yellow = ((b_h - ref_b > CRUST_DELTA_B) & (a_h >= 0.0) & (b_h >= a_h * HUE_TAN_MIN)).astype(np.uint8)
    yellow_blobs = cv2.morphologyEx(yellow, cv2.MORPH_OPEN, rim)
    dark_crust = ((l_h - ref_l < DARK_CRUST_DELTA_L) & (da_h > DARK_CRUST_DELTA_A)).astype(np.float32)
    specular = (
        (l_h - ref_l > SPECULAR_DELTA_L)
        & (l_h > SPECULAR_MIN_L)
        & (a_h * a_h + b_h * b_h < SPECULAR_MAX_CHROMA**2)
    ).astype(np.float32)
    near_skin, near_reddish, near_uninvolved = (_Weights(near[..., k]) for k in range(3))
    spec_share = near_reddish.mean(specular)

    # Excoriations and crusts as spots: redder / darker-and-redder / yellower than the skin
    # right around them (local contrast, so a red plaque does not count, its scratches do).
    local = lab_half - cv2.GaussianBlur(lab_half, (0, 0), SPOT_SURROUND_SIGMA)
    red_spot = local[..., 1] > SPOT_DELTA_A
    dark_red_spot = (local[..., 0] < DARK_SPOT_DELTA_L) & (da_h > DARK_SPOT_DELTA_A)
    yellow_spot = (local[..., 2] > YELLOW_SPOT_DELTA_B) & (a_h >= 0.0) & (b_h >= a_h * HUE_TAN_MIN)
    spot_density = _spot_density((red_spot | dark_red_spot) & (interior_h > 0.5), interior_h)

    # Lichenification also shows as grey-brown, darker plaques without redness (dark skin):
    # "involved" = reddish or darker than the uninvolved skin.
    darker_h = interior_h / (1.0 + np.exp(-((ref_l - l_h) - DARK_SKIN_DELTA_L) / DARK_SKIN_SOFTNESS))
    involved_full = _resize(np.maximum(reddish_h, darker_h), size)
    involved = _Weights(involved_full)
    skin_half, interior = _Weights(skin_h), _Weights(interior_h)
    fine_inv, mid_inv = involved.mean(fine), involved.mean(mid)
    weber = max(ref_l, 5.0)

    return np.array(
        [
            dark_share,
            _log_ratio(dark_share, uninvolved.mean(dark_on)),
            red_share,
            _log_ratio(red_share, uninvolved_half.mean(red_on_h)),
            long_density,
            reddish.mean(dark),
            _log_ratio(reddish.mean(fine), uninvolved.mean(fine)),
            _log_ratio(reddish.mean(mid), uninvolved.mean(mid)),
            coh_lesion,
            coh_lesion - uninvolved_half.mean(coherence),
            _log_ratio(reddish_half.mean(trace), uninvolved_half.mean(trace)),
            near_skin.mean(yellow),
            near_reddish.mean(yellow_blobs),
            reddish_half.mean(dark_crust),
            spec_share,
            _log_ratio(spec_share, near_uninvolved.mean(specular)),
            interior.mean(red_spot),
            interior.mean(dark_red_spot),
            spot_density,
            near_skin.mean(yellow_spot),
            skin_half.mean(darker_h / np.maximum(interior_h, EPS)),
            float(np.sqrt(fine_inv)) / weber,
            float(np.sqrt(mid_inv)) / weber,
            _log_ratio(mid_inv, uninvolved.mean(mid)),
            involved.mean(dark_on),
        ],
        np.float32,
    )
