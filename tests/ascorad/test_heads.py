"""Linear heads: fits recover known relations; the file round-trips exactly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from desktop_app.ascorad.heads import (
    ConvHead,
    HeadSet,
    fit_logistic,
    fit_ordinal,
    fit_ridge,
    lesion_logits,
    ordinal_grades,
    ordinal_targets,
)
from desktop_app.ascorad.signs import confidence


def test_ridge_recovers_a_linear_relation() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(200, 5)).astype(np.float32)
    y = np.stack([x[:, 0] * 2 + 1, -x[:, 1]], axis=1)
    head = fit_ridge(x, y, lam=0.01)
    assert np.allclose(head(x), y, atol=0.02)


def test_logistic_separates_two_classes() -> None:
    rng = np.random.default_rng(2)
    x = rng.normal(size=(400, 3)).astype(np.float32)
    y = (x[:, 0] + 0.5 * x[:, 2] > 0).astype(np.float32)
    head = fit_logistic(x, y, lam=1e-4)
    accuracy = ((head(x)[:, 0] > 0) == (y > 0.5)).mean()
    assert accuracy > 0.97


def test_headset_round_trip(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(30, 4)).astype(np.float32)
    heads = HeadSet(
        lesion=fit_ridge(x, x[:, :1], 1.0),
        signs=fit_ridge(x, x[:, :3], 1.0),
        sign_hit_rate=np.linspace(0.5, 0.9, 6),
        sign_cv_mae=np.linspace(0.2, 0.6, 6),
        lesion_threshold=0.4,
        version="test-1",
    )
    heads.save(tmp_path / "h.npz")
    loaded = HeadSet.load(tmp_path / "h.npz")
    assert np.allclose(loaded.signs(x), heads.signs(x))
    assert loaded.version == "test-1" and loaded.lesion_threshold == np.float32(0.4)


def test_confidence_falls_with_mirror_disagreement_and_little_skin() -> None:
    sure = confidence(0.9, 0.0, 0.8)
    assert sure == 0.9
    assert confidence(0.9, 0.5, 0.8) < sure
    assert confidence(0.9, 0.0, 0.1) < sure
    assert 0.0 <= confidence(0.2, 3.0, 0.0) <= 1.0


def test_conv_head_in_numpy_matches_torch() -> None:
    import torch

    torch.manual_seed(0)
    net = torch.nn.Sequential(
        torch.nn.Conv2d(5, 4, 1), torch.nn.ReLU(), torch.nn.Conv2d(4, 3, 3, padding=1), torch.nn.ReLU()
    )
    last = torch.nn.Conv2d(3, 1, 3, padding=1)
    rng = np.random.default_rng(4)
    x = rng.normal(size=(6, 7, 5)).astype(np.float32)
    mean = x.reshape(-1, 5).mean(axis=0)
    scale = x.reshape(-1, 5).std(axis=0)
    convs = [net[0], net[2], last]
    layers = tuple((c.weight.detach().numpy(), c.bias.detach().numpy()) for c in convs)
    head = ConvHead(mean, scale, layers)
    with torch.no_grad():
        z = torch.from_numpy(((x - mean) / scale).transpose(2, 0, 1)[None])
        expected = last(net(z))[0, 0].numpy()
    assert head(x).shape == (6, 7)
    assert np.allclose(head(x), expected, atol=1e-5)
    assert np.allclose(lesion_logits(head, x), expected, atol=1e-5)


def test_the_fitted_lesion_heads_numpy_twin_matches_its_torch_module() -> None:
    import torch

    from desktop_app.ascorad.head_fitting import _context_conv_head

    torch.manual_seed(1)
    net = _context_conv_head(5).eval()
    rng = np.random.default_rng(7)
    x = rng.normal(size=(6, 9, 5)).astype(np.float32)

    def arrays(layer: torch.nn.Module) -> tuple[np.ndarray, np.ndarray]:
        return layer.weight.detach().numpy(), layer.bias.detach().numpy()  # type: ignore[operator]

    head = ConvHead(
        np.zeros(5, np.float32),
        np.ones(5, np.float32),
        (arrays(net.first), arrays(net.second), arrays(net.last)),
        photo_context=arrays(net.context),
    )
    with torch.no_grad():
        z = torch.from_numpy(x.transpose(2, 0, 1)[None])
        expected = net(z, torch.ones(1, 1, 6, 9))[0, 0].numpy()
        # padding a batch does not change a photo's context: the average is over its extent
        padded = torch.zeros(1, 5, 8, 12)
        padded[:, :, :6, :9] = z
        extent = torch.zeros(1, 1, 8, 12)
        extent[:, :, :6, :9] = 1.0
        in_batch = net(padded, extent)[0, 0, :6, :9].numpy()
    assert np.allclose(head(x), expected, atol=1e-5)
    # two 3x3 layers: the last two rows and columns see the padding, as any zero-padded conv would
    assert np.allclose(in_batch[:-2, :-2], expected[:-2, :-2], atol=1e-5)
    # the context is the photo's: the same location reads differently beside other skin
    other = x.copy()
    other[:, 5:] += 3.0
    assert not np.allclose(head(other)[:, :2], head(x)[:, :2], atol=1e-4)
    no_context = ConvHead(head.mean, head.scale, head.layers[:1])
    assert np.allclose(no_context(other)[:, :2], no_context(x)[:, :2])  # a 1x1 layer alone is local


def test_ordinal_heads_recover_whole_grades() -> None:
    rng = np.random.default_rng(5)
    x = rng.normal(size=(300, 4)).astype(np.float32)
    grades = np.stack([np.clip(np.floor(x[:, k % 4] + 1.5), 0, 3) for k in range(6)], axis=1)
    head = fit_ordinal(x, grades, lam=1e-3)
    predicted = ordinal_grades(head(x))
    assert predicted.shape == (300, 6)
    assert np.all((predicted >= 0) & (predicted <= 3))
    assert np.mean(np.floor(predicted + 0.5) == grades) > 0.9
    assert ordinal_targets(np.array([[2.0, 0, 3, 1, 0, 0]]))[0].tolist() == [
        1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0
    ]  # fmt: skip


def test_headset_with_conv_lesion_and_ordinal_signs_round_trips(tmp_path: Path) -> None:
    rng = np.random.default_rng(6)
    layers = (
        (rng.normal(size=(3, 4, 1, 1)).astype(np.float32), np.zeros(3, np.float32)),
        # 3 channels + the photo's context of 3 (heads 2.6)
        (rng.normal(size=(1, 6, 3, 3)).astype(np.float32), np.ones(1, np.float32)),
    )
    context = (rng.normal(size=(3, 3)).astype(np.float32), np.ones(3, np.float32))
    lesion = ConvHead(np.zeros(4, np.float32), np.ones(4, np.float32), layers, photo_context=context)
    x = rng.normal(size=(30, 4)).astype(np.float32)
    signs = fit_ridge(x, rng.normal(size=(30, 18)), 1.0)
    heads = HeadSet(
        lesion=lesion,
        signs=signs,
        sign_hit_rate=np.full(6, 0.6),
        sign_cv_mae=np.full(6, 0.4),
        lesion_threshold=0.5,
        version="test-2",
        sign_kind="ordinal",
        photo_features="pooled+stats+texture+reddish",
        location_features="skin+view448",
        lesion_rule="head|strong",
        head_min_intensity=1.7,
        strong_local_contrast=6.0,
        strong_local_gap_px=12,
        strong_core_step=5.0,
    )
    heads.save(tmp_path / "h.npz")
    loaded = HeadSet.load(tmp_path / "h.npz")
    maps = rng.normal(size=(5, 6, 4)).astype(np.float32)
    assert isinstance(loaded.lesion, ConvHead) and loaded.lesion.photo_context is not None
    assert np.allclose(loaded.lesion(maps), lesion(maps))
    assert np.allclose(loaded.grades(x), heads.grades(x))
    assert (loaded.sign_kind, loaded.photo_features, loaded.lesion_rule) == (
        "ordinal",
        "pooled+stats+texture+reddish",
        "head|strong",
    )
    assert loaded.head_min_intensity == pytest.approx(1.7)
    assert (loaded.strong_local_contrast, loaded.strong_local_gap_px) == (pytest.approx(6.0), 12)
    assert loaded.strong_core_step == pytest.approx(5.0)
    assert loaded.location_features == "skin+view448"
    # a heads file from before 2.2 has no gate and never switches to Δa* alone, and (before
    # 2.3) keeps every strongly red region
    with np.load(tmp_path / "h.npz") as data:
        older = {
            key: data[key]
            for key in data.files
            if key
            not in (
                "head_min_intensity",
                "strong_local_contrast",
                "strong_local_gap_px",
                "strong_core_step",
                "location_features",
                "lesion_photo_context_weights",
                "lesion_photo_context_bias",
            )
        }
    np.savez(tmp_path / "old.npz", **older)
    old = HeadSet.load(tmp_path / "old.npz")
    assert isinstance(old.lesion, ConvHead) and old.lesion.photo_context is None  # before 2.6
    assert (old.head_min_intensity, old.strong_local_contrast, old.strong_local_gap_px) == (0.0, 0.0, 0)
    assert old.strong_core_step == 0.0
    assert old.location_features == "skin"  # before 2.5 the lesion head read the skin network alone
