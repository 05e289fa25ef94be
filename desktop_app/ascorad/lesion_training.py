"""Multi-task fine-tuning of the skin network's encoder on the lesion grid marks
(``scorad-desk train lesion --data DATASETS``).

Why: with the encoder frozen on ImageNet + skin masks, the lesion head's stride-16 features
rank locations too weakly (even the best per-photo threshold reached a cell IoU of only 0.68
on the 322 grid-marked DermNet photos). Here the same network (encoder + skin decoder) is
fine-tuned on two tasks at once, so the shipped ONNX graph keeps its size and outputs:

* skin segmentation on crops of the skin sets' *train* splits (Dice + BCE, as in
  ``skin_training``), so the skin figures are kept;
* lesion location from the DermNet 8×6 grid marks (weak labels): an auxiliary convolutional
  head over the stride-16 and stride-32 taps gives a probability per location, and the loss
  compares each cell's mean probability with its mark (the heads' cell-level loss); healthy
  skin crops teach "no lesion" at every location.

The auxiliary head only shapes the encoder; the shipped lesion head is refitted on the new
features by ``head_fitting`` (``scorad-desk train heads``), as before. Training starts from
the shipped skin-only weights (trained by ``scorad-desk train skin``, which never sees
DermNet photos), so a cross-validation fold only has to leave its DermNet photos out of this
stage: ``head_fitting.fold_assignment`` gives the folds of ``head_fitting.cross_validate``.
Seeded and single-process; the grid marks are proxy marks made by eye (research-grade).
"""

from __future__ import annotations

import csv
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import torch
from torch import nn

from desktop_app.ascorad.backbone import TAP_BLOCKS, TAP_CHANNELS
from desktop_app.ascorad.head_fitting import FOLDS, fold_assignment
from desktop_app.ascorad.lesion import cell_pooling, cell_targets
from desktop_app.ascorad.network_outputs import to_network_input
from desktop_app.ascorad.skin_model import SkinNet, batch_tensor, load_skin_net
from desktop_app.ascorad.skin_training import (
    FROZEN_BLOCKS,
    SETS,
    _random_crop,
    augment,
    dice_bce,
    frozen_modules,
    load_split,
    seed_everything,
)

LESION_MODEL_VERSION = "skin-lesion-lite0-fpn-2.0"
AUX_HIDDEN = 64
SKIN_ONLY_WEIGHTS = "skin-only-lite0.pt"  # the ``train skin`` stage this one starts from


@dataclass(frozen=True)
class LesionTrainConfig:
    datasets: Path
    init: Path  # skin-only weights (``train skin``) the fine-tuning starts from
    steps: int = 160
    derm_batch: int = 6
    skin_batch: int = 4
    skin_crop: int = 224
    lr_encoder: float = 3e-4
    lr_decoder: float = 3e-4
    lr_aux: float = 2e-3
    healthy_weight: float = 0.5
    seed: int = 20262
    threads: int = 2
    variants: int = 1  # colour variants per flip of each DermNet photo in the cache
    skin_crops: int = 480  # augmented skin crops in the cache
    limit: int | None = None  # images per skin split and DermNet photos (tests use a handful)
    command: str = ""


@dataclass(frozen=True)
class MarkedPhoto:
    name: str
    rgb: np.ndarray  # working size (network_outputs.to_network_input), RGB uint8
    cells: np.ndarray  # (6, 8) 0/1 grid marks (rows 1-6, columns A-H)


def read_marked_photos(datasets: Path, limit: int | None = None) -> list[MarkedPhoto]:
    """The DermNet photos of ``proxy-labels.csv`` in file order (the order ``head_fitting``
    uses, so fold indices agree), at the networks' working size."""
    dermnet = datasets / "dermnet"
    with (dermnet / "proxy-labels.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    out: list[MarkedPhoto] = []
    for row in rows[:limit]:
        bgr = cv2.imread(str(dermnet / row["path"]), cv2.IMREAD_COLOR)
        if bgr is None:
            raise ValueError(f"Cannot read {dermnet / row['path']}")
        cells = cell_targets(set(row["lesion_cells"].split())).reshape(6, 8)
        out.append(MarkedPhoto(row["path"], to_network_input(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)), cells))
    return out


