"""The forecaster's five clinic-level parameters and the defaults a new clinic starts from.

All five live on the latent logit scale of ``transform`` (so one set serves SCORAD,
PO-SCORAD and objective SCORAD alike, each on its own maximum):

* ``level_mean``, ``level_sd``: the clinic's patients' own long-run levels are
  N(level_mean, level_sd²) — the empirical-Bayes prior that each patient's level is shrunk to.
* ``reversion_per_day``: rate θ at which the latent severity returns to the patient's level
  (half-life ln 2 / θ days) — an Ornstein-Uhlenbeck process, so any gap between visits is exact.
* ``latent_sd``: stationary SD of the latent swings around the patient's level (flares, remissions).
* ``noise_sd``: measurement noise (inter-rater, day-to-day itch) on one assessment.

Defaults (DEFAULT_PARAMETERS) are the centre of the simulated cohort of ``simulation`` — our
choices inside published PO-SCORAD/SCORAD ranges (see that module and docs/forecast.md); a
clinic with its own history should refit them (``fit_clinic_parameters``).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from desktop_app.forecast.errors import ForecastInputError
from desktop_app.forecast.transform import DEFAULT_OFFSET_FRACTION

MODEL_VERSION = "ou-kalman-logit/1"


@dataclass(frozen=True)
class ForecastParameters:
    level_mean: float
    level_sd: float
    reversion_per_day: float
    latent_sd: float
    noise_sd: float
    offset_fraction: float = DEFAULT_OFFSET_FRACTION
    fitted_patients: int = 0
    fitted_assessments: int = 0
    model_version: str = MODEL_VERSION
    fitted_utc: str | None = None  # when a clinic refit produced them (None: the defaults)

    def __post_init__(self) -> None:
        for name in ("level_sd", "reversion_per_day", "latent_sd", "noise_sd", "offset_fraction"):
            value = getattr(self, name)
            if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
                raise ForecastInputError(
                    f"Forecast parameter {name} must be a positive number (got {value!r})."
                )
        if not math.isfinite(self.level_mean):
            raise ForecastInputError(
                f"Forecast parameter level_mean must be finite (got {self.level_mean!r})."
            )

    @property
    def half_life_days(self) -> float:
        return math.log(2.0) / self.reversion_per_day

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, so storage can keep the clinic's fitted parameters with their provenance."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ForecastParameters:
        try:
            return cls(**data)
        except TypeError as error:
            raise ForecastInputError(f"Stored forecast parameters are not readable: {error}") from None


DEFAULT_PARAMETERS = ForecastParameters(
    level_mean=-0.8,  # a patient level of ~30/103: moderate, the middle of clinic cohorts
    level_sd=0.6,  # 10-90 % of patient levels ~13-51 /103: mild to severe
    reversion_per_day=math.log(2.0) / 30.0,  # swings halve in a month (Stalder 2011: -19 % in 28 days)
    latent_sd=0.35,  # ~ ±8 points around 30: swings of the order of the MCID (Schram 2012)
    noise_sd=0.15,  # ~ ±3.6 points around 30: below the MCID, as a measurement error must be
)
