"""The simulated cohorts are reproducible, on the scale, and irregular as documented."""

import numpy as np

from desktop_app.forecast.simulation import CLINIC_COHORT, FLARE_COHORT, simulate_cohort


def test_cohorts_are_reproducible_bounded_and_irregular() -> None:
    first = simulate_cohort(80, seed=4)
    assert first == simulate_cohort(80, seed=4)
    assert first != simulate_cohort(80, seed=5)
    scores = np.concatenate([p.scores for p in first])
    assert scores.min() >= 0.0 and scores.max() <= 103.0
    assert np.all(np.round(scores, 1) == scores)  # recorded to one decimal
    gaps = np.concatenate([np.diff([d.toordinal() for d in p.dates]) for p in first])
    low, high = CLINIC_COHORT.gap_bounds_days
    assert gaps.min() >= low and gaps.max() <= high and gaps.std() > 10.0
    counts = [len(p.dates) for p in first]
    assert min(counts) >= CLINIC_COHORT.visits[0] and max(counts) <= CLINIC_COHORT.visits[1]
    assert 20.0 < np.median(scores) < 40.0  # moderate median, as documented


def test_flare_jumps_raise_the_upper_tail() -> None:
    calm = np.concatenate([p.scores for p in simulate_cohort(300, seed=8, spec=CLINIC_COHORT)])
    flaring = np.concatenate([p.scores for p in simulate_cohort(300, seed=8, spec=FLARE_COHORT)])
    assert np.percentile(flaring, 95) > np.percentile(calm, 95) + 3.0
