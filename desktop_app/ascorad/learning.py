"""The learning path: a multi-task model trained on the clinic's own confirmed assessments.

``scorad-desk train ascorad --data EXPORT`` trains :class:`MultiTaskNet` — an ImageNet
EfficientNet-Lite0 encoder, a lesion-segmentation decoder and six ordinal sign heads
(cumulative-link "grade > k" logits, k = 0, 1, 2; Cao et al., "Rank consistent ordinal
regression", Pattern Recognit Lett 2020) — on the export's training patients, evaluates it
and the currently active model on the held-out patients (``export_format.held_out``), and
promotes the new model only if it is better there (:func:`better`). Models live in
``<data>/models/ascorad/<id>/`` (``model.pt`` + ``card.json``); ``active.json`` names the
active one. Without an active learned model, the shipped engine is the one to beat.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import torch
from torch import nn

from desktop_app.ascorad.backbone import HEAD_CHANNELS, LightDecoder, Lite0Encoder, pooled_features
from desktop_app.ascorad.export_format import ExportFormatError, ExportItem, held_out, read_export
from desktop_app.ascorad.heads import SIGNS
from desktop_app.ascorad.metrics import Evaluation, evaluate_predictions

ACTIVE_FILE = "active.json"
MODEL_FILE = "model.pt"
CARD_FILE = "card.json"
DEFAULT_SIZE = 256


class MultiTaskNet(nn.Module):
    """Lesion logits (stride 4) and, per sign, three cumulative logits P(grade > k)."""

    def __init__(self, pretrained: bool = True) -> None:
        super().__init__()
        self.encoder = Lite0Encoder(pretrained)
        self.lesion = LightDecoder(out_channels=1)
        self.signs = nn.Linear(2 * HEAD_CHANNELS, len(SIGNS) * 3)

    def forward(self, rgb_float: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        taps, head = self.encoder(rgb_float)
        lesion = self.lesion(taps)
        ordinal = self.signs(pooled_features(head)).view(-1, len(SIGNS), 3)
        return lesion, ordinal


def expected_grade(ordinal_logits: torch.Tensor) -> torch.Tensor:
    """Expected grade = Σ_k P(grade > k), in 0-3."""
    return torch.sigmoid(ordinal_logits).sum(dim=-1)


@dataclass(frozen=True)
class Prepared:
    image: np.ndarray  # size × size RGB uint8
    mask: np.ndarray | None  # size × size float32 0/1
    grades: np.ndarray  # (6,) with NaN where missing


def prepare(items: list[ExportItem], size: int) -> list[Prepared]:
    out = []
    for item in items:
        rgb = item.load_image()
        mask = item.load_mask(rgb.shape[:2])
        image = cv2.resize(rgb, (size, size), interpolation=cv2.INTER_AREA)
        small = None
        if mask is not None:
            small = (
                cv2.resize(mask.astype(np.float32), (size, size), interpolation=cv2.INTER_AREA) > 0.5
            ).astype(np.float32)
        grades = np.array([np.nan if item.signs[s] is None else item.signs[s] for s in SIGNS], np.float32)
        out.append(Prepared(image, small, grades))
    return out


def _loss(lesion: torch.Tensor, ordinal: torch.Tensor, batch: list[Prepared]) -> torch.Tensor:
    total = torch.zeros(())
    grades = torch.from_numpy(np.stack([p.grades for p in batch]))
    known = ~torch.isnan(grades)
    if known.any():
        thresholds = torch.arange(3, dtype=torch.float32)
        target = (torch.nan_to_num(grades)[..., None] > thresholds).float()
        bce = nn.functional.binary_cross_entropy_with_logits(ordinal, target, reduction="none").mean(-1)
        total = total + bce[known].mean()
    with_mask = [i for i, p in enumerate(batch) if p.mask is not None]
    if with_mask:
        logits = lesion[with_mask]
        target_mask = torch.from_numpy(np.stack([batch[i].mask for i in with_mask]))[:, None]  # type: ignore[misc]
        logits = nn.functional.interpolate(
            logits, size=target_mask.shape[-2:], mode="bilinear", align_corners=False
        )
        total = total + nn.functional.binary_cross_entropy_with_logits(logits, target_mask)
    return total


def _augment(
    image: np.ndarray, mask: np.ndarray | None, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray | None]:
    k = int(rng.integers(0, 4))
    flip = bool(rng.random() < 0.5)
    image = np.rot90(image, k)
    mask = None if mask is None else np.rot90(mask, k)
    if flip:
        image = image[:, ::-1]
        mask = None if mask is None else mask[:, ::-1]
    gain = rng.uniform(0.85, 1.15)
    image = np.clip(image.astype(np.float32) * gain, 0, 255).astype(np.uint8)
    return np.ascontiguousarray(image), None if mask is None else np.ascontiguousarray(mask)


def train_model(
    items: list[ExportItem], size: int, epochs: int, seed: int, batch_size: int = 8, pretrained: bool = True
) -> MultiTaskNet:
    """Fine-tune the multi-task net on ``items`` (seeded; progress bar on stderr)."""
    from tqdm import tqdm

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    data = prepare(items, size)
    model = MultiTaskNet(pretrained)
    optimiser = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)
    for epoch in range(epochs):
        model.train()
        order = rng.permutation(len(data))
        bar = tqdm(range(0, len(data), batch_size), desc=f"ascorad epoch {epoch + 1}/{epochs}", unit="batch")
        for start in bar:
            chosen = [data[i] for i in order[start : start + batch_size]]
            augmented = [_augment(p.image, p.mask, rng) for p in chosen]
            batch = [Prepared(img, m, p.grades) for (img, m), p in zip(augmented, chosen, strict=True)]
            tensor = torch.from_numpy(np.stack([b.image for b in batch]).astype(np.float32)).permute(
                0, 3, 1, 2
            )
            lesion, ordinal = model(tensor)
            loss = _loss(lesion, ordinal, batch)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            bar.set_postfix(loss=f"{loss.item():.3f}")
    model.eval()
    return model


class LearnedModel:
    """A trained multi-task model loaded from its folder, predicting like the engine does."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.card: dict[str, Any] = json.loads((folder / CARD_FILE).read_text())
        self.size = int(self.card["image_size"])
        self.net = MultiTaskNet(pretrained=False)
        state = torch.load(folder / MODEL_FILE, map_location="cpu", weights_only=True)
        self.net.load_state_dict({k: v.float() for k, v in state.items()})
        self.net.eval()

    @property
    def version(self) -> str:
        return str(self.card["version"])

    def predict(self, rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(lesion probability at the photo's size, six expected grades), flip-averaged."""
        image = cv2.resize(rgb, (self.size, self.size), interpolation=cv2.INTER_AREA)
        batch = torch.from_numpy(np.stack([image, image[:, ::-1]]).astype(np.float32)).permute(0, 3, 1, 2)
        with torch.inference_mode():
            lesion, ordinal = self.net(batch.contiguous())
            prob = torch.sigmoid(0.5 * (lesion[0, 0] + torch.flip(lesion[1, 0], dims=[-1]))).numpy()
            grades = expected_grade(ordinal).mean(dim=0).numpy()
        return cv2.resize(prob, (rgb.shape[1], rgb.shape[0]), interpolation=cv2.INTER_LINEAR), grades


def save_model(model: MultiTaskNet, folder: Path, card: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    half = {k: (v.half() if v.is_floating_point() else v) for k, v in model.state_dict().items()}
    torch.save(half, folder / MODEL_FILE)
    digest = hashlib.sha256((folder / MODEL_FILE).read_bytes()).hexdigest()
    (folder / CARD_FILE).write_text(json.dumps({**card, "sha256": digest}, indent=2) + "\n")


def active_model_dir(models_dir: Path) -> Path | None:
    path = models_dir / ACTIVE_FILE
    if not path.exists():
        return None
    folder = models_dir / str(json.loads(path.read_text())["active"])
    return folder if (folder / MODEL_FILE).exists() else None


def set_active(models_dir: Path, folder: Path) -> None:
    (models_dir / ACTIVE_FILE).write_text(
        json.dumps({"active": folder.name, "since_utc": datetime.now(UTC).isoformat(timespec="seconds")})
        + "\n"
    )


def evaluate_learned(model: LearnedModel, items: list[ExportItem]) -> Evaluation:
    predictions = []
    for item in items:
        rgb = item.load_image()
        prob, grades = model.predict(rgb)
        mask = prob > 0.5
        predictions.append((item, prob, mask, grades, 100.0 * float(mask.mean())))
    return evaluate_predictions(predictions)


def evaluate_shipped(items: list[ExportItem], models_dir: Path | None = None) -> Evaluation:
    """The shipped engine (skin network + linear heads) on export items, without its quality
    and skin gates (``AscoradEngine.analyse_ungated``)."""
    from desktop_app.ascorad.engine import AscoradEngine

    engine = AscoradEngine.load(models_dir)
    predictions = []
    for item in items:
        rgb = item.load_image()
        predictions.append((item, *engine.analyse_ungated(rgb)))
    return evaluate_predictions(predictions)


def better(new: Evaluation, old: Evaluation) -> bool:
    """The promotion rule: lower mean sign RMAE *and* lesion IoU no worse than 0.01 below the
    old one (or, with no masks in the held-out data, lower sign RMAE alone)."""
    if new.mean_rmae >= old.mean_rmae:
        return False
    if new.lesion_iou is None or old.lesion_iou is None:
        return True
    return new.lesion_iou >= old.lesion_iou - 0.01


def compare_and_promote(
    models_dir: Path, folder: Path, test_items: list[ExportItem]
) -> tuple[bool, Evaluation, Evaluation, str]:
    """Evaluate the new model and the active one (or the shipped engine) on the held-out
    items; make the new one active only if :func:`better` says so."""
    new_eval = evaluate_learned(LearnedModel(folder), test_items)
    active = active_model_dir(models_dir)
    if active is not None:
        old_eval = evaluate_learned(LearnedModel(active), test_items)
        old_name = active.name
    else:
        old_eval = evaluate_shipped(test_items)
        old_name = "shipped engine"
    promoted = better(new_eval, old_eval)
    if promoted:
        set_active(models_dir, folder)
    return promoted, new_eval, old_eval, old_name


def run_train_cli(args: argparse.Namespace, command: str) -> int:
    """``scorad-desk train ascorad``: train, compare on held-out patients, maybe promote."""
    from desktop_app.ascorad.model_files import learned_models_dir
    from desktop_app.data_dir import resolve_data_dir

    try:
        items = read_export(Path(args.data))
    except ExportFormatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    train_items, test_items = held_out(items)
    if not train_items or not test_items:
        print("error: the export needs photos of at least two patients (one is held out).", file=sys.stderr)
        return 2
    models_dir = Path(args.models) if args.models else learned_models_dir(resolve_data_dir(args.data_dir))
    models_dir.mkdir(parents=True, exist_ok=True)
    size = args.image_size or DEFAULT_SIZE
    started = time.time()
    model = train_model(train_items, size, 8 if args.epochs is None else args.epochs, args.seed)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    folder = models_dir / f"ascorad-mt-{stamp}"
    card = {
        "model": "multi-task ASCORAD (lesion segmentation + six ordinal sign heads)",
        "version": f"ascorad-mt-{stamp}",
        "image_size": size,
        "seed": args.seed,
        "command": command,
        "export": {"items": len(items), "train": len(train_items), "held_out": len(test_items)},
        "training_seconds": round(time.time() - started, 1),
    }
    save_model(model, folder, card)
    promoted, new_eval, old_eval, old_name = compare_and_promote(models_dir, folder, test_items)
    card.update(
        {
            "held_out": new_eval.to_dict(),
            "compared_with": {old_name: old_eval.to_dict()},
            "promoted": promoted,
        }
    )
    (folder / CARD_FILE).write_text(
        json.dumps({**json.loads((folder / CARD_FILE).read_text()), **card}, indent=2) + "\n"
    )
    result = {
        "model": folder.name,
        "promoted": promoted,
        "new": new_eval.to_dict(),
        "active_before": {old_name: old_eval.to_dict()},
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"new model {folder.name}: held-out mean sign RMAE {new_eval.mean_rmae:.1f} %, "
            f"lesion IoU {new_eval.lesion_iou}"
        )
        print(
            f"active ({old_name}): mean sign RMAE {old_eval.mean_rmae:.1f} %, "
            f"lesion IoU {old_eval.lesion_iou}"
        )
        print(
            "PROMOTED to active"
            if promoted
            else "not promoted: it does not beat the active model on held-out data"
        )
    return 0
