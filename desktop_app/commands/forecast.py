"""``scorad-desk forecast refit|show``: the clinic's own forecast parameters.

``refit`` (administrators) fits the forecaster's five clinic parameters on every patient's
clinician SCORAD history in the database and stores them; from then on the history screen
and the reports forecast with them. ``show`` prints the parameters in use. Until a first
refit the forecaster uses its documented defaults (docs/forecast.md).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import TYPE_CHECKING

from desktop_app.commands import _auth

if TYPE_CHECKING:
    from desktop_app.forecast import ForecastParameters
    from desktop_app.storage import Session


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "forecast", help="refit or show the clinic's forecast parameters", description=__doc__
    )
    actions = parser.add_subparsers(dest="forecast_action", required=True, metavar="ACTION")
    for name, help_text in (
        ("refit", "fit the parameters on this clinic's SCORAD history and store them (admin)"),
        ("show", "print the parameters the forecasts use now"),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("--json", action="store_true", help="print one JSON object")
        _auth.add_auth_arguments(action)
        action.set_defaults(handler=run_forecast)


def run_forecast(args: argparse.Namespace) -> int:
    return _auth.run_authenticated(args, lambda session: _run(session, args))


def _describe(params: ForecastParameters) -> str:
    if params.fitted_utc is None:
        origin = "defaults (not fitted on this clinic yet)"
    else:
        origin = (
            f"fitted {params.fitted_utc} on {params.fitted_patients} patients, "
            f"{params.fitted_assessments} assessments"
        )
    return (
        f"Forecast parameters: {origin}; model {params.model_version}; swings halve in "
        f"{params.half_life_days:.0f} days; level {params.level_mean:+.2f} ± {params.level_sd:.2f}, "
        f"swing SD {params.latent_sd:.3f}, noise SD {params.noise_sd:.3f} (logit scale)."
    )


def _run(session: Session, args: argparse.Namespace) -> int:
    from desktop_app.domain.scorad import ScoreKind
    from desktop_app.forecast import ForecastInputError, refit_clinic, stored_parameters

    try:
        if args.forecast_action == "refit":
            started = time.perf_counter()
            series = session.score_series("scorad")
            params = refit_clinic(series, ScoreKind.SCORAD)
            session.set_setting("forecast_parameters", params.to_dict())
            seconds = time.perf_counter() - started
        else:
            params = stored_parameters(session.settings().forecast_parameters)
            seconds = None
    except ForecastInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return _auth.EXIT_INVALID
    if args.json:
        out: dict[str, object] = {"parameters": params.to_dict()}
        if seconds is not None:
            out["seconds"] = round(seconds, 3)
        print(json.dumps(out))
    else:
        print(_describe(params) + (f" Refit in {seconds:.1f} s." if seconds is not None else ""))
    return _auth.EXIT_OK
