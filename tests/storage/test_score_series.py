"""``Session.score_series`` (the forecaster's clinic fit input) and the forecast_parameters setting."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.storage import InvalidRecordError, PermissionDeniedError, Session
from tests.storage.conftest import INTENSITY, add_patient


def test_one_point_per_visit_latest_assessment_oldest_visit_first(session: Session) -> None:
    first = add_patient(session, "MRN-1")
    second = add_patient(session, "MRN-2")
    late = session.add_visit(first, "2024-03-01")
    early = session.add_visit(first, "2024-01-15")
    session.record_scorad(late.id, {"back": 0.2}, INTENSITY, 2, 2)
    redone = session.record_scorad(early.id, {"back": 0.5}, INTENSITY, 6, 3)
    corrected = session.record_scorad(early.id, {"back": 0.1}, INTENSITY, 1, 1)
    session.record_po_scorad(late.id, {"back": 0.3}, INTENSITY, 4, 4)
    other = session.add_visit(second, "2024-02-01")
    session.record_ascorad(other.id, {"back": 0.4}, INTENSITY, {"estimator": "t"})

    series = session.score_series("scorad")
    assert set(series) == {first}  # an automatic score alone is not part of the clinician series
    assert [d for d, _ in series[first]] == [date(2024, 1, 15), date(2024, 3, 1)]
    assert series[first][0][1] == pytest.approx(corrected.scorad)
    assert series[first][0][1] != pytest.approx(redone.scorad)
    assert session.score_series("oscorad")[first][0][1] == pytest.approx(corrected.oscorad)
    po = session.score_series("po_scorad")
    assert list(po) == [first] and [d for d, _ in po[first]] == [date(2024, 3, 1)]


def test_unknown_series_kind_is_refused(session: Session) -> None:
    with pytest.raises(InvalidRecordError, match="Unknown score series"):
        session.score_series("easi")


def test_forecast_parameters_setting_is_admin_only_and_round_trips(session: Session) -> None:
    assert dict(session.settings().forecast_parameters) == {}
    stored = session.set_setting(
        "forecast_parameters", {"level_mean": -0.7, "fitted_utc": "2026-11-28T12:00:00"}
    )
    assert stored.forecast_parameters["level_mean"] == -0.7
    with pytest.raises(InvalidRecordError, match="mapping"):
        session.set_setting("forecast_parameters", [1, 2])
    session.add_user("nurse", "nurse-password", "clinician", "Nurse")
    nurse = session.clinic.login("nurse", "nurse-password")
    try:
        with pytest.raises(PermissionDeniedError):
            nurse.set_setting("forecast_parameters", {})
    finally:
        nurse.close()