class AuxLesionHead(nn.Module):
    """Location logits at stride 16 from the stride-16 tap and the nearest-upsampled stride-32
    tap (the layout of ``network_outputs``' location features)."""

    def __init__(self, hidden: int = AUX_HIDDEN) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(TAP_CHANNELS[2] + TAP_CHANNELS[3], hidden, 1),
            nn.ReLU(),
            nn.Conv2d(hidden, 32, 3, padding=1),
            nn.ReLU(),
            nn.Conv2d(32, 1, 3, padding=1),
        )

    def forward(self, s16: torch.Tensor, s32: torch.Tensor) -> torch.Tensor:
        up = nn.functional.interpolate(s32, size=s16.shape[-2:], mode="nearest")
        result: torch.Tensor = self.net(torch.cat([s16, up], dim=1))
        return result


def cell_pooling_tensor(shape: tuple[int, int]) -> torch.Tensor:
    """``lesion.cell_pooling`` as a tensor: stride-16 locations to the 8×6 cells."""
    return torch.from_numpy(cell_pooling(shape)[0])


def _photometric(rng: np.random.Generator, rgb: np.ndarray) -> np.ndarray:
    """Mild colour jitter of a DermNet photo (the lesion's redness is the signal: small hue)."""
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV).astype(np.float32)
    hsv[..., 0] = (hsv[..., 0] + rng.uniform(-3, 3)) % 180
    hsv[..., 1] *= rng.uniform(0.8, 1.2)
    hsv[..., 2] *= rng.uniform(0.8, 1.2)
    img = cv2.cvtColor(np.clip(hsv, 0, 255).astype(np.uint8), cv2.COLOR_HSV2RGB).astype(np.float32)
    mean = img.mean()
    img = (img - mean) * rng.uniform(0.85, 1.15) + mean
    if rng.random() < 0.2:
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.5, 1.2))
    return np.clip(img, 0, 255).astype(np.uint8)


