"""``scorad-desk evaluate [ascorad|forecast] --data PATH``: measure a model on labelled data.

Two evaluations share the command: ``ascorad`` (the default; a labelled training export,
see docs/training-export-format.md) and ``forecast`` (a CSV of ``patient_id,date,score``).
Each lives with its package and is imported only when asked for, so torch is never
loaded to evaluate a forecast.
"""

from __future__ import annotations

import argparse
import importlib

_RUNNERS = {
    "ascorad": "desktop_app.ascorad.evaluation",
    "forecast": "desktop_app.forecast.evaluation",
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help="evaluate the ASCORAD models or the forecaster on labelled data",
        description=__doc__,
    )
    parser.add_argument(
        "target",
        nargs="?",
        choices=sorted(_RUNNERS),
        default="ascorad",
        help="what to evaluate (default ascorad)",
    )
    parser.add_argument(
        "--data",
        required=True,
        metavar="PATH",
        help="ascorad: a training-export folder; forecast: a CSV patient_id,date,score",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--score-max",
        type=float,
        default=103.0,
        metavar="MAX",
        help="forecast: upper bound of the score (103 SCORAD/PO-SCORAD, 83 oSCORAD)",
    )
    parser.add_argument(
        "--models",
        metavar="DIR",
        default=None,
        help="ascorad: folder of the model to evaluate (default: the active model)",
    )
    parser.set_defaults(handler=run_evaluate)


def run_evaluate(args: argparse.Namespace) -> int:
    module = importlib.import_module(_RUNNERS[args.target])
    result: int = module.run_cli(args)
    return result
