"""Golden test: a fixed demo record must give exactly the stored bytes (by SHA-256).

Rendering is deterministic (reportlab invariant mode, fixed subset names, deterministic JPEG),
so any change in the PDF is visible here. After an intended layout change, look at the new
PDF (pdftoppm) and refresh the hashes with ``UPDATE_GOLDEN=1 pytest tests/reports/test_golden.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.reports.demo import demo_history, demo_visit
from desktop_app.reports.history import render_history_report
from desktop_app.reports.model import Language, PageSize, ReportOptions
from desktop_app.reports.visit import render_visit_report

GOLDEN = Path(__file__).with_name("golden") / "sha256.json"
_RENDER = """
import hashlib, sys
from desktop_app.reports.demo import demo_visit
from desktop_app.reports.model import Language, PageSize, ReportOptions
from desktop_app.reports.visit import render_visit_report
pdf = render_visit_report(demo_visit(n_photos=2, n_visits=12, photo_size=(320, 240)),
                          ReportOptions(Language.FR, PageSize.LETTER))
print(hashlib.sha256(pdf).hexdigest())
"""


def _hashes() -> dict[str, str]:
    visit = demo_visit(n_photos=2, n_visits=12, photo_size=(320, 240))
    return {
        "visit-en-a4": hashlib.sha256(render_visit_report(visit, ReportOptions())).hexdigest(),
        "visit-fr-letter": hashlib.sha256(
            render_visit_report(visit, ReportOptions(Language.FR, PageSize.LETTER))
        ).hexdigest(),
        "history-en-a4": hashlib.sha256(
            render_history_report(demo_history(n_visits=12), ReportOptions())
        ).hexdigest(),
    }


def test_reports_match_the_golden_hashes() -> None:
    hashes = _hashes()
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(hashes, indent=1, sort_keys=True) + "\n")
        pytest.skip("golden hashes rewritten")
    assert hashes == json.loads(GOLDEN.read_text())


def test_another_process_renders_the_same_bytes() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _RENDER], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip() == json.loads(GOLDEN.read_text())["visit-fr-letter"]
