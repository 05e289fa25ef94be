"""State of one SCORAD or PO-SCORAD form, recomputed by the domain engine on every change.

The widgets only set values and display :class:`FormState`; the arithmetic is
``desktop_app.domain.scorad`` and the banding ``desktop_app.domain.severity``. Errors are
kept per field (``"erythema"``, ``"pruritus"``, ``"trunk_front"``) so the form can show each
one beside its control.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication

from desktop_app.domain.errors import MissingItemError, ScoreInputError
from desktop_app.domain.regions import Region, age_group
from desktop_app.domain.scorad import (
    Extent,
    Intensity,
    ScoradResult,
    ScoreKind,
    Sign,
    Subjective,
    compute_po_scorad,
    compute_scorad,
)
from desktop_app.domain.severity import Band, BandSet, classify
from desktop_app.domain.validation import check_scale
from desktop_app.ui.viewmodels.body_map import BodyMapModel

translate = QCoreApplication.translate
VAS_FIELDS = ("pruritus", "sleeplessness")


@dataclass(frozen=True)
class FormState:
    """What the form shows: parts, totals, bands and the error beside each field."""

    a: float
    b: int | None
    c: float | None
    result: ScoradResult | None
    band: Band | None
    objective_band: Band | None
    errors: Mapping[str, str] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return self.result is not None


def _field_message(field_name: str, error: ScoreInputError) -> str:
    """A translated message for the field (the domain's own text is English only)."""
    if field_name in VAS_FIELDS:
        if isinstance(error, MissingItemError):
            return translate("ScoradForm", "Required: a value from 0 to 10.")
        return translate("ScoradForm", "Enter a value from 0 to 10, one decimal.")
    if field_name in {s.value for s in Sign}:
        if isinstance(error, MissingItemError):
            return translate("ScoradForm", "Required: choose a grade from 0 to 3.")
        return translate("ScoradForm", "Choose a whole grade from 0 to 3.")
    return translate("ScoradForm", "Enter a percentage from 0 to 100.")


class ScoradFormModel:
    """One assessment being entered: extent (body map), six grades, two VAS."""

    def __init__(self, kind: ScoreKind, age_years: float, band_set: BandSet = BandSet.CLASSIC) -> None:
        if kind not in (ScoreKind.SCORAD, ScoreKind.PO_SCORAD):
            raise ValueError(f"A form is a SCORAD or a PO-SCORAD, not {kind}")
        self.kind = kind
        self.age_years = age_years
        self.group = age_group(age_years)
        self.band_set = band_set
        self.body_map = BodyMapModel(self.group)
        self.grades: dict[Sign, int | None] = dict.fromkeys(Sign)
        self.vas: dict[str, float | None] = dict.fromkeys(VAS_FIELDS)
        self._extent_errors: dict[str, str] = {}
        self._listeners: list[Callable[[FormState], None]] = []
        self.body_map.subscribe(self._changed)

    def subscribe(self, listener: Callable[[FormState], None]) -> Callable[..., None]:
        """Call ``listener`` with the new state after every change; returns the unsubscriber."""
        self._listeners.append(listener)

        def unsubscribe(*_args: object) -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _changed(self) -> None:
        state = self.state()
        for listener in self._listeners:
            listener(state)

    # -- input -------------------------------------------------------------------------
    def set_region_percent(self, region: Region, percent: float) -> bool:
        """Set a region's affected percentage; a bad value is reported beside the region."""
        try:
            extent = Extent.from_mapping({region.value: percent / 100.0})
        except ScoreInputError as exc:
            self._extent_errors[region.value] = _field_message(region.value, exc)
            self._changed()
            return False
        except TypeError:
            self._extent_errors[region.value] = _field_message(
                region.value, MissingItemError(region.value, "")
            )
            self._changed()
            return False
        self._extent_errors.pop(region.value, None)
        self.body_map.set_fraction(region, extent.fraction(region))  # notifies
        return True

    def set_grade(self, sign: Sign, grade: int | None) -> None:
        self.grades[sign] = grade
        self._changed()

    def set_vas(self, name: str, value: float | None) -> None:
        if name not in VAS_FIELDS:
            raise KeyError(name)
        self.vas[name] = None if value is None else round(float(value), 1)
        self._changed()

    # -- output ------------------------------------------------------------------------
    def state(self) -> FormState:
        errors: dict[str, str] = dict(self._extent_errors)
        extent = Extent.from_mapping({r.value: f for r, f in self.body_map.fractions().items()})
        a = extent.area(self.group)
        for sign in Sign:
            value = self.grades[sign]
            try:
                if value is None:
                    raise MissingItemError(sign.value, "")
                check_scale(sign.value, sign.value, value, 0, 3, 1)
            except ScoreInputError as exc:
                errors[sign.value] = _field_message(sign.value, exc)
        for name in VAS_FIELDS:
            vas = self.vas[name]
            try:
                if vas is None:
                    raise MissingItemError(name, "")
                check_scale(name, name, vas, 0, 10, 0.1)
            except ScoreInputError as exc:
                errors[name] = _field_message(name, exc)
        grade_errors = any(s.value in errors for s in Sign)
        b = None if grade_errors else sum(int(self.grades[s] or 0) for s in Sign)
        vas_errors = any(n in errors for n in VAS_FIELDS)
        c = None if vas_errors else round(sum(float(self.vas[n] or 0) for n in VAS_FIELDS), 1)
        if errors:
            return FormState(a, b, c, None, None, None, errors)
        intensity = Intensity.from_mapping({s.value: self.grades[s] for s in Sign})
        subjective = Subjective(float(self.vas["pruritus"] or 0), float(self.vas["sleeplessness"] or 0))
        compute = compute_scorad if self.kind is ScoreKind.SCORAD else compute_po_scorad
        result = compute(self.age_years, extent, intensity, subjective)
        band = classify(result.scorad, self.kind, self.band_set)
        objective_band = classify(result.oscorad, ScoreKind.OSCORAD, self.band_set)
        return FormState(a, result.b, result.c, result, band, objective_band, {})

    # -- persistence -------------------------------------------------------------------
    def items(self) -> dict[str, object]:
        """The assessment's items as stored: extent fractions, grades, VAS values."""
        return {
            "extent": {r.value: f for r, f in self.body_map.fractions().items()},
            "intensity": {s.value: self.grades[s] for s in Sign},
            "subjective": dict(self.vas),
        }

    def to_dict(self) -> dict[str, object]:
        """Draft state, including the painting, so a visit resumes exactly where it stopped."""
        return {**self.items(), "kind": self.kind.value, "body_map": self.body_map.to_dict()}

    def load_dict(self, data: Mapping[str, object]) -> None:
        grades = dict(data.get("intensity", {}) or {})  # type: ignore[call-overload]
        self.grades = {s: (None if grades.get(s.value) is None else int(grades[s.value])) for s in Sign}
        subjective = dict(data.get("subjective", {}) or {})  # type: ignore[call-overload]
        self.vas = {n: (None if subjective.get(n) is None else float(subjective[n])) for n in VAS_FIELDS}
        body_map = data.get("body_map")
        if isinstance(body_map, Mapping):
            self.body_map.load_dict(body_map)
        else:
            extent = dict(data.get("extent", {}) or {})  # type: ignore[call-overload]
            self.body_map.clear()
            for key, value in extent.items():
                self.body_map.set_fraction(Region(key), float(value))
        self._changed()
