"""Training of the skin network (``scorad-desk train skin --data DIR``).

Reproducible: seeded (Python, numpy, torch), train splits only, one checkpoint per epoch
(``--resume`` continues from the last one), a tqdm progress bar, and a model card written
beside the weights with the metrics on each validation split and the command that made them.

Augmentation keeps inflamed and dark skin labelled "skin": random crops/scales, 90°
rotations and flips, brightness/contrast/saturation/gamma, small hue shifts, a "reddening"
of random skin patches (inflammation) and a "darkening" of the skin (darker skin tones), blur.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import torch
from torch import nn

from desktop_app.ascorad.classical_skin import ycrcb_skin_mask
from desktop_app.ascorad.skin_model import SkinNet, batch_tensor, to_network_input

SETS = ("abdomen", "sfa")
STORE_LONG_SIDE = 352
MODEL_VERSION = "skin-lite0-fpn-1.0"
FROZEN_BLOCKS = 5


@dataclass(frozen=True)
class SkinTrainConfig:
    data: Path
    out: Path
    epochs: int = 8
    batch_size: int = 12
    crop: int = 224
    samples_per_epoch: int = 1200
    seed: int = 20260
    lr: float = 1.5e-3
    limit: int | None = None  # images per split (tests use a handful)
    threads: int = 1  # one thread is faster than two on a machine shared with other work
    command: str = ""


class DataError(ValueError):
    """The data folder does not have the expected layout."""


def _read_pair(image_path: Path, mask_path: Path, long_side: int) -> tuple[np.ndarray, np.ndarray]:
    bgr = cv2.imread(str(image_path), cv2.IMREAD_COLOR)
    mask = cv2.imread(str(mask_path), cv2.IMREAD_GRAYSCALE)
    if bgr is None or mask is None:
        raise DataError(f"Cannot read {image_path} or its mask {mask_path}.")
    rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
    if mask.shape != rgb.shape[:2]:
        mask = cv2.resize(mask, (rgb.shape[1], rgb.shape[0]), interpolation=cv2.INTER_NEAREST)
    scale = long_side / max(rgb.shape[:2])
    if scale < 1.0:
        size = (round(rgb.shape[1] * scale), round(rgb.shape[0] * scale))
        rgb = cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)
        mask = cv2.resize(mask, size, interpolation=cv2.INTER_LINEAR)
    return rgb, (mask > 127).astype(np.uint8)


def load_split(
    data: Path, name: str, split: str, limit: int | None = None, long_side: int | None = STORE_LONG_SIDE
) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """Images and boolean masks of ``data/name/split`` (resized for training when asked)."""
    folder = data / name / split
    images = sorted((folder / "images").glob("*.jpg"))
    if not images:
        raise DataError(f"No images in {folder / 'images'}: expected the skin data set layout.")
    out: list[tuple[str, np.ndarray, np.ndarray]] = []
    for path in images[:limit]:
        mask_path = folder / "masks" / (path.stem + ".png")
        rgb, mask = _read_pair(path, mask_path, long_side or 100_000)
        out.append((path.stem, rgb, mask))
    return out


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _random_crop(
    rng: np.random.Generator, rgb: np.ndarray, mask: np.ndarray, crop: int
) -> tuple[np.ndarray, np.ndarray]:
    h, w = mask.shape
    area = h * w * rng.uniform(0.3, 1.0)
    ratio = math.exp(rng.uniform(math.log(3 / 4), math.log(4 / 3)))
    ch = min(h, round(math.sqrt(area / ratio)))
    cw = min(w, round(math.sqrt(area * ratio)))
    y = int(rng.integers(0, h - ch + 1))
    x = int(rng.integers(0, w - cw + 1))
    rgb = cv2.resize(rgb[y : y + ch, x : x + cw], (crop, crop), interpolation=cv2.INTER_AREA)
    mask = cv2.resize(mask[y : y + ch, x : x + cw], (crop, crop), interpolation=cv2.INTER_NEAREST)
    k = int(rng.integers(0, 4))
    rgb, mask = np.rot90(rgb, k), np.rot90(mask, k)
    if rng.random() < 0.5:
        rgb, mask = rgb[:, ::-1], mask[:, ::-1]
    return np.ascontiguousarray(rgb), np.ascontiguousarray(mask)


def _blob(rng: np.random.Generator, size: int) -> np.ndarray:
    """A smooth random 0-1 field: the shape of a patch to redden."""
    noise = rng.random((6, 6)).astype(np.float32)
    field = cv2.resize(noise, (size, size), interpolation=cv2.INTER_CUBIC)
    return np.clip((field - rng.uniform(0.4, 0.7)) * 4.0, 0.0, 1.0)


def augment(rng: np.random.Generator, rgb: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Photometric augmentation of one crop (the mask is unchanged)."""
    img = rgb.astype(np.float32)
    skin = mask.astype(np.float32)[..., None]
    if rng.random() < 0.35:  # darker skin tone: darken and warm the skin only
        factor = rng.uniform(0.35, 0.75)
        tint = np.array([1.0, rng.uniform(0.8, 0.95), rng.uniform(0.7, 0.9)], np.float32)
        img = img * (1 - skin) + img * skin * factor * tint
    if rng.random() < 0.4:  # inflamed patches: raise red, lower green and blue
        patch = _blob(rng, img.shape[0])[..., None] * skin
        strength = rng.uniform(0.2, 0.6)
        img = img * (1 - patch * strength * np.array([-0.3, 0.6, 0.5], np.float32))
    img = np.clip(img, 0, 255)
    hsv = cv2.cvtColor(img.astype(np.uint8), cv2.COLOR_RGB2HSV).astype(np.float32)
    hsv[..., 0] = (hsv[..., 0] + rng.uniform(-6, 6)) % 180  # ±12° hue
    hsv[..., 1] *= rng.uniform(0.6, 1.4)
    hsv[..., 2] *= rng.uniform(0.6, 1.4)
    img = cv2.cvtColor(np.clip(hsv, 0, 255).astype(np.uint8), cv2.COLOR_HSV2RGB).astype(np.float32)
    mean = img.mean()
    img = (img - mean) * rng.uniform(0.75, 1.25) + mean
    img = 255.0 * (np.clip(img, 0, 255) / 255.0) ** rng.uniform(0.75, 1.35)
    if rng.random() < 0.2:
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.5, 1.5))
    return np.clip(img, 0, 255).astype(np.uint8)


