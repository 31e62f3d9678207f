"""PDF documents from HTML templates (WeasyPrint); fonts and CSS come with the template."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

PDF_CONTENT_TYPE = "application/pdf"


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only PDFs need

    return bytes(HTML(string=render_to_string(template, context)).write_pdf())
