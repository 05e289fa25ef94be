from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop_app import storage
from desktop_app.demo import DEMO_PASSWORD, DEMO_USER, create_demo_clinic
from desktop_app.storage import AssessmentKind


def test_demo_clinic_has_a_year_of_plausible_visits(tmp_path: Path) -> None:
    today = date(2026, 6, 1)
    steps: list[tuple[int, int]] = []
    demo = create_demo_clinic(
        tmp_path / "demo", patients=5, seed=1, today=today, progress=lambda i, n: steps.append((i, n))
    )
    assert steps[-1] == (5, 5)
    assert demo.patients == 5 and demo.visits >= 5
    session = storage.open_clinic(demo.data_dir).login(DEMO_USER, DEMO_PASSWORD)
    try:
        patients = session.search_patients("")
        assert len(patients) == 5
        assert any(p.age_years(today) < 2 for p in patients)  # the infant figure gets used
        total_visits = 0
        for patient in patients:
            history = session.patient_history(patient.id)
            assert history.visits, patient.identifier
            for record in history.visits:
                total_visits += 1
                assert today - timedelta(days=366) <= record.visit.visit_date <= today
                kinds = [a.kind for a in record.assessments]
                assert kinds == [AssessmentKind.CLINICIAN_SCORAD, AssessmentKind.PO_SCORAD]
                for assessment in record.assessments:
                    assert assessment.scorad is not None and 0 <= assessment.scorad <= 103
        assert total_visits == demo.visits
    finally:
        session.close()


def test_demo_refuses_a_folder_that_already_holds_a_clinic(tmp_path: Path) -> None:
    create_demo_clinic(tmp_path / "demo", patients=1)
    with pytest.raises(storage.AlreadySetUpError):
        create_demo_clinic(tmp_path / "demo", patients=1)
