"""Shared checks for form values, so every score raises the same typed errors."""

from __future__ import annotations

import math
from numbers import Real

from desktop_app.domain.errors import InvalidStepError, MissingItemError, OutOfRangeError

# Steps are checked with a tolerance so that 0.1 * 3 (float noise) is still one decimal.
_STEP_TOLERANCE = 1e-9


def require_number(field: str, label: str, value: object) -> float:
    """Return ``value`` as a float, or raise if it is missing, not a number, or NaN."""
    if value is None:
        raise MissingItemError(field, f"{label} is missing: enter a value.")
    if isinstance(value, bool) or not isinstance(value, Real):
        raise OutOfRangeError(field, f"{label} must be a number (got {value!r}).")
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        raise OutOfRangeError(field, f"{label} must be a finite number (got {value!r}).")
    return number


def check_scale(field: str, label: str, value: object, low: float, high: float, step: float | None) -> float:
    """Validate ``value`` on the scale ``low..high`` in steps of ``step`` (None: any real)."""
    number = require_number(field, label, value)
    if number < low or number > high:
        raise OutOfRangeError(
            field, f"{label} must be between {_fmt(low)} and {_fmt(high)} (got {_fmt(number)})."
        )
    if step is not None:
        steps = (number - low) / step
        if abs(steps - round(steps)) > _STEP_TOLERANCE * max(1.0, abs(steps)):
            raise InvalidStepError(field, f"{label} must be in steps of {_fmt(step)} (got {number!r}).")
    return number


def _fmt(number: float) -> str:
    return f"{number:g}"
