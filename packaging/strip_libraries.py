"""Strip debug symbols from the bundle's Linux shared libraries, keeping only results that load.

Why not PyInstaller's ``strip=True``: libraries repaired by auditwheel were rewritten by
patchelf, and GNU strip can then emit LOAD segments whose file offset and address disagree
modulo the page size; glibc refuses them ("ELF load command address/offset not
page-aligned": numpy's OpenBLAS does this). So each library is stripped into a copy, the
copy's program headers are checked the way the loader checks them, and only a valid, smaller
copy replaces the original. The frozen self-test then loads every library the app uses.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

_PT_LOAD = 1
_PAGE = 4096  # x86-64 and the page size glibc checks against on common aarch64 kernels


def load_segments_valid(data: bytes, page: int = _PAGE) -> bool:
    """True if ``data`` is a little-endian ELF64 whose LOAD segments glibc would map."""
    if len(data) < 64 or data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return False
    (phoff,) = struct.unpack_from("<Q", data, 32)
    phentsize, phnum = struct.unpack_from("<HH", data, 54)
    if phentsize < 56 or phoff + phnum * phentsize > len(data):
        return False
    for i in range(phnum):
        p_type, _, p_offset, p_vaddr, _, _, _, p_align = struct.unpack_from(
            "<IIQQQQQQ", data, phoff + i * phentsize
        )
        if p_type != _PT_LOAD:
            continue
        if (p_vaddr - p_offset) % page or (p_align > 1 and p_align % page):
            return False
    return True


def _is_elf(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(4) == b"\x7fELF"


@dataclass
class StripReport:
    saved_bytes: int = 0
    stripped: list[Path] = field(default_factory=list)
    refused: list[Path] = field(default_factory=list)  # stripping would have broken them


def strip_shared_libraries(folder: Path, strip: str = "strip") -> StripReport:
    """Strip every ELF file under ``folder`` in place where that is safe (see the module doc).

    ``folder`` must not hold the launchers: PyInstaller appends the Python archive to them,
    which strip would cut off.
    """
    report = StripReport()
    with tempfile.TemporaryDirectory(prefix="scorad-desk-strip-") as tmp:
        candidate = Path(tmp) / "stripped"
        for path in sorted(folder.rglob("*")):
            if path.is_symlink() or not path.is_file() or not _is_elf(path):
                continue
            result = subprocess.run(
                [strip, "--strip-all", "-o", str(candidate), str(path)], capture_output=True, check=False
            )
            if result.returncode != 0:
                continue
            before, after = path.stat().st_size, candidate.stat().st_size
            if after >= before:
                continue
            if not load_segments_valid(candidate.read_bytes()):
                report.refused.append(path)
                continue
            mode = path.stat().st_mode
            shutil.copyfile(candidate, path)
            path.chmod(mode)
            report.saved_bytes += before - after
            report.stripped.append(path)
    return report
