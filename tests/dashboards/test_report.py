"""The committee report: a summary page first, one period for every section, honest charts
only where there is something to show, tables that fit the page, at most eight pages for
the Alingsås demo; the same content as a Word file; built by a Celery task from the web."""

from __future__ import annotations

import io
from datetime import timedelta

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from apps.dashboards.models import ReportRun
from apps.dashboards.print_charts import PrintChart, PrintLine, axis_floor, report_chart
from apps.dashboards.report import (
    CHART_MIN_PERIODS,
    committee_report,
    committee_report_pdf,
    indicator_name,
    report_bytes,
    report_period_of,
)
from apps.dashboards.report_docx import committee_report_docx
from apps.indicators.models import Comment, Indicator
from apps.organisations.models import Committee
from tests.demo import load_demo, login

pytestmark = pytest.mark.django_db

MAX_PAGES = 8
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def demo() -> None:
    load_demo()


@pytest.fixture(autouse=True)
def stored_files(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Report files go to the test's own folder, not the project's var/media."""
    settings.MEDIA_ROOT = tmp_path


def committee(slug: str) -> Committee:
    return Committee.objects.select_related("municipality").get(slug=slug)


def pdf_pages(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def docx_headings(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]


# -- the PDF ----------------------------------------------------------------------------------


def test_the_alingsas_report_has_its_summary_on_the_first_page_and_at_most_eight_pages(demo):
    von = committee("alingsas-von")

    pages = pdf_pages(report_bytes(von, report_period_of(von, "2024"), "pdf"))

    assert len(pages) <= MAX_PAGES
    first = pages[0]
    assert "Vård- och omsorgsnämnden, Alingsås" in first
    assert "Uppföljning bokslut 2024" in first
    assert "Sammanfattning" in first
    assert "Delvis uppfyllt (2024)" in first  # goals with their status, as text
    assert "Nyckeltal i urval" in first
    assert "Budget 2024, utfall till och med december" in first
    assert "Ej verkställda beslut, kvartal 4 2024" in first
    assert "Mål och bedömningar 2024" in pages[1]  # the sections follow the summary
    assert "avon-" not in " ".join(pages)  # own indicators by name, never by code


def test_the_demo_reports_for_their_latest_period_stay_within_eight_pages(demo):
    for slug in ("alingsas-von", "ale-sn"):
        found = committee(slug)

        pages = pdf_pages(report_bytes(found, report_period_of(found), "pdf"))

        assert 1 < len(pages) <= MAX_PAGES, slug


def test_a_comment_is_numbered_under_its_chart_and_the_analysis_is_printed(demo):
    von = committee("alingsas-von")
    Comment.objects.create(
        committee=von,
        indicator=Indicator.objects.get(code="U23401"),
        period="2024",
        text="Kortare väntan efter nya platser på Ängabo.",
    )

    text = " ".join(pdf_pages(report_bytes(von, report_period_of(von, "2024"), "pdf")))

    assert "2024: Kortare väntan efter nya platser på Ängabo." in text
    assert "Resultatet uppnår målvärdet" in text  # an assessment's analysis
    assert "Effektivitetsindex äldreomsorg" in text


def test_every_section_follows_the_one_period_asked_for(demo):
    ale = committee("ale-sn")

    text = " ".join(pdf_pages(report_bytes(ale, report_period_of(ale, "2025T2"), "pdf")))

    assert "Uppföljning delår t.o.m. augusti 2025 (tertial 2)" in text
    assert "Budget 2025, utfall till och med augusti (tkr)" in text
    assert "Ej verkställda beslut, kvartal 3 2025" in text
    assert "kvartal 4 2025" not in text


def test_figures_after_the_report_period_are_left_out(demo):
    von = committee("alingsas-von")

    report = committee_report(von, report_period_of(von, "2023"))

    assert report.indicators is not None
    assert {row[1] for row in report.indicators.rows} <= {"2022", "2023"}
    for chart in report.charts:
        assert all(p <= "2023" for line in chart.chart.lines for p, _ in line.points)


def test_a_chart_is_drawn_only_for_three_periods_or_a_target(demo):
    von = committee("alingsas-von")

    report = committee_report(von, report_period_of(von, "2024"))

    assert report.charts
    for chart in report.charts:
        own = next(line for line in chart.chart.lines if line.own)
        values = [v for _, v in own.points if v is not None]
        assert len(values) >= CHART_MIN_PERIODS or chart.chart.targets, chart.title
    assert report.indicators is not None
    assert len(report.charts) < len(report.indicators.rows)  # one or two values: no chart


def test_no_table_is_wider_than_the_page(demo):
    from django.template.loader import render_to_string
    from weasyprint import HTML
    from weasyprint.formatting_structure.boxes import TableBox

    ale = committee("ale-sn")
    report = committee_report(ale, report_period_of(ale, "2025"))
    document = HTML(string=render_to_string("dashboards/report_pdf.html", {"report": report}))
    pages = document.render().pages
    tables = 0
    for page in pages:
        box = page._page_box
        content_right = box.content_box_x() + box.width  # the right edge of the text area
        for child in box.descendants():
            if isinstance(child, TableBox):
                tables += 1
                assert child.position_x + child.margin_width() <= content_right + 1
    assert tables >= 4
    for table in (report.budget, report.budget_total, report.evb, report.key_figures):
        assert table is not None
        assert sum(float(w.rstrip("%")) for w in table.percent_widths) <= 100.01


# -- honest axes ------------------------------------------------------------------------------


def test_a_line_axis_starts_at_zero_unless_the_values_would_look_flat():
    assert axis_floor([57, 65, 74]) is None  # a visible change from 0
    assert axis_floor([-3, 4]) is None  # negative values: 0 is inside
    assert axis_floor([74, 76, 82]) == 60  # a spread of 8 on 82: zoomed, to a round number


def test_a_zoomed_chart_says_where_its_axis_starts():
    zoomed = PrintChart(
        "procent",
        0,
        [
            PrintLine(
                "Alingsås", "#123b63", [("2022", 74.0), ("2023", 76.0), ("2024", 82.0)], own=True
            )
        ],
    )
    from_zero = PrintChart(
        "dagar",
        0,
        [
            PrintLine(
                "Alingsås", "#123b63", [("2022", 74.0), ("2023", 65.0), ("2024", 37.0)], own=True
            )
        ],
    )

    assert "Axeln börjar vid 60" in report_chart(zoomed).decode()
    assert "Axeln börjar" not in report_chart(from_zero).decode()
    assert report_chart(zoomed, "png").startswith(b"\x89PNG")


# -- Word -------------------------------------------------------------------------------------


def test_the_word_file_has_the_headings_tables_charts_and_a_table_of_contents(demo):
    von = committee("alingsas-von")
    report = committee_report(von, report_period_of(von, "2024"))

    document = docx.Document(io.BytesIO(committee_report_docx(report)))

    headings = docx_headings(document)
    assert headings[0] == "Vård- och omsorgsnämnden, Alingsås"
    assert "Sammanfattning" in headings
    assert "Mål och bedömningar 2024" in headings
    assert "Nyckeltal till och med 2024" in headings
    assert report.goals[0].title in headings
    assert len(document.inline_shapes) == len(report.charts)  # the charts as pictures
    indicators = next(t for t in document.tables if t.rows[0].cells[0].text == "Nyckeltal")
    assert [c.text for c in indicators.rows[0].cells][:3] == ["Nyckeltal", "Period", "Alingsås"]
    assert len(indicators.rows) == 1 + len(report.key_figures.rows)  # type: ignore[union-attr]
    assert any(
        t.rows[0].cells[0].text == "Indikator" for t in document.tables
    )  # each goal's indicators
    assert 'TOC \\o "1-3"' in document.element.xml


def test_the_word_file_holds_the_same_budget_and_ej_verkstallda_as_the_pdf(demo):
    ale = committee("ale-sn")
    period = report_period_of(ale, "2025")
    report = committee_report(ale, period)

    document = docx.Document(io.BytesIO(committee_report_docx(report)))
    pdf_text = " ".join(pdf_pages(committee_report_pdf(report)))

    budget = next(t for t in document.tables if t.rows[0].cells[0].text == "Verksamhetsområde")
    total = [cell.text for cell in budget.rows[-1].cells]
    assert report.budget_report is not None
    assert total[0] == report.budget_report.top.centre.name  # as the budget section prints it
    assert " ".join(" ".join(total[1:3]).split()) in pdf_text  # the PDF's spaces are plain
    evb = [t for t in document.tables if t.rows[0].cells[0].text == "Lag"]
    assert evb
    cells = [cell.text for row in evb[0].rows[1:] for cell in row.cells[1:]]
    assert "<3" in cells
    assert not [c for c in cells if c in ("1", "2")]  # small counts hidden


# -- the command ------------------------------------------------------------------------------


def test_the_command_writes_pdf_or_word_for_the_period_asked_for(demo, tmp_path):
    pdf, word = tmp_path / "rapport.pdf", tmp_path / "rapport.docx"

    call_command(
        "committee_report", "--committee", "ale-sn", "--period", "2025", "--output", str(pdf)
    )
    call_command(
        "committee_report", "--committee", "ale-sn", "--period", "2025M08",
        "--format", "docx", "--output", str(word),
    )  # fmt: skip

    assert "Socialnämnden" in " ".join(pdf_pages(pdf.read_bytes()))
    assert "Budget 2025, utfall till och med augusti (tkr)" in docx_headings(
        docx.Document(str(word))
    )


def test_the_command_says_in_swedish_when_the_period_is_no_period(demo):
    with pytest.raises(CommandError, match="är ingen period"):
        call_command("committee_report", "--committee", "ale-sn", "--period", "våren")


# -- the web: a Celery task with its progress ----------------------------------------------


def test_the_report_is_built_by_the_task_and_downloaded_from_its_page(
    demo, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    client = login("alingsas-politiker")
    start = reverse("dashboards:report", args=["alingsas-von"])

    assert "Ta fram rapporten" in client.get(start).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(start, {"period": "2024", "format": "docx"})
    status = client.get(started["Location"])
    download = client.get(
        reverse("dashboards:report_file", args=["alingsas-von", "2024"]) + "?format=docx"
    )

    run = ReportRun.objects.get()
    assert (run.status, run.progress, run.format, run.period) == ("succeeded", 100, "docx", "2024")
    assert run.requested_by is not None
    assert run.requested_by.username == "alingsas-politiker"
    assert "Ladda ner rapporten (Word (DOCX))" in status.content.decode()
    assert download["Content-Type"] == DOCX_TYPE
    assert (
        download["Content-Disposition"] == 'attachment; filename="rapport-alingsas-von-2024.docx"'
    )
    headings = docx_headings(docx.Document(io.BytesIO(download.content)))
    assert "Uppföljning bokslut 2024" not in headings  # the title is the committee's name
    assert "Sammanfattning" in headings


def test_the_same_task_builds_the_pdf_from_the_old_address(
    demo, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    client = login("alingsas-politiker")

    page = client.get("/namnd/alingsas-von/rapport.pdf?period=2024", follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("dashboards:report", args=["alingsas-von"]), {"period": "2024", "format": "pdf"}
        )
    download = client.get(
        reverse("dashboards:report_file", args=["alingsas-von", "2024"]) + "?format=pdf"
    )

    assert 'value="2024" selected' in page.content.decode()
    assert download["Content-Type"] == "application/pdf"
    assert len(pdf_pages(download.content)) <= MAX_PAGES


def test_the_progress_page_refreshes_itself_until_the_report_is_ready(demo):
    von = committee("alingsas-von")
    ReportRun.objects.create(
        committee=von, period="2024", format="pdf", status="running", progress=30, step="Nyckeltal"
    )
    url = reverse("dashboards:report_status", args=["alingsas-von", "2024"]) + "?format=pdf"

    html = login("alingsas-politiker").get(url).content.decode()

    assert '<meta http-equiv="refresh" content="2">' in html
    assert '<progress id="report-bar" max="100" value="30">' in html
    assert "Nyckeltal" in html
    assert "<script>" not in html  # no inline script under the CSP


def test_the_file_is_only_for_those_who_may_read_the_committee(
    demo, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with django_capture_on_commit_callbacks(execute=True):
        login("alingsas-controller").post(
            reverse("dashboards:report", args=["alingsas-von"]), {"period": "2024", "format": "pdf"}
        )
    url = reverse("dashboards:report_file", args=["alingsas-von", "2024"]) + "?format=pdf"

    assert login("alingsas-rapportor").get(url)["Content-Type"] == "application/pdf"
    assert login("ale-politiker").get(url).status_code == 403
    assert "/logga-in/" in Client().get(url)["Location"]
    stored = ReportRun.objects.get().file
    assert stored.name.startswith("reports/")
    assert Client().get(stored.url).status_code == 404  # no address serves the stored files


def test_a_failed_build_says_so_in_swedish_and_offers_to_try_again(demo):
    von = committee("alingsas-von")
    ReportRun.objects.create(
        committee=von, period="2024", format="docx", status="failed",
        error="Rapporten kunde inte tas fram (OSError). Försök igen eller kontakta förvaltningen.",
    )  # fmt: skip
    url = reverse("dashboards:report_status", args=["alingsas-von", "2024"]) + "?format=docx"

    html = login("alingsas-politiker").get(url).content.decode()

    assert "Rapporten kunde inte tas fram (OSError)" in html
    assert "Ta fram på nytt" in html
    assert 'http-equiv="refresh"' not in html


def test_the_own_line_is_drawn_thicker_in_every_chart(demo):
    von = committee("alingsas-von")

    report = committee_report(von, report_period_of(von, "2024"))

    assert all(sum(line.own for line in c.chart.lines) == 1 for c in report.charts)
    assert all(line.name == "Alingsås" for c in report.charts for line in c.chart.lines if line.own)


def test_a_report_no_worker_finished_is_said_to_be_stalled_and_can_be_asked_for_again(demo):
    von = committee("alingsas-von")
    ReportRun.objects.create(
        committee=von, period="2024", format="pdf", status="pending",
        queued_at=timezone.now() - timedelta(hours=1),
    )  # fmt: skip
    url = reverse("dashboards:report_status", args=["alingsas-von", "2024"]) + "?format=pdf"

    html = login("alingsas-politiker").get(url).content.decode()

    assert "Rapporten blev aldrig klar" in html
    assert "Ta fram på nytt" in html
    assert 'http-equiv="refresh"' not in html


def test_a_comment_on_an_indicator_without_a_chart_is_still_printed(demo):
    von = committee("alingsas-von")
    report = committee_report(von, report_period_of(von, "2024"))
    charted = {chart.title for chart in report.charts}
    code = next(
        i.code
        for i in Indicator.objects.filter(committee_links__committee=von, code__startswith="U")
        if indicator_name(i) not in charted
    )
    Comment.objects.create(
        committee=von, indicator=Indicator.objects.get(code=code), period="2024",
        text="Ny mätmetod från 2024.",
    )  # fmt: skip

    pdf = " ".join(pdf_pages(report_bytes(von, report_period_of(von, "2024"), "pdf")))
    word = docx.Document(io.BytesIO(report_bytes(von, report_period_of(von, "2024"), "docx")))

    assert "2024: Ny mätmetod från 2024." in pdf
    assert any(p.text.endswith("2024: Ny mätmetod från 2024.") for p in word.paragraphs)


def test_asking_again_for_a_report_on_its_way_follows_the_same_run(demo):
    """Clicking five times builds one report (no queue of builds held up by one reader)."""
    report_url = reverse("dashboards:report", args=["alingsas-von"])
    politician = login("alingsas-politiker")

    for _ in range(5):  # the broker is not reached in this test: the runs stay waiting
        politician.post(report_url, {"period": "2024", "format": "pdf"})
    politician.post(report_url, {"period": "2024", "format": "docx"})

    assert ReportRun.objects.filter(format="pdf", period="2024").count() == 1
    assert ReportRun.objects.filter(format="docx", period="2024").count() == 1


def test_the_own_municipality_has_its_column_even_without_values(demo):
    """Ale's demo holds no figures of Ale's own: its column says "–", so that no reader
    takes Göteborgsregionen's figure for Ale's."""
    ale = committee("ale-sn")

    report = committee_report(ale, report_period_of(ale, "2025"))

    assert report.indicators.headings[2] == "Ale"
    assert {row[2] for row in report.indicators.rows} == {"–"}
