"""Long lists as PDF (the ej verkställda outputs), drawn directly with ReportLab's canvas.

A list of a few thousand decisions is hundreds of pages. WeasyPrint lays out such a table
in about 17 s and ReportLab's own LongTable in about 3 s (measured for 4 000 rows on this
project's bench), while the outputs must be ready in under a second. The layout here is
deliberately simple, so it can be fast:

1. Helvetica unless some text needs more than Windows-1252 (then DejaVu Sans, embedded).
2. Each column gets its natural width (the widest cell, header included), shrunk in
   proportion when the columns do not fit the page, never below a minimum.
3. Cells and text blocks are wrapped word by word; word widths are measured once and
   cached, because a register repeats the same words thousands of times.
4. Rows are placed on pages first (so the page count is known), then drawn with the
   table's header repeated on each page and "Sida x av y" at the foot.

Documents for reading (the committee report) keep using WeasyPrint (`apps.core.pdf`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT_FILES = {
    "NkSans": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    "NkSans-Bold": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
}
SIZE = 8.0
LEADING = 10.0
PADDING = 2.0
MARGIN = 15 * mm
MIN_COLUMN = 12 * mm


@dataclass
class ListDocument:
    """What a list PDF shows: a title, a line naming committee, quarter and date, and
    either a table (columns and rows of text) or blocks of running text."""

    title: str
    subtitle: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    empty_text: str = "Inga beslut att redovisa (nollrapport)."


def fonts(texts: list[str] | None = None) -> tuple[str, str]:
    """Helvetica, a PDF standard font (nothing embedded, fastest to draw), covers Swedish
    and the usual punctuation (Windows-1252). Only when some text needs more (user-written
    reasons may) is DejaVu Sans embedded, from Debian's fonts-dejavu-core (installed with
    WeasyPrint's Pango)."""
    try:
        "".join(texts or []).encode("cp1252")
    except UnicodeEncodeError:
        return _embedded_fonts()
    return "Helvetica", "Helvetica-Bold"


@lru_cache(maxsize=1)
def _embedded_fonts() -> tuple[str, str]:
    if not all(path.exists() for path in FONT_FILES.values()):
        return "Helvetica", "Helvetica-Bold"
    for name, path in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    return "NkSans", "NkSans-Bold"


@lru_cache(maxsize=50_000)
def _width(text: str, font: str) -> float:
    return float(pdfmetrics.stringWidth(text, font, SIZE))


@lru_cache(maxsize=50_000)
def wrap(text: str, width: float, font: str) -> list[str]:
    """Greedy word wrap; a word wider than the line is cut between characters. Cached: a
    register repeats the same cells (lag, insatstyp, status) thousands of times; callers
    must not change the list returned."""
    lines: list[str] = []
    space = _width(" ", font)
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for word in paragraph.split(" "):
            word_width = _width(word, font)
            if line and used + space + word_width <= width:
                line, used = f"{line} {word}", used + space + word_width
                continue
            if line:
                lines.append(line)
            while word_width > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and _width(word[:cut], font) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
                word_width = _width(word, font)
            line, used = word, word_width
        lines.append(line)
    return lines


def column_widths(
    columns: list[str], rows: list[list[str]], available: float, regular: str, bold: str
) -> list[float]:
    natural = [_width(name, bold) + 2 * PADDING for name in columns]
    for row in rows:
        for index, cell in enumerate(row):
            natural[index] = max(natural[index], _width(cell, regular) + 2 * PADDING)
    if sum(natural) <= available:
        extra = (available - sum(natural)) / len(natural)
        return [width + extra for width in natural]
    fair = available / len(natural)
    narrow = [width for width in natural if width <= fair]
    wide_total = sum(width for width in natural if width > fair)
    left = available - sum(narrow)
    return [
        width if width <= fair else max(MIN_COLUMN, width * left / wide_total) for width in natural
    ]


def render_list_pdf(document: ListDocument) -> bytes:
    regular, bold = fonts(
        [document.title, document.subtitle, *document.columns, *document.blocks]
        + [cell for row in document.rows for cell in row]
    )
    page_width, page_height = landscape(A4)
    available = page_width - 2 * MARGIN
    top, bottom = page_height - MARGIN, MARGIN + LEADING

    # Steps 2–3: what each row or block looks like, as lines.
    widths: list[float] = []
    header: list[list[str]] = []
    items: list[list[list[str]]] = []
    if document.blocks:
        items = [[wrap(block, available - 2 * PADDING, regular)] for block in document.blocks]
    elif document.rows:
        widths = column_widths(document.columns, document.rows, available, regular, bold)
        header = [
            wrap(name, w - 2 * PADDING, bold)
            for name, w in zip(document.columns, widths, strict=True)
        ]
        items = [
            [wrap(cell, w - 2 * PADDING, regular) for cell, w in zip(row, widths, strict=True)]
            for row in document.rows
        ]
    header_height = (max(map(len, header)) * LEADING + 2 * PADDING) if header else 0.0

    # Step 4: place items on pages, then draw.
    first_top = top - 30  # the title and the subtitle line
    pages: list[list[tuple[float, list[list[str]]]]] = [[]]
    y = first_top - header_height
    for item in items:
        height = max(map(len, item)) * LEADING + 2 * PADDING + (3 if document.blocks else 0)
        if y - height < bottom and pages[-1]:
            pages.append([])
            y = top - header_height
        pages[-1].append((y, item))
        y -= height

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(page_width, page_height), pageCompression=1)
    canvas.setTitle(document.title)
    canvas.setSubject(document.subtitle)
    canvas.setAuthor("Nämndkollen")
    canvas.setLineWidth(0.4)
    canvas.setStrokeGray(0.6)
    for number, placed in enumerate(pages, start=1):
        start = top
        if number == 1:
            canvas.setFont(bold, 14)
            canvas.drawString(MARGIN, top - 14, document.title)
            canvas.setFont(regular, 9)
            canvas.drawString(MARGIN, top - 26, document.subtitle)
            start = first_top
        if header:
            canvas.setFillGray(0.92)
            canvas.rect(MARGIN, start - header_height, available, header_height, 0, 1)
            canvas.setFillGray(0)
            _draw_row(canvas, header, widths, start, bold)
        if not items:
            canvas.setFont(regular, SIZE + 1)
            canvas.drawString(MARGIN, start - 2 * LEADING, document.empty_text)
        for y, item in placed:
            if document.blocks:
                height = len(item[0]) * LEADING + 2 * PADDING
                canvas.rect(MARGIN, y - height, available, height, 1, 0)
                _draw_row(canvas, item, [available], y, regular)
            else:
                height = max(map(len, item)) * LEADING + 2 * PADDING
                _draw_row(canvas, item, widths, y, regular)
                canvas.line(MARGIN, y - height, MARGIN + available, y - height)
        canvas.setFont(regular, 7)
        canvas.drawString(MARGIN, MARGIN - 8, f"{document.title} · {document.subtitle}")
        canvas.drawRightString(MARGIN + available, MARGIN - 8, f"Sida {number} av {len(pages)}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_row(
    canvas: Canvas, cells: list[list[str]], widths: list[float], y: float, font: str
) -> None:
    # One text object per row: starting a text object per cell costs more than its text.
    text = canvas.beginText()
    text.setFont(font, SIZE, LEADING)
    x = MARGIN
    for lines, width in zip(cells, widths, strict=True):
        text.setTextOrigin(x + PADDING, y - PADDING - SIZE)
        for line in lines:
            text.textLine(line)
        x += width
    canvas.drawText(text)
