"""Six sign intensities (0–3, fractions allowed) with a confidence, and the features they use.

Estimators (each value names its estimator):

* ``lite0-ordinal-logistic`` (all six signs, heads 2.x): per sign three logistic regressions
  ("grade ≥ 1", "≥ 2", "≥ 3") on the pooled Lite0 features — head features weighted by the
  skin and by the reddish skin, the skin-weighted mean and spread of the stride-16 features —
  plus the colour/texture statistics below; the grade is the expected grade (sum of the three
  probabilities), the form rounds it. Fitted on the DermNet proxy grades (median of three
  vision-model gradings following the SCORAD atlas; proxies, not dermatologists) and on
  healthy skin photos graded 0. Research-grade; a clinic should retrain on its own confirmed
  cases (``scorad-desk train ascorad``). ``lite0-ridge`` (heads 1.x) was a ridge regression on
  the skin-pooled features and statistics.
* ``a*-contrast`` (erythema, transparent, reported beside the learned value): the mean a*
  rise of the lesion over uninvolved skin mapped linearly to 0–3 (``ERYTHEMA_DELTA_A_PER_GRADE``
  a* units per grade). Monotonic in redness by construction.

Confidence = the share of cross-validated predictions of that sign that fell within half a
grade of the reference (the chance that the rounded grade is right), lowered when the
prediction changes between the photo and its mirror image and when little skin is visible.
Signs that a photo shows poorly (oedema, excoriations, oozing) therefore carry lower
confidence; the UI asks the clinician to confirm them.
"""

from __future__ import annotations

import numpy as np

from desktop_app.ascorad.colour import ColourMaps

ERYTHEMA_DELTA_A_PER_GRADE = 5.0
CONTRAST_STAT_NAMES = (
    "lesion_share_contrast",
    "delta_a_lesion_mean",
    "delta_a_p90",
    "delta_a_p50",
    "delta_l_lesion_mean",
    "delta_b_lesion_mean",
    "texture_skin_mean",
    "texture_lesion_mean",
    "texture_uninvolved_mean",
    "skin_fraction",
)


def contrast_statistics(colour: ColourMaps, skin: np.ndarray, contrast: np.ndarray) -> np.ndarray:
    """Colour/texture statistics of one photo (see ``CONTRAST_STAT_NAMES``)."""
    skin_count = max(1, int(np.count_nonzero(skin)))
    lesion = contrast & skin
    uninvolved = skin & ~contrast

    def mean(values: np.ndarray, mask: np.ndarray) -> float:
        return float(values[mask].mean()) if np.any(mask) else 0.0

    da = colour.delta_a[skin] if np.any(skin) else np.zeros(1, np.float32)
    return np.array(
        [
            np.count_nonzero(lesion) / skin_count,
            mean(colour.delta_a, lesion),
            float(np.percentile(da, 90)),
            float(np.percentile(da, 50)),
            mean(colour.delta_l, lesion),
            mean(colour.delta_b, lesion),
            mean(colour.texture, skin),
            mean(colour.texture, lesion),
            mean(colour.texture, uninvolved),
            skin_count / skin.size,
        ],
        np.float32,
    )


def transparent_erythema(colour: ColourMaps, lesion: np.ndarray) -> float:
    """Erythema 0–3 from the mean a* rise of the lesion (0 when there is no lesion)."""
    if not np.any(lesion):
        return 0.0
    rise = float(colour.delta_a[lesion].mean())
    return float(np.clip(rise / ERYTHEMA_DELTA_A_PER_GRADE, 0.0, 3.0))


def confidence(hit_rate: float, flip_change: float, skin_fraction: float) -> float:
    """0–1: cross-validated hit rate, lowered by mirror disagreement and little skin."""
    value = hit_rate * float(np.exp(-abs(flip_change) / 0.5))
    if skin_fraction < 0.2:
        value *= 0.5 + 2.5 * skin_fraction
    return float(np.clip(value, 0.0, 1.0))
