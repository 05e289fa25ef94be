"""Choices made inside the training photos: the sign heads' L2 strength and the lesion head's gate."""

from __future__ import annotations

import numpy as np
import pytest

from desktop_app.ascorad import head_fitting as hf


def _graded_samples(count: int, group: str, seed: int) -> list[hf.Sample]:
    """Photos whose features carry their (whole) grade plus noise; healthy ones are graded 0."""
    rng = np.random.default_rng(seed)
    out = []
    for k in range(count):
        grade = 0.0 if group == "healthy" else float(k % 4)
        features = rng.normal(0.0, 0.3, 10).astype(np.float32) + grade
        out.append(
            hf.Sample(
                name=f"{group}{k}",
                group=group,
                grades=np.full(6, grade, np.float32),
                lesion_pct=0.0,
                cells=set(),
                location_features=np.zeros((2, 2, 3), np.float32),
                photo_features=features,
                photo_views=np.stack([features, features]),
                delta_a=np.zeros((8, 8), np.float32),
                skin=np.ones((8, 8), bool),
            )
        )
    return out


def test_inner_cv_returns_the_chosen_strength_and_held_out_grades() -> None:
    samples = _graded_samples(40, "atopic", 1) + _graded_samples(10, "healthy", 2)
    lam, grades = hf.inner_sign_cv(samples)
    assert lam == hf.choose_sign_lambda(samples) and lam in hf.SIGN_LAMBDAS
    assert grades.shape == (40, 6)
    truth = np.array([k % 4 for k in range(40)], float)
    # every photo was predicted by a head that never saw it, and the grades are learnable here
    assert np.corrcoef(grades[:, 0], truth)[0, 1] > 0.9
    assert np.abs(grades[:, 0] - truth).mean() < 0.5


def test_head_gate_lets_about_one_percent_of_eczema_photos_under_it() -> None:
    rng = np.random.default_rng(4)
    grades = rng.uniform(0.2, 1.5, (500, 6)).astype(np.float32)
    gate = hf.choose_head_gate(grades)
    sums = grades.sum(axis=1)
    assert abs(np.mean(sums < gate) - 0.01) <= 0.002
    assert sums.min() <= gate < np.median(sums)


def test_each_fold_chooses_its_gate_from_its_own_training_photos(monkeypatch: pytest.MonkeyPatch) -> None:
    samples = _graded_samples(40, "atopic", 5) + _graded_samples(10, "healthy", 6)
    seen: list[tuple[set[str], float]] = []
    original = hf.inner_sign_cv

    def recording(train: list[hf.Sample], seed: int = 11) -> tuple[float, np.ndarray]:
        lam, grades = original(train, seed)
        seen.append(({s.name for s in train if s.group != "healthy"}, hf.choose_head_gate(grades)))
        return lam, grades

    monkeypatch.setattr(hf, "inner_sign_cv", recording)
    figures = hf.cross_validate(samples)
    folds = hf.fold_assignment(40)
    assert len(seen) == len(folds) == hf.FOLDS
    recorded_gates = figures["lesion_head_gates_per_fold"]
    assert isinstance(recorded_gates, list)
    for (names, gate), fold, recorded in zip(seen, folds, recorded_gates, strict=True):
        held_out = {f"atopic{i}" for i in fold}
        assert not names & held_out and len(names) == 40 - len(fold)  # no held-out photo chooses it
        assert recorded == gate
