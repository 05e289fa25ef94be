"""The learned heads on the encoder features, stored as plain numpy arrays (no torch at run time).

* Lesion head: a small convolutional head over the stride-16 location features (encoder taps +
  colour-contrast maps) → probability that each location is eczema (``ConvHead``, since 2.6 with
  the photo's average as context; the first heads were a per-location logistic regression, a
  ``LinearHead``, still loadable). Fitted on the coarse 8×6 grid marks of the DermNet proxy
  labels plus healthy skin photos (all zero).
* Sign heads: per sign, three ordinal logistic regressions ("grade ≥ 1", "≥ 2", "≥ 3"; Frank &
  Hall 2001) on pooled features; the grade is the sum of the three probabilities, i.e. the
  expected grade. The first heads were a ridge regression on the grades (``sign_kind="ridge"``,
  still loadable). With whole reference grades the MAE of a rounded grade is the sum of the
  three threshold errors, so one classifier per threshold aims at the figure that matters.

Why small: a few hundred labelled photos support little more; the file stays tiny and the
run-time cost is a few matrix products. Fitting lives in ``head_fitting``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

SIGNS = ("erythema", "oedema_papulation", "oozing_crusts", "excoriations", "lichenification", "dryness")


@dataclass(frozen=True)
class LinearHead:
    """``y = ((x - mean) / scale) @ weights + bias`` (columns: outputs)."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray  # (d, k)
    bias: np.ndarray  # (k,)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        z = (np.asarray(x, np.float32) - self.mean) / self.scale
        result: np.ndarray = z @ self.weights + self.bias
        return result


