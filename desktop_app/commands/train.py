"""``scorad-desk train skin|ascorad --data DIR``: train the ASCORAD networks.

* ``skin``: the skin segmentation network on the skin data set (train splits only),
  seeded, resumable (a checkpoint per epoch), with a progress bar; writes the weights and a
  model card to ``--out`` (default: the shipped ``models/`` folder).
* ``lesion``: fine-tune the skin network's encoder jointly on the skin masks and the DermNet
  lesion grid marks (``ascorad.lesion_training``), starting from skin-only weights (``--init``);
  with ``--cv-models DIR`` also one network per cross-validation fold, for honest figures.
* ``heads``: the linear lesion and sign heads on the shipped skin network's features, from
  the datasets folder (DermNet proxy labels + healthy skin train photos), 5-fold
  cross-validated (with ``--cv-models DIR``, fold k's features come from the network trained
  without fold k); writes ``ascorad-heads.npz`` and its card next to the skin weights.
* ``onnx``: export the skin network's weights (in ``--out``, default ``models/``) to ONNX for
  OpenCV DNN, the installed app's runtime, after checking it matches torch; ``skin`` does
  this by itself at the end.
* ``ascorad``: the multi-task model (lesion segmentation + six ordinal sign heads) on a
  labelled training export (docs/training-export-format.md). The new model is promoted to
  active only if it beats the active one on the held-out part of the export.

torch is imported only when the command runs.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

from desktop_app.commands import _args


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("train", help="train the ASCORAD networks", description=__doc__)
    parser.add_argument(
        "target", choices=["skin", "lesion", "heads", "onnx", "ascorad"], help="which network to train"
    )
    parser.add_argument("--data", metavar="DIR", help="skin data set or training export (not for onnx)")
    parser.add_argument("--out", metavar="DIR", default=None, help="skin: where weights + card go")
    parser.add_argument("--models", metavar="DIR", default=None, help="ascorad: folder of learned models")
    parser.add_argument("--epochs", type=_args.positive_int, default=None, help="number of epochs")
    parser.add_argument(
        "--threads", type=_args.positive_int, default=1, help="torch/OpenCV threads (default 1)"
    )
    parser.add_argument("--seed", type=int, default=20260, help="random seed (default 20260)")
    parser.add_argument("--limit", type=_args.positive_int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--samples-per-epoch", type=_args.positive_int, default=1200, help=argparse.SUPPRESS)
    parser.add_argument("--image-size", type=_args.positive_int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--no-resume", action="store_true", help="ignore an existing checkpoint")
    parser.add_argument("--json", action="store_true", help="ascorad: print the result as JSON")
    parser.add_argument(
        "--init", metavar="FILE", default=None, help="lesion: skin-only weights to start from"
    )
    parser.add_argument(
        "--steps", type=_args.positive_int, default=None, help="lesion: optimiser steps per network"
    )
    parser.add_argument("--cv-models", metavar="DIR", default=None, help="lesion/heads: per-fold networks")
    parser.set_defaults(handler=run_train)


def _command_line(args: argparse.Namespace) -> str:
    """The command that reproduces this run (recorded in the model card)."""
    parts = ["scorad-desk", "train", args.target, "--data", args.data]
    for option in ("out", "models", "epochs", "limit", "image_size", "init", "steps", "cv_models"):
        value = getattr(args, option)
        if value is not None:
            parts += [f"--{option.replace('_', '-')}", str(value)]
    if args.seed != 20260:
        parts += ["--seed", str(args.seed)]
    if args.threads != 1:
        parts += ["--threads", str(args.threads)]
    if args.target == "skin" and args.samples_per_epoch != 1200:
        parts += ["--samples-per-epoch", str(args.samples_per_epoch)]
    return " ".join(shlex.quote(p) for p in parts)


def _export_onnx(folder: Path) -> int:
    from desktop_app.ascorad.model_files import SKIN_ONNX, SKIN_WEIGHTS
    from desktop_app.ascorad.onnx_export import export_skin_onnx

    weights = folder / SKIN_WEIGHTS
    if not weights.exists():
        print(f"error: {weights} does not exist: train the skin network first", file=sys.stderr)
        return 2
    info = export_skin_onnx(weights, folder / SKIN_ONNX)
    print(
        f"wrote {folder / SKIN_ONNX} (sha256 {info['onnx_sha256']}); largest difference from torch "
        f"{float(info['max_abs_difference_vs_torch']):.1e}"  # type: ignore[arg-type]
    )
    return 0


def _folder_problems(args: argparse.Namespace) -> str | None:
    """A folder option that names a file (or lies under one), found before any work starts."""
    for option in ("out", "models", "cv_models"):
        value = getattr(args, option)
        if value:
            problem = _args.folder_problem(f"--{option.replace('_', '-')}", Path(value))
            if problem is not None:
                return problem
    return None


def run_train(args: argparse.Namespace) -> int:
    problem = _folder_problems(args)
    if problem is not None:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    if args.target == "onnx":
        from desktop_app.ascorad.model_files import shipped_models_dir

        return _export_onnx(Path(args.out) if args.out else shipped_models_dir())
    if not args.data:
        print(f"error: train {args.target} needs --data", file=sys.stderr)
        return 2
    command = _command_line(args)
    if args.target == "skin":
        from desktop_app.ascorad.model_files import shipped_models_dir
        from desktop_app.ascorad.skin_training import DataError, SkinTrainConfig, train_skin

        data = Path(args.data)
        if not data.is_dir():
            print(f"error: {data} is not a folder", file=sys.stderr)
            return 2
        config = SkinTrainConfig(
            data=data,
            out=Path(args.out) if args.out else shipped_models_dir(),
            epochs=args.epochs or 8,
            threads=args.threads,
            seed=args.seed,
            limit=args.limit,
            samples_per_epoch=args.samples_per_epoch,
            command=command,
        )
        try:
            card = train_skin(config, resume=not args.no_resume)
        except DataError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        for name, metrics in card["validation"].items():  # type: ignore[attr-defined]
            print(
                f"{name:<8} F1 {metrics['f1_pooled']:.4f} (per image {metrics['f1_mean_per_image']:.4f}); "
                f"YCrCb threshold F1 {metrics['ycrcb_f1_pooled']:.4f} "
                f"(per image {metrics['ycrcb_f1_mean_per_image']:.4f})"
            )
        print(f"weights sha256 {card['sha256']}")
        return _export_onnx(config.out)
    if args.target == "lesion":
        from desktop_app.ascorad.lesion_training import run_lesion_cli

        return run_lesion_cli(args, command)
    if args.target == "heads":
        from desktop_app.ascorad.head_fitting import run_heads_cli
        from desktop_app.ascorad.model_files import shipped_models_dir

        data = Path(args.data)
        if not (data / "dermnet" / "proxy-labels.csv").exists():
            print(
                f"error: {data} is not the datasets folder (dermnet/proxy-labels.csv missing)",
                file=sys.stderr,
            )
            return 2
        card = run_heads_cli(
            data,
            Path(args.out) if args.out else shipped_models_dir(),
            command,
            args.threads,
            Path(args.cv_models) if args.cv_models else None,
        )
        print(json.dumps(card["cross_validated"], indent=2))
        return 0
    from desktop_app.ascorad.learning import run_train_cli

    return run_train_cli(args, command)
