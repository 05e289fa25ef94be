"""Stripping keeps only results the Linux loader can map, and shrinks real libraries."""

import importlib.util
import shutil
import stat
import struct
import sys
from pathlib import Path

import pytest
from strip_libraries import load_segments_valid, strip_shared_libraries

linux_with_strip = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("strip") is None, reason="needs Linux and GNU strip"
)


def _elf(loads: list[tuple[int, int, int]]) -> bytes:
    """A minimal ELF64 header followed by PT_LOAD headers of (offset, vaddr, align)."""
    phoff, phentsize = 64, 56
    header = bytearray(64)
    header[:6] = b"\x7fELF\x02\x01"
    struct.pack_into("<Q", header, 32, phoff)
    struct.pack_into("<HH", header, 54, phentsize, len(loads))
    body = b"".join(
        struct.pack("<IIQQQQQQ", 1, 5, off, vaddr, vaddr, 16, 16, align) for off, vaddr, align in loads
    )
    return bytes(header) + body


def test_valid_layout_accepted_and_misaligned_offset_refused() -> None:
    assert load_segments_valid(_elf([(0, 0, 0x1000), (0x2887DC, 0x2897DC, 0x1000)]))
    # The layout strip produced from numpy's patchelf'd OpenBLAS: offset and address disagree mod 4096.
    assert not load_segments_valid(_elf([(0, 0, 0x1000), (0x1621098, 0x166B000, 0x1000)]))
    assert not load_segments_valid(_elf([(0, 0, 0x10)]))  # alignment smaller than a page
    assert not load_segments_valid(b"MZ\x90\x00" + bytes(100))  # not ELF
    assert not load_segments_valid(_elf([(0, 0, 0x1000)])[:80])  # truncated program headers


@linux_with_strip
def test_strips_a_real_extension_module_which_still_imports(tmp_path: Path) -> None:
    import cmath

    source = Path(getattr(cmath, "__file__", ""))
    if not source.is_file():
        pytest.skip("cmath is built into this interpreter")
    copy = tmp_path / source.name
    shutil.copyfile(source, copy)
    before = copy.stat().st_size
    report = strip_shared_libraries(tmp_path)
    if before == copy.stat().st_size:
        pytest.skip("this interpreter's extension modules are already stripped")
    assert report.stripped == [copy] and report.saved_bytes == before - copy.stat().st_size
    spec = importlib.util.spec_from_file_location("cmath", copy)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.sqrt(-4) == 2j


@linux_with_strip
def test_a_result_the_loader_would_refuse_leaves_the_original(tmp_path: Path) -> None:
    library = tmp_path / "lib" / "libdemo.so"
    library.parent.mkdir()
    original = _elf([(0, 0, 0x1000)]) + bytes(4000)
    library.write_bytes(original)
    library.chmod(0o755)
    # A stand-in for strip that writes a smaller but misaligned file, as GNU strip does on
    # some patchelf'd libraries.
    fake = tmp_path / "fake-strip"
    broken = _elf([(0, 0, 0x1000), (0x1621098, 0x166B000, 0x1000)])
    fake.write_text(
        f"#!{sys.executable}\nimport sys\nopen(sys.argv[sys.argv.index('-o') + 1], 'wb').write({broken!r})\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    report = strip_shared_libraries(tmp_path / "lib", strip=str(fake))
    assert report.refused == [library] and report.stripped == [] and report.saved_bytes == 0
    assert library.read_bytes() == original


@linux_with_strip
def test_symlinks_and_non_elf_files_are_left_alone(tmp_path: Path) -> None:
    (tmp_path / "data.json").write_text("{}")
    (tmp_path / "link.so").symlink_to(tmp_path / "data.json")
    report = strip_shared_libraries(tmp_path)
    assert report.stripped == [] and report.refused == []
    assert (tmp_path / "data.json").read_text() == "{}"
