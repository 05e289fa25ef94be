"""``scorad-desk evaluate [ascorad] --data EXPORT [--json] [--models DIR]``.

Measures a model on a labelled training export with the ASCORAD paper's metrics (RMAE per
sign, lesion IoU/F1/AUC) printed beside the published reference figures. ``--models`` is a
learned model's folder, or a folder of learned models (its active one is used); without it
the clinic's active learned model is evaluated, else the shipped engine.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from desktop_app.ascorad.export_format import ExportFormatError, read_export
from desktop_app.ascorad.metrics import REFERENCE, Evaluation


def _which_model(args: argparse.Namespace) -> Path | None:
    from desktop_app.ascorad.learning import CARD_FILE, active_model_dir
    from desktop_app.ascorad.model_files import learned_models_dir
    from desktop_app.data_dir import resolve_data_dir

    if args.models:
        folder = Path(args.models)
        if (folder / CARD_FILE).exists():
            return folder
        return active_model_dir(folder)
    return active_model_dir(learned_models_dir(resolve_data_dir(getattr(args, "data_dir", None))))


def run_cli(args: argparse.Namespace) -> int:
    from desktop_app.ascorad.learning import LearnedModel, evaluate_learned, evaluate_shipped

    try:
        items = read_export(Path(args.data))
    except ExportFormatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not items:
        print("error: the export has no photos", file=sys.stderr)
        return 2
    folder = _which_model(args)
    if folder is None and args.models:  # never the shipped engine in place of the model asked for
        print(
            f"error: --models {args.models} names no learned model that can be loaded "
            "(no model card, or active.json points at a folder without its weights)",
            file=sys.stderr,
        )
        return 2
    if folder is not None:
        model = LearnedModel(folder)
        name = model.version
        evaluation = evaluate_learned(model, items)
    else:
        name = "shipped engine"
        evaluation = evaluate_shipped(items)
    if args.json:
        print(json.dumps({"model": name, **evaluation.to_dict()}, indent=2))
    else:
        print_report(name, evaluation)
    return 0


def _fmt(value: float | None, pattern: str) -> str:
    return "n/a" if value is None else format(value, pattern)


def print_report(name: str, evaluation: Evaluation) -> None:
    print(f"model: {name}  ({evaluation.photos} photos)")
    print(f"{'metric':<28}{'measured':>10}   reference (Medela et al. 2022)")
    for sign, value in evaluation.sign_rmae.items():
        print(f"{'RMAE ' + sign + ' %':<28}{_fmt(value, '.1f'):>10}   {REFERENCE['sign_rmae_percent']}")
    print(f"{'lesion IoU':<28}{_fmt(evaluation.lesion_iou, '.3f'):>10}   {REFERENCE['lesion_iou']}")
    print(f"{'lesion F1':<28}{_fmt(evaluation.lesion_f1, '.3f'):>10}   {REFERENCE['lesion_f1']}")
    print(f"{'lesion AUC':<28}{_fmt(evaluation.lesion_auc, '.3f'):>10}   {REFERENCE['lesion_auc']}")
    print(f"{'lesion % MAE (points)':<28}{_fmt(evaluation.lesion_percent_mae, '.1f'):>10}   -")
