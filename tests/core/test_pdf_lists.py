"""Long list PDFs: every row on a page, the header and page numbers on each page."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from apps.core.pdf_lists import SIZE, ListDocument, column_widths, render_list_pdf, wrap


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_a_long_table_runs_over_pages_with_its_header_and_page_numbers_on_each():
    rows = [[f"B-{n:05d}", "SoL", "Särskilt boende", "2025-01-31"] for n in range(300)]
    document = ListDocument(
        title="Lista till IVO",
        subtitle="Socialnämnden, Ale · kvartal 2025Q4",
        columns=["referens", "lag", "insatstyp", "beslutsdatum"],
        rows=rows,
    )

    pages = pdf_text(render_list_pdf(document))

    assert len(pages) > 3
    text = "\n".join(pages)
    assert all(f"B-{n:05d}" in text for n in range(300))
    assert all("insatstyp" in page and "beslutsdatum" in page for page in pages)
    assert f"Sida {len(pages)} av {len(pages)}" in pages[-1]
    assert "Socialnämnden, Ale · kvartal 2025Q4" in pages[0]


def test_blocks_of_text_are_wrapped_within_the_page_and_nothing_is_cut():
    block = "B-00001 – Nya. " + "Ingen ledig plats på det önskade boendet. " * 12
    pages = pdf_text(render_list_pdf(ListDocument("Lista", "Ale", blocks=[block] * 40)))

    text = " ".join(" ".join(pages).split())
    assert text.count("B-00001") == 40
    assert text.count("önskade boendet") == 40 * 12


def test_an_empty_list_says_so():
    pages = pdf_text(render_list_pdf(ListDocument("Lista", "Ale", columns=["referens"])))

    assert "Inga beslut att redovisa (nollrapport)." in pages[0]


def test_wrapping_keeps_every_word_and_cuts_words_longer_than_the_line():
    lines = wrap("kort " + "x" * 400 + " slut", 100.0, "Helvetica")

    assert lines[0] == "kort"
    assert "".join(lines).replace(" ", "") == "kort" + "x" * 400 + "slut"
    assert all(stringWidth(line, "Helvetica", SIZE) <= 100.0 for line in lines)


def test_columns_that_do_not_fit_are_shrunk_to_the_page():
    widths = column_widths(["a", "b"], [["x" * 500, "kort"]], 600.0, "Helvetica", "Helvetica-Bold")

    assert abs(sum(widths) - 600.0) < 1
    assert widths[0] > widths[1]


def test_text_beyond_windows_1252_is_printed_with_an_embedded_font():
    plain = render_list_pdf(ListDocument("Lista", "Ale", blocks=["Plats på boende"]))
    special = render_list_pdf(ListDocument("Lista", "Ale", blocks=["Väntat ≥ 90 dagar → IVO"]))

    assert b"NkSans" not in plain
    assert "≥ 90 dagar → IVO" in pdf_text(special)[0]
