"""Multi-task fine-tuning on the grid marks: folds, cell pooling, flips, determinism, and the
per-fold cross-validation of the heads."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from desktop_app.ascorad import head_fitting as hf
from desktop_app.ascorad import lesion_training as lt
from desktop_app.ascorad.skin_model import SkinNet, load_skin_net
from tests.ascorad.conftest import disc_mask, redden, skin_image


def test_folds_are_those_of_the_heads_cross_validation() -> None:
    folds = hf.fold_assignment(322)
    expected = np.array_split(np.random.default_rng(7).permutation(322), hf.FOLDS)
    assert len(folds) == hf.FOLDS
    for got, want in zip(folds, expected, strict=True):
        assert np.array_equal(got, want)
    assert sorted(np.concatenate(folds).tolist()) == list(range(322))


def test_cell_pooling_averages_each_location_into_its_cell() -> None:
    pool = lt.cell_pooling_tensor((16, 20)).numpy()
    assert pool.shape == (48, 320)
    assert np.allclose(pool.sum(axis=1), 1.0)
    assert np.array_equal((pool > 0).sum(axis=0), np.ones(320))  # one cell per location
    first = np.zeros((16, 20), np.float32)
    first[:3, :2] = 1.0  # the locations whose centres lie in cell A1 (rows 0-2, columns 0-1)
    assert pool[0] @ first.reshape(-1) == pytest.approx(1.0)
    assert pool[1] @ first.reshape(-1) == pytest.approx(0.0)


def _photo(cells: list[tuple[int, int]], seed: int) -> lt.MarkedPhoto:
    marks = np.zeros((6, 8), np.float32)
    for row, col in cells:
        marks[row, col] = 1.0
    rgb = redden(skin_image(64, 96, seed=seed), disc_mask(64, 96, 20, 30, 12), 1.0)
    return lt.MarkedPhoto(f"p{seed}", rgb, marks)


def _tiny_init(tmp_path: Path) -> Path:
    torch.manual_seed(0)
    path = tmp_path / "init.pt"
    torch.save(SkinNet(pretrained=False).state_dict(), path)
    return path


def test_cache_flips_the_marks_with_the_photo(tmp_path: Path) -> None:
    net = load_skin_net(_tiny_init(tmp_path))
    cache = lt.derm_cache(net, [_photo([(0, 0)], 1)], variants=1, seed=0)
    assert cache.s8.shape == (4, 40, 8, 12)
    marked = [set(np.flatnonzero(t.numpy()).tolist()) for t in cache.target]
    # A1, then horizontal flip → H1, vertical → A6, both → H6 (cell index = row * 8 + col)
    assert marked == [{0}, {7}, {40}, {47}]
    assert cache.photo.tolist() == [0, 0, 0, 0]


def _train(tmp_path: Path, exclude: frozenset[int]) -> tuple[SkinNet, SkinNet]:
    torch.set_num_threads(1)  # as train_multitask: the caches then sum in the same order
    init = _tiny_init(tmp_path)
    base = load_skin_net(init)
    photos = [_photo([(1, 2), (1, 3)], seed) for seed in range(4)]
    rng = np.random.default_rng(0)
    pools = [
        [(f"s{i}", skin_image(80, 80, seed=10 + i), (rng.random((80, 80)) > 0.3).astype(np.uint8))]
        for i in range(2)
    ]
    derm = lt.derm_cache(base, photos, variants=1, seed=1)
    skin = lt.skin_cache(base, pools, count=8, crop=64, seed=2)
    config = lt.LesionTrainConfig(
        datasets=tmp_path, init=init, steps=12, derm_batch=2, skin_batch=2, skin_crop=64, threads=1
    )
    net, _ = lt.train_multitask(config, derm, skin, exclude)
    return base, net


def test_training_is_seeded_and_keeps_the_frozen_layers(tmp_path: Path) -> None:
    base, first = _train(tmp_path, frozenset({0}))
    _, second = _train(tmp_path, frozenset({0}))
    for (name, a), b in zip(first.state_dict().items(), second.state_dict().values(), strict=True):
        assert torch.equal(a, b), name
    before, after = base.state_dict(), first.state_dict()
    frozen = [k for k in before if k.startswith(("encoder.stem.", "encoder.blocks.4."))]
    assert frozen and all(torch.equal(before[k], after[k]) for k in frozen)
    changed = [
        k for k in before if k.startswith("encoder.blocks.12.") and not torch.equal(before[k], after[k])
    ]
    assert changed, "the fine-tuned blocks did not move"


def _samples(rng: np.random.Generator, count: int, group: str) -> list[hf.Sample]:
    out = []
    for k in range(count):
        cells = {"A1", "B1"} if group != "healthy" and k % 2 else set()
        features = rng.normal(size=(6, 8, 5)).astype(np.float32)
        features[:1, :2, 0] += 3.0 if cells else 0.0
        out.append(
            hf.Sample(
                name=f"{group}{k}",
                group=group,
                grades=np.full(6, float(k % 4 if group != "healthy" else 0), np.float32),
                lesion_pct=10.0 if cells else 0.0,
                cells=cells,
                location_features=features,
                photo_features=rng.normal(size=12).astype(np.float32) + (k % 4),
                photo_views=rng.normal(size=(2, 12)).astype(np.float32),
                delta_a=np.zeros((48, 64), np.float32),
                skin=np.ones((48, 64), bool),
            )
        )
    return out


def test_per_fold_samples_feed_each_fold() -> None:
    rng = np.random.default_rng(3)
    samples = _samples(rng, 20, "atopic") + _samples(rng, 6, "healthy")
    plain = hf.cross_validate(samples)
    same = hf.cross_validate(samples, [samples] * hf.FOLDS)
    assert same["cell_iou_mean"] == plain["cell_iou_mean"]
    assert same["rmae_atopic"] == plain["rmae_atopic"]
    blank = [hf.Sample(**{**s.__dict__, "photo_features": np.zeros_like(s.photo_features)}) for s in samples]
    other = hf.cross_validate(samples, [blank] * hf.FOLDS)  # each fold reads its own features
    plain_error = np.mean(list(plain["rmae_atopic"].values()))  # type: ignore[attr-defined]
    blank_error = np.mean(list(other["rmae_atopic"].values()))  # type: ignore[attr-defined]
    assert blank_error > plain_error + 5.0
    with pytest.raises(ValueError, match="per-fold"):
        hf.cross_validate(samples, [samples])


def test_train_lesion_command_rejects_a_wrong_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop_app.cli import main

    assert main(["train", "lesion", "--data", str(tmp_path)]) == 2
    assert "datasets folder" in capsys.readouterr().err
    (tmp_path / "dermnet").mkdir()
    (tmp_path / "dermnet" / "proxy-labels.csv").write_text("path\n")
    (tmp_path / "skin").mkdir()
    assert main(["train", "lesion", "--data", str(tmp_path), "--init", str(tmp_path / "none.pt")]) == 2
    assert "train skin" in capsys.readouterr().err
