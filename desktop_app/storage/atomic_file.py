"""Crash-safe file replacement: temp file in the same folder, fsync, rename, fsync folder.

A reader (or a restart after power loss) sees either the old file or the new one, never a
half-written one. Callers pass bytes that are already encrypted when the content is
patient data, so even the temp file never holds plaintext.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from desktop_app.storage.errors import DiskFullError, ReadOnlyError, StorageError, StorageIOError


def fsync_dir(folder: Path) -> None:
    """Make a rename or unlink in ``folder`` durable (no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise os_error(exc, f"writing {path.name}") from None
    fsync_dir(path.parent)


def os_error(exc: OSError, doing: str) -> StorageError:
    """Translate an OSError to the matching typed storage error."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(f"The disk is full ({doing}). Free some space and try again; nothing was saved.")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ReadOnlyError(
            f"The data folder is read-only or not writable ({doing}). Check the drive and its "
            "permissions; nothing was saved."
        )
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return StorageIOError(
            f"The folder does not exist ({doing}): choose an existing folder; nothing was saved."
        )
    if exc.errno == errno.EISDIR:
        return StorageIOError(f"A folder has that name ({doing}): choose a file name; nothing was saved.")
    return StorageIOError(
        f"The disk reported an input/output error ({doing}: {exc.strerror or exc}). The drive may be "
        "failing or was disconnected; nothing was saved."
    )
