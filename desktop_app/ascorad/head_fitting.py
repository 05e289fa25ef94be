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
from typing import Any

import cv2
import numpy as np

from desktop_app.ascorad.heads import (
    SIGNS,
    ConvHead,
    HeadSet,
    LesionHead,
    LinearHead,
    fit_logistic,
    fit_ordinal,
    ordinal_grades,
    standardiser,
)
from desktop_app.ascorad.lesion import (
    LOCAL_CONTRAST_A,
    LOCAL_CORE_STEP_A,
    LOCAL_RING_GAP_PX,
    EdgeRule,
    applied_rule,
    cell_pooling,
    cell_targets,
    contrast_mask,
    grid_cells,
    head_probability,
    lesion_mask,
    percent_of,
    sign_intensity,
)
from desktop_app.ascorad.network_outputs import NetworkOutputs
from desktop_app.ascorad.sign_view import SignView, ViewMaps, sign_view_features, view_location_features
from desktop_app.ascorad.signs import contrast_statistics

HEADS_VERSION = "heads-lite0-conv-ordinal-2.6"
# The strongly red regions' edge rule the heads are fitted and shipped with (lesion.strong_mask).
EDGE_RULE = EdgeRule(LOCAL_CONTRAST_A, LOCAL_RING_GAP_PX, LOCAL_CORE_STEP_A)
FOLDS = 5
CV_SEED = 7  # the permutation behind the folds (``fold_assignment``)
INNER_FOLDS = 4
# Candidate L2 strengths of the ordinal sign heads; one is chosen by an inner cross-validation
# inside each training set (nested CV), never on the photos being scored.
SIGN_LAMBDAS = (0.1, 0.3, 1.0)
SIGN_FEATURES = "pooled+stats+texture+reddish+view448"
# Kinds of photo feature vector the sign heads can read (``photo_feature_vector``); heads files
# name theirs, so older heads keep working.
SIGN_FEATURE_KINDS = ("pooled+stats", "pooled+stats+texture+reddish", SIGN_FEATURES)
# What the lesion head reads at each stride-16 location (``location_feature_map``): "skin"
# (heads up to 2.4) is the skin network's two taps and six colour maps; "skin+view448" (2.5)
# appends the 448 px ImageNet view's two inner maps. Heads files name theirs.
LOCATION_FEATURES = "skin+view448"
LOCATION_FEATURE_KINDS = ("skin", LOCATION_FEATURES)
LESION_THRESHOLDS = (0.3, 0.4, 0.5, 0.6)  # candidates, chosen inside the training folds
LESION_THRESHOLD = 0.5  # heads-2.x default when no choice was made (tests, stand-ins)
LESION_RULE = "head|strong"
# Share of held-out eczema photos whose sign intensity may fall under the lesion head's gate
# (``choose_head_gate``).
HEAD_GATE_QUANTILE = 0.01
LESION_HIDDEN = 32
LESION_EPOCHS = 30
LESION_SEED = 20261
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


def needs_sign_view(kind: str) -> bool:
    """Whether photo (or location) features of this kind include the 448 px ImageNet view
    (``sign_view``)."""
    return kind.endswith("+view448")


def location_feature_map(
    outputs: NetworkOutputs, kind: str = LOCATION_FEATURES, maps: ViewMaps | None = None
) -> np.ndarray:
    """(h16, w16, C) lesion-head input: the skin network's location features, then (kind
    "skin+view448") the view's inner maps on the same grid (``sign_view.view_location_features``)."""
    if kind not in LOCATION_FEATURE_KINDS:
        raise ValueError(f"unknown location feature set {kind!r}")
    if not needs_sign_view(kind):
        return outputs.location_features
    if maps is None:
        raise ValueError(f"location features {kind!r} need the sign view's maps")
    grid = outputs.location_features.shape[:2]
    return np.concatenate([outputs.location_features, view_location_features(maps, grid)], axis=-1)


