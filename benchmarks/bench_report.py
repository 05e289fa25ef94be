"""Reports: a visit PDF with 6 photos and 30 visits of history renders in ≤ 1 s (issue 8).

Measured on made-up demo data (``desktop_app.reports.demo``): six 1920x1080 photos with
lesion masks (overlay, downscale to print resolution, JPEG) plus a 30-visit trend with a
forecast, body map and provenance; rendering happens in memory, as the GUI worker does.
The first render of a process also parses the TrueType fonts; it is measured separately
in a fresh process. The history report (30 visits) has the same target.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

from benchmarks.figures import data_argument_parser, note, parse, report
from desktop_app.reports.demo import demo_history, demo_visit
from desktop_app.reports.history import render_history_report
from desktop_app.reports.model import Language, ReportOptions
from desktop_app.reports.visit import render_visit_report

_COLD = """
import time
from desktop_app.reports.demo import demo_visit
from desktop_app.reports.model import ReportOptions
from desktop_app.reports.visit import render_visit_report
data = demo_visit(n_photos=6, n_visits=30, photo_size=(1920, 1080))
start = time.perf_counter()
render_visit_report(data, ReportOptions())
print(time.perf_counter() - start)
"""


def _median_seconds(render: Callable[[], bytes], runs: int = 5) -> tuple[float, bytes]:
    times, pdf = [], b""
    for _ in range(runs):
        start = time.perf_counter()
        pdf = render()
        times.append(time.perf_counter() - start)
    return statistics.median(times), pdf


def main(argv: Sequence[str] | None = None) -> int:
    parse(data_argument_parser(__doc__ or ""), argv)
    visit = demo_visit(n_photos=6, n_visits=30, photo_size=(1920, 1080))
    history = demo_history(n_visits=30)
    options = ReportOptions(Language.EN)
    render_visit_report(visit, options)  # warm-up: fonts registered once per process
    warm, pdf = _median_seconds(lambda: render_visit_report(visit, options))
    ok = report("report: visit PDF, 6 photos 1920x1080 + 30 visits (median of 5)", warm, "<=", 1.0, "s")
    cold = float(
        subprocess.run([sys.executable, "-c", _COLD], check=True, capture_output=True, text=True).stdout
    )
    ok &= report("report: same, first render of a fresh process (font parsing)", cold, "<=", 1.5, "s")
    fr, _ = _median_seconds(lambda: render_visit_report(visit, ReportOptions(Language.FR)), runs=3)
    note("report: visit PDF in French (median of 3)", f"{fr:.3f} s")
    hist, _ = _median_seconds(lambda: render_history_report(history, options))
    ok &= report("report: history PDF, 30 visits (median of 5)", hist, "<=", 1.0, "s")
    same = render_visit_report(visit, options) == pdf
    ok &= report("report: identical bytes for identical input (1 = yes)", float(same), ">=", 1.0)
    note("report: visit PDF size", f"{len(pdf) / 1e6:.2f} MB")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