def dice_bce(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    bce = nn.functional.binary_cross_entropy_with_logits(logits, target)
    prob = torch.sigmoid(logits)
    inter = (prob * target).sum(dim=(1, 2, 3))
    dice = 1 - (2 * inter + 1) / (prob.sum(dim=(1, 2, 3)) + target.sum(dim=(1, 2, 3)) + 1)
    return bce + dice.mean()


def predict_skin_probability(model: SkinNet, rgb: np.ndarray) -> np.ndarray:
    """Skin probability (float32, the photo's size) of one RGB photo."""
    small = to_network_input(rgb)
    with torch.inference_mode():
        logits = model(batch_tensor([small]))
        prob = torch.sigmoid(logits)[0, 0].numpy()
    return cv2.resize(prob, (rgb.shape[1], rgb.shape[0]), interpolation=cv2.INTER_LINEAR)


def f1_counts(pred: np.ndarray, truth: np.ndarray) -> tuple[int, int, int]:
    tp = int(np.count_nonzero(pred & truth))
    return tp, int(np.count_nonzero(pred & ~truth)), int(np.count_nonzero(~pred & truth))


def f1_from(counts: tuple[int, int, int]) -> float:
    tp, fp, fn = counts
    return 2 * tp / max(1, 2 * tp + fp + fn)


def evaluate_split(
    predict: Callable[[np.ndarray], np.ndarray], items: list[tuple[str, np.ndarray, np.ndarray]]
) -> dict[str, float]:
    """Pixel F1 pooled over the split, and the mean of per-image F1, at full mask resolution."""
    total = [0, 0, 0]
    per_image: list[float] = []
    for _, rgb, truth in items:
        pred = predict(rgb)
        counts = f1_counts(pred, truth.astype(bool))
        total = [a + b for a, b in zip(total, counts, strict=True)]
        per_image.append(f1_from(counts))
    return {
        "f1_pooled": f1_from((total[0], total[1], total[2])),
        "f1_mean_per_image": float(np.mean(per_image)),
    }


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _batches(
    rng: np.random.Generator,
    pools: list[list[tuple[str, np.ndarray, np.ndarray]]],
    config: SkinTrainConfig,
    count: int,
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    out = []
    for _ in range(count):
        imgs, masks = [], []
        for _ in range(config.batch_size):
            pool = pools[int(rng.integers(0, len(pools)))]  # the two sets equally often
            _, rgb, mask = pool[int(rng.integers(0, len(pool)))]
            crop_rgb, crop_mask = _random_crop(rng, rgb, mask, config.crop)
            imgs.append(augment(rng, crop_rgb, crop_mask))
            masks.append(crop_mask)
        target = torch.from_numpy(np.stack(masks).astype(np.float32))[:, None]
        out.append((batch_tensor(imgs), target))
    return out


def frozen_modules(model: SkinNet) -> list[nn.Module]:
    """The stem and the first five blocks (strides 2-8) keep their ImageNet weights: generic
    edge/colour filters, and skipping their backward pass halves the training time."""
    return [model.encoder.stem, model.encoder.bn0, *list(model.encoder.blocks[:FROZEN_BLOCKS])]


def train_skin(config: SkinTrainConfig, resume: bool = True) -> dict[str, object]:
    """Train, checkpoint each epoch, evaluate on the val splits, write weights + card."""
    from tqdm import tqdm

    seed_everything(config.seed)
    torch.set_num_threads(config.threads)
    pools = [load_split(config.data, name, "train", config.limit) for name in SETS]
    model = SkinNet(pretrained=True)
    frozen = frozen_modules(model)
    for module in frozen:
        module.requires_grad_(False)
    encoder_params = [p for p in model.encoder.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(
        [
            {"params": encoder_params, "lr": config.lr / 3},
            {"params": model.decoder.parameters(), "lr": config.lr},
        ],
        weight_decay=1e-4,
    )
    steps_per_epoch = max(1, config.samples_per_epoch // config.batch_size)
    total_steps = steps_per_epoch * config.epochs
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=[config.lr / 3, config.lr], total_steps=total_steps, pct_start=0.15
    )
    config.out.mkdir(parents=True, exist_ok=True)
    checkpoint = config.out / "skin-checkpoint.pt"
    start_epoch = 0
    if resume and checkpoint.exists():
        state = torch.load(checkpoint, weights_only=False)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        start_epoch = int(state["epoch"])
        print(f"Resuming from epoch {start_epoch} ({checkpoint})", file=sys.stderr)
    started = time.time()
    for epoch in range(start_epoch, config.epochs):
        rng = np.random.default_rng(config.seed + epoch)  # epoch-seeded: resume reproduces it
        torch.manual_seed(config.seed + epoch)
        model.train()
        for module in frozen:
            module.eval()  # keep the ImageNet batch-norm statistics of the frozen layers
        losses: list[float] = []
        bar = tqdm(range(steps_per_epoch), desc=f"skin epoch {epoch + 1}/{config.epochs}", unit="batch")
        for _ in bar:
            images, target = _batches(rng, pools, config, count=1)[0]
            logits = model(images)
            logits = nn.functional.interpolate(
                logits, size=target.shape[-2:], mode="bilinear", align_corners=False
            )
            loss = dice_bce(logits, target)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
            losses.append(loss.item())
            bar.set_postfix(loss=f"{np.mean(losses[-20:]):.3f}")
        torch.save(
            {
                "model": model.state_dict(),
                "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(),
                "epoch": epoch + 1,
            },
            checkpoint,
        )
        print(f"epoch {epoch + 1}: mean loss {np.mean(losses):.4f}", file=sys.stderr, flush=True)
    model.eval()
    metrics = validation_metrics(model, config.data, config.limit)
    weights = config.out / "skin-lite0.pt"
    half = {k: (v.half() if v.is_floating_point() else v) for k, v in model.state_dict().items()}
    torch.save(half, weights)
    card = {
        "model": "skin segmentation",
        "version": MODEL_VERSION,
        "weights": weights.name,
        "sha256": sha256_file(weights),
        "architecture": "EfficientNet-Lite0 encoder (ImageNet init; stem + blocks 0-4 frozen) "
        "+ FPN decoder, stride-4 logits",
        "input": "RGB photo resized to long side 320 px, sides multiples of 32; threshold 0.5",
        "seed": config.seed,
        "epochs": config.epochs,
        "training_seconds": round(time.time() - started, 1),
        "command": config.command,
        "validation": metrics,
    }
    (config.out / "skin-lite0.card.json").write_text(json.dumps(card, indent=2) + "\n")
    return card


def validation_metrics(model: SkinNet, data: Path, limit: int | None = None) -> dict[str, dict[str, float]]:
    """F1 of the network and of the YCrCb baseline on each set's val split."""
    out: dict[str, dict[str, float]] = {}
    for name in SETS:
        items = load_split(data, name, "val", limit, long_side=None)
        net = evaluate_split(lambda rgb: predict_skin_probability(model, rgb) > 0.5, items)
        base = evaluate_split(ycrcb_skin_mask, items)
        out[name] = {
            "f1_pooled": round(net["f1_pooled"], 4),
            "f1_mean_per_image": round(net["f1_mean_per_image"], 4),
            "ycrcb_f1_pooled": round(base["f1_pooled"], 4),
            "ycrcb_f1_mean_per_image": round(base["f1_mean_per_image"], 4),
            "images": len(items),
        }
    return out
