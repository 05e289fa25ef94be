"""Frozen-app entry point: the same CLI as ``scorad-desk`` (GUI when run without arguments).

With ``SCORAD_DESK_BUILD_CHECK=1`` in the environment it instead runs the build's extra checks
of the paths the bundle's exclusions could break and ``--self-test`` does not reach: a clinic
refit and a forecast, the capture screen's camera source (OpenCV's V4L2 /
DirectShow / AVFoundation backend) and video decoding through OpenCV's bundled ffmpeg.
``packaging/build.py --self-test`` runs it; a user never needs it.
"""

import multiprocessing
import os
import sys

BUILD_CHECK_ENV = "SCORAD_DESK_BUILD_CHECK"
# Left out of the bundle (packaging_config.NOT_AT_RUN_TIME); only ``train``, ``evaluate ascorad`` need them.
DEV_ONLY = ("scipy", "torch", "torchvision", "onnx", "onnxruntime", "efficientnet_lite_pytorch")
EXIT_UNAVAILABLE = 2


def _check_forecast() -> str:
    from datetime import date, timedelta

    from desktop_app.domain.scorad import ScoreKind
    from desktop_app.forecast import fit_clinic_parameters, forecast, forecast_fan

    start = date(2025, 1, 6)
    history = [(start + timedelta(days=28 * i), score) for i, score in enumerate((48.0, 41.5, 55.0, 37.0))]
    cohort = {
        f"p{p}": [(start + timedelta(days=30 * i), (17.0 * p + 11.0 * i) % 90.0) for i in range(5)]
        for p in range(6)
    }
    params = fit_clinic_parameters(cohort, ScoreKind.SCORAD)  # the clinic refit the GUI may run
    if params.fitted_patients != 6:
        raise RuntimeError(f"the refit used {params.fitted_patients} patients, not 6")
    result = forecast(history, history[-1][0] + timedelta(days=28), ScoreKind.SCORAD, params)
    fan = forecast_fan(history, ScoreKind.SCORAD)
    if result is None or fan is None or not 0.0 <= result.low90 <= result.median <= result.high90 <= 103.0:
        raise RuntimeError(f"implausible forecast: {result}")
    if not 0.0 <= result.p_flare <= 1.0:
        raise RuntimeError(f"flare probability outside 0..1: {result.p_flare}")
    return f"forecast median {result.median:.1f} (90 % {result.low90:.1f}-{result.high90:.1f})"


def _check_capture(folder: str) -> str:
    from pathlib import Path

    import cv2
    import numpy as np

    from desktop_app.capture import CameraSource, SourceOpenError, VideoFileSource, list_cameras
    from desktop_app.imaging.quality import analyse_frame

    if sys.platform == "darwin":
        # Opening a camera from the bare onedir folder (no Info.plist, so no camera usage
        # description) gets the process killed by macOS privacy protection: on a Mac the
        # camera path is checked by hand in the signed .app (docs/packaging.md).
        camera = "camera probe skipped on macOS"
    else:
        cameras = list_cameras(max_index=2)  # none on a build machine: must come back empty, not crash
        try:
            camera_source = CameraSource(7)  # an index no machine has: a typed refusal, not a crash
            camera_source.open()
            camera_source.close()
            camera = f"{len(cameras)} camera(s), camera 7 opened"
        except SourceOpenError:
            camera = f"{len(cameras)} camera(s), absent camera refused cleanly"
    video = Path(folder) / "check.avi"
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter.fourcc(*"MJPG"), 10.0, (320, 240))
    frame = np.zeros((240, 320, 3), np.uint8)
    frame[:, :, 2] = np.linspace(0, 255, 320, dtype=np.uint8)
    for _ in range(5):
        writer.write(frame)
    writer.release()
    source = VideoFileSource(video, realtime=False)
    source.open()
    first = source.read()
    source.close()
    if first.rgb.shape != (240, 320, 3):
        raise RuntimeError(f"decoded frame has shape {first.rgb.shape}")
    report = analyse_frame(first.rgb)
    return f"{camera}, video decoded, quality {len(report.categories)} categories"


def run_build_checks() -> int:
    import tempfile

    try:
        with tempfile.TemporaryDirectory(prefix="scorad-desk-build-check-") as folder:
            parts = [_check_forecast(), _check_capture(folder)]
    except Exception as exc:
        print(f"build check FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print("build check OK: " + "; ".join(parts))
    return 0


def _command_name(args: list[str]) -> str:
    for i, arg in enumerate(args):
        if arg in ("train", "evaluate"):
            target = args[i + 1] if i + 1 < len(args) and not args[i + 1].startswith("-") else ""
            return f"{arg} {target}".strip()
    return "this command"


def run_cli() -> int:
    """The CLI; a command that needs a development-only package says so instead of a traceback."""
    from desktop_app.cli import main

    try:
        return main()
    except ModuleNotFoundError as exc:
        package = (exc.name or "").split(".")[0]
        if package not in DEV_ONLY:
            raise
        command = _command_name(sys.argv[1:])
        print(
            f"error: '{command}' needs {package}, which the installed app does not include: "
            "run it from a development install of ScoradDesk (see the README).",
            file=sys.stderr,
        )
        return EXIT_UNAVAILABLE


if __name__ == "__main__":
    multiprocessing.freeze_support()  # worker processes on Windows/macOS re-enter here
    if os.environ.get(BUILD_CHECK_ENV) == "1":
        sys.exit(run_build_checks())
    sys.exit(run_cli())
