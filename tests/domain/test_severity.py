import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.errors import OutOfRangeError
from desktop_app.domain.scorad import ScoreKind
from desktop_app.domain.severity import MCID, Band, BandSet, classify, parse_band_set

CLASSIC = BandSet.CLASSIC
CHOPRA = BandSet.CHOPRA2017


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, Band.MILD),
        (24.9, Band.MILD),
        (24.999, Band.MILD),
        (25, Band.MODERATE),
        (50, Band.MODERATE),
        (50.01, Band.SEVERE),
        (103, Band.SEVERE),
    ],
)
def test_classic_scorad_bands(score: float, band: Band) -> None:
    assert classify(score, ScoreKind.SCORAD, CLASSIC) is band
    assert classify(score, ScoreKind.PO_SCORAD, CLASSIC) is band


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, Band.MILD),
        (14.99, Band.MILD),
        (15, Band.MODERATE),
        (40, Band.MODERATE),
        (40.01, Band.SEVERE),
        (83, Band.SEVERE),
    ],
)
def test_classic_oscorad_bands(score: float, band: Band) -> None:
    assert classify(score, ScoreKind.OSCORAD, CLASSIC) is band


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, Band.CLEAR),
        (9.9, Band.CLEAR),
        (9.95, Band.CLEAR),
        (10, Band.MILD),
        (28.9, Band.MILD),
        (29, Band.MODERATE),
        (48.9, Band.MODERATE),
        (49, Band.SEVERE),
        (103, Band.SEVERE),
    ],
)
def test_chopra_scorad_bands(score: float, band: Band) -> None:
    assert classify(score, ScoreKind.SCORAD, CHOPRA) is band


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, Band.CLEAR),
        (7.9, Band.CLEAR),
        (8, Band.MILD),
        (23.9, Band.MILD),
        (24, Band.MODERATE),
        (37.9, Band.MODERATE),
        (38, Band.SEVERE),
        (83, Band.SEVERE),
    ],
)
def test_chopra_oscorad_bands(score: float, band: Band) -> None:
    assert classify(score, ScoreKind.OSCORAD, CHOPRA) is band


ORDER = [Band.CLEAR, Band.MILD, Band.MODERATE, Band.SEVERE]


@given(st.floats(0, 103), st.floats(0, 103), st.sampled_from(list(BandSet)))
def test_bands_never_go_down_as_the_score_rises(x: float, y: float, band_set: BandSet) -> None:
    low, high = sorted((x, y))
    assert ORDER.index(classify(low, ScoreKind.SCORAD, band_set)) <= ORDER.index(
        classify(high, ScoreKind.SCORAD, band_set)
    )


@pytest.mark.parametrize(
    ("score", "kind"), [(103.1, ScoreKind.SCORAD), (83.5, ScoreKind.OSCORAD), (-1, ScoreKind.PO_SCORAD)]
)
def test_scores_off_the_scale_are_refused_not_clamped(score: float, kind: ScoreKind) -> None:
    with pytest.raises(OutOfRangeError) as info:
        classify(score, kind)
    assert info.value.field == kind.value


def test_mcid_constants() -> None:
    assert MCID[ScoreKind.SCORAD] == 8.7
    assert MCID[ScoreKind.OSCORAD] == 8.2
    assert MCID[ScoreKind.PO_SCORAD] == 8.2


def test_unknown_band_set() -> None:
    with pytest.raises(OutOfRangeError) as info:
        parse_band_set("eichenfield")
    assert info.value.field == "bands"
    assert parse_band_set("chopra2017") is CHOPRA
