"""The ASCORAD paper's metrics, and the reference figures they are printed beside.

Medela et al., "Automatic SCORing of Atopic Dermatitis using deep learning: a pilot study",
JID Innovations 2022 (LegitHealth-AD-Test): lesion segmentation AUC 0.93, IoU 0.64, F1 0.74
(light skin; IoU 0.45 on Fitzpatrick IV–VI); sign intensity RMAE 12–13 % (MAE as a share
of the 0–3 range), against 8–15 % between human experts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from desktop_app.ascorad.export_format import ExportItem
from desktop_app.ascorad.heads import SIGNS

REFERENCE = {"lesion_iou": 0.64, "lesion_f1": 0.74, "lesion_auc": 0.93, "sign_rmae_percent": "12-13"}


def rmae(predicted: np.ndarray, truth: np.ndarray) -> float:
    """Relative MAE in % of the 0–3 range."""
    return float(np.mean(np.abs(np.asarray(predicted) - np.asarray(truth)))) / 3.0 * 100.0


def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float | None:
    """Area under the ROC curve by ranks (ties averaged); None without both classes."""
    labels = labels.astype(bool)
    n_pos = int(labels.sum())
    n_neg = labels.size - n_pos
    if n_pos == 0 or n_neg == 0:
        return None
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores), np.float64)
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i : j + 1]] = 0.5 * (i + j) + 1
        i = j + 1
    return float((ranks[labels].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


@dataclass(frozen=True)
class Evaluation:
    sign_rmae: dict[str, float | None]
    lesion_iou: float | None
    lesion_f1: float | None
    lesion_auc: float | None
    lesion_percent_mae: float | None
    photos: int

    @property
    def mean_rmae(self) -> float:
        values = [v for v in self.sign_rmae.values() if v is not None]
        return float(np.mean(values)) if values else float("inf")

    def to_dict(self) -> dict[str, Any]:
        def r(v: float | None) -> float | None:
            return None if v is None else round(v, 4)

        return {
            "photos": self.photos,
            "sign_rmae_percent": {k: r(v) for k, v in self.sign_rmae.items()},
            "mean_sign_rmae_percent": r(self.mean_rmae) if self.sign_rmae else None,
            "lesion_iou": r(self.lesion_iou),
            "lesion_f1": r(self.lesion_f1),
            "lesion_auc": r(self.lesion_auc),
            "lesion_percent_mae": r(self.lesion_percent_mae),
            "reference_medela_2022": REFERENCE,
        }


# item, lesion score map, lesion mask (bool), six grades, lesion % (of the visible skin)
Prediction = tuple[ExportItem, np.ndarray, np.ndarray, np.ndarray, float]


def evaluate_predictions(predictions: Sequence[Prediction], auc_pixels: int = 4000) -> Evaluation:
    """RMAE per sign (items with that grade), per-image mean IoU/F1 and pooled pixel AUC on
    items with masks (``auc_pixels`` sampled per image), lesion-% MAE where known."""
    rng = np.random.default_rng(0)
    errors: dict[str, list[float]] = {s: [] for s in SIGNS}
    ious: list[float] = []
    f1s: list[float] = []
    auc_scores: list[np.ndarray] = []
    auc_labels: list[np.ndarray] = []
    pct_errors: list[float] = []
    for item, score, mask, grades, percent in predictions:
        for k, sign in enumerate(SIGNS):
            truth = item.signs[sign]
            if truth is not None:
                errors[sign].append(abs(float(np.clip(grades[k], 0, 3)) - truth))
        truth_mask = item.load_mask(score.shape) if item.lesion_mask is not None else None
        if truth_mask is not None:
            inter = np.count_nonzero(mask & truth_mask)
            union = np.count_nonzero(mask | truth_mask)
            total = np.count_nonzero(mask) + np.count_nonzero(truth_mask)
            ious.append(1.0 if union == 0 else inter / union)
            f1s.append(1.0 if total == 0 else 2 * inter / total)
            idx = rng.choice(score.size, size=min(auc_pixels, score.size), replace=False)
            auc_scores.append(score.reshape(-1)[idx])
            auc_labels.append(truth_mask.reshape(-1)[idx])
        if item.lesion_percent is not None:
            pct_errors.append(abs(percent - item.lesion_percent))
    auc = roc_auc(np.concatenate(auc_scores), np.concatenate(auc_labels)) if auc_scores else None
    return Evaluation(
        sign_rmae={s: (float(np.mean(e)) / 3 * 100 if e else None) for s, e in errors.items()},
        lesion_iou=float(np.mean(ious)) if ious else None,
        lesion_f1=float(np.mean(f1s)) if f1s else None,
        lesion_auc=auc,
        lesion_percent_mae=float(np.mean(pct_errors)) if pct_errors else None,
        photos=len(predictions),
    )
