"""Privacy in the register: no personnummer through any door, small counts hidden from
politicians and the public everywhere (chart data included), deleting and purging."""

from __future__ import annotations

import json
import re
from datetime import date
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.core.small_counts import chart_counts, is_suppressed, small_count
from apps.decisions.models import Decision, Interruption, SentReport
from apps.decisions.quarters import Quarter
from apps.decisions.register_file import COLUMNS
from apps.decisions.selectors import quarter_report
from apps.decisions.services import decisions_purge, mark_quarter_sent
from apps.imports.models import ImportRun
from apps.organisations.models import Committee
from tests.demo import load_demo, login
from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db

IDENTITY_NUMBERS = [
    "19400101-1234",
    "400101-1234",
    "4001011234",
    "194001011234",
    "400161-1234",  # samordningsnummer: the day plus 60
    "191212+1212",
    "19121212\u20131212",  # en dash
    "PNR 191212-1212",
    "ärende 19121212 1212",
    "1912-12-12-1212",
    "12-12-12-1212",
    "19121212.1212",
    "121212/1212",
    "121212_1212",
]
SAFE_REFERENCES = ["SN-2025-040", "2025-000123", "IFO 2024/118", "SN-2025-000123"]


def form_data(reference: str) -> dict[str, str]:
    data = {
        "reference": reference,
        "law": "SoL",
        "legal_basis": "sol_2025_11_1",
        "service": "hemtjanst",
        "decided": "2026-01-10",
        "gender": "K",
    }
    for prefix in ("erbjudanden", "avbrott"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


@pytest.mark.parametrize("reference", IDENTITY_NUMBERS)
def test_the_form_refuses_a_personnummer_as_referens(personas, client_for, reference):
    url = reverse("decisions:new", args=["namnd-a"])

    page = client_for("rapportor_a").post(url, form_data(reference)).content.decode()

    assert "ser ut som ett personnummer" in page
    assert not Decision.objects.exists()


@pytest.mark.parametrize("reference", IDENTITY_NUMBERS)
def test_the_register_file_refuses_a_personnummer_as_referens(personas, tmp_path, reference):
    path = tmp_path / "register.csv"
    row = [reference, "SoL", "hemtjanst", "2025-08-01", "K", "1940", *[""] * 7]
    path.write_text(";".join(COLUMNS) + "\n" + ";".join(row) + "\n", encoding="utf-8")

    with pytest.raises(Exception, match="inget ändrades"):
        call_command("import_decisions", str(path), "--committee", "namnd-a")

    assert not Decision.objects.exists()
    assert (
        "rad 2, kolumn 'referens': ser ut som ett personnummer" in ImportRun.objects.get().errors[0]
    )


@pytest.mark.parametrize("reference", IDENTITY_NUMBERS)
def test_the_admin_refuses_a_personnummer_as_referens(personas, client_for, reference):
    data = form_data(reference) | {"committee": str(personas.committee_a.pk)}
    for prefix in ("interruptions", "offers"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}

    page = client_for("admin").post(reverse("admin:decisions_decision_add"), data)

    assert "ser ut som ett personnummer" in page.content.decode()
    assert not Decision.objects.exists()


@pytest.mark.parametrize("reference", SAFE_REFERENCES)
def test_case_references_are_accepted_through_the_form(personas, client_for, reference):
    client_for("rapportor_a").post(reverse("decisions:new", args=["namnd-a"]), form_data(reference))

    assert Decision.objects.get().reference == reference


def test_one_rule_decides_which_counts_are_too_small_to_show():
    assert [is_suppressed(n) for n in (0, 1, 2, 3)] == [False, True, True, False]
    assert [small_count(n) for n in (0, 1, 2, 3)] == ["0", "<3", "<3", "3"]
    assert small_count(2, exact=True) == "2"
    assert chart_counts([0, 1, 2, 5]) == ([0, None, None, 5], ["0", "<3", "<3", "5"])


def chart_values(page: str) -> list[object]:
    """Every y value and text label in the chart data the page sends to the browser."""
    values: list[object] = []
    for blob in re.findall(r'<script id="[^"]+-data" type="application/json">(.*?)</script>', page):
        for trace in json.loads(blob)["data"]:
            values += list(trace.get("y", [])) + list(trace.get("text", []))
    return values


@pytest.mark.parametrize("quarter", ["2025Q3", "2025Q4", "2026Q1", "2026Q3"])
def test_no_page_a_politician_or_the_public_reaches_shows_a_count_of_one_or_two(quarter):
    load_demo()
    Committee.objects.filter(slug="ale-sn").update(published=True)
    public = Client().get(
        reverse("organisations:committee_public", args=["ale-sn"]) + f"?kvartal={quarter}"
    )
    politician = login("ale-politiker")
    dashboard = politician.get(
        reverse("decisions:dashboard", args=["ale-sn"]) + f"?kvartal={quarter}"
    )
    overview = politician.get(
        reverse("organisations:committee", args=["ale-sn"]) + f"?kvartal={quarter}"
    )
    values = chart_values(dashboard.content.decode())

    assert values, "the dashboard sends its chart data"
    assert not [v for v in values if v in (1, 2, "1", "2")]
    if quarter == "2025Q4":
        assert "<3" in values  # SoL avslutade = 2, LSS avslutade = 1
    assert public.status_code == 200
    pages = [
        (dashboard, '<table class="table">'),
        (overview, "evb-summary"),
        (public, "evb-summary"),
    ]
    for page, table in pages:
        text = page.content.decode()
        if table not in text:
            continue  # the overview has no ej verkställda for a quarter without any
        block = text[text.index(table) : text.index("</table>", text.index(table))]
        cells = re.findall(r'<td class="num">([^<]*)</td>', block)
        assert cells
        assert not [c for c in cells if c.strip() in ("1", "2")]


def test_the_rapportor_sees_the_exact_counts_in_her_own_dashboard():
    load_demo()

    page = login("ale-rapportor").get(
        reverse("decisions:dashboard", args=["ale-sn"]) + "?kvartal=2025Q4"
    )

    assert 2 in chart_values(page.content.decode())  # SoL avslutade


def test_the_committee_report_for_the_namnd_hides_small_counts():
    load_demo()

    csv = login("ale-rapportor").get(
        reverse("decisions:output", args=["ale-sn", "namnd"]) + "?kvartal=2025Q4&format=csv"
    )

    rows = [line.split(";") for line in csv.content.decode("utf-8-sig").splitlines()[1:]]
    assert rows
    assert not [r for r in rows if r[3] in ("1", "2") or r[4] in ("1", "2")]
    assert any(r[3] == "<3" for r in rows)


def test_a_decision_is_deleted_with_a_reason_that_the_history_keeps(personas, client_for):
    decision = DecisionFactory(committee=personas.committee_a, reference="SN-9")
    url = reverse("decisions:delete", args=["namnd-a", decision.pk])

    refused = client_for("rapportor_a").post(url, {"reason": ""})
    assert refused.status_code == 200
    assert Decision.objects.exists()
    assert client_for("politician_a").post(url, {"reason": "x"}).status_code == 403

    client_for("rapportor_a").post(url, {"reason": "Felregistrerat, dubblett av SN-8"})

    assert not Decision.objects.exists()
    deleted = Decision.history.filter(history_type="-").get()
    assert deleted.history_change_reason == "Felregistrerat, dubblett av SN-8"
    assert deleted.history_user.username == "rapportor-a"


def test_purging_removes_old_finished_decisions_but_keeps_the_sent_counts(personas):
    committee = personas.committee_a

    def decide(reference: str, decided: str, **dates: str) -> Decision:
        return DecisionFactory(
            committee=committee, reference=reference, legal_basis="sol_2001_4_1",
            decided=date.fromisoformat(decided),
            **{k: date.fromisoformat(v) for k, v in dates.items()},
        )  # fmt: skip

    old = decide("OLD-1", "2019-01-10", carried_out="2019-06-01")
    decide("OLD-OPEN", "2019-02-10")  # still waiting: kept whatever its age
    resumed_late = decide("OLD-AVBROTT", "2019-01-10", carried_out="2019-02-01")
    Interruption.objects.create(decision=resumed_late, interrupted=date(2019, 3, 1))
    decide("NEW-1", "2024-01-10", carried_out="2024-06-01")
    mark_quarter_sent(committee=committee, quarter=Quarter(2019, 2), user=None)
    before = quarter_report(committee, Quarter(2019, 2)).counts()

    removed = decisions_purge(committee=committee, before=date(2021, 1, 1))

    assert removed == 1
    assert not Decision.objects.filter(pk=old.pk).exists()
    assert set(Decision.objects.values_list("reference", flat=True)) == {
        "OLD-OPEN",
        "OLD-AVBROTT",
        "NEW-1",
    }
    report = quarter_report(committee, Quarter(2019, 2))
    assert report.counts() == before
    purged = [i for i in report.items() if i.key == f"beslut-{old.pk}"]
    assert [i.referens for i in purged] == ["(gallrad)"]
    assert SentReport.objects.get().history.count() >= 1


def test_the_purge_command_defaults_to_five_years_before_todays_date_in_sweden(personas, capsys):
    with mock.patch.object(timezone, "localdate", return_value=date(2026, 11, 29)):
        call_command("evb_purge", "--committee", "namnd-a")

    assert "före 2021-11-29" in capsys.readouterr().out


def test_five_years_before_a_29_february_is_the_28th(personas, capsys):
    with mock.patch.object(timezone, "localdate", return_value=date(2028, 2, 29)):
        call_command("evb_purge", "--committee", "namnd-a")

    assert "före 2023-02-28" in capsys.readouterr().out


def test_register_pages_and_files_are_never_cached(personas, client_for):
    client = client_for("rapportor_a")
    for url in [
        reverse("decisions:register", args=["namnd-a"]),
        reverse("decisions:output", args=["namnd-a", "ivo"]) + "?kvartal=2025Q4",
        reverse("decisions:output", args=["namnd-a", "ivo"]) + "?kvartal=2025Q4&format=csv",
    ]:
        assert "no-store" in client.get(url)["Cache-Control"]


def test_out_of_range_quarters_say_so_and_show_the_last_finished_quarter(personas, client_for):
    client = client_for("rapportor_a")
    for quarter in ["9999Q4", "0000Q1", "2025Q9"]:
        url = reverse("decisions:dashboard", args=["namnd-a"])

        response = client.get(url + f"?kvartal={quarter}", follow=True)

        assert response.redirect_chain == [(url, 302)]
        assert "Visar det senaste avslutade kvartalet" in response.content.decode()


def test_the_politicians_cards_and_fee_line_give_no_hidden_band_away():
    load_demo()
    url = reverse("decisions:dashboard", args=["ale-sn"]) + "?kvartal=2026Q3"

    politician = login("ale-politiker").get(url).content.decode()
    rapportor = login("ale-rapportor").get(url).content.decode()

    bands = json.loads(
        re.search(
            r'<script id="evb-waiting-data" type="application/json">(.*?)</script>', politician
        )[1]
    )["data"][0]
    assert None in bands["y"]  # a band of 1–2 is hidden
    assert "minst" in politician
    assert "beslut)" not in politician  # the fee ranges are named without counts
    assert "minst" not in rapportor
    assert "beslut)" in rapportor
