"""Body map and trend chart: the right regions shaded on the right views, the forecast drawn."""

from __future__ import annotations

from datetime import date

import pytest
from reportlab.graphics.shapes import Drawing, Ellipse, Group, Polygon, Rect, Shape, String
from reportlab.lib import colors

from desktop_app.domain.regions import AgeGroup, Region
from desktop_app.domain.scorad import ScoreKind
from desktop_app.domain.severity import BandSet
from desktop_app.reports.bodymap import body_map_drawing, fraction_colour
from desktop_app.reports.i18n import Wording
from desktop_app.reports.model import ForecastSummary, HistoryPoint, Language
from desktop_app.reports.trend import trend_drawing

EN = Wording(Language.EN)
WIDTH = 240.0


def _leaves(node: Shape) -> list[Shape]:
    if isinstance(node, Group | Drawing):
        return [leaf for child in node.contents for leaf in _leaves(child)]
    return [node]


def _filled(drawing: Drawing, colour: colors.Color) -> list[Shape]:
    """Figure shapes (not the legend, which sits in the bottom 20 points) with this fill."""
    out = []
    for shape in _leaves(drawing):
        if isinstance(shape, Polygon | Rect | Ellipse) and shape.fillColor == colour:
            _, y0, _, _ = shape.getBounds()
            if y0 > 20:
                out.append(shape)
    return out


def test_colour_scale_runs_from_white_to_dark_red() -> None:
    assert fraction_colour(0.0) == colors.white
    reds = [fraction_colour(f) for f in (0.05, 0.25, 0.5, 0.75, 1.0)]
    greens = [c.green for c in reds]
    assert greens == sorted(greens, reverse=True) and greens[0] > greens[-1] + 0.5


@pytest.mark.parametrize(
    ("region", "shapes"),
    [
        (Region.HEAD_NECK, 4),  # head and neck on both views
        (Region.UPPER_LIMB_LEFT, 2),
        (Region.LOWER_LIMB_RIGHT, 2),
        (Region.TRUNK_FRONT, 1),  # front view only
        (Region.BACK, 1),  # back view only
        (Region.GENITALS, 1),
    ],
)
def test_each_region_is_shaded_on_its_views(region: Region, shapes: int) -> None:
    drawing = body_map_drawing({region: 0.6}, AgeGroup.AGE_2_PLUS, EN, WIDTH)
    assert len(_filled(drawing, fraction_colour(0.6))) == shapes


def test_views_are_drawn_as_the_clinician_faces_the_patient() -> None:
    drawing = body_map_drawing({Region.UPPER_LIMB_LEFT: 0.5}, AgeGroup.AGE_2_PLUS, EN, WIDTH)
    front, back = sorted(_filled(drawing, fraction_colour(0.5)), key=lambda s: s.getBounds()[0])
    centre = WIDTH / 4  # middle of the front figure
    assert front.getBounds()[0] > centre  # patient's left on the reader's right (front view)
    assert back.getBounds()[2] < WIDTH / 2 + 10 + centre  # and on the reader's left (back view)
    texts = [s.text for s in _leaves(drawing) if isinstance(s, String)]
    assert "50" in texts and "Front" in texts and "Back" in texts
    assert texts.count("L") == 2 and texts.count("R") == 2


def test_child_figure_has_a_bigger_head() -> None:
    def head_height(group: AgeGroup) -> float:
        drawing = body_map_drawing({Region.HEAD_NECK: 1.0}, group, EN, WIDTH)
        ellipses = [s for s in _filled(drawing, fraction_colour(1.0)) if isinstance(s, Ellipse)]
        return ellipses[0].ry

    assert head_height(AgeGroup.UNDER_2) > 1.3 * head_height(AgeGroup.AGE_2_PLUS)


def _history(n: int) -> list[HistoryPoint]:
    return [
        HistoryPoint(date(2026, 1, 1 + 7 * i), 20.0 + i, 15.0 + i, None if i % 2 else 30.0) for i in range(n)
    ]


def _strings(drawing: Drawing) -> list[str]:
    return [s.text for s in _leaves(drawing) if isinstance(s, String)]


def test_trend_with_forecast_draws_fan_and_legend() -> None:
    forecast = ForecastSummary(ScoreKind.SCORAD, date(2026, 3, 1), 26.0, 22.0, 30.0, 15.0, 38.0, 0.2, 4)
    drawing = trend_drawing(_history(4), forecast, BandSet.CLASSIC, EN, 480)
    texts = _strings(drawing)
    for label in ("SCORAD", "oSCORAD", "PO-SCORAD", "forecast median", "forecast 50 % interval", "mild"):
        assert label in texts
    assert "1 Mar 2026" in texts  # the axis reaches the forecast's target date
    fans = [s for s in _leaves(drawing) if isinstance(s, Polygon) and len(s.points) == 6]
    assert len(fans) == 2  # 90 % and 50 % triangles
    assert "clear" not in texts  # the classic set has no "clear" band


def test_trend_without_forecast_and_chopra_bands() -> None:
    texts = _strings(trend_drawing(_history(2), None, BandSet.CHOPRA2017, EN, 480))
    assert "forecast median" not in texts
    assert {"clear", "mild", "moderate", "severe"} <= set(texts)


def test_trend_handles_a_single_visit() -> None:
    drawing = trend_drawing(_history(1), None, BandSet.CLASSIC, EN, 480)
    assert "1 Jan 2026" in _strings(drawing)
