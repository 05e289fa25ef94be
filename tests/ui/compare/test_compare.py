"""Compare: two visits' photos of one region, zoom and pan kept in step, both visits' scores."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop_app.domain.regions import Region
from desktop_app.storage import Session
from desktop_app.ui.compare.data import default_pair, region_photos, regions_with_photos
from desktop_app.ui.compare.view import CompareView
from tests.ui.capture.history_data import two_visits


def test_region_photos_carry_both_visits_scores(session: Session) -> None:
    data = two_visits(session)
    history = session.patient_history(data.patient.id)
    assert regions_with_photos(history, min_visits=2) == [Region.UPPER_LIMB_LEFT]
    photos = region_photos(history, Region.UPPER_LIMB_LEFT)
    assert [p.photo.id for p in photos] == data.photo_ids
    assert default_pair(photos) == (0, 1)
    first, second = photos
    assert first.scores.review is not None and first.scores.review.value == "corrected"
    assert second.scores.review is not None and second.scores.review.value == "confirmed"
    assert first.lesion_percent == 40.0 and second.lesion_percent == 10.0
    assert first.scores.scorad is not None and second.scores.scorad is not None
    assert first.scores.scorad > second.scores.scorad
    assert region_photos(history, Region.BACK) == []


def test_views_zoom_and_pan_together_and_show_both_scores(qtbot: QtBot, session: Session) -> None:
    data = two_visits(session)
    view = CompareView(session, data.patient.id, Region.UPPER_LIMB_LEFT)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    qtbot.waitExposed(view)
    left, right = view.views
    assert not left.item.pixmap().isNull() and not right.item.pixmap().isNull()
    assert "2026-09-01" in view.captions[0].text() and "2026-11-01" in view.captions[1].text()
    assert "SCORAD" in view.captions[0].text() and "ASCORAD" in view.captions[1].text()
    assert "corrected by the clinician" in view.captions[0].text()
    assert "lesion 10 %" in view.captions[1].text()
    left.set_zoom(4.0)
    assert right.zoom == 4.0
    h = left.horizontalScrollBar()
    h.setValue(h.maximum())
    assert right.horizontalScrollBar().value() == right.horizontalScrollBar().maximum() > 0
    v = right.verticalScrollBar()
    v.setValue(v.minimum())
    assert left.verticalScrollBar().value() == left.verticalScrollBar().minimum()
    right.set_zoom(2.0)
    assert left.zoom == 2.0
    view.fit()
    assert left.zoom == right.zoom == 1.0


def test_one_visit_only_says_so(qtbot: QtBot, session: Session) -> None:
    data = two_visits(session)
    visits = session.list_visits(data.patient.id)
    session.delete_photo(data.photo_ids[0])
    view = CompareView(session, data.patient.id, Region.UPPER_LIMB_LEFT)
    qtbot.addWidget(view)
    assert "Only one visit" in view.message.text()
    assert len(visits) == 2


def test_a_photo_whose_file_was_damaged_is_said_so_beside_the_other(qtbot: QtBot, session: Session) -> None:
    data = two_visits(session)
    first = session.get_photo(data.photo_ids[0])
    blob = session.photos.path(session.photos.blob_name(first.id, first.sha256))
    damaged = bytearray(blob.read_bytes())
    damaged[-1] ^= 0xFF  # a disk error
    blob.write_bytes(bytes(damaged))
    view = CompareView(session, data.patient.id, Region.UPPER_LIMB_LEFT)
    qtbot.addWidget(view)
    assert view.views[0].item.pixmap().isNull() and not view.views[1].item.pixmap().isNull()
    assert view.captions[0].text() == (
        "The photo of Left upper limb saved with this visit cannot be shown: its file is damaged. "
        "Restore a backup to get it back."
    )
    assert "2026-11-01" in view.captions[1].text()
