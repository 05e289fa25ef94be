import pytest

from desktop_app.domain.scorad import Sign
from desktop_app.storage import Review
from desktop_app.ui.viewmodels.clinic import ClinicGateway
from desktop_app.ui.viewmodels.visit import STEP_KEYS, VisitFlow
from tests.ui.conftest import ADMIN, PASSWORD


def test_steps_are_in_the_issue_order() -> None:
    assert STEP_KEYS == ("photos", "scorad", "po_scorad", "summary")


def test_an_ascorad_proposal_prefills_and_the_scorad_becomes_its_review(clinic_ready: ClinicGateway) -> None:
    session = clinic_ready.clinic().login(ADMIN, PASSWORD)
    patient = session.add_patient("A-9", "Zoé", "Richard", "2012-12-12")
    visit = session.add_visit(patient.id)
    grades = {s.value: 2 for s in Sign}
    proposal = session.record_ascorad(visit.id, {"back": 0.4}, grades, {"model": "test", "version": "0"})
    flow = VisitFlow(session, patient, visit)
    flow.propose_from_ascorad(proposal)
    form = flow.forms["scorad"]
    assert form.grades[Sign.ERYTHEMA] == 2 and form.body_map.fractions()
    form.set_vas("pruritus", 5.0)
    form.set_vas("sleeplessness", 2.0)
    confirmed = flow.save_step("scorad")
    assert (
        confirmed is not None and confirmed.review is Review.CONFIRMED and confirmed.review_of == proposal.id
    )
    form.set_grade(Sign.DRYNESS, 3)
    corrected = flow.save_step("scorad")
    assert corrected is not None and corrected.review is Review.CORRECTED
    # only the latest clinician record of the step remains
    kinds = [a.kind.value for a in session.list_assessments(visit.id)]
    assert kinds.count("clinician_scorad") == 1
    resumed = VisitFlow(session, patient, visit)
    assert resumed.review_of == proposal.id
    other = session.add_visit(patient.id)
    with pytest.raises(ValueError):
        VisitFlow(session, patient, other).propose_from_ascorad(proposal)
    session.close()


def test_the_application_installs_the_capture_step(monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop_app.ui.pages import visit as visit_page

    monkeypatch.setitem(visit_page.STEP_FACTORIES, "photos", visit_page.PhotosStepSlot)
    visit_page.install_capture_step()
    assert visit_page.STEP_FACTORIES["photos"] is visit_page._capture_step


def test_a_broken_capture_module_falls_back_to_the_slot(
    clinic_ready: ClinicGateway, monkeypatch: pytest.MonkeyPatch, qtbot: object
) -> None:
    import sys

    from desktop_app.ui.pages import visit as visit_page

    monkeypatch.setitem(sys.modules, "desktop_app.ui.photos_step", None)  # import fails
    session = clinic_ready.clinic().login(ADMIN, PASSWORD)
    patient = session.add_patient("B-0", "Noah", "Smith", "2001-01-01")
    flow = VisitFlow(session, patient, session.add_visit(patient.id))
    step = visit_page._capture_step(flow)
    assert isinstance(step, visit_page.PhotosStepSlot)
    step.deleteLater()
    session.close()
