"""The learned heads on the encoder features: linear models stored as plain numpy arrays.

* Lesion head: logistic regression on each stride-16 location's features (encoder taps +
  colour-contrast maps) → probability that the location is eczema. Fitted on the coarse
  8×6 grid marks of the DermNet proxy labels plus healthy skin photos (all zero).
* Sign heads and lesion-% head: ridge regression on skin-weighted pooled head features plus
  a few colour/texture statistics (DESIGN §4 measured ridge on frozen Lite0 features as the
  floor; these add skin-weighting, colour contrast and healthy examples).

Why linear: a few hundred labelled photos support little more, the fit is closed-form and
reproducible, and the file stays tiny. Fitting lives in ``head_fitting``.
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


@dataclass(frozen=True)
class HeadSet:
    """Everything the engine needs besides the skin network, loaded from one ``.npz``."""

    lesion: LinearHead  # location features → lesion logit
    signs: LinearHead  # photo features → six grades + lesion % / 100 (7 columns)
    sign_hit_rate: np.ndarray  # (6,) share of cross-validated predictions within 0.5 grade
    sign_cv_mae: np.ndarray  # (6,) cross-validated MAE (grades)
    lesion_threshold: float
    version: str

    def save(self, path: Path) -> None:
        arrays: dict[str, np.ndarray] = {}
        for name in ("lesion", "signs"):
            head: LinearHead = getattr(self, name)
            for part in ("mean", "scale", "weights", "bias"):
                arrays[f"{name}_{part}"] = np.asarray(getattr(head, part), np.float32)
        arrays["sign_hit_rate"] = self.sign_hit_rate.astype(np.float32)
        arrays["sign_cv_mae"] = self.sign_cv_mae.astype(np.float32)
        arrays["lesion_threshold"] = np.array([self.lesion_threshold], np.float32)
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

            return cls(
                lesion=head("lesion"),
                signs=head("signs"),
                sign_hit_rate=np.array(data["sign_hit_rate"]),
                sign_cv_mae=np.array(data["sign_cv_mae"]),
                lesion_threshold=float(data["lesion_threshold"][0]),
                version=str(data["version"][0]),
            )
