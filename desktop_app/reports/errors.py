"""Typed errors of the report package, with messages a clinician or nurse understands.

The CLI prints ``message`` and exits non-zero; the GUI shows it in a dialog. ``reason`` is a
stable code for callers that branch on the cause.
"""

from __future__ import annotations


class ReportError(Exception):
    """Base class: ``reason`` is a stable code, ``message`` the sentence to show."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message

    @property
    def code(self) -> str:
        """Same as ``reason``; storage errors call it ``code`` and the GUI maps codes to wording."""
        return self.reason


class ReportDataError(ReportError):
    """The record cannot make a report (no such visit, a visit without any score, bad values)."""


class ReportWriteError(ReportError):
    """The PDF could not be saved: folder missing or read-only, disk full, path is a folder.

    When this is raised no file is left at the destination (nor any temporary file).
    """
