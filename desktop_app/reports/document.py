"""Page frame shared by both reports: header, footer with "Page x of y", styles, invariant mode.

Every page repeats the clinic, the patient identifier and the intended-use sentence, so a
page separated from the others still says whose it is and what it is not (a diagnosis).
Documents are built with reportlab's invariant mode: no creation time, no random document
id, so the same record gives byte-identical PDFs (golden tests, reproducible archives).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PIL import Image as PILImage
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle

from desktop_app.reports.fonts import BOLD, REGULAR, register_fonts
from desktop_app.reports.i18n import Wording
from desktop_app.reports.model import ClinicInfo, PageSize, PatientInfo

INK = colors.HexColor("#1F2A33")
MUTED = colors.HexColor("#5B6770")
RULE = colors.HexColor("#B8C2C9")
HEAD_FILL = colors.HexColor("#E8EEF2")
ACCENT = colors.HexColor("#1F5F8B")
CORRECTED = colors.HexColor("#B03A2E")

MARGIN = 15 * mm
HEADER_H = 17 * mm
FOOTER_H = 13 * mm

_PAGE_SIZES = {PageSize.A4: A4, PageSize.LETTER: LETTER}

# Binary streams instead of ASCII85 text: reportlab's ASCII85 encoder is pure Python and
# took ~0.9 s for six photos, and it makes the file 25 % larger. Binary streams are plain
# PDF 1.x; reports are this process's only use of reportlab.
rl_config.useA85 = 0


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    tiny: ParagraphStyle
    heading: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    notice: ParagraphStyle


def make_styles() -> Styles:
    register_fonts()
    body = ParagraphStyle(
        "body", fontName=REGULAR, fontSize=9, leading=11.5, textColor=INK, alignment=TA_LEFT
    )
    return Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5, textColor=MUTED),
        tiny=ParagraphStyle("tiny", parent=body, fontSize=6.5, leading=8, textColor=MUTED),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=BOLD,
            fontSize=11,
            leading=14,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,  # a heading never ends a page without its section
            textColor=ACCENT,
        ),
        cell=ParagraphStyle("cell", parent=body, fontSize=8, leading=10),
        cell_bold=ParagraphStyle("cell_bold", parent=body, fontName=BOLD, fontSize=8, leading=10),
        notice=ParagraphStyle(
            "notice",
            leftIndent=5,
            rightIndent=5,
            spaceAfter=9,
            parent=body,
            fontName=BOLD,
            fontSize=8.5,
            leading=11,
            textColor=INK,
            borderPadding=5,
            borderColor=ACCENT,
            borderWidth=0.8,
            backColor=colors.HexColor("#F3F7FA"),
        ),
    )


def escape(text: str) -> str:
    """Paragraph text is mini-HTML: a name with "<" or "&" must not break the layout."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_ALIGN = {"LEFT": TA_LEFT, "CENTER": TA_CENTER, "RIGHT": TA_RIGHT}


def grid_table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    header_rows: int = 1,
    extra: Sequence[tuple[Any, ...]] = (),
    align: Sequence[str] = (),
) -> Table:
    """A plain ruled table in the report font; the header row is shaded and repeats on page breaks.

    ``align`` gives each column's alignment (LEFT, CENTER, RIGHT), header included, so that
    wrapped header labels sit over their numbers.
    """
    aligns = [*align, *["LEFT"] * (len(widths) - len(align))]
    head_styles = [
        ParagraphStyle(f"head{a}", fontName=BOLD, fontSize=8, leading=9.5, textColor=INK, alignment=_ALIGN[a])
        for a in aligns
    ]
    wrapped = [
        [
            Paragraph(escape(cell), head_styles[i]) if isinstance(cell, str) and cell else cell
            for i, cell in enumerate(row)
        ]
        for row in rows[:header_rows]
    ]
    table = Table([*wrapped, *rows[header_rows:]], colWidths=list(widths), repeatRows=header_rows)
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 8),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    style += [("ALIGN", (i, 0), (i, -1), a) for i, a in enumerate(aligns) if a != "LEFT"]
    if header_rows:
        style += [
            ("FONT", (0, 0), (-1, header_rows - 1), BOLD, 8),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_FILL),
        ]
    table.setStyle(TableStyle([*style, *extra]))
    return table


def fit_text(text: str, font: str, size: float, min_size: float, width: float) -> tuple[str, float]:
    """Shrink the font down to ``min_size``, then cut with an ellipsis, so text never overlaps."""
    while size > min_size and stringWidth(text, font, size) > width:
        size -= 0.5
    if stringWidth(text, font, size) <= width:
        return text, size
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…", size


