"""Colours shared by the chart, the band badges and the body map (one place to tune contrast)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from desktop_app.domain.severity import Band

# Background tints for band stripes and badges; dark text stays readable on each (WCAG AA).
BAND_COLOURS: dict[Band, str] = {
    Band.CLEAR: "#d8f0dc",
    Band.MILD: "#e6f2c2",
    Band.MODERATE: "#fbe3b0",
    Band.SEVERE: "#f7c1bd",
}
BAND_TEXT = "#1d1d1d"

SERIES_COLOURS: dict[str, str] = {
    "scorad": "#1f4e9c",
    "oscorad": "#2e7d32",
    "po_scorad": "#8e24aa",
    "ascorad": "#c75b00",
}

SKIN = QColor("#f3d9c2")
SKIN_OUTLINE = QColor("#6d4c41")
AFFECTED = QColor(198, 40, 40)
SELECTED = QColor("#1565c0")
ERROR_TEXT = "#b00020"


def band_colour(band: Band) -> QColor:
    return QColor(BAND_COLOURS[band])
