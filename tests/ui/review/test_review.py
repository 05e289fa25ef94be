"""ASCORAD review: mask editing with undo, grade overrides, doubtful signs, refusals, annotations."""

from __future__ import annotations

import io
from collections.abc import Iterator

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.capture import SceneSettings, SyntheticSource
from desktop_app.domain.regions import Region
from desktop_app.storage import Session
from desktop_app.ui.capture.visit_photos import VisitPhoto
from desktop_app.ui.photos_step import PhotosStep
from desktop_app.ui.review.engine import EngineProvider
from desktop_app.ui.review.mask_editor import Tool
from desktop_app.ui.review.model import LOW_CONFIDENCE, PhotoReview
from desktop_app.ui.viewmodels.body_map import View
from desktop_app.ui.viewmodels.visit import VisitFlow
from tests.ui.capture.support import shared_test_engine


def scored_review(width: int = 640, height: int = 360) -> PhotoReview:
    source = SyntheticSource(SceneSettings(width=width, height=height), fps=None)
    source.open()
    rgb = source.read().rgb
    result = shared_test_engine().score_photo(rgb, "back", source_size=(1280, 960))
    assert result.accepted
    return PhotoReview(result, (width, height), (2 * width, 2 * height))


def test_brush_eraser_and_undo_change_the_mask_and_the_lesion_percent() -> None:
    review = scored_review()
    before = review.lesion_percent()
    review.begin_stroke()
    review.stroke((10, 10), (60, 10), radius=8, erase=False)
    assert review.mask[10, 30] and review.mask_edited
    added = review.lesion_percent()
    assert added > before
    review.begin_stroke()
    review.stroke((10, 10), (60, 10), radius=8, erase=True)
    assert not review.mask[10, 30]
    assert review.undo() and review.mask[10, 30]
    assert review.undo() and not review.mask_edited
    assert review.lesion_percent() == pytest.approx(before)
    assert not review.undo()


def test_doubtful_signs_are_not_taken_from_the_proposal() -> None:
    review = scored_review()
    doubtful = [s for s, e in review.result.signs.items() if e.confidence < LOW_CONFIDENCE]
    assert doubtful == ["oozing_crusts", "excoriations"]
    assert review.grade("oozing_crusts") is None
    assert review.grade("erythema") == 2  # 2.2 rounded
    assert review.unset_low_confidence() == doubtful
    review.set_grade("oozing_crusts", 1)
    assert review.grade("oozing_crusts") == 1 and review.unset_low_confidence() == ["excoriations"]
    with pytest.raises(ValueError):
        review.set_grade("erythema", 4)


def test_annotation_is_at_the_photo_size() -> None:
    review = scored_review(320, 180)
    data = review.annotation()
    with Image.open(io.BytesIO(data.lesion_mask_png)) as mask:
        assert mask.mode == "L" and mask.size == (640, 360)
        values = set(np.unique(np.asarray(mask)).tolist())
    assert values <= {0, 255}
    assert data.signs["oozing_crusts"] is None and data.signs["erythema"] == 2


@pytest.fixture
def step(qtbot: QtBot, flow: VisitFlow, provider: EngineProvider) -> Iterator[PhotosStep]:
    widget = PhotosStep(
        flow,
        engine=provider,
        camera_lister=lambda: [],
        source=lambda: SyntheticSource(SceneSettings(width=640, height=480), fps=30.0),
    )
    qtbot.addWidget(widget)
    widget.capture.auto_check.setChecked(False)  # captures in these tests are the clicks they make
    widget.resize(1300, 860)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()


def take_photo(qtbot: QtBot, step: PhotosStep, region: Region = Region.TRUNK_FRONT) -> VisitPhoto:
    qtbot.waitUntil(lambda: step.capture_model.grab() is not None, timeout=10_000)
    x, y = step.capture.body_map.model.geometry.anchor(View.FRONT, region)
    qtbot.mouseClick(
        step.capture.body_map,
        Qt.MouseButton.LeftButton,
        pos=step.capture.body_map.to_widget(View.FRONT, x, y).toPoint(),
    )
    step.capture.capture_button.click()
    photo = step.photos.photos[-1]
    qtbot.waitUntil(lambda: photo.kept and photo.result is not None, timeout=10_000)
    return photo


def drag(qtbot: QtBot, step: PhotosStep, points: list[tuple[float, float]]) -> None:
    editor = step.review.editor
    widget_points = [editor.to_widget(x, y).toPoint() for x, y in points]
    qtbot.mousePress(editor, Qt.MouseButton.LeftButton, pos=widget_points[0])
    for p in widget_points[1:]:
        qtbot.mouseMove(editor, pos=p)
    qtbot.mouseRelease(editor, Qt.MouseButton.LeftButton, pos=widget_points[-1])


