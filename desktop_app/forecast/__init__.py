"""Forecast of a patient's next score and flare risk (DESIGN §6): numpy only at run time
(scipy is used only by the tests, to check our normal CDF, quantile and optimiser).

Model: per patient, a latent severity on a bounded logit scale (``transform``) that reverts
to the patient's own level as an Ornstein-Uhlenbeck process, observed with measurement
noise; a Kalman filter handles any gap between visits exactly (``kalman``). Five clinic-level
parameters are pooled over the clinic's patients by penalised maximum likelihood with each
patient's level integrated out (empirical Bayes; ``fitting``); a new clinic starts from
``DEFAULT_PARAMETERS``. Decision support for trained clinicians, not a diagnosis.

API for the GUI, the reports and storage::

    from desktop_app.forecast import (
        DEFAULT_PARAMETERS, ForecastParameters, fit_clinic_parameters,
        forecast, forecast_fan, unavailable_reason, Forecast, ForecastFan, MIN_POINTS,
        ForecastInputError,
    )

    params = fit_clinic_parameters({patient_id: [(date, score), ...], ...}, ScoreKind.SCORAD)
    params.to_dict() / ForecastParameters.from_dict(d)   # JSON-ready, to store with provenance
    params = refit_clinic(session.score_series("scorad"))  # refit on demand (≥ 5 patients)
    params = stored_parameters(session.settings().forecast_parameters)  # stored set or defaults

    f = forecast(history, target_date, ScoreKind.SCORAD, params, BandSet.CLASSIC)
    # None with fewer than MIN_POINTS (3) assessments; unavailable_reason(history) says why.
    # f.median, f.low50, f.high50, f.low90, f.high90  (scores, always inside 0..max)
    # f.p_flare: P(score at target ≥ latest + MCID, or in a worse band), f.flare_threshold
    # f.n_points, f.target_date, f.last_date, f.horizon_days, f.model_version, f.created_utc

    fan = forecast_fan(history, ScoreKind.SCORAD, params, horizon_days=84, step_days=7)
    # fan.dates, fan.levels (0.05, 0.25, 0.5, 0.75, 0.95), fan.quantiles[level][date], fan.p_flare

``history`` is a sequence of ``(datetime.date, score)`` of ONE index (SCORAD, objective
SCORAD or PO-SCORAD), any order. A score off the scale or a target date not after the
latest assessment raises ``ForecastInputError`` (a ValueError with a readable message).
Bands and MCIDs come from ``desktop_app.domain.severity``.

Evaluation: ``evaluation.evaluate`` / ``scorad-desk evaluate forecast --data CSV``; simulated
cohorts: ``simulation.simulate_cohort``. See docs/forecast.md for the figures and their limits.
"""

from desktop_app.forecast.clinic import refit_clinic, stored_parameters
from desktop_app.forecast.errors import ForecastDataError, ForecastInputError
from desktop_app.forecast.fitting import fit_clinic_parameters
from desktop_app.forecast.parameters import DEFAULT_PARAMETERS, MODEL_VERSION, ForecastParameters
from desktop_app.forecast.predict import (
    FAN_LEVELS,
    MIN_POINTS,
    Forecast,
    ForecastFan,
    forecast,
    forecast_fan,
    unavailable_reason,
)

__all__ = [
    "DEFAULT_PARAMETERS",
    "FAN_LEVELS",
    "MIN_POINTS",
    "MODEL_VERSION",
    "Forecast",
    "ForecastDataError",
    "ForecastFan",
    "ForecastInputError",
    "ForecastParameters",
    "fit_clinic_parameters",
    "forecast",
    "forecast_fan",
    "refit_clinic",
    "stored_parameters",
    "unavailable_reason",
]
