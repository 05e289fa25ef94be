"""Saving: atomic, clean typed errors, nothing left behind (not even a temporary file)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from desktop_app.reports import output
from desktop_app.reports.demo import demo_visit
from desktop_app.reports.errors import ReportWriteError
from desktop_app.reports.model import ReportOptions
from desktop_app.reports.output import write_pdf
from desktop_app.reports.visit import render_visit_report

PDF = b"%PDF-1.4\n" + b"x" * 200_000 + b"\n%%EOF\n"


def test_writes_the_exact_bytes_and_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "report é.pdf"
    assert write_pdf(PDF, target) == target
    assert target.read_bytes() == PDF
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report é.pdf"]


def test_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old")
    write_pdf(PDF, target)
    assert target.read_bytes() == PDF


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ReportWriteError) as info:
        write_pdf(PDF, tmp_path / "nope" / "r.pdf")
    assert info.value.reason == "no_folder"
    assert "does not exist" in info.value.message
    assert not (tmp_path / "nope").exists()


def test_path_is_a_folder(tmp_path: Path) -> None:
    with pytest.raises(ReportWriteError) as info:
        write_pdf(PDF, tmp_path)
    assert info.value.reason == "not_a_file"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS, errno.EPERM])
def test_unwritable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    # Tests run as root in CI containers, where chmod cannot make a folder unwritable: the
    # operating system's refusal is simulated at os.open, where it would happen.
    def refuse(*args: object, **kwargs: object) -> int:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(output.os, "open", refuse)
    with pytest.raises(ReportWriteError) as info:
        write_pdf(PDF, tmp_path / "r.pdf")
    assert info.value.reason == "unwritable"
    assert "cannot save files" in info.value.message
    assert list(tmp_path.iterdir()) == []


def test_really_read_only_folder_when_not_root(tmp_path: Path) -> None:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root ignores folder permissions; covered by the simulated refusal above")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ReportWriteError) as info:
            write_pdf(PDF, folder / "r.pdf")
        assert info.value.reason == "unwritable"
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize("fail_after", [0, 1, 3])
def test_full_disk_leaves_no_file_and_keeps_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_after: int
) -> None:
    target = tmp_path / "r.pdf"
    target.write_bytes(b"previous report")
    real_write = os.write
    calls = {"n": 0}

    def small_writes_then_enospc(fd: int, data: bytes | memoryview) -> int:
        calls["n"] += 1
        if calls["n"] > fail_after:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, bytes(data[:4096]))  # partial writes, as a nearly full disk gives

    monkeypatch.setattr(output.os, "write", small_writes_then_enospc)
    with pytest.raises(ReportWriteError) as info:
        write_pdf(PDF, target)
    assert info.value.reason == "disk_full"
    assert "disk is full" in info.value.message
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]
    assert target.read_bytes() == b"previous report"


def test_fsync_failure_is_reported_and_cleaned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(output.os, "fsync", broken)
    with pytest.raises(ReportWriteError) as info:
        write_pdf(PDF, tmp_path / "r.pdf")
    assert info.value.reason == "write_failed"
    assert list(tmp_path.iterdir()) == []


def test_failing_before_commit_hook_leaves_nothing(tmp_path: Path) -> None:
    class AuditDownError(Exception):
        pass

    def hook() -> None:
        assert [p.name.endswith(".part") for p in tmp_path.iterdir()] == [True]  # data is on disk
        raise AuditDownError

    with pytest.raises(AuditDownError):
        write_pdf(PDF, tmp_path / "r.pdf", before_commit=hook)
    assert list(tmp_path.iterdir()) == []


def test_rendering_and_saving_create_no_other_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.chdir(scratch)
    data = demo_visit(n_photos=2, n_visits=5, photo_size=(160, 120))
    write_pdf(render_visit_report(data, ReportOptions()), out / "visit.pdf")
    assert list(scratch.iterdir()) == []
    assert [p.name for p in out.iterdir()] == ["visit.pdf"]


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "win32", reason="needs POSIX resource limits")
def test_a_real_file_size_limit_is_a_clean_disk_full_error(tmp_path: Path) -> None:
    # No mock: the kernel itself refuses the writes (RLIMIT_FSIZE, as a quota or a full disk would).
    code = f"""
import resource, signal, sys
from desktop_app.reports.errors import ReportWriteError
from desktop_app.reports.output import write_pdf
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, 50_000))
try:
    write_pdf(b"%PDF" + b"x" * 200_000, {str(tmp_path / "r.pdf")!r})
except ReportWriteError as exc:
    print(exc.reason)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "disk_full", result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_destination_open_in_a_viewer_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.pdf"
    target.write_bytes(b"open in a viewer")

    def locked(src: object, dst: object) -> None:  # what Windows does while a viewer holds the file
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(output.os, "replace", locked)
    with pytest.raises(ReportWriteError) as info:
        write_pdf(PDF, target)
    assert info.value.reason == "unwritable"
    assert "close it if it is open in another program" in info.value.message
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"] and target.read_bytes() == b"open in a viewer"
