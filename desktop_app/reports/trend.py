"""The trend chart: SCORAD, oSCORAD and PO-SCORAD over time, severity bands behind, forecast fan.

Drawn with reportlab's own vector shapes (no raster), so it prints sharply at any size. The
time axis is in days, so irregular visit gaps show as they were. The shaded bands are
those of the selected band set for SCORAD (PO-SCORAD shares them, DESIGN §2). The forecast
(DESIGN §6) is a fan from the last assessed point to the target date: 90 % interval light,
50 % interval darker, median dashed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop_app.domain.scorad import SCORAD_MAX, ScoreKind
from desktop_app.domain.severity import Band, BandSet
from desktop_app.reports.fonts import REGULAR, register_fonts
from desktop_app.reports.i18n import Wording
from desktop_app.reports.model import ForecastSummary, HistoryPoint

_SERIES_STYLE: dict[ScoreKind, tuple[colors.Color, tuple[float, ...] | None]] = {
    ScoreKind.SCORAD: (colors.HexColor("#1F5F8B"), None),
    ScoreKind.OSCORAD: (colors.HexColor("#2A9D8F"), (3, 2)),
    ScoreKind.PO_SCORAD: (colors.HexColor("#E07A1F"), (1, 1.5)),
}
_BAND_FILL = {
    Band.CLEAR: colors.HexColor("#F2F8F2"),
    Band.MILD: colors.HexColor("#EAF4EA"),
    Band.MODERATE: colors.HexColor("#FBF5E3"),
    Band.SEVERE: colors.HexColor("#FBEAEA"),
}
_FAN = colors.HexColor("#1F5F8B")
_AXIS = colors.HexColor("#5B6770")
_GRID = colors.HexColor("#D5DCE1")


def _scorad_bands(band_set: BandSet) -> list[tuple[Band, float, float]]:
    """SCORAD band limits (DESIGN §2) as (band, low, high) for the background stripes."""
    if band_set is BandSet.CLASSIC:
        return [(Band.MILD, 0, 25), (Band.MODERATE, 25, 50), (Band.SEVERE, 50, SCORAD_MAX)]
    return [(Band.CLEAR, 0, 10), (Band.MILD, 10, 29), (Band.MODERATE, 29, 49), (Band.SEVERE, 49, SCORAD_MAX)]


def _value(point: HistoryPoint, kind: ScoreKind) -> float | None:
    return {
        ScoreKind.SCORAD: point.scorad,
        ScoreKind.OSCORAD: point.oscorad,
        ScoreKind.PO_SCORAD: point.po_scorad,
    }[kind]


def _date_ticks(first: int, last: int, count: int) -> list[int]:
    if last <= first:
        return [first]
    step = (last - first) / (count - 1)
    return [round(first + i * step) for i in range(count)]


def trend_drawing(
    history: Sequence[HistoryPoint],
    forecast: ForecastSummary | None,
    band_set: BandSet,
    wording: Wording,
    width: float,
    height: float = 190.0,
) -> Drawing:
    """The chart as a Drawing of ``width`` x ``height`` points (legend included)."""
    register_fonts()
    drawing = Drawing(width, height, initialFontName=REGULAR)
    left, right, bottom = 30.0, 44.0, 22.0
    legend_rows = _legend_rows(history, forecast, wording, width - left)
    top = 8.0 + 11.0 * len(legend_rows)
    plot_w, plot_h = width - left - right, height - bottom - top
    points = sorted(history, key=lambda p: p.visit_date)
    origin: date = (
        points[0].visit_date if points else (forecast.target_date if forecast else date(2000, 1, 1))
    )
    last_day = max([(p.visit_date - origin).days for p in points] + [0])
    if forecast is not None:
        last_day = max(last_day, (forecast.target_date - origin).days)
    span = max(last_day, 1)
    pad = max(span * 0.04, 3.0)
    x_min, x_max = -pad, span + pad

    def x_of(day: float) -> float:
        return left + (day - x_min) / (x_max - x_min) * plot_w

    def y_of(value: float) -> float:
        return bottom + value / SCORAD_MAX * plot_h

    for band, low, high in _scorad_bands(band_set):
        drawing.add(
            Rect(
                left, y_of(low), plot_w, y_of(high) - y_of(low), fillColor=_BAND_FILL[band], strokeColor=None
            )
        )
        drawing.add(
            String(
                left + plot_w + 4,
                (y_of(low) + y_of(high)) / 2 - 2.5,
                wording.band(band),
                fontName=REGULAR,
                fontSize=6.5,
                fillColor=_AXIS,
                textAnchor="end",
            )
        )
    for tick in range(0, 101, 20):
        y = y_of(tick)
        drawing.add(Line(left, y, left + plot_w, y, strokeColor=_GRID, strokeWidth=0.4))
        drawing.add(
            String(
                left - 3, y - 2.5, str(tick), fontName=REGULAR, fontSize=7, fillColor=_AXIS, textAnchor="end"
            )
        )
    drawing.add(Line(left, bottom, left, bottom + plot_h, strokeColor=_AXIS, strokeWidth=0.6))
    drawing.add(Line(left, bottom, left + plot_w, bottom, strokeColor=_AXIS, strokeWidth=0.6))
    for day in _date_ticks(0, last_day, 5 if width > 300 else 3):
        x = x_of(day)
        drawing.add(Line(x, bottom, x, bottom - 3, strokeColor=_AXIS, strokeWidth=0.6))
        label = wording.date(date.fromordinal(origin.toordinal() + day))
        drawing.add(
            String(
                x, bottom - 11, label, fontName=REGULAR, fontSize=6.5, fillColor=_AXIS, textAnchor="middle"
            )
        )
    drawing.add(
        String(
            4,
            bottom + plot_h / 2,
            wording("trend_axis"),
            fontName=REGULAR,
            fontSize=7,
            fillColor=_AXIS,
            textAnchor="middle",
        )
    )

    if forecast is not None:
        _add_fan(drawing, points, forecast, origin, x_of, y_of)

    for kind, (colour, dash) in _SERIES_STYLE.items():
        series = [((p.visit_date - origin).days, v) for p in points if (v := _value(p, kind)) is not None]
        if not series:
            continue
        if len(series) > 1:
            flat: list[float] = []
            for day, value in series:
                flat += [x_of(day), y_of(value)]
            drawing.add(PolyLine(flat, strokeColor=colour, strokeWidth=1.3, strokeDashArray=dash))
        for day, value in series:
            drawing.add(
                Circle(
                    x_of(day), y_of(value), 1.8, fillColor=colour, strokeColor=colors.white, strokeWidth=0.4
                )
            )

    for i, row in enumerate(legend_rows):
        _add_legend_row(drawing, row, left, height - 9 - 11 * i)
    return drawing


def _add_fan(
    drawing: Drawing,
    points: Sequence[HistoryPoint],
    forecast: ForecastSummary,
    origin: date,
    x_of: Callable[[float], float],
    y_of: Callable[[float], float],
) -> None:
    series = [(p.visit_date, v) for p in points if (v := _value(p, forecast.kind)) is not None]
    target_x = x_of((forecast.target_date - origin).days)
    if series:
        last_date, last_value = series[-1]
        start = (x_of((last_date - origin).days), y_of(last_value))
    else:
        start = (target_x, y_of(forecast.median))
    for low, high, alpha in ((forecast.low90, forecast.high90, 0.14), (forecast.low50, forecast.high50, 0.3)):
        fill = colors.Color(_FAN.red, _FAN.green, _FAN.blue, alpha=alpha)
        drawing.add(
            Polygon(
                [start[0], start[1], target_x, y_of(high), target_x, y_of(low)],
                fillColor=fill,
                strokeColor=None,
            )
        )
    drawing.add(
        Line(
            start[0],
            start[1],
            target_x,
            y_of(forecast.median),
            strokeColor=_FAN,
            strokeWidth=1,
            strokeDashArray=(2, 2),
        )
    )
    drawing.add(
        Line(
            target_x, y_of(forecast.low90), target_x, y_of(forecast.high90), strokeColor=_FAN, strokeWidth=0.5
        )
    )
    drawing.add(
        Circle(target_x, y_of(forecast.median), 2.2, fillColor=colors.white, strokeColor=_FAN, strokeWidth=1)
    )


_LegendEntry = tuple[str, colors.Color, tuple[float, ...] | None, str]


def _entry_width(text: str) -> float:
    return 17 + stringWidth(text, REGULAR, 7) + 12


def _legend_rows(
    points: Sequence[HistoryPoint], forecast: ForecastSummary | None, wording: Wording, width: float
) -> list[list[_LegendEntry]]:
    """Legend entries, wrapped into as many rows as the width needs."""
    entries: list[_LegendEntry] = []
    for kind, (colour, dash) in _SERIES_STYLE.items():
        if any(_value(p, kind) is not None for p in points):
            entries.append((wording.kind_short(kind), colour, dash, "line"))
    if forecast is not None:
        fan = [colors.Color(_FAN.red, _FAN.green, _FAN.blue, alpha=a) for a in (0.3, 0.14)]
        entries.append((wording("legend_median"), _FAN, (2, 2), "line"))
        entries.append((wording("legend_band50"), fan[0], None, "box"))
        entries.append((wording("legend_band90"), fan[1], None, "box"))
    rows: list[list[_LegendEntry]] = [[]]
    used = 0.0
    for entry in entries:
        need = _entry_width(entry[0])
        if rows[-1] and used + need > width:
            rows.append([])
            used = 0.0
        rows[-1].append(entry)
        used += need
    return rows if rows[0] else []


def _add_legend_row(drawing: Drawing, row: Sequence[_LegendEntry], x: float, y: float) -> None:
    for text, colour, dash, shape in row:
        if shape == "line":
            drawing.add(
                Line(x, y + 2.5, x + 14, y + 2.5, strokeColor=colour, strokeWidth=1.3, strokeDashArray=dash)
            )
        else:
            drawing.add(Rect(x, y, 14, 6, fillColor=colour, strokeColor=None))
        drawing.add(String(x + 17, y, text, fontName=REGULAR, fontSize=7, fillColor=_AXIS))
        x += _entry_width(text)
