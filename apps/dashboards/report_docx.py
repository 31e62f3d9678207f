"""The committee report as a Word file (python-docx), for the controller to finish the text:
the same content as the PDF (apps/dashboards/report.py gathers it), with Word's own heading
styles, a table-of-contents field (Word fills it in when the file is opened), tables that
fit the page, and the charts as PNG images drawn by matplotlib."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as DocxTable

from apps.dashboards.print_charts import report_chart
from apps.dashboards.report import CommitteeReport, Table

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(21.0), Cm(29.7), Cm(2.0)
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
CHART_WIDTH = Cm(8.2)  # two charts side by side
TOC_HINT = (
    "Innehållsförteckningen fylls i när Word uppdaterar fälten "
    "(högerklicka här och välj Uppdatera fält, eller tryck F9)."
)
MUTED = RGBColor(0x55, 0x55, 0x55)


def committee_report_docx(report: CommitteeReport) -> bytes:
    document = Document()
    _page_setup(document)
    document.core_properties.title = f"{report.title} – {report.heading}"
    document.core_properties.language = "sv-SE"
    document.add_heading(report.title, level=0)
    _muted(
        document,
        f"{report.heading}: mål, nyckeltal, budget och ej verkställda beslut. Utskriven "
        f"{report.printed:%Y-%m-%d} ur Nämndkollen; nyckeltal från Kolada där inget annat "
        "anges.",
    )
    document.add_paragraph(
        "Innehåll", style="TOC Heading" if _has_style(document, "TOC Heading") else None
    )
    _toc_field(document)

    document.add_heading("Sammanfattning", level=1)
    document.add_heading(report.goals_heading, level=2)
    _table_or(document, report.goals_table, f"Inga mål för {report.period.year}.")
    document.add_heading("Nyckeltal i urval", level=2)
    _table_or(document, report.key_figures, "Inga nyckeltal med värden.")
    document.add_heading(report.budget_heading, level=2)
    _table_or(document, report.budget_total, f"Ingen huvudbok inläst för {report.period.year}.")
    if report.budget_total:
        _muted(document, report.budget_note)
    document.add_heading(report.evb_heading, level=2)
    _table_or(document, report.evb, "Inga ej verkställda beslut att redovisa.")
    if report.evb:
        _muted(
            document,
            "Antal beslut; 1–2 visas som <3. Ej verkställda (nya, ej tidigare rapporterade och "
            f"fortfarande ej verkställda): {report.evb_total}.",
        )

    document.add_page_break()
    document.add_heading(report.goals_heading, level=1)
    for goal in report.goals:
        document.add_heading(goal.title, level=2)
        if goal.kf_goal:
            _muted(document, f"Kommunfullmäktiges mål: {goal.kf_goal}")
        paragraph = document.add_paragraph("Bedömning: ")
        paragraph.add_run(f"{goal.symbol} {goal.status}").bold = True
        if goal.analysis:
            document.add_paragraph(goal.analysis)
        if goal.table:
            _table(document, goal.table)
    if not report.goals:
        _muted(document, f"Inga mål för {report.period.year}.")

    document.add_page_break()
    document.add_heading(report.indicators_heading, level=1)
    if report.indicators:
        _muted(
            document,
            f"Det senaste värdet till och med {report.period.code} för varje nyckeltal, med "
            "samma period för jämförelserna. (prel.) = preliminärt värde.",
        )
        _table(document, report.indicators)
    else:
        _muted(document, "Inga nyckeltalsvärden ännu.")
    if report.comments:
        document.add_heading("Kommentarer", level=2)
        for comment in report.comments:
            document.add_paragraph(comment, style="List Bullet")
    if report.charts:
        document.add_heading("Utvecklingen över tid", level=2)
        _muted(
            document,
            "Diagram för nyckeltal med minst tre perioder eller ett målvärde. Linjer: "
            + ", ".join(name for name, _ in report.legend)
            + " (i den ordningen i färgerna blå, guld, grön, lila, grå); målvärdet streckat.",
        )
        for chart in report.charts:
            document.add_heading(chart.title, level=3)
            document.add_picture(io.BytesIO(report_chart(chart.chart, "png")), width=CHART_WIDTH)
            _alt_text(document, chart.alt)
            for number, comment in enumerate(chart.comments, start=1):
                document.add_paragraph(f"{number}. {comment}")

    document.add_page_break()
    document.add_heading(report.budget_heading, level=1)
    if report.budget:
        _table(document, report.budget)
        _muted(document, report.budget_note)
        if report.investments:
            _table(document, report.investments)
    else:
        _muted(document, f"Ingen huvudbok inläst för {report.period.year}.")
    document.add_heading(report.evb_heading, level=1)
    _table_or(document, report.evb, "Inga ej verkställda beslut att redovisa.")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page_setup(document: DocumentObject) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = MARGIN
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    # Word asks to update the fields (the table of contents) when the file is opened.
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


def _has_style(document: DocumentObject, name: str) -> bool:
    return any(style.name == name for style in document.styles)


def _toc_field(document: DocumentObject) -> None:
    """A TOC field over headings 1–3, with a hint as its text until Word fills it in."""
    paragraph = document.add_paragraph()
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-3" \\h \\z \\u'
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(begin)
    run._r.append(instruction)
    run._r.append(separate)
    paragraph.add_run(TOC_HINT).italic = True
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _muted(document: DocumentObject, text: str) -> None:
    run = document.add_paragraph().add_run(text)
    run.font.color.rgb = MUTED
    run.font.size = Pt(9)


def _alt_text(document: DocumentObject, text: str) -> None:
    """The picture just added gets its description (read aloud by screen readers)."""
    pictures = document.inline_shapes
    if len(pictures):
        pictures[len(pictures) - 1]._inline.docPr.set("descr", text)


def _table_or(document: DocumentObject, table: Table | None, empty: str) -> None:
    if table is None:
        _muted(document, empty)
    else:
        _table(document, table)


def _table(document: DocumentObject, table: Table) -> DocxTable:
    """A table as wide as the text, its columns by `table.widths`, the heading row repeated
    on each page."""
    rows = [*table.rows, *([table.total] if table.total else [])]
    result = document.add_table(rows=1 + len(rows), cols=len(table.headings))
    result.style = "Table Grid"
    result.alignment = WD_TABLE_ALIGNMENT.CENTER
    result.autofit = False
    widths = [int(TEXT_WIDTH * share) for share in table.widths]
    header = result.rows[0]
    header_properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_properties.append(repeat)
    for index, row in enumerate([table.headings, *rows]):
        bold = index == 0 or (table.total is not None and index == len(rows))
        for column, (cell, text) in enumerate(zip(result.rows[index].cells, row, strict=True)):
            cell.width = widths[column]
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(text)
            run.font.size = Pt(8)
            run.bold = bold
            if table.numeric[column]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()
    return result
