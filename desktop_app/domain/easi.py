"""Eczema Area and Severity Index, as DESIGN §2 defines it.

Source: Hanifin et al., Exp Dermatol 2001;10:11-18 (and the HOME EASI guidance).
Four regions with weights by age — from 8 years: head/neck 0.1, upper limbs 0.2,
trunk 0.3, lower limbs 0.4; 0-7 years: 0.2, 0.2, 0.3, 0.3. Four signs (erythema,
induration/papulation, excoriation, lichenification), each 0-3 in half points. Area score
0 = none, 1 = 1-9 %, 2 = 10-29 %, 3 = 30-49 %, 4 = 50-69 %, 5 = 70-89 %, 6 = 90-100 %.
Region score = sum of signs x area score x weight; EASI = sum of region scores, 0-72.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from desktop_app.domain.errors import MissingItemError, UnknownRegionError
from desktop_app.domain.regions import age_group
from desktop_app.domain.validation import check_scale, require_number

EASI_MAX = 72.0


class EasiRegion(StrEnum):
    HEAD_NECK = "head_neck"
    UPPER_LIMBS = "upper_limbs"
    TRUNK = "trunk"
    LOWER_LIMBS = "lower_limbs"


EASI_SIGNS: tuple[str, ...] = ("erythema", "induration_papulation", "excoriation", "lichenification")

_WEIGHTS_8_PLUS = MappingProxyType(
    {
        EasiRegion.HEAD_NECK: 0.1,
        EasiRegion.UPPER_LIMBS: 0.2,
        EasiRegion.TRUNK: 0.3,
        EasiRegion.LOWER_LIMBS: 0.4,
    }
)
_WEIGHTS_0_7 = MappingProxyType(
    {
        EasiRegion.HEAD_NECK: 0.2,
        EasiRegion.UPPER_LIMBS: 0.2,
        EasiRegion.TRUNK: 0.3,
        EasiRegion.LOWER_LIMBS: 0.3,
    }
)


def easi_weights(age_years: float) -> Mapping[EasiRegion, float]:
    """Region multipliers: the 0-7 set below 8 years, the adult set from 8 years on."""
    age_group(age_years)  # validates the age (negative, NaN, implausible)
    return _WEIGHTS_0_7 if float(age_years) < 8 else _WEIGHTS_8_PLUS


def area_score(percent: float, field: str = "area") -> int:
    """EASI area score 0-6 from the percent of a region affected (0-100)."""
    value = check_scale(field, "Affected area", percent, 0.0, 100.0, None)
    if value == 0:
        return 0
    for score, upper in ((1, 10.0), (2, 30.0), (3, 50.0), (4, 70.0), (5, 90.0)):
        if value < upper:
            return score
    return 6


@dataclass(frozen=True)
class EasiRegionScore:
    """One region's four signs (0-3, half points) and area score (0-6)."""

    region: EasiRegion
    erythema: float
    induration_papulation: float
    excoriation: float
    lichenification: float
    area: int

    def __post_init__(self) -> None:
        prefix = self.region.value
        for sign in EASI_SIGNS:
            check_scale(
                f"{prefix}.{sign}",
                f"{sign.replace('_', '/').capitalize()} ({prefix})",
                getattr(self, sign),
                0,
                3,
                0.5,
            )
        check_scale(f"{prefix}.area", f"Area score ({prefix})", self.area, 0, 6, 1)

    @property
    def sign_sum(self) -> float:
        return float(sum(getattr(self, s) for s in EASI_SIGNS))


@dataclass(frozen=True)
class EasiResult:
    total: float
    region_scores: Mapping[EasiRegion, float]


def compute_easi(age_years: float, regions: Mapping[str, Mapping[str, object]]) -> EasiResult:
    """EASI from ``{region: {"erythema": .., ..., "area": 0-6}}``; all four regions required."""
    weights = easi_weights(age_years)
    parsed: dict[EasiRegion, EasiRegionScore] = {}
    for key, items in regions.items():
        try:
            region = EasiRegion(key)
        except ValueError:
            raise UnknownRegionError(
                "region", f"Unknown EASI region {key!r}; use head_neck, upper_limbs, trunk, lower_limbs."
            ) from None
        values: dict[str, float] = {}
        for item in (*EASI_SIGNS, "area"):
            if items.get(item) is None:
                raise MissingItemError(f"{key}.{item}", f"{item} of {key} is missing.")
            values[item] = require_number(f"{key}.{item}", f"{item} of {key}", items[item])
        parsed[region] = EasiRegionScore(region=region, **values)  # type: ignore[arg-type]
    for region in EasiRegion:
        if region not in parsed:
            raise MissingItemError(region.value, f"EASI region {region.value} is missing.")
    scores = {r: round(s.sign_sum * s.area * weights[r], 9) for r, s in parsed.items()}
    return EasiResult(total=round(sum(scores.values()), 9) + 0.0, region_scores=MappingProxyType(scores))
