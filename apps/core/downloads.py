"""The one way a view hands over a file: the right content type and an attachment name."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from apps.core.exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from apps.core.pdf import PDF_CONTENT_TYPE

CONTENT_TYPES = {
    "csv": CSV_CONTENT_TYPE,
    "xlsx": XLSX_CONTENT_TYPE,
    "pdf": PDF_CONTENT_TYPE,
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def file_response(data: bytes, fmt: str, filename: str) -> HttpResponse:
    """`data` as a download named `filename.fmt` (non-ASCII names encoded per RFC 6266)."""
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{filename}.{fmt}"
    )
    return response
