"""The flare threshold follows the domain's bands and MCIDs."""

import pytest

from desktop_app.domain.scorad import ScoreKind
from desktop_app.domain.severity import MCID, BandSet, classify
from desktop_app.forecast.flare import band_floors, flare_threshold, is_flare


@pytest.mark.parametrize("kind", list(ScoreKind))
@pytest.mark.parametrize("band_set", list(BandSet))
def test_band_floors_are_where_classify_changes(kind: ScoreKind, band_set: BandSet) -> None:
    for floor in band_floors(kind, band_set):
        assert classify(floor, kind, band_set) != classify(floor - 1e-6, kind, band_set)


def test_rise_by_mcid_or_a_worse_band() -> None:
    scorad = ScoreKind.SCORAD
    # Classic bands: 25 enters moderate (inclusive), severe starts above 50.
    assert flare_threshold(20.0, scorad) == 25.0
    assert is_flare(20.0, 25.0, scorad) and not is_flare(20.0, 24.9, scorad)
    assert flare_threshold(10.0, scorad) == pytest.approx(10.0 + MCID[scorad])
    assert is_flare(10.0, 18.7, scorad) and not is_flare(10.0, 18.6, scorad)
    assert not is_flare(45.0, 50.0, scorad) and is_flare(45.0, 50.1, scorad)
    assert flare_threshold(60.0, scorad) == pytest.approx(60.0 + MCID[scorad])
    assert flare_threshold(100.0, scorad) > 103.0  # no flare possible from the top of the scale
    assert flare_threshold(5.0, ScoreKind.OSCORAD, BandSet.CHOPRA2017) == 8.0
    assert is_flare(30.1, 30.1 + 8.2 - 1e-12, ScoreKind.PO_SCORAD)  # recorded 38.3: a rise of exactly 8.2
