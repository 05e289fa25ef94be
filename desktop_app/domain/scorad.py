"""SCORAD, objective SCORAD and PO-SCORAD, exactly as DESIGN §2 defines them.

Sources:
* SCORAD — European Task Force on Atopic Dermatitis, Dermatology 1993;186:23-31.
  A = extent 0-100 (rule of nines, see ``regions``), B = six intensity items each 0-3
  (0-18), C = pruritus + sleeplessness, each a 0-10 visual analogue scale with one
  decimal (0-20). SCORAD = A/5 + 7B/2 + C (0-103); oSCORAD = A/5 + 7B/2 (0-83).
* PO-SCORAD — Stalder et al., Allergy 2011;66:1114-21: the patient scores the same items
  in lay wording and the same formula gives 0-103.

Totals are rounded to 9 decimals only to remove binary floating-point noise (so that
4.5 x 0.3 x ... lands exactly on a band boundary when the true value does); the
reported precision is the caller's choice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from desktop_app.domain.errors import MissingItemError
from desktop_app.domain.regions import AgeGroup, Region, age_group, parse_region, region_weight
from desktop_app.domain.validation import check_scale

SCORAD_MAX = 103.0
OSCORAD_MAX = 83.0
_NOISE_DECIMALS = 9


class Sign(StrEnum):
    """The six SCORAD intensity items (B), in the form's order."""

    ERYTHEMA = "erythema"
    OEDEMA_PAPULATION = "oedema_papulation"
    OOZING_CRUSTS = "oozing_crusts"
    EXCORIATIONS = "excoriations"
    LICHENIFICATION = "lichenification"
    DRYNESS = "dryness"


SIGN_LABELS: Mapping[Sign, str] = MappingProxyType(
    {
        Sign.ERYTHEMA: "Erythema (redness)",
        Sign.OEDEMA_PAPULATION: "Oedema/papulation",
        Sign.OOZING_CRUSTS: "Oozing/crusts",
        Sign.EXCORIATIONS: "Excoriations",
        Sign.LICHENIFICATION: "Lichenification",
        Sign.DRYNESS: "Dryness (on uninvolved skin)",
    }
)


class ScoreKind(StrEnum):
    """Which index a total is; bands and MCIDs depend on it."""

    SCORAD = "scorad"
    OSCORAD = "oscorad"
    PO_SCORAD = "po_scorad"


def _clean(value: float) -> float:
    return round(value, _NOISE_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0


@dataclass(frozen=True)
class Extent:
    """Affected fraction (0-1) of each body region; regions not listed are unaffected.

    Build it with :meth:`from_mapping`, which accepts identifiers as strings and
    validates every fraction.
    """

    fractions: Mapping[Region, float] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def from_mapping(cls, fractions: Mapping[str, object] | Mapping[Region, object]) -> Extent:
        checked: dict[Region, float] = {}
        for key, value in fractions.items():
            region = parse_region(str(key))
            checked[region] = check_scale(
                region.value, f"Affected fraction of {region.value}", value, 0.0, 1.0, None
            )
        return cls(MappingProxyType(checked))

    def fraction(self, region: Region) -> float:
        return self.fractions.get(region, 0.0)

    def area(self, group: AgeGroup) -> float:
        """A: sum over regions of weight x affected fraction (0-100, or 0-96 under 2)."""
        return _clean(sum(region_weight(r, group) * f for r, f in self.fractions.items()))


@dataclass(frozen=True)
class Intensity:
    """B items, each a whole grade 0-3 (0 absent, 1 mild, 2 moderate, 3 severe)."""

    erythema: int
    oedema_papulation: int
    oozing_crusts: int
    excoriations: int
    lichenification: int
    dryness: int

    def __post_init__(self) -> None:
        for sign in Sign:
            check_scale(sign.value, SIGN_LABELS[sign], getattr(self, sign.value), 0, 3, 1)

    @classmethod
    def from_mapping(cls, grades: Mapping[str, object]) -> Intensity:
        """Build from ``{"erythema": 2, ...}``; every one of the six items is required."""
        unknown = set(grades) - {s.value for s in Sign}
        if unknown:
            name = sorted(unknown)[0]
            raise MissingItemError(name, f"{name!r} is not a SCORAD intensity item.")
        for sign in Sign:
            if grades.get(sign.value) is None:
                raise MissingItemError(sign.value, f"{SIGN_LABELS[sign]} is missing: enter a grade 0-3.")
        return cls(**{s.value: grades[s.value] for s in Sign})  # type: ignore[arg-type]

    def grade(self, sign: Sign) -> int:
        return int(getattr(self, sign.value))

    @property
    def total(self) -> int:
        """B, 0-18."""
        return sum(self.grade(s) for s in Sign)


@dataclass(frozen=True)
class Subjective:
    """C items: pruritus and sleeplessness, each a 0-10 VAS with one decimal.

    The value is the average over the last three days and nights, as the form asks.
    """

    pruritus: float
    sleeplessness: float

    def __post_init__(self) -> None:
        check_scale("pruritus", "Itch (pruritus)", self.pruritus, 0, 10, 0.1)
        check_scale("sleeplessness", "Sleep loss (sleeplessness)", self.sleeplessness, 0, 10, 0.1)

    @property
    def total(self) -> float:
        """C, 0-20."""
        return _clean(float(self.pruritus) + float(self.sleeplessness))


@dataclass(frozen=True)
class ScoradResult:
    """The parts and totals of one SCORAD (or PO-SCORAD) assessment."""

    kind: ScoreKind
    a: float
    b: int
    c: float
    scorad: float
    oscorad: float
    age_group: AgeGroup


def _combine(kind: ScoreKind, a: float, b: int, c: float, group: AgeGroup) -> ScoradResult:
    objective = _clean(a / 5 + 7 * b / 2)
    return ScoradResult(kind, a, b, c, _clean(objective + c), objective, group)


def compute_scorad(
    age_years: float, extent: Extent, intensity: Intensity, subjective: Subjective
) -> ScoradResult:
    """SCORAD = A/5 + 7B/2 + C (0-103), with oSCORAD = A/5 + 7B/2 (0-83)."""
    group = age_group(age_years)
    return _combine(ScoreKind.SCORAD, extent.area(group), intensity.total, subjective.total, group)


def compute_po_scorad(
    age_years: float, extent: Extent, intensity: Intensity, subjective: Subjective
) -> ScoradResult:
    """PO-SCORAD (Stalder 2011): the patient's own items, through the same formula (0-103).

    The patient's lay items map one-to-one: redness → erythema, swelling →
    oedema/papulation, oozing → oozing/crusts, scratch marks → excoriations, thickening →
    lichenification, dryness of unaffected skin → dryness, itch → pruritus, sleep
    disturbance → sleeplessness.
    """
    group = age_group(age_years)
    return _combine(ScoreKind.PO_SCORAD, extent.area(group), intensity.total, subjective.total, group)


def compute_objective(age_years: float, extent: Extent, intensity: Intensity) -> float:
    """oSCORAD alone, for assessments without the patient's C items (e.g. ASCORAD)."""
    group = age_group(age_years)
    return _combine(ScoreKind.OSCORAD, extent.area(group), intensity.total, 0.0, group).oscorad
