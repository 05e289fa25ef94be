"""History add-on: the ASCORAD series and photos per visit, attached to the real history page."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop_app.storage import Review, Session
from desktop_app.ui.history_photos import (
    VisitPhotosPanel,
    ascorad_series,
    attach_history_photos,
    chart_points,
    visit_photos,
)
from desktop_app.ui.pages.history import HistoryPage
from tests.ui.capture.history_data import two_visits


def test_ascorad_series_with_the_clinicians_verdict(session: Session) -> None:
    data = two_visits(session)
    history = session.patient_history(data.patient.id)
    series = ascorad_series(history)
    assert [p.day.isoformat() for p in series] == ["2026-09-01", "2026-11-01"]
    assert [p.review for p in series] == [Review.CORRECTED, Review.CONFIRMED]
    proposals = [session.get_assessment(i) for i in data.proposal_ids]
    assert [p.oscorad for p in series] == [a.oscorad for a in proposals]
    assert series[0].oscorad > series[1].oscorad
    assert chart_points(history) == [(p.day, p.oscorad) for p in series]


def test_photos_per_visit_newest_first(session: Session) -> None:
    data = two_visits(session)
    groups = visit_photos(session.patient_history(data.patient.id))
    assert [g.record.visit.visit_date.isoformat() for g in groups] == ["2026-11-01", "2026-09-01"]
    assert [g.photos[0][1] for g in groups] == [10.0, 40.0]


def test_panel_attached_to_the_history_page(qtbot: QtBot, session: Session) -> None:
    data = two_visits(session)
    page = HistoryPage(session)
    qtbot.addWidget(page)
    panel = attach_history_photos(page)
    assert isinstance(panel, VisitPhotosPanel)
    page.show()
    page.show_patient(data.patient.id)
    assert panel.list.count() == 2
    assert "2026-11-01" in panel.list.item(0).text() and "lesion 10 %" in panel.list.item(0).text()
    qtbot.waitUntil(lambda: panel.thumbnails_loaded() == 2, timeout=10_000)
    panel._open(panel.list.item(0))
    assert panel.compare_dialog is not None
    panel.compare_dialog.close()


def test_panel_without_photos(qtbot: QtBot, session: Session) -> None:
    from datetime import date

    patient = session.add_patient("N-1", "Nina", "Roux", date(2000, 1, 1))
    panel = VisitPhotosPanel(session)
    qtbot.addWidget(panel)
    panel.show_history(session.patient_history(patient.id))
    assert panel.list.count() == 0 and not panel.empty.isHidden()
    assert panel.list.isHidden()  # no empty box taking the visit table's room
