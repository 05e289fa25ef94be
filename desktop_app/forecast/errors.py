"""Typed errors of the forecaster, with messages a clinician or a site administrator understands."""

from __future__ import annotations


class ForecastInputError(ValueError):
    """A score history or a date the forecaster cannot use (off the scale, not a number, in the past)."""


class ForecastDataError(ValueError):
    """A history file for the evaluation harness that cannot be read (columns, dates, scores, empty)."""
