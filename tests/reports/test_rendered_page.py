"""PDFium (the renderer of Chromium's PDF viewer, a dev dependency) renders page 1 as a real viewer
would: right size, text in header and footer.

PDFium rather than poppler's pdftoppm: it installs from the package registry with the other dev
tools, so the test runs on every fresh machine instead of being skipped where poppler is missing."""

from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium
import pytest


def _page_one(pdf: bytes) -> np.ndarray:
    document = pdfium.PdfDocument(pdf)
    try:
        bitmap = document[0].render(scale=50 / 72)  # 50 dpi
        return np.asarray(bitmap.to_pil().convert("L"))
    finally:
        document.close()


@pytest.mark.parametrize(("which", "size"), [("visit_en", (413, 585)), ("visit_fr", (425, 550))])
def test_page_one_renders_with_header_body_and_footer(
    which: str, size: tuple[int, int], request: pytest.FixtureRequest
) -> None:
    page = _page_one(request.getfixturevalue(which))
    assert abs(page.shape[1] - size[0]) <= 1 and abs(page.shape[0] - size[1]) <= 1  # A4 / Letter, 50 dpi
    height = page.shape[0]
    header, body, footer = page[: height // 12], page[height // 6 : height // 2], page[-height // 8 :]
    for part in (header, body, footer):
        assert (part < 160).mean() > 0.001  # dark pixels: text was drawn there
    margin = page[:, : page.shape[1] // 30]
    assert (margin < 200).mean() < 0.001  # nothing runs into the left margin
