"""Every download goes through file_response: the content type and the attachment name."""

from __future__ import annotations

import pytest

from apps.core.downloads import file_response


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("pdf", "application/pdf"),
    ],
)
def test_a_file_is_an_attachment_named_with_its_format(fmt, content_type):
    response = file_response(b"data", fmt, "budget-ale-sn-2025-08")

    assert response.content == b"data"
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="budget-ale-sn-2025-08.{fmt}"'


def test_a_swedish_file_name_survives_the_header():
    response = file_response(b"x", "pdf", "rapport-vård-och-omsorg")

    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''rapport-v%C3%A5rd-och-omsorg.pdf"
    )
