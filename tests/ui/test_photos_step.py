"""The photos step end to end: capture → tag → ASCORAD review → commit → SCORAD recorded.

Real storage (a clinic in a temp folder), the real capture worker on the synthetic camera and
the real ASCORAD engine code (deterministic stand-in weights when the shipped ones are absent).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.capture import SceneSettings, SyntheticSource
from desktop_app.domain.regions import Region
from desktop_app.domain.scorad import Sign
from desktop_app.storage import AssessmentKind, Review, Session
from desktop_app.ui.photos_step import PhotosStep
from desktop_app.ui.review.engine import EngineProvider
from desktop_app.ui.viewmodels.body_map import View
from desktop_app.ui.viewmodels.visit import VisitFlow
from desktop_app.ui.widgets.scorad_form import ScoradFormWidget
from tests.ui.capture.support import make_flow


def small_source() -> SyntheticSource:
    return SyntheticSource(SceneSettings(width=640, height=480), fps=30.0)


@pytest.fixture
def step(qtbot: QtBot, flow: VisitFlow, provider: EngineProvider) -> Iterator[PhotosStep]:
    widget = PhotosStep(flow, engine=provider, camera_lister=lambda: [], source=small_source)
    qtbot.addWidget(widget)
    widget.capture.auto_check.setChecked(False)  # captures in these tests are the clicks they make
    widget.resize(1280, 860)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    yield widget
    widget.shutdown()


def click_region(qtbot: QtBot, map_widget: Any, region: Region, view: View = View.FRONT) -> None:
    x, y = map_widget.model.geometry.anchor(view, region)
    qtbot.mouseClick(map_widget, Qt.MouseButton.LeftButton, pos=map_widget.to_widget(view, x, y).toPoint())


def wait_frames(qtbot: QtBot, step: PhotosStep) -> None:
    qtbot.waitUntil(
        lambda: step.capture.capture_button.isEnabled() and step.capture_model.grab() is not None,
        timeout=5000,
    )


def test_capture_requires_a_region_before_the_photo_is_kept(
    qtbot: QtBot, step: PhotosStep, session: Session
) -> None:
    wait_frames(qtbot, step)
    step.capture.preview.setFocus()
    qtbot.keyClick(step.capture.preview, Qt.Key.Key_Space)  # the space bar captures
    assert len(step.photos.photos) == 1
    photo = step.photos.photos[0]
    assert photo.region is None and not photo.kept
    assert "Click the body region" in step.review_region.text()
    qtbot.wait(200)
    assert session.list_photos(step.flow.visit.id) == []  # not kept without a region
    assert step.commit() is False
    assert "Tag the body region" in step.message.text()
    click_region(qtbot, step.review_map, Region.TRUNK_FRONT)
    qtbot.waitUntil(lambda: photo.kept, timeout=10_000)
    stored = session.list_photos(step.flow.visit.id)
    assert [p.region for p in stored] == ["trunk_front"]
    assert stored[0].quality is not None and stored[0].width == 640


def test_full_flow_from_capture_to_saved_scorad(qtbot: QtBot, step: PhotosStep, session: Session) -> None:
    visit_flow = step.flow
    wait_frames(qtbot, step)
    click_region(qtbot, step.capture.body_map, Region.BACK, View.BACK)
    step.capture.capture_button.click()
    photo = step.photos.photos[0]
    assert photo.region is Region.BACK  # tagged by the fresh click
    qtbot.waitUntil(lambda: photo.kept and photo.review is not None, timeout=10_000)
    qtbot.waitUntil(lambda: step.review.side.currentWidget() is not step.review.waiting, timeout=10_000)
    review = photo.review
    assert review is not None
    # the proposal is on screen: lesion %, six signs with confidence, doubtful ones marked
    assert "% of the visible skin" in step.review.lesion.text()
    assert "(90 %)" in step.review.rows["erythema"].proposal.text()
    assert "confidence 90 %" in step.review.rows["erythema"].proposal.toolTip()
    assert step.review.rows["oozing_crusts"].doubt.text() != ""
    assert step.review.rows["erythema"].doubt.text() == ""
    # the clinician sets one doubtful sign and confirms the photo
    step.review.rows["excoriations"].buttons[2].click()
    step.review.confirm_button.click()
    assert step.commit() is True

    proposal = [a for a in session.list_assessments(visit_flow.visit.id) if a.kind is AssessmentKind.ASCORAD]
    assert len(proposal) == 1
    prov = proposal[0].provenance
    assert prov is not None and prov["photos"][0]["photo_id"] == photo.photo_id
    assert prov["photos"][0]["provenance"]["image_sha256"] == photo.sha256
    # the lesion rule is the photo's, not the visit's: only the model versions are lifted
    assert "lesion_rule_applied" in prov["photos"][0]["provenance"] and "lesion_rule_applied" not in prov
    assert prov["heads_model"] == prov["photos"][0]["provenance"]["heads_model"]
    assert proposal[0].items["extent"] == pytest.approx({"back": review.lesion_percent() / 100}, abs=1e-3)
    form = visit_flow.forms["scorad"]
    # prefilled: the back's extent and the confident grades; oozing left for the clinician
    assert form.body_map.fraction(Region.BACK) == pytest.approx(review.lesion_percent() / 100, abs=1e-3)
    assert form.grades[Sign.ERYTHEMA] == 2
    assert form.grades[Sign.EXCORIATIONS] == 2  # the clinician's grade from the review
    assert form.grades[Sign.OOZING_CRUSTS] is None
    assert step.tracker.source("erythema") == "ascorad"
    assert step.tracker.source("excoriations") == "clinician"
    assert step.tracker.unset_doubtful() == {"oozing_crusts"}
    # the clinician completes the form; the record names the proposal it reviewed
    form.set_grade(Sign.OOZING_CRUSTS, 0)
    form.set_vas("pruritus", 5.0)
    form.set_vas("sleeplessness", 2.0)
    assert step.tracker.source("oozing_crusts") == "clinician"
    saved = visit_flow.save_step("scorad")
    assert saved is not None
    assert saved.review_of == proposal[0].id
    assert saved.review is Review.CORRECTED  # excoriations and oozing differ from the proposal
    annotations = session.list_annotations(photo.photo_id or "")
    assert len(annotations) == 1
    assert annotations[0].signs["excoriations"] == 2 and annotations[0].signs["oozing_crusts"] is None


def test_form_marks_follow_the_clinician(qtbot: QtBot, step: PhotosStep) -> None:
    form_widget = ScoradFormWidget(step.flow.forms["scorad"])
    qtbot.addWidget(form_widget)
    wait_frames(qtbot, step)
    click_region(qtbot, step.capture.body_map, Region.TRUNK_FRONT)
    step.capture.capture_button.click()
    photo = step.photos.photos[0]
    qtbot.waitUntil(lambda: photo.kept and photo.review is not None, timeout=10_000)
    assert step.commit()
    step.attach_form(form_widget)
    assert step.marks is not None
    marks = step.marks.marked()
    assert marks["erythema"] == "proposed" and marks["trunk_front"] == "proposed"
    assert marks["oozing_crusts"] == "to_set" and marks["excoriations"] == "to_set"
    assert "dashed" in form_widget.region_spins[Region.TRUNK_FRONT].styleSheet()
    assert step.marks.badges[Sign.ERYTHEMA].isVisibleTo(form_widget)
    form_widget.pickers[Sign.ERYTHEMA].set_grade(3)  # the clinician disagrees
    assert "erythema" not in step.marks.marked()
    assert not step.marks.badges[Sign.ERYTHEMA].isVisibleTo(form_widget)


def test_no_photo_consent_disables_capture_with_the_reason(
    qtbot: QtBot, session: Session, provider: EngineProvider
) -> None:
    no_consent = make_flow(session, consent=False, identifier="P-2")
    widget = PhotosStep(no_consent, engine=provider, camera_lister=lambda: [], source=small_source)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.wait(300)
    assert not widget.capture.capture_button.isEnabled()
    assert not widget.chooser.import_button.isEnabled()
    assert not widget.capture_model.running
    assert "not consented" in widget.capture.preview.message
    qtbot.keyClick(widget.capture, Qt.Key.Key_Space)
    assert widget.photos.photos == []
    widget.shutdown()


def test_without_the_ascorad_model_photos_are_still_kept(
    qtbot: QtBot, flow: VisitFlow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCORAD_DESK_MODELS", str(tmp_path / "no-models"))  # a broken installation
    provider = EngineProvider()
    widget = PhotosStep(flow, engine=provider, camera_lister=lambda: [], source=small_source)
    qtbot.addWidget(widget)
    widget.capture.auto_check.setChecked(False)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: "ASCORAD is not available" in widget.engine_note.text(), timeout=10_000)
    wait_frames(qtbot, widget)
    click_region(qtbot, widget.capture.body_map, Region.TRUNK_FRONT)
    widget.capture.capture_button.click()
    photo = widget.photos.photos[0]
    qtbot.waitUntil(lambda: photo.kept and not widget.photos.busy(), timeout=10_000)
    assert photo.result is None and "missing" in photo.error
    assert widget.commit() is True  # nothing to propose; the clinician grades by hand
    assert widget.proposal_assessment is None
    widget.shutdown()


def test_inside_the_visit_page_the_form_shows_what_ascorad_proposed(
    qtbot: QtBot, flow: VisitFlow, provider: EngineProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.ui.pages import visit as visit_page

    def factory(visit_flow: VisitFlow) -> PhotosStep:
        step = PhotosStep(visit_flow, engine=provider, camera_lister=lambda: [], source=small_source)
        step.capture.auto_check.setChecked(False)
        return step

    monkeypatch.setitem(visit_page.STEP_FACTORIES, "photos", factory)
    page = visit_page.VisitPage(flow)
    qtbot.addWidget(page)
    page.resize(1400, 950)
    page.show()
    qtbot.waitExposed(page)
    step = page.steps["photos"]
    assert isinstance(step, PhotosStep)
    wait_frames(qtbot, step)
    click_region(qtbot, step.capture.body_map, Region.HEAD_NECK)
    step.capture.capture_button.click()
    photo = step.photos.photos[0]
    qtbot.waitUntil(lambda: photo.kept and photo.review is not None, timeout=10_000)
    page.go_next()  # commit → proposal stored, form prefilled and marked
    assert flow.step == "scorad"
    assert not step.capture_model.running  # the camera stops when the step is left
    form_widget = page.steps["scorad"].form  # type: ignore[attr-defined]
    assert step.marks is not None and step.marks.form is form_widget
    assert step.marks.marked()["head_neck"] == "proposed"
    assert form_widget.region_spins[Region.HEAD_NECK].value() == pytest.approx(
        round(100 * flow.forms["scorad"].body_map.fraction(Region.HEAD_NECK))
    )
    page.go_back()
    assert flow.step == "photos"
    assert step.tabs.currentIndex() == 1 and not step.capture_model.running  # back on the review
    step.another_button.click()
    qtbot.waitUntil(lambda: step.capture_model.running, timeout=10_000)
    step.shutdown()