def encoder_prefix(net: SkinNet, rgb_float: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """The frozen part of the encoder (stem + blocks 0-4): (stride-4 tap, stride-8 output).
    It never changes during fine-tuning, so it is computed once per augmented image."""
    encoder = net.encoder
    with torch.no_grad():
        x = (rgb_float - 127.0) / 128.0
        x = encoder.act(encoder.bn0(encoder.stem(x)))
        s4 = x
        for index in range(FROZEN_BLOCKS):
            x = encoder.blocks[index](x)
            if index == TAP_BLOCKS[0]:
                s4 = x
    return s4, x


def encoder_suffix(net: SkinNet, s8: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """The fine-tuned part of the encoder (blocks 5-15) → (stride-16 tap, stride-32 tap)."""
    x = s8
    s16 = x
    for index in range(FROZEN_BLOCKS, len(net.encoder.blocks)):
        x = net.encoder.blocks[index](x)
        if index == TAP_BLOCKS[2]:
            s16 = x
    return s16, x


@dataclass
class PrefixCache:
    """Frozen-prefix outputs of augmented images, stored in float16."""

    s4: torch.Tensor | None  # (N, 24, h/4, w/4) or None when the decoder is not needed
    s8: torch.Tensor  # (N, 40, h/8, w/8)
    target: torch.Tensor  # DermNet: (N, 48) cell marks; skin: (N, 1, h, w) masks
    photo: np.ndarray  # (N,) index of the source photo (DermNet) or -1


def derm_cache(net: SkinNet, photos: list[MarkedPhoto], variants: int, seed: int) -> PrefixCache:
    """Each photo in the four flips (cells flipped with it) × ``variants`` colour jitters."""
    rng = np.random.default_rng(seed)
    s8s, targets, index = [], [], []
    for k, photo in enumerate(photos):
        images = []
        for flip in range(4):
            rgb, cells = photo.rgb, photo.cells
            if flip & 1:
                rgb, cells = rgb[:, ::-1], cells[:, ::-1]
            if flip & 2:
                rgb, cells = rgb[::-1], cells[::-1]
            for variant in range(variants):
                image = np.ascontiguousarray(rgb)
                clean = variant == 0 and flip == 0  # the photo itself once, unjittered
                images.append(image if clean else _photometric(rng, image))
                targets.append(np.ascontiguousarray(cells).reshape(-1))
                index.append(k)
        _, s8 = encoder_prefix(net, batch_tensor(images))
        s8s.append(s8.half())
    return PrefixCache(None, torch.cat(s8s), torch.from_numpy(np.stack(targets)), np.array(index))


def skin_cache(
    net: SkinNet, pools: list[list[tuple[str, np.ndarray, np.ndarray]]], count: int, crop: int, seed: int
) -> PrefixCache:
    """``count`` augmented crops of the skin train photos (the two sets equally often)."""
    rng = np.random.default_rng(seed)
    s4s, s8s, masks = [], [], []
    for start in range(0, count, 16):
        images = []
        for _ in range(min(16, count - start)):
            pool = pools[int(rng.integers(0, len(pools)))]
            _, rgb, mask = pool[int(rng.integers(0, len(pool)))]
            crop_rgb, crop_mask = _random_crop(rng, rgb, mask, crop)
            images.append(augment(rng, crop_rgb, crop_mask))
            masks.append(crop_mask)
        s4, s8 = encoder_prefix(net, batch_tensor(images))
        s4s.append(s4.half())
        s8s.append(s8.half())
    target = torch.from_numpy(np.stack(masks).astype(np.float32))[:, None]
    return PrefixCache(torch.cat(s4s), torch.cat(s8s), target, np.full(count, -1))


def train_multitask(
    config: LesionTrainConfig,
    derm: PrefixCache,
    skin: PrefixCache,
    exclude: set[int] | frozenset[int] = frozenset(),
    log: Path | None = None,
) -> tuple[SkinNet, AuxLesionHead]:
    """Fine-tune blocks 5-15 + skin decoder + auxiliary lesion head on the cached DermNet
    variants whose photo is not in ``exclude`` (a cross-validation fold) and the skin crops.
    Deterministic for a seed."""
    seed_everything(config.seed)
    torch.set_num_threads(config.threads)
    net = load_skin_net(config.init)
    aux = AuxLesionHead()
    frozen = frozen_modules(net)
    for module in frozen:
        module.requires_grad_(False)
    encoder_params = [p for p in net.encoder.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(
        [
            {"params": encoder_params, "lr": config.lr_encoder},
            {"params": net.decoder.parameters(), "lr": config.lr_decoder},
            {"params": aux.parameters(), "lr": config.lr_aux},
        ],
        weight_decay=1e-4,
    )
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimiser,
        max_lr=[config.lr_encoder, config.lr_decoder, config.lr_aux],
        total_steps=config.steps,
        pct_start=0.1,
    )
    rng = np.random.default_rng(config.seed)
    usable = np.flatnonzero(~np.isin(derm.photo, np.array(sorted(exclude), dtype=int)))
    pooling: torch.Tensor | None = None
    started = time.time()
    history: list[tuple[float, float, float]] = []
    for step in range(config.steps):
        net.train()
        aux.train()
        for module in frozen:
            module.eval()
        pick = torch.from_numpy(rng.choice(usable, config.derm_batch, replace=False))
        s16, s32 = encoder_suffix(net, derm.s8[pick].float())
        logits = aux(s16, s32)
        if pooling is None:
            pooling = cell_pooling_tensor((logits.shape[-2], logits.shape[-1]))
        prob = torch.sigmoid(logits.reshape(len(pick), -1))
        cell_prob = (prob @ pooling.T).clamp(1e-4, 1 - 1e-4)
        lesion_loss = nn.functional.binary_cross_entropy(cell_prob, derm.target[pick])
        chosen = torch.from_numpy(rng.choice(len(skin.s8), config.skin_batch, replace=False))
        assert skin.s4 is not None
        k16, k32 = encoder_suffix(net, skin.s8[chosen].float())
        masks = skin.target[chosen]
        skin_logits = nn.functional.interpolate(
            net.decoder([skin.s4[chosen].float(), skin.s8[chosen].float(), k16, k32]),
            size=masks.shape[-2:],
            mode="bilinear",
            align_corners=False,
        )
        skin_loss = dice_bce(skin_logits, masks)
        healthy_logits = aux(k16, k32)
        healthy_loss = nn.functional.binary_cross_entropy_with_logits(
            healthy_logits, torch.zeros_like(healthy_logits)
        )
        loss = lesion_loss + skin_loss + config.healthy_weight * healthy_loss
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        scheduler.step()
        history.append((lesion_loss.item(), skin_loss.item(), healthy_loss.item()))
        if log is not None and (step + 1) % 20 == 0:
            recent = np.mean(history[-20:], axis=0)
            with log.open("a") as handle:
                handle.write(
                    f"step {step + 1}/{config.steps} lesion {recent[0]:.4f} skin {recent[1]:.4f} "
                    f"healthy {recent[2]:.4f} ({time.time() - started:.0f} s)\n"
                )
    net.eval()
    aux.eval()
    return net, aux


SkinPools = list[list[tuple[str, np.ndarray, np.ndarray]]]


def load_skin_pools(datasets: Path, limit: int | None = None) -> SkinPools:
    """The skin sets' *train* splits (never val: the skin F1 figures stay held out)."""
    return [load_split(datasets / "skin", name, "train", limit) for name in SETS]


def save_half(net: SkinNet, path: Path) -> None:
    """Weights in float16 (as ``train skin`` writes them): half the file size."""
    torch.save({k: (v.half() if v.is_floating_point() else v) for k, v in net.state_dict().items()}, path)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


FOLD_WEIGHTS = "fold-{k}.pt"


def run_lesion_training(config: LesionTrainConfig, out: Path, cv_dir: Path | None) -> dict[str, object]:
    """Train one network per cross-validation fold (into ``cv_dir``, each without its fold's
    DermNet photos) when ``cv_dir`` is given, then the final one on all photos; write the final
    weights, their ONNX export and a model card to ``out``. The cross-validated lesion and sign
    figures are measured afterwards by ``scorad-desk train heads --cv-models cv_dir``."""
    from desktop_app.ascorad.model_files import SKIN_CARD, SKIN_ONNX, SKIN_WEIGHTS
    from desktop_app.ascorad.onnx_export import export_skin_onnx
    from desktop_app.ascorad.skin_training import sha256_file, validation_metrics

    started = time.time()
    torch.set_num_threads(config.threads)
    photos = read_marked_photos(config.datasets, config.limit)
    pools = load_skin_pools(config.datasets, config.limit)
    base = load_skin_net(config.init)
    progress(f"caching the frozen layers ({len(photos)} marked photos, {config.skin_crops} skin crops)")
    derm = derm_cache(base, photos, config.variants, config.seed + 1)
    skin = skin_cache(base, pools, config.skin_crops, config.skin_crop, config.seed + 2)
    progress(f"cached in {time.time() - started:.0f} s")
    weights = out / SKIN_WEIGHTS
    runs: list[tuple[Path, frozenset[int]]] = []
    if cv_dir is not None:
        cv_dir.mkdir(parents=True, exist_ok=True)
        for k, fold in enumerate(fold_assignment(len(photos))):
            runs.append((cv_dir / FOLD_WEIGHTS.format(k=k), frozenset(int(i) for i in fold)))
    out.mkdir(parents=True, exist_ok=True)
    runs.append((weights, frozenset()))
    for target, exclude in runs:
        if target.exists() and target != weights:
            progress(f"{target} exists: kept (delete it to retrain)")
            continue
        progress(f"training {target.name} without {len(exclude)} marked photos")
        net, aux = train_multitask(config, derm, skin, exclude, log=target.with_suffix(".log"))
        save_half(net, target)
        torch.save(aux.state_dict(), target.with_suffix(".aux.pt"))
        progress(f"wrote {target} ({time.time() - started:.0f} s)")
    net = load_skin_net(weights)
    card: dict[str, object] = {
        "model": "skin segmentation + lesion-aware encoder (multi-task fine-tuning)",
        "version": LESION_MODEL_VERSION,
        "weights": weights.name,
        "sha256": sha256_file(weights),
        "architecture": "EfficientNet-Lite0 encoder (ImageNet init; stem + blocks 0-4 frozen) + FPN "
        "decoder, stride-4 skin logits; blocks 5-15 and the decoder fine-tuned jointly with an "
        "auxiliary lesion-location head (not shipped; the shipped lesion head is refitted on these "
        "features by `scorad-desk train heads`)",
        "input": "RGB photo resized to long side 320 px, sides multiples of 32; threshold 0.5",
        "init": {"weights": str(config.init), "sha256": sha256_file(config.init)},
        "data": {
            "skin": "skin masks of the abdominal set and SFA, train splits only (Topiwala et al., "
            "IEEE BIBE 2019; research-use data)",
            "lesion": "DermNet photos (dermnetnz.org, non-commercial use with attribution) with the 8x6 "
            "lesion grid of dermnet/proxy-labels.csv: PROXY marks made by eye in one pass, not by "
            "dermatologists: research-grade",
            "marked_photos": len(photos),
        },
        "seed": config.seed,
        "steps": config.steps,
        "batch": {"marked_photos": config.derm_batch, "skin_crops": config.skin_batch},
        "training_seconds": round(time.time() - started, 1),
        "command": config.command,
        "cross_validation": (
            f"{FOLDS} folds over the marked photos (the folds of head_fitting.cross_validate), one "
            "network per fold trained without its fold's photos"
            if cv_dir is not None
            else "none in this run"
        ),
        "validation": validation_metrics(net, config.datasets / "skin", config.limit),
    }
    (out / SKIN_CARD).write_text(json.dumps(card, indent=2) + "\n")
    info = export_skin_onnx(weights, out / SKIN_ONNX)
    card["onnx_sha256"] = info["onnx_sha256"]
    (out / SKIN_CARD).write_text(json.dumps(card, indent=2) + "\n")
    return card


def run_lesion_cli(args: Any, command: str) -> int:
    """``scorad-desk train lesion --data DATASETS [--init FILE] [--cv-models DIR] [--out DIR]``."""
    from desktop_app.ascorad.model_files import shipped_models_dir

    datasets = Path(args.data)
    if not (datasets / "dermnet" / "proxy-labels.csv").exists() or not (datasets / "skin").is_dir():
        print(f"error: {datasets} is not the datasets folder (dermnet/ and skin/ expected)", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else shipped_models_dir()
    init = Path(args.init) if args.init else shipped_models_dir() / SKIN_ONLY_WEIGHTS
    if not init.exists():
        print(
            f"error: {init} does not exist: pass --init with skin-only weights (train skin writes them)",
            file=sys.stderr,
        )
        return 2
    config = LesionTrainConfig(
        datasets=datasets,
        init=init,
        steps=args.steps or LesionTrainConfig.steps,
        seed=args.seed,
        threads=args.threads,
        limit=args.limit,
        command=command,
    )
    card = run_lesion_training(config, out, Path(args.cv_models) if args.cv_models else None)
    for name, metrics in card["validation"].items():  # type: ignore[attr-defined]
        print(f"{name:<8} skin F1 {metrics['f1_pooled']:.4f} (YCrCb {metrics['ycrcb_f1_pooled']:.4f})")
    print(f"weights sha256 {card['sha256']}; now refit the heads: scorad-desk train heads")
    return 0
