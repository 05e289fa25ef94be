"""Typed errors for invalid score input.

DESIGN §2: invalid input (out of range, wrong step, missing item) raises a typed error
whose message a clinician understands; the UI shows it next to the field named by
``field``. Nothing is ever clamped silently.
"""

from __future__ import annotations


class ScoreInputError(ValueError):
    """Base class: ``field`` names the form field (e.g. ``"erythema"``) at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class OutOfRangeError(ScoreInputError):
    """A value outside the item's scale (e.g. a grade of 4, a fraction of 1.2)."""


class InvalidStepError(ScoreInputError):
    """A value between the scale's steps (e.g. grade 1.5 in SCORAD, VAS 3.25)."""


class MissingItemError(ScoreInputError):
    """A required item of the form was not given."""


class UnknownRegionError(ScoreInputError):
    """A body region identifier that is not one of the form's regions."""


class InvalidAgeError(ScoreInputError):
    """A negative or non-numeric age."""
