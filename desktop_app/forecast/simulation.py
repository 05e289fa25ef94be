"""Simulated clinic cohorts for the benchmark and the tests, with every parameter documented.

No public patient-level PO-SCORAD series can ship with the app, so the forecaster is measured
on cohorts simulated from published orders of magnitude. What comes from the literature and
what we chose:

* Severity levels: Stalder et al., Allergy 2011 (PO-SCORAD validation, 471 patients in 9
  countries) recruited "all forms of AD severity"; cohorts span mild to severe. We choose
  patient levels with median ~30/103 (moderate) and 10-90 % range ~13-51 (chosen).
* Reversion: in Stalder 2011, with no specific intervention, PO-SCORAD fell by ~19 % and
  SCORAD by ~24 % between inclusion and day 28 ± 7 — patients consult when worse and return
  towards their own level within weeks. We choose per-patient half-lives of swings log-uniform
  in 15-60 days (chosen; consistent with that month-scale return).
* Day-to-day dynamics: Hurault et al., Clin Transl Allergy 2022 (EczemaPred) model PO-SCORAD
  measured twice weekly in 347 patients over 17 weeks as a latent state with measurement
  error, and show personalised models beat population ones — the structure used here.
* Swing and noise sizes: latent swings of about ±8 points (1 SD) around 30 and measurement
  noise about ±3.6 points (chosen), i.e. swings of the order of the MCID (8.2-8.7, Schram et
  al., Allergy 2012) and noise below it, as a measurement error must be to detect an MCID.
* Flare jumps (the misspecified cohort only): sudden rises of 10-25 points at a rate of one
  per ~60 days per patient, resolving with a half-life of 10 days (chosen: flares that need a
  visit, treated within about two weeks). The forecaster has no jump term; this cohort shows
  how it degrades when reality is not its model.
* Visits: irregular clinic visits, gaps log-normal with median 35 days (10-90 %: ~16-76 days),
  bounded to 7-180 days; 4-16 visits per patient; enrolment spread over 18 months (chosen).

The ``CLINIC_COHORT`` is generated from the forecaster's own model family (logit-scale OU,
Gaussian noise) apart from per-patient reversion rates and swing sizes — so the forecaster's
advantage on it is partly by construction; ``FLARE_COHORT`` breaks the model with jumps.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from desktop_app.domain.scorad import ScoreKind
from desktop_app.domain.severity import SCORE_MAX
from desktop_app.forecast.transform import DEFAULT_OFFSET_FRACTION, from_latent_array


@dataclass(frozen=True)
class CohortSpec:
    """Generator settings; levels and SDs on the logit scale of ``transform`` (see module doc)."""

    kind: ScoreKind = ScoreKind.PO_SCORAD
    level_mean: float = -0.8  # score ~30 of 103
    level_sd: float = 0.6  # 10-90 %: ~13-51
    half_life_days: tuple[float, float] = (15.0, 60.0)  # per patient, log-uniform
    latent_sd: float = 0.35  # ~±8 points around 30
    latent_sd_factor: tuple[float, float] = (0.7, 1.4)  # per patient, log-uniform
    noise_sd: float = 0.15  # ~±3.6 points around 30
    flare_rate_per_day: float = 0.0
    flare_jump: tuple[float, float] = (10.0, 25.0)  # score points, uniform
    flare_half_life_days: float = 10.0
    gap_median_days: float = 35.0
    gap_log_sd: float = 0.6
    gap_bounds_days: tuple[float, float] = (7.0, 180.0)
    visits: tuple[int, int] = (4, 16)  # inclusive
    enrolment_days: int = 540
    start: date = date(2024, 1, 1)
    offset_fraction: float = DEFAULT_OFFSET_FRACTION


CLINIC_COHORT = CohortSpec()
FLARE_COHORT = replace(CLINIC_COHORT, flare_rate_per_day=1.0 / 60.0)


@dataclass(frozen=True)
class SimulatedPatient:
    """One patient's visits, and the hidden truth that generated them (logit scale).

    The truth is never shown to a forecaster; the benchmark's clairvoyant bound uses it to
    measure how much of the next score no method could predict.
    """

    patient_id: str
    dates: tuple[date, ...]
    scores: tuple[float, ...]
    level: float
    half_life_days: float
    swing_sd: float

    def history(self) -> list[tuple[date, float]]:
        return list(zip(self.dates, self.scores, strict=True))


def simulate_cohort(
    n_patients: int, seed: int = 0, spec: CohortSpec = CLINIC_COHORT
) -> list[SimulatedPatient]:
    """``n_patients`` independent patients; the same seed gives the same cohort."""
    rng = np.random.default_rng(seed)
    score_max = SCORE_MAX[spec.kind]
    patients = []
    for index in range(n_patients):
        n_visits = int(rng.integers(spec.visits[0], spec.visits[1] + 1))
        gaps = np.clip(
            spec.gap_median_days * np.exp(spec.gap_log_sd * rng.standard_normal(n_visits - 1)),
            *spec.gap_bounds_days,
        ).round()
        days = float(rng.integers(0, spec.enrolment_days + 1)) + np.concatenate([[0.0], np.cumsum(gaps)])
        level = spec.level_mean + spec.level_sd * rng.standard_normal()
        half_life = math.exp(rng.uniform(math.log(spec.half_life_days[0]), math.log(spec.half_life_days[1])))
        theta = math.log(2.0) / half_life
        swing = spec.latent_sd * math.exp(
            rng.uniform(math.log(spec.latent_sd_factor[0]), math.log(spec.latent_sd_factor[1]))
        )
        x = np.empty(n_visits)
        x[0] = level + swing * rng.standard_normal()
        for k in range(1, n_visits):
            phi = math.exp(-theta * (days[k] - days[k - 1]))
            x[k] = (
                level + phi * (x[k - 1] - level) + swing * math.sqrt(1.0 - phi * phi) * rng.standard_normal()
            )
        observed = x + spec.noise_sd * rng.standard_normal(n_visits)
        scores = from_latent_array(observed, score_max, spec.offset_fraction)
        if spec.flare_rate_per_day > 0:
            scores = scores + _flare_effect(rng, days, spec)
        scores = np.clip(np.round(scores, 1), 0.0, score_max)
        dates = tuple(spec.start + timedelta(days=int(d)) for d in days)
        patients.append(
            SimulatedPatient(
                f"P{index:05d}", dates, tuple(float(s) for s in scores), float(level), half_life, swing
            )
        )
    return patients


def _flare_effect(rng: np.random.Generator, days: np.ndarray, spec: CohortSpec) -> np.ndarray:
    """Sum of decaying jumps (compound Poisson process since 60 days before the first visit)."""
    begin, end = days[0] - 60.0, days[-1]
    n_flares = rng.poisson(spec.flare_rate_per_day * (end - begin))
    onsets = rng.uniform(begin, end, n_flares)
    sizes = rng.uniform(*spec.flare_jump, n_flares)
    decay = math.log(2.0) / spec.flare_half_life_days
    elapsed = days[:, None] - onsets[None, :]
    effect: np.ndarray = np.where(elapsed >= 0, sizes * np.exp(-decay * np.maximum(elapsed, 0.0)), 0.0).sum(
        axis=1
    )
    return effect


def write_cohort_csv(path: Path, patients: Sequence[SimulatedPatient]) -> None:
    """The evaluation harness's input format: ``patient_id,date,score`` with ISO dates."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["patient_id", "date", "score"])
        for patient in patients:
            for when, score in zip(patient.dates, patient.scores, strict=True):
                writer.writerow([patient.patient_id, when.isoformat(), f"{score:.1f}"])