def head_inputs(
    rgb: np.ndarray,
    outputs: NetworkOutputs,
    sign_view: SignView | None,
    kind: str = SIGN_FEATURES,
    location_kind: str = LOCATION_FEATURES,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(sign heads' input, its per-view rows, lesion head's location features) of one photo, as
    the engine and training both compute them: one forward of the 448 px view of ``rgb`` when
    either head reads it, its inner maps asked for only when the lesion head reads them (older
    graphs may lack them)."""
    maps = sign_view.maps(rgb) if sign_view is not None and needs_sign_view(location_kind) else None
    view = None
    if sign_view is not None and needs_sign_view(kind):
        view = sign_view_features(maps.head if maps is not None else sign_view.head(rgb), outputs)
    features, views = photo_feature_vector(outputs, kind, view)
    return features, views, location_feature_map(outputs, location_kind, maps)


def photo_feature_vector(
    outputs: NetworkOutputs, kind: str = SIGN_FEATURES, view: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(features, per-view features) fed to the sign heads.

    ``kind`` "pooled+stats" (heads 1.x): skin-weighted head features + colour statistics;
    "pooled+stats+texture+reddish" (2.0) adds the stride-16 texture statistics and the head
    features pooled over the reddish skin (``network_outputs``); "...+view448" (2.1) appends
    ``view``, the ImageNet view's pooled features (``sign_view.SignView.features``). The
    per-view rows (photo, mirror image) differ only in the skin network's own pooled part."""
    contrast = contrast_mask(outputs.colour, outputs.skin)
    stats = contrast_statistics(outputs.colour, outputs.skin, contrast)
    if kind not in SIGN_FEATURE_KINDS:
        raise ValueError(f"unknown photo feature set {kind!r}")
    if needs_sign_view(kind) and view is None:
        raise ValueError(f"photo features {kind!r} need the sign view's features")
    if kind == "pooled+stats":
        extra = stats
    else:
        extra = np.concatenate([stats, outputs.texture_pooled, outputs.pooled_reddish])
        if needs_sign_view(kind):
            extra = np.concatenate([extra, np.asarray(view, np.float32)])
    both = np.concatenate([outputs.pooled, extra])
    views = np.concatenate([outputs.pooled_views, np.repeat(extra[None], 2, axis=0)], axis=1)
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


def fit_linear_lesion_head(samples: list[Sample]) -> LinearHead:
    """The heads-1.x lesion head (per-location logistic regression), kept for comparison."""
    x, y, w = _lesion_training_rows(samples)
    return fit_logistic(x, y, LOGISTIC_LAMBDA, w)


def fit_lesion_head(samples: list[Sample], seed: int = LESION_SEED) -> ConvHead:
    """The convolutional lesion head, trained with the grid marks as weak labels.

    Architecture (numpy twin: ``heads.ConvHead``): 1×1 conv to ``LESION_HIDDEN`` channels, ReLU;
    since heads 2.6 the photo's context — those channels averaged over the whole photo, a dense
    layer, ReLU — appended to every location; 3×3 conv to 16, ReLU, 3×3 conv to one logit per
    stride-16 location — each location sees its neighbours (about a 5×5-location context) and
    the photo as a whole. Loss: binary cross-entropy between each grid cell's mean lesion
    probability and its mark (a marked cell holds ≥ 25 % eczema). Channel dropout and weight
    decay regularise; seeded, one thread: reproducible."""
    import torch

    torch.manual_seed(seed)
    channels = samples[0].location_features.shape[2]
    stacked = np.concatenate([s.location_features.reshape(-1, channels) for s in samples])
    mean, scale = standardiser(stacked)
    height = max(s.location_features.shape[0] for s in samples)
    width = max(s.location_features.shape[1] for s in samples)
    n = len(samples)
    x = np.zeros((n, channels, height, width), np.float32)
    extent = np.zeros((n, 1, height, width), np.float32)  # 1 on the photo, 0 on the batch padding
    pool = np.zeros((n, 48, height * width), np.float32)
    valid = np.zeros((n, 48), np.float32)
    target = np.zeros((n, 48), np.float32)
    for k, s in enumerate(samples):
        h, w, _ = s.location_features.shape
        x[k, :, :h, :w] = ((s.location_features - mean) / scale).transpose(2, 0, 1)
        extent[k, :, :h, :w] = 1.0
        cell_pool, cell_valid = cell_pooling((h, w))
        padded = np.zeros((48, height, width), np.float32)
        padded[:, :h, :w] = cell_pool.reshape(48, h, w)
        pool[k] = padded.reshape(48, -1)
        valid[k] = cell_valid
        target[k] = cell_targets(s.cells)
    net = _context_conv_head(channels)
    optimiser = torch.optim.AdamW(net.parameters(), lr=3e-3, weight_decay=1e-3)
    xt, et, pt, vt, tt = (torch.from_numpy(a) for a in (x, extent, pool, valid, target))
    generator = torch.Generator().manual_seed(seed)
    for _ in range(LESION_EPOCHS):
        net.train()
        order = torch.randperm(n, generator=generator)
        for start in range(0, n, 32):
            idx = order[start : start + 32]
            prob = torch.sigmoid(net(xt[idx], et[idx]).reshape(len(idx), -1))
            cell = torch.einsum("ncl,nl->nc", pt[idx], prob).clamp(1e-4, 1 - 1e-4)
            loss = torch.nn.functional.binary_cross_entropy(cell, tt[idx], reduction="none")
            loss = (loss * vt[idx]).sum() / vt[idx].sum()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()

    def arrays(layer: torch.nn.Conv2d | torch.nn.Linear) -> tuple[np.ndarray, np.ndarray]:
        weight, bias = layer.weight.detach().numpy(), layer.bias
        assert bias is not None  # every layer of the head has one
        return weight.astype(np.float32), bias.detach().numpy().astype(np.float32)

    layers = (arrays(net.first), arrays(net.second), arrays(net.last))
    return ConvHead(mean, scale, layers, photo_context=arrays(net.context))


def _context_conv_head(channels: int) -> Any:
    """The torch module that ``fit_lesion_head`` trains (``heads.ConvHead`` is its numpy twin)."""
    import torch
    from torch import nn

    class ContextConvHead(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.input_dropout = nn.Dropout2d(0.1)
            self.first = nn.Conv2d(channels, LESION_HIDDEN, 1)
            self.context = nn.Linear(LESION_HIDDEN, LESION_HIDDEN)
            self.second = nn.Conv2d(2 * LESION_HIDDEN, 16, 3, padding=1)
            self.dropout = nn.Dropout(0.3)
            self.last = nn.Conv2d(16, 1, 3, padding=1)

        def forward(self, x: torch.Tensor, extent: torch.Tensor) -> torch.Tensor:
            hidden = torch.relu(self.first(self.input_dropout(x)))
            # the photo's average (padding excluded, so it equals the numpy twin's on one photo)
            average = (hidden * extent).sum((2, 3)) / extent.sum((2, 3))
            context = torch.relu(self.context(average))[:, :, None, None].expand_as(hidden)
            hidden = torch.relu(self.second(torch.cat([hidden, context], 1)))
            out: torch.Tensor = self.last(self.dropout(hidden))
            return out

    return ContextConvHead()


def fit_sign_head(samples: list[Sample], lam: float) -> LinearHead:
    x = np.stack([s.photo_features for s in samples])
    y = np.stack([np.round(s.grades) for s in samples])
    return fit_ordinal(x, y, lam)


def choose_sign_lambda(samples: list[Sample], seed: int = 11) -> float:
    """The L2 strength with the lowest mean rounded-grade MAE over an inner ``INNER_FOLDS``-fold
    cross-validation of these (training) samples; healthy photos always train."""
    return inner_sign_cv(samples, seed)[0]


def inner_sign_cv(samples: list[Sample], seed: int = 11) -> tuple[float, np.ndarray]:
    """(chosen L2 strength, (n, 6) held-out grades of the n DermNet samples at that strength)
    from an inner ``INNER_FOLDS``-fold cross-validation of these (training) samples; healthy
    photos always train. The held-out grades also set the lesion head's gate
    (``choose_head_gate``) without another round of fitting."""
    derm = [s for s in samples if s.group != "healthy"]
    healthy = [s for s in samples if s.group == "healthy"]
    folds = np.array_split(np.random.default_rng(seed).permutation(len(derm)), INNER_FOLDS)
    errors = {lam: 0.0 for lam in SIGN_LAMBDAS}
    held_out = {lam: np.zeros((len(derm), len(SIGNS)), np.float32) for lam in SIGN_LAMBDAS}
    for fold in folds:
        held = set(fold.tolist())
        train = [s for i, s in enumerate(derm) if i not in held] + healthy
        x = np.stack([derm[i].photo_features for i in fold])
        truth = np.stack([derm[i].grades for i in fold])
        for lam in SIGN_LAMBDAS:
            grades = ordinal_grades(fit_sign_head(train, lam)(x))
            held_out[lam][fold] = grades
            errors[lam] += float(np.abs(np.floor(grades + 0.5) - truth).sum())
    best = min(SIGN_LAMBDAS, key=lambda lam: errors[lam])
    return best, held_out[best]


def choose_head_gate(held_out_grades: np.ndarray) -> float:
    """The sign intensity (sum of the six fractional grades) under which a photo's lesion mask
    is Δa* alone (``lesion.applied_rule``): the ``HEAD_GATE_QUANTILE`` quantile of the held-out
    intensities of eczema photos, so about 1 % of eczema photos like the training ones lose the
    learned head, while healthy skin (sums near 0) loses its false alarms."""
    return float(np.quantile(sign_intensity(held_out_grades), HEAD_GATE_QUANTILE))


def _mask_for(
    sample: Sample, head: LesionHead, threshold: float, intensity: float, gate: float
) -> np.ndarray:
    """The held-out photo's mask as the engine draws it: its own sign intensity against the gate."""
    prob = head_probability(head, sample.location_features, sample.delta_a.shape)
    return _threshold_mask(sample, prob, threshold, applied_rule(LESION_RULE, intensity, gate))


def cell_iou(predicted: set[str], truth: set[str]) -> float:
    union = predicted | truth
    return 1.0 if not union else len(predicted & truth) / len(union)


def choose_lesion_threshold(samples: list[Sample], seed: int = 13) -> float:
    """The lesion threshold (of ``LESION_THRESHOLDS``) with the best mean cell IoU on a quarter
    of these (training) DermNet photos held out from a head fitted on the rest + healthy ones.

    Chosen with the intensity gate off: the gate takes the head away from ~1 % of eczema photos,
    and the threshold is about where the head draws the line on the others."""
    derm = [s for s in samples if s.group != "healthy"]
    healthy = [s for s in samples if s.group == "healthy"]
    order = np.random.default_rng(seed).permutation(len(derm))
    held = set(order[: len(derm) // INNER_FOLDS].tolist())
    head = fit_lesion_head([s for i, s in enumerate(derm) if i not in held] + healthy)
    scored = [derm[i] for i in sorted(held)]
    probs = [head_probability(head, s.location_features, s.delta_a.shape) for s in scored]

    def mean_iou(threshold: float) -> float:
        return float(
            np.mean(
                [
                    cell_iou(grid_cells(_threshold_mask(s, p, threshold)), s.cells)
                    for s, p in zip(scored, probs, strict=True)
                ]
            )
        )

    return max(LESION_THRESHOLDS, key=mean_iou)


def _threshold_mask(
    sample: Sample, probability: np.ndarray, threshold: float, rule: str = LESION_RULE
) -> np.ndarray:
    from desktop_app.ascorad.colour import ColourMaps

    zeros = np.zeros_like(sample.delta_a)
    colour = ColourMaps(zeros[..., None], sample.delta_a, zeros, zeros, zeros, (0.0, 0.0, 0.0))
    return lesion_mask(probability, colour, sample.skin, threshold, rule, EDGE_RULE)


def fold_assignment(count: int) -> list[np.ndarray]:
    """Indices of each cross-validation fold over ``count`` DermNet photos in file order: the
    one split for the heads' CV and for the per-fold networks of ``lesion_training``."""
    return list(np.array_split(np.random.default_rng(CV_SEED).permutation(count), FOLDS))


def cross_validate(samples: list[Sample], per_fold: list[list[Sample]] | None = None) -> dict[str, object]:
    """5-fold CV over the DermNet photos; healthy photos always train. The sign heads' L2
    strength and the lesion threshold are chosen inside each training fold (nested), so the
    held-out photos never choose anything. Returns summary figures.

    ``per_fold``: when the encoder itself was trained on the grid marks (``lesion_training``),
    fold k's samples come from the network trained without fold k's photos (same photos, same
    order as ``samples``), so the held-out photos never shaped the features either."""
    derm = [s for s in samples if s.group != "healthy"]
    folds = fold_assignment(len(derm))
    if per_fold is not None and len(per_fold) != len(folds):
        raise ValueError(f"{len(per_fold)} per-fold sample sets for {len(folds)} folds")
    pred_signs = np.zeros((len(derm), 6), np.float32)
    lambdas: list[float] = []
    flip_change = np.zeros((len(derm), 6), np.float32)
    ious = np.zeros(len(derm), np.float64)
    thresholds: list[float] = []
    gates: list[float] = []
    lesion_pcts = np.zeros(len(derm), np.float32)
    for k, fold in enumerate(folds):
        pool = samples if per_fold is None else per_fold[k]
        fold_derm = [s for s in pool if s.group != "healthy"]
        healthy = [s for s in pool if s.group == "healthy"]
        held = set(fold.tolist())
        train = [s for i, s in enumerate(fold_derm) if i not in held] + healthy
        lam, inner_grades = inner_sign_cv(train)
        lambdas.append(lam)
        gate = choose_head_gate(inner_grades)
        gates.append(gate)
        sign_head = fit_sign_head(train, lam)
        threshold = choose_lesion_threshold(train)
        thresholds.append(threshold)
        lesion_head = fit_lesion_head(train)
        for i in fold:
            s = fold_derm[i]
            pred_signs[i] = ordinal_grades(sign_head(s.photo_features[None]))[0]
            views = ordinal_grades(sign_head(s.photo_views))
            flip_change[i] = views[0] - views[1]
            mask = _mask_for(s, lesion_head, threshold, float(sign_intensity(pred_signs[i])), gate)
            ious[i] = cell_iou(grid_cells(mask), s.cells)
            lesion_pcts[i] = percent_of(mask, s.skin)
        print(f"  fold done ({len(fold)} photos)", file=sys.stderr, flush=True)
    truth = np.stack([s.grades for s in derm])
    clipped = np.clip(pred_signs, 0, 3)
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
        figures[f"cell_iou_{group}"] = round(float(np.mean(ious[sel])), 4)
    figures["hit_rate"] = [float((errors[:, k] < 0.5).mean()) for k in range(6)]
    figures["cv_mae"] = [float(errors[:, k].mean()) for k in range(6)]
    figures["flip_change_mean"] = [float(np.abs(flip_change[:, k]).mean()) for k in range(6)]
    figures["sign_lambdas_per_fold"] = lambdas
    figures["lesion_thresholds_per_fold"] = thresholds
    figures["lesion_head_gates_per_fold"] = gates
    figures["_ious"] = ious.tolist()
    return figures


def read_proxy_labels(dermnet: Path) -> list[dict[str, str]]:
    with (dermnet / "proxy-labels.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


def extract_samples(
    datasets: Path,
    analyse: object,
    sign_view: SignView | None,
    kind: str = SIGN_FEATURES,
    healthy_per_set: int = HEALTHY_PER_SET,
    location_kind: str = LOCATION_FEATURES,
) -> list[Sample]:
    """Run the networks over the DermNet photos and the healthy train photos: ``analyse`` maps a
    working-size photo to its ``NetworkOutputs``; ``sign_view`` (needed when ``kind`` or
    ``location_kind`` includes it) sees each photo as read, like the engine."""
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
        rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        outputs: NetworkOutputs = analyse(to_network_input(rgb))  # type: ignore[operator]
        features, views, locations = head_inputs(rgb, outputs, sign_view, kind, location_kind)
        samples.append(
            Sample(
                name=str(path),
                group=group,
                grades=grades,
                lesion_pct=pct,
                cells=cells,
                location_features=locations.astype(np.float16).astype(np.float32),
                photo_features=features,
                photo_views=views,
                delta_a=outputs.colour.delta_a.astype(np.float32),
                skin=outputs.skin,
            )
        )
    return samples


def fit_and_save(
    samples: list[Sample], out: Path, command: str, per_fold: list[list[Sample]] | None = None
) -> dict[str, object]:
    """Cross-validate (figures for the card; ``per_fold`` as in ``cross_validate``), then fit
    the shipped heads on every photo: the L2 strength and the lesion threshold are chosen the
    same way, inside all the photos."""
    started = time.time()
    figures = cross_validate(samples, per_fold)
    figures.pop("_ious")
    lam, inner_grades = inner_sign_cv(samples)
    gate = choose_head_gate(inner_grades)
    threshold = choose_lesion_threshold(samples)
    sign_head = fit_sign_head(samples, lam)
    lesion_head = fit_lesion_head(samples)
    heads = HeadSet(
        lesion=lesion_head,
        signs=sign_head,
        sign_hit_rate=np.array(figures["hit_rate"], np.float32),
        sign_cv_mae=np.array(figures["cv_mae"], np.float32),
        lesion_threshold=threshold,
        version=HEADS_VERSION,
        sign_kind="ordinal",
        photo_features=SIGN_FEATURES,
        location_features=LOCATION_FEATURES,
        lesion_rule=LESION_RULE,
        head_min_intensity=gate,
        strong_local_contrast=EDGE_RULE.contrast,
        strong_local_gap_px=EDGE_RULE.gap_px,
        strong_core_step=EDGE_RULE.core_step,
    )
    from desktop_app.ascorad.model_files import HEADS_CARD, HEADS_FILE, SIGN_VIEW_ONNX
    from desktop_app.ascorad.skin_training import sha256_file

    path = out / HEADS_FILE
    heads.save(path)
    card = {
        "model": (
            "lesion head (small conv net; each location also reads the photo's average, since 2.6) + six "
            "ordinal sign heads (logistic) on Lite0 features: the skin network's and, for both heads, the "
            "448 px ImageNet view's (sign heads: its pooled head; lesion head: its block-10 and block-15 "
            "maps on the stride-16 grid)"
        ),
        "labels": (
            "sign grades, lesion % and the 8x6 lesion grid are PROXY labels (median of three gradings "
            "by a general-purpose vision model following the SCORAD atlas wording; grid marked by eye "
            "in one pass), not dermatologists' grades: research-grade heads"
        ),
        "data_terms": (
            "DermNet (dermnetnz.org) photos, non-commercial use with attribution ('Image courtesy of "
            "DermNet'); healthy photos from the train splits of the abdominal skin set and SFA "
            "(Topiwala et al., IEEE BIBE 2019; research-use data)"
        ),
        "figures": (
            "cross_validated: 5 folds over the DermNet photos (healthy photos in every training fold), "
            "L2 and lesion threshold chosen inside each training fold; the shipped heads are then "
            "fitted on all photos"
            + (
                "; the features of fold k come from the skin network fine-tuned without fold k's photos "
                "(scorad-desk train lesion --cv-models)"
                if per_fold is not None
                else ""
            )
        ),
        "final_fit": {
            "photos": "all training photos below (after the cross-validation)",
            "sign_l2": lam,
            "lesion_threshold": threshold,
            "lesion_location_features": LOCATION_FEATURES,
            "lesion_rule": LESION_RULE,
            "lesion_head_min_intensity": gate,
            "lesion_strong_local_contrast": EDGE_RULE.contrast,
            "lesion_strong_local_gap_px": EDGE_RULE.gap_px,
            "lesion_strong_core_step": EDGE_RULE.core_step,
        },
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
    view_card = out / f"{SIGN_VIEW_ONNX}.json"
    if (needs_sign_view(SIGN_FEATURES) or needs_sign_view(LOCATION_FEATURES)) and view_card.exists():
        card["sign_view"] = {"file": SIGN_VIEW_ONNX, **json.loads(view_card.read_text())}
    (out / HEADS_CARD).write_text(json.dumps(card, indent=2) + "\n")
    return card


def fold_weights(cv_models: Path) -> list[Path]:
    """The per-fold networks of ``train lesion --cv-models`` (fold-0.pt ...), all of them."""
    from desktop_app.ascorad.lesion_training import FOLD_WEIGHTS

    paths = [cv_models / FOLD_WEIGHTS.format(k=k) for k in range(FOLDS)]
    missing = [p.name for p in paths if not p.exists()]
    if missing:
        raise FileNotFoundError(f"{cv_models} lacks {', '.join(missing)}: run scorad-desk train lesion")
    return paths


def per_fold_samples(
    data: Path,
    cv_models: Path,
    sign_view: SignView | None,
    kind: str = SIGN_FEATURES,
    location_kind: str = LOCATION_FEATURES,
) -> list[list[Sample]]:
    """Samples extracted with each fold's network (see ``cross_validate``); the sign view has
    no trained weights, so every fold shares it."""
    from desktop_app.ascorad.features import run_networks
    from desktop_app.ascorad.skin_model import load_skin_net

    out = []
    for path in fold_weights(cv_models):
        net = load_skin_net(path)
        analyse = lambda working, net=net: run_networks(net, None, working)  # noqa: E731
        out.append(extract_samples(data, analyse, sign_view, kind, location_kind=location_kind))
    return out


def load_sign_view(folder: Path) -> SignView:
    """The sign view graph in ``folder``, exported there first when missing (training only:
    the export needs torch and the pinned ImageNet wheel)."""
    from desktop_app.ascorad.model_files import SIGN_VIEW_ONNX

    path = folder / SIGN_VIEW_ONNX
    if not path.exists():
        from desktop_app.ascorad.onnx_export import export_sign_view_onnx

        print(f"exporting the sign view to {path}", file=sys.stderr, flush=True)
        export_sign_view_onnx(path)
    return SignView.load(path)


def run_heads_cli(
    data: Path, out: Path, command: str, threads: int = 1, cv_models: Path | None = None
) -> dict[str, object]:
    """Extract features with the shipped skin network, cross-validate (with the per-fold
    networks when the encoder was fine-tuned on the marks), fit, write heads + card."""
    import torch

    from desktop_app.ascorad.features import run_networks
    from desktop_app.ascorad.model_files import SKIN_WEIGHTS
    from desktop_app.ascorad.skin_model import load_skin_net

    torch.set_num_threads(threads)
    cv2.setNumThreads(threads)
    net = load_skin_net(out / SKIN_WEIGHTS)
    view = load_sign_view(out)
    per_fold = None if cv_models is None else per_fold_samples(data, cv_models, view)
    samples = extract_samples(data, lambda working: run_networks(net, None, working), view)
    return fit_and_save(samples, out, command, per_fold)