def standardiser(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    return mean.astype(np.float32), scale.astype(np.float32)


def fit_ridge(x: np.ndarray, y: np.ndarray, lam: float) -> LinearHead:
    """Closed-form ridge on standardised features (dual form: fast when d > n)."""
    mean, scale = standardiser(x)
    z = ((x - mean) / scale).astype(np.float64)
    y_mean = y.mean(axis=0)
    gram = z @ z.T + lam * np.eye(len(z))
    alpha = np.linalg.solve(gram, y - y_mean)
    weights = (z.T @ alpha).astype(np.float32)
    return LinearHead(mean, scale, weights, y_mean.astype(np.float32))


def fit_logistic(
    x: np.ndarray, y: np.ndarray, lam: float, sample_weight: np.ndarray | None = None, iterations: int = 60
) -> LinearHead:
    """L2-regularised logistic regression (torch L-BFGS, full batch)."""
    import torch

    mean, scale = standardiser(x)
    z = torch.from_numpy(((x - mean) / scale).astype(np.float32))
    t = torch.from_numpy(y.astype(np.float32))
    sw = torch.ones_like(t) if sample_weight is None else torch.from_numpy(sample_weight.astype(np.float32))
    w = torch.zeros(z.shape[1], requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    optimiser = torch.optim.LBFGS([w, b], lr=1.0, max_iter=iterations, line_search_fn="strong_wolfe")

    def closure() -> torch.Tensor:
        optimiser.zero_grad()
        logits = z @ w + b
        loss = (torch.nn.functional.binary_cross_entropy_with_logits(logits, t, reduction="none") * sw).sum()
        loss = loss / sw.sum() + lam * (w * w).sum() / 2
        loss.backward()
        return loss

    optimiser.step(closure)
    return LinearHead(mean, scale, w.detach().numpy()[:, None], b.detach().numpy())


def ordinal_targets(grades: np.ndarray) -> np.ndarray:
    """(n, 6) whole grades → (n, 18) 0/1 targets "grade ≥ 1", "≥ 2", "≥ 3" (level-major)."""
    return np.concatenate([(grades >= level).astype(np.float32) for level in (1, 2, 3)], axis=1)


def fit_ordinal(x: np.ndarray, grades: np.ndarray, lam: float, iterations: int = 100) -> LinearHead:
    """Ordinal sign heads: one L2-regularised logistic regression per sign and threshold
    (torch L-BFGS, full batch, standardised features); ``grades`` (n, 6) whole numbers."""
    import torch

    targets = ordinal_targets(grades)
    mean, scale = standardiser(x)
    z = torch.from_numpy(((x - mean) / scale).astype(np.float32))
    t = torch.from_numpy(targets)
    w = torch.zeros(z.shape[1], t.shape[1], requires_grad=True)
    b = torch.zeros(t.shape[1], requires_grad=True)
    optimiser = torch.optim.LBFGS([w, b], lr=1.0, max_iter=iterations, line_search_fn="strong_wolfe")

    def closure() -> torch.Tensor:
        optimiser.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(z @ w + b, t) * t.shape[1]
        loss = loss + lam * (w * w).sum() / 2
        loss.backward()
        return loss

    optimiser.step(closure)
    return LinearHead(mean, scale, w.detach().numpy(), b.detach().numpy())


@dataclass(frozen=True)
class ConvHead:
    """Standardise, then convolutions (zero padding, ReLU between them) over a (h, w, C) map →
    (h, w) logits. ``layers``: ((weights (out, in, k, k), bias (out,)), ...).

    ``photo_context`` (heads 2.6+; None before): (weights (k, k'), bias (k,)) of a dense layer on
    the first layer's output averaged over the whole photo, ReLU, appended to every location's
    channels before the second layer. It lets each location be judged against the rest of the
    same photo (how red, how textured the photo is as a whole), not alone."""

    mean: np.ndarray
    scale: np.ndarray
    layers: tuple[tuple[np.ndarray, np.ndarray], ...]
    photo_context: tuple[np.ndarray, np.ndarray] | None = None

    def __call__(self, location_features: np.ndarray) -> np.ndarray:
        x = (np.asarray(location_features, np.float32) - self.mean) / self.scale
        for index, (weights, bias) in enumerate(self.layers):
            x = _conv(x, weights, bias)
            if index < len(self.layers) - 1:
                x = np.maximum(x, 0.0)
            if index == 0 and self.photo_context is not None:
                x = _with_photo_context(x, *self.photo_context)
        result: np.ndarray = x[..., 0]
        return result


def _with_photo_context(x: np.ndarray, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """(h, w, k') → (h, w, k' + k): each location's channels, then the photo's context vector."""
    context = np.maximum(x.mean(axis=(0, 1)) @ weights.T + bias, 0.0).astype(np.float32)
    tiled = np.broadcast_to(context, (*x.shape[:2], context.shape[0]))
    return np.concatenate([x, tiled], axis=-1)


def _conv(x: np.ndarray, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """(h, w, in) ⊛ (out, in, k, k) with zero padding k//2 (as torch's Conv2d) → (h, w, out)."""
    out_c, _, k, _ = weights.shape
    h, w, _ = x.shape
    pad = k // 2
    padded = np.pad(x, ((pad, pad), (pad, pad), (0, 0)))
    result = np.zeros((h, w, out_c), np.float32)
    for dy in range(k):
        for dx in range(k):
            result += padded[dy : dy + h, dx : dx + w] @ weights[:, :, dy, dx].T
    return result + bias


LesionHead = LinearHead | ConvHead


def lesion_logits(head: LesionHead, location_features: np.ndarray) -> np.ndarray:
    """(h, w, C) location features → (h, w) lesion logits, for either kind of lesion head."""
    if isinstance(head, ConvHead):
        return head(location_features)
    h, w, c = location_features.shape
    logits: np.ndarray = head(location_features.reshape(-1, c))[:, 0].reshape(h, w)
    return logits


def ordinal_grades(logits: np.ndarray) -> np.ndarray:
    """(n, 18) logits, columns level-major (≥1 for the six signs, then ≥2, then ≥3) → (n, 6)
    expected grades 0–3."""
    prob = 1.0 / (1.0 + np.exp(-np.clip(np.asarray(logits, np.float64), -60.0, 60.0)))
    grades: np.ndarray = prob.reshape(len(prob), 3, len(SIGNS)).sum(axis=1).astype(np.float32)
    return grades


@dataclass(frozen=True)
class HeadSet:
    """Everything the engine needs besides the skin network, loaded from one ``.npz``."""

    lesion: LesionHead  # location features → lesion logit
    signs: LinearHead  # photo features → "ridge": six grades + lesion % / 100; "ordinal": 18 logits
    sign_hit_rate: np.ndarray  # (6,) share of cross-validated predictions within 0.5 grade
    sign_cv_mae: np.ndarray  # (6,) cross-validated MAE (grades)
    lesion_threshold: float
    version: str
    sign_kind: str = "ridge"  # "ridge" | "ordinal" (see the module docstring)
    photo_features: str = "pooled+stats"  # which photo feature vector the sign head reads
    location_features: str = "skin"  # what the lesion head reads per location (head_fitting)
    lesion_rule: str = "head&weak|strong"  # how the head and Δa* combine (lesion.LESION_RULES)
    # Below this sum of the six grades the photo's mask is Δa* alone (lesion.applied_rule);
    # 0 (heads before 2.2) never switches.
    head_min_intensity: float = 0.0
    # How much redder than the skin around it a Δa* > 15 region must be to count
    # (lesion.strong_mask); 0 (heads before 2.3) keeps every such region. The band of skin it
    # is compared with starts this many px (working size) beyond the region's border.
    strong_local_contrast: float = 0.0
    strong_local_gap_px: int = 0
    # The Δa* step of the cores tried inside a region that fails that test (lesion.strong_mask);
    # 0 (heads before 2.4) tries none.
    strong_core_step: float = 0.0

    @property
    def input_sizes(self) -> tuple[int, int]:
        """(photo features the sign heads read, channels the lesion head reads per location)."""
        return int(self.signs.mean.shape[-1]), int(self.lesion.mean.shape[-1])

    def grades(self, features: np.ndarray) -> np.ndarray:
        """(n, d) photo features → (n, 6) grades 0–3 (fractional)."""
        out = self.signs(features)
        graded = ordinal_grades(out) if self.sign_kind == "ordinal" else out[:, : len(SIGNS)]
        result: np.ndarray = np.clip(graded, 0.0, 3.0)
        return result

    def save(self, path: Path) -> None:
        arrays: dict[str, np.ndarray] = {}
        for part in ("mean", "scale", "weights", "bias"):
            arrays[f"signs_{part}"] = np.asarray(getattr(self.signs, part), np.float32)
        if isinstance(self.lesion, ConvHead):
            arrays["lesion_mean"] = np.asarray(self.lesion.mean, np.float32)
            arrays["lesion_scale"] = np.asarray(self.lesion.scale, np.float32)
            for index, (weights, bias) in enumerate(self.lesion.layers):
                arrays[f"lesion_conv{index}_weights"] = np.asarray(weights, np.float32)
                arrays[f"lesion_conv{index}_bias"] = np.asarray(bias, np.float32)
            if self.lesion.photo_context is not None:
                arrays["lesion_photo_context_weights"] = np.asarray(self.lesion.photo_context[0], np.float32)
                arrays["lesion_photo_context_bias"] = np.asarray(self.lesion.photo_context[1], np.float32)
        else:
            for part in ("mean", "scale", "weights", "bias"):
                arrays[f"lesion_{part}"] = np.asarray(getattr(self.lesion, part), np.float32)
        arrays["sign_kind"] = np.array([self.sign_kind])
        arrays["photo_features"] = np.array([self.photo_features])
        arrays["location_features"] = np.array([self.location_features])
        arrays["lesion_rule"] = np.array([self.lesion_rule])
        arrays["sign_hit_rate"] = self.sign_hit_rate.astype(np.float32)
        arrays["sign_cv_mae"] = self.sign_cv_mae.astype(np.float32)
        arrays["lesion_threshold"] = np.array([self.lesion_threshold], np.float32)
        arrays["head_min_intensity"] = np.array([self.head_min_intensity], np.float32)
        arrays["strong_local_contrast"] = np.array([self.strong_local_contrast], np.float32)
        arrays["strong_local_gap_px"] = np.array([self.strong_local_gap_px], np.int32)
        arrays["strong_core_step"] = np.array([self.strong_core_step], np.float32)
        arrays["version"] = np.array([self.version])
        with path.open("wb") as handle:
            np.savez(handle, **arrays)  # type: ignore[arg-type]  # numpy's stub mistypes **kwds

    @classmethod
    def load(cls, path: Path) -> HeadSet:
        with np.load(path, allow_pickle=False) as data:

            def head(name: str) -> LinearHead:
                return LinearHead(
                    *(np.array(data[f"{name}_{p}"]) for p in ("mean", "scale", "weights", "bias"))
                )

            lesion: LesionHead
            if "lesion_conv0_weights" in data:
                count = sum(1 for key in data.files if key.endswith("_weights") and "_conv" in key)
                layers = tuple(
                    (np.array(data[f"lesion_conv{i}_weights"]), np.array(data[f"lesion_conv{i}_bias"]))
                    for i in range(count)
                )
                context = None  # heads before 2.6
                if "lesion_photo_context_weights" in data.files:
                    context = (
                        np.array(data["lesion_photo_context_weights"]),
                        np.array(data["lesion_photo_context_bias"]),
                    )
                lesion = ConvHead(
                    np.array(data["lesion_mean"]), np.array(data["lesion_scale"]), layers, context
                )
            else:
                lesion = head("lesion")
            files = set(data.files)
            return cls(
                lesion=lesion,
                signs=head("signs"),
                sign_hit_rate=np.array(data["sign_hit_rate"]),
                sign_cv_mae=np.array(data["sign_cv_mae"]),
                lesion_threshold=float(data["lesion_threshold"][0]),
                version=str(data["version"][0]),
                sign_kind=str(data["sign_kind"][0]) if "sign_kind" in files else "ridge",
                photo_features=str(data["photo_features"][0])
                if "photo_features" in files
                else "pooled+stats",
                location_features=(
                    str(data["location_features"][0]) if "location_features" in files else "skin"
                ),
                lesion_rule=str(data["lesion_rule"][0]) if "lesion_rule" in files else "head&weak|strong",
                head_min_intensity=(
                    float(data["head_min_intensity"][0]) if "head_min_intensity" in files else 0.0
                ),
                strong_local_contrast=(
                    float(data["strong_local_contrast"][0]) if "strong_local_contrast" in files else 0.0
                ),
                strong_local_gap_px=(
                    int(data["strong_local_gap_px"][0]) if "strong_local_gap_px" in files else 0
                ),
                strong_core_step=(float(data["strong_core_step"][0]) if "strong_core_step" in files else 0.0),
            )
