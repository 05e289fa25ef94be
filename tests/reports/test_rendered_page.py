"""Poppler (pdftoppm) renders page 1 as a real viewer would: right size, text in header and footer."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")


def _page_one(pdf: bytes, folder: Path) -> np.ndarray:
    source = folder / "r.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", "-singlefile", str(source), str(folder / "p")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    with Image.open(folder / "p.png") as image:
        return np.asarray(image.convert("L"))


@pytest.mark.parametrize(("which", "size"), [("visit_en", (413, 585)), ("visit_fr", (425, 550))])
def test_page_one_renders_with_header_body_and_footer(
    which: str, size: tuple[int, int], request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    page = _page_one(request.getfixturevalue(which), tmp_path)
    assert abs(page.shape[1] - size[0]) <= 1 and abs(page.shape[0] - size[1]) <= 1  # A4 / Letter, 50 dpi
    height = page.shape[0]
    header, body, footer = page[: height // 12], page[height // 6 : height // 2], page[-height // 8 :]
    for part in (header, body, footer):
        assert (part < 160).mean() > 0.001  # dark pixels: text was drawn there
    margin = page[:, : page.shape[1] // 30]
    assert (margin < 200).mean() < 0.001  # nothing runs into the left margin