def _logo_reader(clinic: ClinicInfo) -> ImageReader | None:
    """The settings logo; an unreadable logo is left out rather than blocking every report."""
    if not clinic.logo_png:
        return None
    try:
        with PILImage.open(io.BytesIO(clinic.logo_png)) as image:
            image.load()
            return ImageReader(image.convert("RGBA") if image.mode in ("P", "LA") else image.copy())
    except (OSError, ValueError, PILImage.DecompressionBombError):
        return None


class ReportDocument:
    """A reportlab document with the ScoradDesk page frame, rendered to bytes in memory."""

    def __init__(
        self,
        wording: Wording,
        page_size: PageSize,
        clinic: ClinicInfo,
        patient: PatientInfo,
        title: str,
        subtitle: str,
    ) -> None:
        self.wording = wording
        self.pagesize = _PAGE_SIZES[page_size]
        self.clinic = clinic
        self.patient = patient
        self.title = title
        self.subtitle = subtitle
        self.styles = make_styles()
        self._logo = _logo_reader(clinic)

    @property
    def width(self) -> float:
        """Width of the text frame, in points."""
        return float(self.pagesize[0] - 2 * MARGIN)

    def render(self, story: list[Flowable]) -> bytes:
        buffer = io.BytesIO()
        doc = BaseDocTemplate(
            buffer,
            pagesize=self.pagesize,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + HEADER_H,
            bottomMargin=MARGIN + FOOTER_H,
            title=f"{self.title} – {self.patient.identifier}",
            author=self.clinic.name,
            subject=self.wording("intended_use_short"),
            creator="ScoradDesk",
            invariant=1,
            # Without this reportlab selects Helvetica on every page: a font that is not embedded.
            initialFontName=REGULAR,
            lang="fr-FR" if self.wording.language.value == "fr" else "en-GB",
        )
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", showBoundary=0)
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._draw_header)])
        doc.build(story, canvasmaker=self._canvas_maker())
        return buffer.getvalue()

    def _draw_header(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = self.pagesize
        top = height - MARGIN
        text_x = MARGIN
        if self._logo is not None:
            logo_w, logo_h = self._logo.getSize()
            box = HEADER_H - 5 * mm
            scale = min(box / logo_h, 40 * mm / logo_w)
            canvas.drawImage(
                self._logo,
                MARGIN,
                top - box,
                logo_w * scale,
                logo_h * scale,
                mask="auto",
            )
            text_x = MARGIN + logo_w * scale + 3 * mm
        title_w = stringWidth(self.title, BOLD, 13)
        available = width - MARGIN - title_w - 6 * mm - text_x
        name, size = fit_text(self.clinic.name, BOLD, 11, 7, available)
        canvas.setFillColor(INK)
        canvas.setFont(BOLD, size)
        canvas.drawString(text_x, top - 5 * mm, name)
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(text_x, top - 9.5 * mm, self.subtitle)
        canvas.setFillColor(ACCENT)
        canvas.setFont(BOLD, 13)
        canvas.drawRightString(width - MARGIN, top - 5 * mm, self.title)
        # The patient line shares the row with the subtitle: a very long name is shortened here
        # (it is printed in full in the patient block); the identifier always stays whole.
        ident = f" · {self.patient.identifier}"
        room = width - MARGIN - (text_x + stringWidth(self.subtitle, REGULAR, 7.5) + 6 * mm)
        patient, _ = fit_text(self.patient.name, REGULAR, 8, 8, room - stringWidth(ident, REGULAR, 8))
        canvas.setFont(REGULAR, 8)
        canvas.setFillColor(INK)
        canvas.drawRightString(width - MARGIN, top - 9.5 * mm, patient + ident)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, top - HEADER_H + 3 * mm, width - MARGIN, top - HEADER_H + 3 * mm)

    def _canvas_maker(self) -> Callable[..., Canvas]:
        wording = self.wording
        pagesize = self.pagesize

        class NumberedCanvas(Canvas):
            """Keeps every page until the end so the footer can say "Page x of y"."""

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self._pages: list[dict[str, Any]] = []

            def showPage(self) -> None:  # noqa: N802 - reportlab's name
                self._pages.append(dict(self.__dict__))
                self._startPage()

            def save(self) -> None:
                total = len(self._pages)
                for state in self._pages:
                    self.__dict__.update(state)
                    self._draw_footer(total)
                    super().showPage()
                super().save()

            def _draw_footer(self, total: int) -> None:
                width = pagesize[0]
                y = MARGIN + FOOTER_H - 6 * mm
                self.setStrokeColor(RULE)
                self.setLineWidth(0.6)
                self.line(MARGIN, y + 4 * mm, width - MARGIN, y + 4 * mm)
                self.setFont(REGULAR, 7)
                self.setFillColor(MUTED)
                self.drawString(MARGIN, y, wording("intended_use_short"))
                self.setFillColor(INK)
                self.setFont(BOLD, 7.5)
                self.drawRightString(width - MARGIN, y, wording("page", page=self._pageNumber, pages=total))

        return NumberedCanvas
