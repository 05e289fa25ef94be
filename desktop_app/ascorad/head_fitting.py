"""Fitting the shipped lesion and sign heads (``scorad-desk train heads --data DATASETS``).

Data: the DermNet photos with proxy labels (``dermnet/proxy-labels.csv``: six grades,
lesion %, 8×6 lesion grid) and healthy skin from the *train* splits of the skin sets
(graded 0, no lesion cells). The skin *val* splits are never used here, so the benchmark's
healthy-vs-eczema figures stay held out.

Honest figures: 5-fold cross-validation over the DermNet photos (healthy photos are in every
training fold); the model card reports the cross-validated RMAE per sign, lesion-% error and
cell IoU, never the in-sample fit. The final heads are then refitted on everything.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from desktop_app.ascorad.heads import SIGNS, HeadSet, LinearHead, fit_logistic, fit_ridge
from desktop_app.ascorad.lesion import combined_mask, contrast_mask, grid_cells, head_probability, percent_of
from desktop_app.ascorad.network_outputs import NetworkOutputs
from desktop_app.ascorad.signs import contrast_statistics

HEADS_VERSION = "heads-lite0-linear-1.0"
FOLDS = 5
RIDGE_LAMBDA = 1000.0
LESION_THRESHOLD = 0.4
LOGISTIC_LAMBDA = 3e-3
HEALTHY_PER_SET = 100


@dataclass
class Sample:
    """What the heads see of one photo (working-size maps kept for the mask figures)."""

    name: str
    group: str  # "atopic" | "other" | "healthy"
    grades: np.ndarray  # (6,)
    lesion_pct: float
    cells: set[str]
    location_features: np.ndarray
    photo_features: np.ndarray
    photo_views: np.ndarray
    delta_a: np.ndarray
    skin: np.ndarray
    extra: dict[str, float] = field(default_factory=dict)


def photo_feature_vector(outputs: NetworkOutputs) -> tuple[np.ndarray, np.ndarray]:
    """(features, per-view features) fed to the sign heads."""
    contrast = contrast_mask(outputs.colour, outputs.skin)
    stats = contrast_statistics(outputs.colour, outputs.skin, contrast)
    both = np.concatenate([outputs.pooled, stats])
    views = np.concatenate([outputs.pooled_views, np.repeat(stats[None], 2, axis=0)], axis=1)
    return both, views


def location_labels(cells: set[str], grid: tuple[int, int]) -> np.ndarray:
    """0/1 per stride-16 location: 1 when the location's centre lies in a marked cell."""
    h, w = grid
    ys = (np.arange(h) + 0.5) / h
    xs = (np.arange(w) + 0.5) / w
    out = np.zeros((h, w), np.float32)
    for r, y in enumerate(ys):
        for c, x in enumerate(xs):
            name = f"{chr(ord('A') + int(x * 8))}{int(y * 6) + 1}"
            out[r, c] = 1.0 if name in cells else 0.0
    return out


