"""The politicians' pages through real URLs, with the demo data from the seed documents."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.timezone import now

from apps.budget.services import ledger_import
from apps.core.periods import ReportPeriod
from apps.dashboards import selectors
from apps.decisions.services import decisions_import
from apps.imports.models import ImportRun
from apps.imports.services import import_run_create
from apps.indicators.models import CommitteeIndicator, Indicator, IndicatorValue
from apps.organisations.models import Committee, ComparisonGroup, Municipality
from tests.demo import load_demo, login
from tests.imports.payloads import DATA, METADATA

DEMO_LEDGER = settings.BASE_DIR / "fixtures" / "demo" / "alingsas_von_ledger_2024.csv"
DEMO_REGISTER = settings.BASE_DIR / "fixtures" / "demo" / "ale_sn_register.csv"

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    load_demo()


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def queries_of(client: Client, url: str) -> int:
    connection.queries_log.clear()  # a request resets the log; count from empty
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_overview_shows_key_indicator_cards_against_gr_liknande_and_riket(demo):
    html = page(login("alingsas-politiker"), "/namnd/alingsas-von/?period=2024")

    # 001: Effektivitetsindex äldreomsorg 2024, Alingsås 74, GR 62, liknande 51, riket 53
    assert "Effektivitetsindex äldreomsorg" in html
    assert "74 index" in html
    compared = r"Jämförelse 2024: Alingsås 74, Göteborgsregionen 62, [^\"]* 51, [^\"]* 53"
    assert re.search(compared, html)
    # 002: U23401 väntetid 2023 65 → 2024 57 dagar, lower is better than the mean's 63
    assert "\u22128 dagar sedan 2023 (bättre)" in html
    assert "Uppdaterad" in html


def test_the_overview_puts_the_assessment_beside_the_suggested_status(demo):
    html = page(login("alingsas-politiker"), "/namnd/alingsas-von/")

    assert "Helt uppfyllt" in html  # the controller's assessment from 002
    assert "Delvis uppfyllt" in html
    assert 'suggestion suggestion--met">Uppfyllt' in html
    assert 'suggestion suggestion--not_met">Ej uppfyllt' in html


def test_the_overview_shows_the_budget_deviation_and_the_evb_counts_masked(demo):
    html = page(login("ale-politiker"), "/namnd/ale-sn/?period=2025")

    # 004: Ale socialnämnden 2025, avvikelse +1 208 tkr (överskott); ±2 tkr of rounding
    assert "Budget 2025 t.o.m. december" in html
    assert "Ej verkställda beslut, kvartal 4 2025" in html
    assert "Avvikelse hittills 2025" in html
    assert re.search(r"dev--good\">1\s20[6-9]\s?tkr", html)
    assert "Beräknad avvikelse vid årets slut" in html
    assert "&lt;3" in html
    assert "SN-20" not in html


def test_a_preliminary_value_and_the_next_publication_are_on_the_card(demo):
    Indicator.objects.filter(code="U20900").update(
        publication_date="2099-04-01", publ_period="2024"
    )
    IndicatorValue.objects.filter(indicator__code="U20900").update(source="kolada")

    html = page(login("alingsas-politiker"), "/namnd/alingsas-von/")

    assert "preliminär" in html
    assert "nästa publicering 2099-04-01" in html


def test_the_overview_runs_the_same_number_of_queries_for_more_indicators(demo):
    committee = Committee.objects.select_related("municipality").get(slug="alingsas-von")
    period = ReportPeriod("2025")
    with CaptureQueriesContext(connection) as few:
        selectors.overview(committee, period)
    CommitteeIndicator.objects.filter(committee=committee).update(is_key=True)
    cache.clear()  # riket's row is cached after the first call
    with CaptureQueriesContext(connection) as many:
        cards = selectors.overview(committee, period).cards

    assert len(cards) > 10
    assert len(many) == len(few)


def test_the_overview_comes_from_the_cache_until_its_data_changes(demo, client_for):
    client = login("alingsas-politiker")
    client.get("/namnd/alingsas-von/")
    cached = queries_of(client, "/namnd/alingsas-von/")
    cache.clear()
    built = queries_of(client, "/namnd/alingsas-von/")
    value = IndicatorValue.objects.get(
        indicator__code="U20900", municipality__code="1489", period="2024"
    )
    value.value = 77  # saved through the ORM, as the entry page and the admin do
    value.save()

    html = page(client, "/namnd/alingsas-von/")

    assert cached < built - 5
    assert "77 index" in html


def test_an_import_makes_the_overview_read_its_data_again(demo):
    client = login("alingsas-politiker")
    page(client, "/namnd/alingsas-von/")
    IndicatorValue.objects.filter(indicator__code="U20900", municipality__code="1489").update(
        value=71
    )  # as a bulk import writes: no history, but an ImportRun
    assert "71 index" not in page(client, "/namnd/alingsas-von/")  # nothing says it changed
    ImportRun.objects.create(
        kind=ImportRun.Kind.KOLADA_FILE, status=ImportRun.Status.SUCCEEDED, finished_at=now()
    )

    assert "71 index" in page(client, "/namnd/alingsas-von/")


def test_the_indicator_page_has_the_chart_data_table_and_downloads(demo):
    client = login("alingsas-politiker")
    html = page(client, "/namnd/alingsas-von/nyckeltal/U23401/")

    figure = json.loads(re.search(r'id="indikator-data"[^>]*>(.*?)</script>', html, re.S)[1])
    names = [trace["name"] for trace in figure["data"]]
    assert names[0].startswith("Alingsås – kommunens värde")
    assert names[-1] == "Mål"
    assert figure["data"][0]["y"] == [74, 65, 57]
    assert 'class="muted">Linjediagram över' in html  # the chart's text alternative
    assert '<th scope="row">2022</th>' in html
    csv = client.get("/namnd/alingsas-von/nyckeltal/U23401/?format=csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Period;Alingsås;")
    assert csv.splitlines()[0].endswith(";Mål;Kommentar")
    assert "2024;57;63;65;" in csv
    xlsx = client.get("/namnd/alingsas-von/nyckeltal/U23401/?format=xlsx")
    assert xlsx.content[:2] == b"PK"


def add_gender_split(code: str, municipality: str = "1489") -> None:
    indicator = Indicator.objects.get(code=code)
    place = Municipality.objects.get(code=municipality)
    for gender, value in (("K", 70.0), ("M", 60.0)):
        IndicatorValue.objects.create(
            indicator=indicator, municipality=place, period="2024", gender=gender, value=value
        )


def test_the_gender_switch_is_offered_only_where_the_indicator_has_figures_for_both(demo):
    client = login("alingsas-politiker")
    Indicator.objects.filter(code__in=["U23401", "U20900"]).update(divided_by_gender=True)
    add_gender_split("U23401")

    assert 'kon=K"' in page(client, "/namnd/alingsas-von/nyckeltal/U23401/")
    assert "(kvinnor)" in page(client, "/namnd/alingsas-von/nyckeltal/U23401/?kon=K")
    # divided by Kolada, but no figures for kvinnor and män here: no switch, no empty chart
    assert 'kon=K"' not in page(client, "/namnd/alingsas-von/nyckeltal/U20900/")
    assert "(kvinnor)" not in page(client, "/namnd/alingsas-von/nyckeltal/U20900/?kon=K")
    comparison = page(client, "/namnd/alingsas-von/jamforelse/?nyckeltal=U20900&kon=K")
    assert 'name="kon"' not in comparison
    assert "kon=T&amp;format=csv" in comparison


def test_a_split_for_kvinnor_only_offers_no_switch(demo):
    client = login("alingsas-politiker")
    Indicator.objects.filter(code="U23401").update(divided_by_gender=True)
    add_gender_split("U23401")
    IndicatorValue.objects.filter(indicator__code="U23401", gender="M").update(value=None)

    assert 'kon=K"' not in page(client, "/namnd/alingsas-von/nyckeltal/U23401/")


def test_the_ranking_and_the_comparison_list_every_gr_member_with_the_own_highlighted(demo):
    group = ComparisonGroup.objects.get(code="G96190")
    indicator = Indicator.objects.get(code="U20900")
    for number, member in enumerate(group.members.exclude(code="1489")):
        IndicatorValue.objects.create(
            indicator=indicator, municipality=member, period="2024", value=50 + number,
            source="kolada",
        )  # fmt: skip
    alingsas = Municipality.objects.get(code="1489")
    client = login("alingsas-politiker")

    indicator_html = page(client, "/namnd/alingsas-von/nyckeltal/U20900/")
    comparison = page(client, "/namnd/alingsas-von/jamforelse/?nyckeltal=U20900&ar=2024")

    assert "Alingsås är på plats 1 av 13" in indicator_html
    assert comparison.count("<tr") >= 13 + 3
    assert f"<strong>{alingsas.name}</strong> (egen kommun)" in comparison
    assert 'id="jamforelse-data"' in comparison


def test_tables_sort_by_the_address_and_filters_stay_in_it(demo):
    client = login("alingsas-politiker")

    ascending = page(client, "/namnd/alingsas-von/nyckeltal/?sort=varde")
    descending = page(client, "/namnd/alingsas-von/nyckeltal/?sort=-varde")
    filtered = page(client, "/namnd/alingsas-von/nyckeltal/?omrade=Äldreomsorg&sort=-varde")

    assert ascending.index("Nettokostnad LSS") > ascending.index("Effektivitetsindex äldreomsorg")
    assert descending.index("Nettokostnad LSS") < descending.index("Effektivitetsindex äldreomsorg")
    assert "Nettokostnad LSS" not in filtered
    assert 'name="sort" value="-varde"' in filtered
    csv = client.get("/namnd/alingsas-von/nyckeltal/?omrade=Äldreomsorg&format=csv")
    assert "Nettokostnad LSS" not in csv.content.decode("utf-8-sig")


def test_the_public_view_needs_no_login_for_a_published_committee_only(demo):
    anonymous = Client()

    for url in (
        "/publik/alingsas-von/",
        "/publik/alingsas-von/nyckeltal/",
        "/publik/alingsas-von/nyckeltal/U23401/",
        "/publik/alingsas-von/jamforelse/",
    ):
        html = page(anonymous, url)
        assert "Uppföljning: mål och egna nyckeltal" not in html
        assert "/namnd/" not in html.split("<main", 1)[1].split("</main>")[0]
    assert anonymous.get("/publik/ale-sn/").status_code == 404  # not published
    assert anonymous.get("/namnd/alingsas-von/").status_code == 302


def test_the_public_view_shows_register_counts_only_and_masks_small_ones(demo):
    Committee.objects.filter(slug="ale-sn").update(published=True)

    html = page(Client(), "/publik/ale-sn/?kvartal=2025Q4")

    assert "Ej verkställda beslut" in html
    assert "&lt;3" in html
    assert "SN-20" not in html  # no referens from the register


def test_an_own_indicator_is_headed_by_its_name_and_a_kolada_one_also_by_its_code(demo):
    client = login("alingsas-politiker")

    own = page(client, "/namnd/alingsas-von/nyckeltal/avon-sjukfranvaro/")
    kolada = page(client, "/namnd/alingsas-von/nyckeltal/U23401/")

    heading = own.split("<h1>", 1)[1].split("</h1>")[0]
    assert "Sjukfrånvaro, samtliga anställda" in heading
    assert "avon-sjukfranvaro" not in heading
    assert "U23401" in kolada.split("<h1>", 1)[1].split("</h1>")[0]


def test_the_indicator_lists_files_are_headed_in_swedish_with_the_units_names(demo):
    client = login("alingsas-politiker")

    csv = client.get("/namnd/alingsas-von/nyckeltal/?format=csv").content.decode("utf-8-sig")
    comparison = client.get("/namnd/alingsas-von/jamforelse/?nyckeltal=U20900&format=csv")

    headings = csv.splitlines()[0].split(";")
    assert headings[:8] == [
        "Kod", "Nyckeltal", "Verksamhetsområde", "Enhet", "Period", "Värde", "Preliminärt",
        "Förändring",
    ]  # fmt: skip
    assert "Riket" in headings
    assert not any(h.startswith("enhet_") or h in {"forandring", "kon"} for h in headings)
    first = comparison.content.decode("utf-8-sig").splitlines()[0]
    assert first == "Placering;Kommun eller grupp;Värde;Slag"


def test_a_changed_figure_rebuilds_the_cards_but_not_the_budget_or_the_register_counts(demo):
    client = login("alingsas-politiker")
    page(client, "/namnd/alingsas-von/?period=2024")
    value = IndicatorValue.objects.get(
        indicator__code="U23401", municipality__code="1489", period="2024", gender="T"
    )
    value.value = 4321
    value.save()  # through the ORM, as the entry page and the admin: a history record

    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        html = page(client, "/namnd/alingsas-von/?period=2024")
    read = " ".join(query["sql"] for query in captured)

    assert "4\u00a0321 dagar" in html
    assert "indicators_indicatorvalue" in read
    assert "budget_ledgermonthsummary" not in read
    assert "decisions_decision" not in read


def reads_of(client: Client, url: str) -> str:
    """The SQL a page load ran, as one text."""
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        page(client, url)
    return " ".join(query["sql"] for query in captured)


def test_a_kolada_import_rebuilds_the_cards_but_not_the_budget_or_the_register_counts(
    demo, import_files
):
    client = login("alingsas-politiker")
    page(client, "/namnd/alingsas-von/?period=2024")

    run = import_files(*METADATA, DATA)
    read = reads_of(client, "/namnd/alingsas-von/?period=2024")

    assert run.status == ImportRun.Status.SUCCEEDED, run.errors
    assert "indicators_indicatorvalue" in read
    assert "budget_ledgermonthsummary" not in read
    assert "decisions_decision" not in read


@pytest.mark.parametrize(
    ("kind", "write", "path", "user", "url", "rebuilt", "kept"),
    [
        ("ledger", ledger_import, DEMO_LEDGER, "alingsas-politiker",
         "/namnd/alingsas-von/?period=2024", "budget_ledgermonthsummary",
         ["indicators_indicatorvalue"]),
        ("decisions", decisions_import, DEMO_REGISTER, "ale-politiker",
         "/namnd/ale-sn/?period=2025Q3", "decisions_decision",
         ["budget_ledgermonthsummary", "indicators_indicatorvalue"]),
    ],
    ids=["a ledger import rebuilds the budget", "a register import rebuilds the counts"],
)  # fmt: skip
def test_an_import_rebuilds_the_part_it_writes_and_keeps_the_others(
    demo, kind, write, path, user, url, rebuilt, kept
):
    client = login(user)
    page(client, url)
    committee = Committee.objects.get(slug=url.split("/")[2])
    run = import_run_create(kind=kind, trigger="command", parameters={}, committee=committee)

    write(committee=committee, path=path, run=run)
    read = reads_of(client, url)

    assert ImportRun.objects.get(pk=run.pk).status == ImportRun.Status.SUCCEEDED
    assert rebuilt in read
    assert not [table for table in kept if table in read]


def test_the_first_view_of_a_new_day_rebuilds_the_cards_but_not_the_budget_or_the_counts(demo):
    client = login("alingsas-politiker")
    page(client, "/namnd/alingsas-von/?period=2024")
    tomorrow = timezone.localdate() + timedelta(days=1)

    with mock.patch.object(timezone, "localdate", return_value=tomorrow):
        read = reads_of(client, "/namnd/alingsas-von/?period=2024")

    assert "indicators_indicatorvalue" in read
    assert "budget_ledgermonthsummary" not in read
    assert "decisions_decision" not in read


def test_a_comparison_without_the_own_value_says_so_and_marks_no_one_as_the_own(demo):
    html = page(login("ale-politiker"), "/namnd/ale-sn/jamforelse/?nyckeltal=U20900")

    assert "Ale saknar värde för" in html
    assert "Ale är markerad i lila" not in html
