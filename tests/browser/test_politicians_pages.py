"""In a real browser: a controller's draft stays private and reaches the politician's chart
and PDF once the period is marked ready, the
public page keeps the register private, and the overview works by keyboard at 360 px.
The walk (test_walk.py) runs axe-core's WCAG 2.1 AA rules on these pages and all others."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from apps.indicators.models import Indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMENT = "Två deltagare började studera på Komvux i augusti."


def quarterly_values(politician, url: str) -> list[list[float]]:  # type: ignore[no-untyped-def]
    politician.goto(url)
    politician.wait_for_selector("#indikator .main-svg")  # drawn by plotly.js
    traces = politician.evaluate(
        "() => document.getElementById('indikator').data.map(t => [t.name, t.y])"
    )
    return [y for name, y in traces if "per kvartal" in name]


def test_a_controllers_draft_stays_private_and_reaches_the_politicians_chart_and_pdf_when_ready(
    open_as, demo_server
):
    indicator = Indicator.objects.get(code="avon-egen-bostad")
    chart = f"{demo_server}/namnd/alingsas-von/nyckeltal/avon-egen-bostad/"
    controller = open_as("alingsas-controller")
    controller.goto(f"{demo_server}/namnd/alingsas-von/uppfoljning/2025Q3/")
    controller.locator(f'input[name="v_{indicator.pk}_2025Q3_T"]').fill("2")
    controller.locator(f'textarea[name="c_{indicator.pk}"]').fill(COMMENT)
    controller.get_by_role("button", name="Spara utkast").click()
    controller.wait_for_load_state()
    politician = open_as("alingsas-politiker")

    assert quarterly_values(politician, chart) == []  # a draft: not for readers

    for field in controller.locator('input[name^="v_"]').all():
        if not field.input_value():
            field.fill("1")
    for select in controller.locator('select[name^="s_"]').all():
        select.select_option("delvis")
    for analysis in controller.locator('textarea[name^="a_"]').all():
        analysis.fill("Enligt plan.")
    controller.get_by_role("button", name="Markera perioden som klar").click()
    controller.wait_for_load_state()

    assert quarterly_values(politician, chart) == [[2]]
    annotations = politician.locator("#indikator .annotation-text").all_text_contents()
    assert any("2025Q3: Två deltagare" in text for text in annotations)
    politician.goto(f"{demo_server}/namnd/alingsas-von/rapport/?period=2025Q3")
    politician.get_by_role("button", name="Ta fram rapporten").click()  # built by its task
    with politician.expect_download() as pdf:
        politician.get_by_role("link", name="Ladda ner rapporten (PDF)").click()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf.value.path()).pages).split())
    assert COMMENT in text
    assert "kvartal 3 2025" in text


def test_the_chart_downloads_as_png_and_the_table_as_csv(open_as, demo_server):
    page = open_as("alingsas-politiker")
    page.goto(f"{demo_server}/namnd/alingsas-von/nyckeltal/U23401/")
    page.wait_for_selector("#indikator .main-svg")

    with page.expect_download() as png:
        page.get_by_role("button", name="PNG (diagrammet)").click()
    with page.expect_download() as csv:
        page.get_by_role("link", name="CSV").click()

    assert png.value.suggested_filename == "U23401-alingsas-von.png"
    assert Path(png.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "2024;57;63;65;" in Path(csv.value.path()).read_text(encoding="utf-8-sig")


def test_the_public_page_shows_no_reference_from_the_register(open_as, demo_server):
    from apps.organisations.models import Committee

    Committee.objects.filter(slug="ale-sn").update(published=True)
    visitor = open_as()
    visitor.goto(f"{demo_server}/publik/ale-sn/?kvartal=2025Q4")

    body = visitor.locator("body").inner_text()
    assert "Ej verkställda beslut" in body
    assert "<3" in body
    assert "SN-20" not in visitor.content()


def test_the_overview_works_at_360_pixels_and_by_keyboard(open_as, demo_server):
    page = open_as("alingsas-politiker", width=360)
    page.goto(f"{demo_server}/namnd/alingsas-von/")

    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0  # nothing wider than the phone; wide tables scroll in their box
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Hoppa till innehållet"
    page.keyboard.press("Enter")
    for _ in range(40):  # tab on until the first indicator card's link has focus
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('.indicator-card')"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/nyckeltal/**")
    assert page.locator("h1").inner_text().startswith("Effektivitetsindex äldreomsorg")
