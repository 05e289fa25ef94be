import itertools
from datetime import date

from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from desktop_app.domain.severity import Band, BandSet
from desktop_app.ui.theme import BAND_COLOURS
from desktop_app.ui.widgets.history_chart import ChartData, Fan, HistoryChart, band_stripes


def test_band_stripes_follow_the_selected_set() -> None:
    assert [b for *_, b in band_stripes(BandSet.CLASSIC)] == [Band.MILD, Band.MODERATE, Band.SEVERE]
    assert band_stripes(BandSet.CHOPRA2017)[0] == (0, 10, Band.CLEAR)


def test_chart_draws_points_on_band_colours(qtbot: QtBot) -> None:
    chart = HistoryChart()
    qtbot.addWidget(chart)
    chart.resize(700, 320)
    points = [(date(2026, 1, 5), 12.0), (date(2026, 3, 1), 60.0), (date(2026, 5, 1), 30.0)]
    chart.set_data(
        ChartData(
            {"scorad": points},
            BandSet.CLASSIC,
            Fan((date(2026, 6, 1),), (10.0,), (20.0,), (28.0,), (35.0,), (45.0,), 0.2),
        )
    )
    image = chart.grab().toImage()
    # the severe stripe near the top of the plot carries the severe colour
    rect = chart._plot_rect()
    top = image.pixelColor(int(rect.left() + 30), int(rect.top() + 5))
    assert top == QColor(BAND_COLOURS[Band.SEVERE])
    # the second visit's marker is drawn in the SCORAD colour
    marker = chart.point_at(*points[1]).toPoint()
    assert image.pixelColor(marker) != QColor(BAND_COLOURS[Band.SEVERE])
    assert chart.point_at(date(2026, 1, 5), 0).x() < chart.point_at(date(2026, 5, 1), 0).x()


def test_empty_chart_says_so(qtbot: QtBot) -> None:
    chart = HistoryChart()
    qtbot.addWidget(chart)
    chart.resize(500, 300)
    chart.grab()
    assert chart.data.empty


def test_month_ticks_never_overlap(qtbot: QtBot) -> None:
    chart = HistoryChart()
    qtbot.addWidget(chart)
    chart.resize(500, 300)
    chart.set_data(ChartData({"scorad": [(date(2024, 1, 10), 20.0), (date(2026, 6, 1), 30.0)]}))
    ticks = chart.month_ticks()
    assert ticks and all(t.day == 1 for t in ticks)
    xs = [chart.point_at(t, 0).x() for t in ticks]
    gap = min(b - a for a, b in itertools.pairwise(xs))
    assert gap >= chart.fontMetrics().horizontalAdvance("2026-12")


def test_pointing_at_a_visit_finds_it(qtbot: QtBot) -> None:
    chart = HistoryChart()
    qtbot.addWidget(chart)
    chart.resize(600, 300)
    chart.set_data(ChartData({"scorad": [(date(2026, 1, 1), 40.0), (date(2026, 3, 1), 20.0)]}))
    target = chart.point_at(date(2026, 3, 1), 20.0)
    assert chart.point_near(target) == ("scorad", date(2026, 3, 1), 20.0)
    far = chart.point_at(date(2026, 2, 1), 90.0)
    assert chart.point_near(far) is None
    qtbot.mouseMove(chart, target.toPoint())  # shows the tooltip; must not raise
