"""Body regions of the SCORAD form and their rule-of-nines weights.

Source: European Task Force on Atopic Dermatitis, "Severity scoring of atopic dermatitis:
the SCORAD index", Dermatology 1993;186:23-31 — the form's figures give each region's
share of the body surface, front and back. DESIGN §2 fixes the numbers:

* age >= 2 years: head & neck 4.5/4.5, each upper limb 4.5/4.5, trunk 18 (front),
  back 18, each lower limb 9/9, genitals 1 (front) — total 100;
* age < 2 years (the form's child figure): head & neck 8.5/8.5, each upper limb 4.5/4.5,
  trunk 18, back 18, each lower limb 6/6, genitals 1 — total 96. The form's total is
  kept as is, not renormalised to 100, so the extent A of an infant tops out at 96.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from desktop_app.domain.errors import InvalidAgeError, UnknownRegionError
from desktop_app.domain.validation import require_number


class Region(StrEnum):
    """Region identifiers used everywhere: code, database, CLI and exports."""

    HEAD_NECK = "head_neck"
    UPPER_LIMB_LEFT = "upper_limb_left"
    UPPER_LIMB_RIGHT = "upper_limb_right"
    TRUNK_FRONT = "trunk_front"
    BACK = "back"
    LOWER_LIMB_LEFT = "lower_limb_left"
    LOWER_LIMB_RIGHT = "lower_limb_right"
    GENITALS = "genitals"


class AgeGroup(StrEnum):
    """Which figure of the SCORAD form applies."""

    UNDER_2 = "under_2"
    AGE_2_PLUS = "age_2_plus"


@dataclass(frozen=True)
class RegionWeight:
    """Percent of body surface on the front and back views of one region."""

    front: float
    back: float

    @property
    def total(self) -> float:
        return self.front + self.back


_W = RegionWeight
WEIGHTS: Mapping[AgeGroup, Mapping[Region, RegionWeight]] = MappingProxyType(
    {
        AgeGroup.AGE_2_PLUS: MappingProxyType(
            {
                Region.HEAD_NECK: _W(4.5, 4.5),
                Region.UPPER_LIMB_LEFT: _W(4.5, 4.5),
                Region.UPPER_LIMB_RIGHT: _W(4.5, 4.5),
                Region.TRUNK_FRONT: _W(18.0, 0.0),
                Region.BACK: _W(0.0, 18.0),
                Region.LOWER_LIMB_LEFT: _W(9.0, 9.0),
                Region.LOWER_LIMB_RIGHT: _W(9.0, 9.0),
                Region.GENITALS: _W(1.0, 0.0),
            }
        ),
        AgeGroup.UNDER_2: MappingProxyType(
            {
                Region.HEAD_NECK: _W(8.5, 8.5),
                Region.UPPER_LIMB_LEFT: _W(4.5, 4.5),
                Region.UPPER_LIMB_RIGHT: _W(4.5, 4.5),
                Region.TRUNK_FRONT: _W(18.0, 0.0),
                Region.BACK: _W(0.0, 18.0),
                Region.LOWER_LIMB_LEFT: _W(6.0, 6.0),
                Region.LOWER_LIMB_RIGHT: _W(6.0, 6.0),
                Region.GENITALS: _W(1.0, 0.0),
            }
        ),
    }
)

REGION_LABELS: Mapping[Region, str] = MappingProxyType(
    {
        Region.HEAD_NECK: "Head and neck",
        Region.UPPER_LIMB_LEFT: "Left upper limb",
        Region.UPPER_LIMB_RIGHT: "Right upper limb",
        Region.TRUNK_FRONT: "Trunk (front)",
        Region.BACK: "Back",
        Region.LOWER_LIMB_LEFT: "Left lower limb",
        Region.LOWER_LIMB_RIGHT: "Right lower limb",
        Region.GENITALS: "Genitals",
    }
)


def age_group(age_years: float) -> AgeGroup:
    """Return the form figure for an age in years (fractions allowed: 1.5 is 18 months)."""
    try:
        age = require_number("age_years", "Age", age_years)
    except ValueError as exc:
        raise InvalidAgeError("age_years", f"Age must be a number of years (got {age_years!r}).") from exc
    if age < 0:
        raise InvalidAgeError("age_years", f"Age cannot be negative (got {age:g} years).")
    if age > 130:
        raise InvalidAgeError("age_years", f"Age of {age:g} years is not plausible: check the birth date.")
    return AgeGroup.UNDER_2 if age < 2 else AgeGroup.AGE_2_PLUS


def parse_region(identifier: str) -> Region:
    """Map an identifier from a form, CLI or file to a Region, or raise UnknownRegionError."""
    try:
        return Region(identifier.strip())
    except (ValueError, AttributeError):
        known = ", ".join(r.value for r in Region)
        raise UnknownRegionError(
            "region", f"Unknown body region {identifier!r}; use one of: {known}."
        ) from None


def region_weight(region: Region, group: AgeGroup) -> float:
    """A region's share of the body surface (front + back), in percent."""
    return WEIGHTS[group][region].total


def max_extent(group: AgeGroup) -> float:
    """Largest possible extent A for a figure: 100 from age 2, 96 below (the form's total)."""
    return sum(w.total for w in WEIGHTS[group].values())
