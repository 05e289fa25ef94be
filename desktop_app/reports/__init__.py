"""PDF reports for the patient record (DESIGN §7): reportlab, no Qt.

"Export PDF" (GUI worker thread) and ``scorad-desk report`` call::

    from desktop_app.reports import export_visit_pdf, export_history_pdf
    export_visit_pdf(session, visit_id, path)        # -> ExportedReport(path, sha256, size)
    export_history_pdf(session, patient_id, path, ReportOptions(Language.FR, PageSize.LETTER))

(aliases of ``from_storage.export_visit_report`` / ``export_history_report``). Errors are
``ReportError`` subclasses with ``.code``/``.reason`` and ``.message``: ``ReportDataError``
(no scores, no history) and ``ReportWriteError`` (disk full, unwritable, missing folder; no
file is left behind). Without storage: build ``model.VisitReportData`` /
``HistoryReportData`` and call ``visit.render_visit_report`` / ``history.render_history_report``
(PDF bytes), then ``output.write_pdf``. See docs/reports.md.

Names are loaded on first use, so importing this package costs nothing until a report is made.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "export_visit_pdf": ("desktop_app.reports.from_storage", "export_visit_report"),
    "export_history_pdf": ("desktop_app.reports.from_storage", "export_history_report"),
    "export_visit_report": ("desktop_app.reports.from_storage", "export_visit_report"),
    "export_history_report": ("desktop_app.reports.from_storage", "export_history_report"),
    "ExportedReport": ("desktop_app.reports.from_storage", "ExportedReport"),
    "render_visit_report": ("desktop_app.reports.visit", "render_visit_report"),
    "render_history_report": ("desktop_app.reports.history", "render_history_report"),
    "write_pdf": ("desktop_app.reports.output", "write_pdf"),
    "ReportOptions": ("desktop_app.reports.model", "ReportOptions"),
    "Language": ("desktop_app.reports.model", "Language"),
    "PageSize": ("desktop_app.reports.model", "PageSize"),
    "ReportError": ("desktop_app.reports.errors", "ReportError"),
    "ReportDataError": ("desktop_app.reports.errors", "ReportDataError"),
    "ReportWriteError": ("desktop_app.reports.errors", "ReportWriteError"),
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'desktop_app.reports' has no attribute {name!r}") from None
    return getattr(importlib.import_module(module), attribute)
