"""Saving a rendered PDF: all or nothing, with a clear error, and no stray file.

The PDF is built entirely in memory, then written to a hidden temporary file in the
destination folder, flushed to the disk (fsync) and renamed over the destination in one
step (``os.replace`` is atomic on the same file system, Windows included). A full disk,
a read-only folder or a vanished USB stick therefore leaves either the complete new PDF
or nothing at all (an older file of the same name stays untouched), and the temporary
file is removed on every failure. No other file is ever written: photos are decoded and
overlaid in memory only.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from desktop_app.reports.errors import ReportWriteError

_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}


def _explain(exc: OSError, path: Path) -> ReportWriteError:
    if exc.errno in _DISK_FULL:
        return ReportWriteError(
            "disk_full",
            f"The disk is full: the report could not be saved to {path}. "
            "Free some space or choose another folder.",
        )
    if exc.errno in _DENIED and path.is_file():
        # Typical on Windows: the previous report is still open in a PDF viewer.
        return ReportWriteError(
            "unwritable",
            f"{path.name} cannot be replaced: close it if it is open in another program, "
            "or choose another name.",
        )
    if exc.errno in _DENIED:
        return ReportWriteError(
            "unwritable",
            f"You cannot save files in {path.parent} (read-only or no permission). Choose another folder.",
        )
    if exc.errno == errno.ENOENT:
        return ReportWriteError(
            "no_folder", f"The folder {path.parent} does not exist. Choose another folder."
        )
    if exc.errno in (errno.EISDIR, errno.ENOTDIR):
        return ReportWriteError(
            "not_a_file", f"{path} is a folder, not a file name. Choose a file name ending in .pdf."
        )
    return ReportWriteError(
        "write_failed", f"The report could not be saved to {path}: {exc.strerror or exc}."
    )


def write_pdf(
    pdf: bytes, destination: str | os.PathLike[str], before_commit: Callable[[], None] | None = None
) -> Path:
    """Write ``pdf`` atomically to ``destination``; raise ReportWriteError and leave nothing on failure.

    ``before_commit`` runs once the bytes are safely on disk but before the file appears under
    its name: the export's audit row is written there, so an unaudited PDF never exists. If it
    raises, the temporary file is removed and its exception propagates unchanged.
    """
    path = Path(destination).expanduser()
    if path.is_dir():
        raise ReportWriteError(
            "not_a_file", f"{path} is a folder, not a file name. Choose a file name ending in .pdf."
        )
    folder = path.parent if str(path.parent) else Path(".")
    temporary = folder / f".{path.name}.{secrets.token_hex(4)}.part"
    try:
        descriptor = os.open(
            temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600
        )
    except OSError as exc:
        raise _explain(exc, path) from exc
    try:
        try:
            view = memoryview(pdf)
            while view:
                written = os.write(descriptor, view)
                view = view[written:]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if before_commit is not None:
            before_commit()
        os.replace(temporary, path)
    except OSError as exc:
        _remove(temporary)
        raise _explain(exc, path) from exc
    except BaseException:
        _remove(temporary)
        raise
    return path


def _remove(temporary: Path) -> None:
    # The original error is the one to report; a failed clean-up cannot be helped here.
    with contextlib.suppress(OSError):
        os.unlink(temporary)
