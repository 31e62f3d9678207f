"""The ej verkställda pages in a real browser: the rapportör's IVO checklist and the
"sent" mark with its confirmation, the politician's charts with hidden small counts, and
no page wider than a phone."""

from __future__ import annotations

import json

import pytest

from apps.decisions.models import SentReport
from apps.organisations.models import Committee
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EVB = "/namnd/ale-sn/ej-verkstallda/"


def test_the_rapportor_ticks_all_rows_and_marks_the_quarter_sent_after_confirming(
    open_as, demo_server
):
    page = open_as("ale-rapportor")
    page.goto(f"{demo_server}{EVB}rapport/ivo/?kvartal=2026Q1")

    page.get_by_label("Markera alla").check()
    boxes = page.locator("input[name='episod']")
    assert boxes.count() > 0
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Markera kvartalets rapport som skickad till IVO").click()
    assert not SentReport.objects.filter(quarter="2026Q1").exists()  # dismissed: nothing

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Markera kvartalets rapport som skickad till IVO").click()
    page.wait_for_selector("text=är skickad till IVO")
    sent = SentReport.objects.get(quarter="2026Q1")
    assert sent.sent_by.username == "ale-rapportor"
    assert page.get_by_text("Ångra markeringen (vid felklick)").is_visible()


def test_the_politicians_chart_says_which_counts_are_hidden_and_holds_none_of_them(
    open_as, demo_server
):
    page = open_as("ale-politiker")
    page.goto(f"{demo_server}{EVB}?kvartal=2025Q4")
    page.wait_for_selector("#evb-sol .main-svg")

    figure = json.loads(page.locator("#evb-sol-data").text_content())
    drawn = page.locator("#evb-sol").inner_text()
    assert "<3: avslutade" in drawn  # SoL avslutade = 2, drawn as a label, not a bar
    for trace in figure["data"]:
        assert not [y for y in trace["y"] if y in (1, 2)]
    assert "SN-20" not in page.content()


def test_the_politicians_page_of_a_published_committee_fits_a_phone_and_passes_axe(
    open_as, demo_server
):
    # The rapportör's register pages are checked the same way in the walk (test_walk.py).
    Committee.objects.filter(slug="ale-sn").update(published=True)
    page = open_as("ale-politiker", width=360)
    page.goto(f"{demo_server}{EVB}?kvartal=2026Q2")

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{width} px"
    assert axe_violations(page) == []