def _lesion_training_rows(samples: Iterable[Sample]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, ws = [], [], []
    for s in samples:
        h, w, c = s.location_features.shape
        labels = location_labels(s.cells, (h, w)).reshape(-1)
        xs.append(s.location_features.reshape(-1, c))
        ys.append(labels)
        ws.append(np.full(h * w, 1.0 / (h * w), np.float32))  # every photo weighs the same
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(ws) * 1000.0


def fit_lesion_head(samples: list[Sample]) -> LinearHead:
    x, y, w = _lesion_training_rows(samples)
    return fit_logistic(x, y, LOGISTIC_LAMBDA, w)


def fit_sign_head(samples: list[Sample], lam: float = RIDGE_LAMBDA) -> LinearHead:
    x = np.stack([s.photo_features for s in samples])
    y = np.stack([np.append(s.grades, s.lesion_pct / 100.0) for s in samples])
    return fit_ridge(x, y, lam)


def _mask_for(sample: Sample, head: LinearHead, threshold: float) -> np.ndarray:
    from desktop_app.ascorad.colour import ColourMaps

    prob = head_probability(head, sample.location_features, sample.delta_a.shape)
    zeros = np.zeros_like(sample.delta_a)
    colour = ColourMaps(zeros[..., None], sample.delta_a, zeros, zeros, zeros, (0.0, 0.0, 0.0))
    return combined_mask(prob, colour, sample.skin, threshold)


def cell_iou(predicted: set[str], truth: set[str]) -> float:
    union = predicted | truth
    return 1.0 if not union else len(predicted & truth) / len(union)


def cross_validate(samples: list[Sample], threshold: float) -> dict[str, object]:
    """5-fold CV over the DermNet photos; healthy photos always train. Returns per-photo
    out-of-fold predictions and summary figures."""
    derm = [s for s in samples if s.group != "healthy"]
    healthy = [s for s in samples if s.group == "healthy"]
    rng = np.random.default_rng(7)
    order = rng.permutation(len(derm))
    folds = np.array_split(order, FOLDS)
    pred_signs = np.zeros((len(derm), 7), np.float32)
    flip_change = np.zeros((len(derm), 6), np.float32)
    ious: list[float] = []
    lesion_pcts = np.zeros(len(derm), np.float32)
    for fold in folds:
        held = set(fold.tolist())
        train = [s for i, s in enumerate(derm) if i not in held] + healthy
        sign_head = fit_sign_head(train)
        lesion_head = fit_lesion_head(train)
        for i in fold:
            s = derm[i]
            pred_signs[i] = sign_head(s.photo_features[None])[0]
            views = sign_head(s.photo_views)
            flip_change[i] = views[0, :6] - views[1, :6]
            mask = _mask_for(s, lesion_head, threshold)
            ious.append(cell_iou(grid_cells(mask), s.cells))
            lesion_pcts[i] = percent_of(mask, s.skin)
        print(f"  fold done ({len(fold)} photos)", file=sys.stderr, flush=True)
    truth = np.stack([s.grades for s in derm])
    clipped = np.clip(pred_signs[:, :6], 0, 3)
    errors = np.abs(clipped - truth)
    groups = np.array([s.group for s in derm])
    figures: dict[str, object] = {"cell_iou_mean": float(np.mean(ious))}
    for group in ("atopic", "other"):
        sel = groups == group
        if not np.any(sel):
            continue
        figures[f"rmae_{group}"] = {
            sign: round(100 * float(errors[sel, k].mean()) / 3, 2) for k, sign in enumerate(SIGNS)
        }
        base = np.abs(truth[sel] - truth[sel].mean(axis=0)).mean(axis=0)
        rounded = np.abs(np.floor(clipped[sel] + 0.5) - truth[sel])
        figures[f"rmae_form_grade_{group}"] = {
            sign: round(100 * float(rounded[:, k].mean()) / 3, 2) for k, sign in enumerate(SIGNS)
        }
        figures[f"rmae_mean_predictor_{group}"] = {
            sign: round(100 * float(base[k]) / 3, 2) for k, sign in enumerate(SIGNS)
        }
        proxy = np.array([s.lesion_pct for s in derm])[sel]
        figures[f"lesion_pct_mae_mask_{group}"] = round(float(np.abs(lesion_pcts[sel] - proxy).mean()), 2)
        figures[f"lesion_pct_mae_ridge_{group}"] = round(
            float(np.abs(np.clip(pred_signs[sel, 6] * 100, 0, 100) - proxy).mean()), 2
        )
        figures[f"cell_iou_{group}"] = round(float(np.mean(np.array(ious)[sel])), 4)
    figures["hit_rate"] = [float((errors[:, k] < 0.5).mean()) for k in range(6)]
    figures["cv_mae"] = [float(errors[:, k].mean()) for k in range(6)]
    figures["flip_change_mean"] = [float(np.abs(flip_change[:, k]).mean()) for k in range(6)]
    figures["_ious"] = ious
    return figures


def read_proxy_labels(dermnet: Path) -> list[dict[str, str]]:
    with (dermnet / "proxy-labels.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


def extract_samples(datasets: Path, analyse: object, healthy_per_set: int = HEALTHY_PER_SET) -> list[Sample]:
    """Run the networks over the DermNet photos and the healthy train photos."""
    from tqdm import tqdm

    from desktop_app.ascorad.network_outputs import to_network_input

    dermnet = datasets / "dermnet"
    atopic = {row["file"] for row in csv.DictReader((dermnet / "atopic-dermatitis-proxy-labels.csv").open())}
    jobs: list[tuple[Path, str, np.ndarray, float, set[str]]] = []
    for row in read_proxy_labels(dermnet):
        path = dermnet / row["path"]
        group = "atopic" if path.parent.name == "atopic-dermatitis" and path.name in atopic else "other"
        grades = np.array([float(row[s]) for s in SIGNS], np.float32)
        jobs.append((path, group, grades, float(row["lesion_pct"]), set(row["lesion_cells"].split())))
    for name in ("abdomen", "sfa"):
        images = sorted((datasets / "skin" / name / "train" / "images").glob("*.jpg"))
        step = max(1, len(images) // healthy_per_set)
        for path in images[::step][:healthy_per_set]:
            jobs.append((path, "healthy", np.zeros(6, np.float32), 0.0, set()))
    samples: list[Sample] = []
    for path, group, grades, pct, cells in tqdm(jobs, desc="features", unit="photo"):
        bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if bgr is None:
            raise ValueError(f"Cannot read {path}")
        working = to_network_input(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
        outputs: NetworkOutputs = analyse(working)  # type: ignore[operator]
        features, views = photo_feature_vector(outputs)
        samples.append(
            Sample(
                name=str(path),
                group=group,
                grades=grades,
                lesion_pct=pct,
                cells=cells,
                location_features=outputs.location_features.astype(np.float16).astype(np.float32),
                photo_features=features,
                photo_views=views,
                delta_a=outputs.colour.delta_a.astype(np.float32),
                skin=outputs.skin,
            )
        )
    return samples


def fit_and_save(samples: list[Sample], out: Path, threshold: float, command: str) -> dict[str, object]:
    started = time.time()
    figures = cross_validate(samples, threshold)
    ious = figures.pop("_ious")
    del ious
    sign_head = fit_sign_head(samples)
    lesion_head = fit_lesion_head(samples)
    heads = HeadSet(
        lesion=lesion_head,
        signs=sign_head,
        sign_hit_rate=np.array(figures["hit_rate"], np.float32),
        sign_cv_mae=np.array(figures["cv_mae"], np.float32),
        lesion_threshold=threshold,
        version=HEADS_VERSION,
    )
    from desktop_app.ascorad.model_files import HEADS_CARD, HEADS_FILE
    from desktop_app.ascorad.skin_training import sha256_file

    path = out / HEADS_FILE
    heads.save(path)
    card = {
        "model": "lesion location head + six sign heads + lesion-% head (linear, on Lite0 features)",
        "version": HEADS_VERSION,
        "weights": HEADS_FILE,
        "sha256": sha256_file(path),
        "command": command,
        "training_photos": {
            g: sum(1 for s in samples if s.group == g) for g in ("atopic", "other", "healthy")
        },
        "cross_validated": figures,
        "seconds": round(time.time() - started, 1),
    }
    (out / HEADS_CARD).write_text(json.dumps(card, indent=2) + "\n")
    return card


def run_heads_cli(data: Path, out: Path, command: str, threads: int = 1) -> dict[str, object]:
    """Extract features with the shipped skin network, cross-validate, fit, write heads + card."""
    import torch

    from desktop_app.ascorad.features import run_networks
    from desktop_app.ascorad.model_files import SKIN_WEIGHTS
    from desktop_app.ascorad.skin_model import SkinNet

    torch.set_num_threads(threads)
    net = SkinNet(pretrained=False)
    state = torch.load(out / SKIN_WEIGHTS, map_location="cpu", weights_only=True)
    net.load_state_dict({k: v.float() for k, v in state.items()})
    net.eval()
    samples = extract_samples(data, lambda working: run_networks(net, None, working))
    return fit_and_save(samples, out, LESION_THRESHOLD, command)
