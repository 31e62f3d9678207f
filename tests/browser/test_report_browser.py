"""The committee report in a real browser (Chromium): asked for on its page, followed on
the progress page, downloaded as Word and read back; both pages fit a 360 px phone and
axe-core finds no serious WCAG 2.1 AA violation on them."""

from __future__ import annotations

import docx
import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

PHONE = 360
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def test_a_politician_asks_for_the_word_report_follows_it_and_downloads_it(
    open_as,
    demo_server,
    settings,
    tmp_path,
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = tmp_path
    page = open_as("alingsas-politiker", width=PHONE)

    page.goto(f"{demo_server}/namnd/alingsas-von/rapport/?period=2024")
    assert page.evaluate(OVERFLOW) <= 0
    assert not axe_violations(page)
    page.get_by_label("Word (DOCX)").check()
    page.get_by_role("button", name="Ta fram rapporten").click()
    page.wait_for_url("**/namnd/alingsas-von/rapport/2024/?format=docx")
    assert page.evaluate(OVERFLOW) <= 0
    assert not axe_violations(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner rapporten (Word (DOCX))").click()

    assert download.value.suggested_filename == "rapport-alingsas-von-2024.docx"
    document = docx.Document(download.value.path())
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Sammanfattning" in headings
    assert "Mål och bedömningar 2024" in headings