def test_mask_edit_and_grade_override_are_stored_as_an_annotation(
    qtbot: QtBot, step: PhotosStep, session: Session
) -> None:
    photo = take_photo(qtbot, step)
    review = photo.review
    assert review is not None
    qtbot.waitUntil(lambda: step.review.side.currentWidget() is not step.review.waiting, timeout=10_000)
    proposed = review.lesion_percent()
    # erase a band with the eraser, then undo a stroke, then paint one
    step.review.tool_buttons[Tool.ERASER].click()
    step.review.brush_size.setValue(20)
    drag(qtbot, step, [(100, 200), (300, 200), (500, 200)])
    assert review.mask_edited and review.lesion_percent() < proposed
    step.review.undo_button.click()
    assert not review.mask_edited
    drag(qtbot, step, [(100, 200), (500, 200)])
    edited = review.lesion_percent()
    assert edited < proposed
    assert "corrected" in step.review.lesion.text()
    step.review.rows["erythema"].buttons[3].click()  # override 2 -> 3
    assert review.grade("erythema") == 3
    step.review.rows["oozing_crusts"].buttons[1].click()
    assert step.commit()
    annotations = session.list_annotations(photo.photo_id or "")
    assert len(annotations) == 1
    note = annotations[0]
    assert note.signs["erythema"] == 3 and note.signs["oozing_crusts"] == 1
    assert note.signs["excoriations"] is None  # doubtful and never set: not a label
    assert note.lesion_percent == pytest.approx(edited, abs=0.01)
    with Image.open(io.BytesIO(note.lesion_mask_png or b"")) as image:
        stored = np.asarray(image) > 0
    assert stored.shape == (480, 640)
    assert not stored[200 * 480 // 480, 300].any()  # the erased band
    # committing again without a change stores nothing twice
    assert step.commit()
    assert len(session.list_annotations(photo.photo_id or "")) == 1
    # a later correction replaces the annotation
    step.review.rows["erythema"].buttons[1].click()
    assert step.commit()
    notes = session.list_annotations(photo.photo_id or "")
    assert [n.signs["erythema"] for n in notes] == [1]


def test_an_unreviewed_photo_stores_no_annotation(qtbot: QtBot, step: PhotosStep, session: Session) -> None:
    photo = take_photo(qtbot, step)
    assert step.commit()
    assert session.list_annotations(photo.photo_id or "") == []
    assert step.proposal_assessment is not None  # the proposal itself is stored


def test_mask_toggle_and_opacity(qtbot: QtBot, step: PhotosStep) -> None:
    take_photo(qtbot, step)
    editor = step.review.editor
    assert editor.show_mask
    step.review.show_mask.setChecked(False)
    assert not editor.show_mask
    step.review.opacity.setValue(80)
    assert editor._overlay_array is not None
    alphas = set(np.unique(editor._overlay_array[..., 3]).tolist())
    assert alphas <= {0, 204}


def test_a_mask_drawn_by_colour_contrast_alone_says_so(qtbot: QtBot, step: PhotosStep) -> None:
    photo = take_photo(qtbot, step)
    assert photo.result is not None and photo.result.accepted
    qtbot.waitUntil(lambda: step.review.side.currentWidget() is not step.review.waiting, timeout=10_000)
    for rule, noted in (("strong", True), ("head|strong", False)):
        photo.result.provenance["lesion_rule_applied"] = rule
        step.review.refresh()
        assert ("ASCORAD marked only clearly red skin" in step.review.lesion.text()) is noted
        assert step.review.lesion.text().startswith("Lesion: ")


def test_refused_photo_shows_the_reason_and_how_to_fix_it(
    qtbot: QtBot, step: PhotosStep, session: Session
) -> None:
    step.capture_model.set_source(
        lambda: SyntheticSource(SceneSettings(width=640, height=480, exposure=0.15), fps=30.0), "dark"
    )
    photo = take_photo(qtbot, step)
    assert photo.result is not None and photo.result.reason == "quality_failed:lighting"
    qtbot.waitUntil(lambda: step.review.side.currentWidget() is step.review.refused, timeout=10_000)
    assert "quality check: Lighting" in step.review.refused_title.text()
    assert "Add light" in step.review.refused_fix.text()
    step.review.retake_button.click()
    assert step.photos.photos == []
    assert session.list_photos(step.flow.visit.id) == []
    assert step.tabs.currentIndex() == 0
    assert step.capture.fresh_region is Region.TRUNK_FRONT  # the retake keeps the region


def test_clicking_on_the_photo_strip_selects_and_delete_removes(
    qtbot: QtBot, step: PhotosStep, session: Session
) -> None:
    first = take_photo(qtbot, step, Region.TRUNK_FRONT)
    step.tabs.setCurrentIndex(0)
    second = take_photo(qtbot, step, Region.HEAD_NECK)
    assert step.strip.list.count() == 2
    step.strip.select(first.key)
    assert step.selected_key() == first.key
    step.strip.delete_button.click()
    assert [p.key for p in step.photos.photos] == [second.key]
    assert [p.id for p in session.list_photos(step.flow.visit.id)] == [second.photo_id]


def test_a_resumed_visit_brings_back_its_photos_and_corrections(
    qtbot: QtBot, step: PhotosStep, session: Session, provider: EngineProvider
) -> None:
    photo = take_photo(qtbot, step)
    step.review.rows["erythema"].buttons[0].click()
    assert step.commit()
    proposal_id = step.proposal_assessment.id if step.proposal_assessment else None
    step.shutdown()
    again = PhotosStep(
        VisitFlow(session, step.flow.patient, step.flow.visit),
        engine=provider,
        camera_lister=lambda: [],
        source=lambda: SyntheticSource(SceneSettings(width=320, height=240), fps=30.0),
    )
    qtbot.addWidget(again)
    qtbot.waitUntil(
        lambda: len(again.photos.photos) == 1 and again.photos.photos[0].review is not None, timeout=10_000
    )
    restored = again.photos.photos[0]
    assert restored.photo_id == photo.photo_id and restored.region is Region.TRUNK_FRONT
    assert restored.review is not None and restored.review.grade("erythema") == 0
    assert again.proposal_assessment is not None and again.proposal_assessment.id == proposal_id
    assert again.commit()  # nothing changed: nothing stored twice
    assert len(session.list_annotations(photo.photo_id or "")) == 1
    assert [a.id for a in session.list_assessments(step.flow.visit.id)] == [proposal_id]
    again.shutdown()
