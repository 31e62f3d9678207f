"""Drafts stay drafts: the issue's own example (2026Q3, 55,5 %, "UTKAST – ej granskat") on
the demo data, through every page, file and persona; then ready, published and reopened."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client, TestCase
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.indicators.models import (
    Assessment,
    CommitteeIndicator,
    FollowUpPeriod,
    Indicator,
    IndicatorValue,
)
from apps.organisations.models import Committee
from tests.demo import load_demo, login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FOLLOW_UP = "/namnd/alingsas-von/uppfoljning/2026Q3/"
INDICATOR = "/namnd/alingsas-von/nyckeltal/avon-andel-usk/"
# The pages at the draft's own period (by default they show the latest period with ready or
# Kolada figures, which a draft is not).
AT_2026Q3 = "?period=2026Q3"
OVERVIEW_2026Q3 = "/namnd/alingsas-von/" + AT_2026Q3
INDICATOR_2026Q3 = INDICATOR + AT_2026Q3
# The committee report for 2026Q3, as the file its task stored (seen_by asks for it first).
REPORT = "/namnd/alingsas-von/rapport/2026Q3/fil/?format=pdf"
PUBLIC_INDICATOR = "/publik/alingsas-von/nyckeltal/avon-andel-usk/"
DRAFT_COMMENT = "UTKAST – ej granskat"
DRAFT_ANALYSIS = "Analys under arbete, ej beslutad"
# What a reader with a role may reach, and what everyone may reach on the public side.
READER_PAGES = [
    FOLLOW_UP,
    "/namnd/alingsas-von/",
    OVERVIEW_2026Q3,
    INDICATOR,
    INDICATOR_2026Q3,
    INDICATOR + "?format=csv",
    INDICATOR + "?format=xlsx",
    "/namnd/alingsas-von/nyckeltal/",
    "/namnd/alingsas-von/nyckeltal/?format=csv",
    REPORT,
]
PUBLIC_PAGES = [
    "/publik/alingsas-von/",
    PUBLIC_INDICATOR,
    PUBLIC_INDICATOR + "?format=csv",
    PUBLIC_INDICATOR + "?format=xlsx",
    "/publik/alingsas-von/nyckeltal/?format=csv",
]
PERSONAS = {
    "controller": "alingsas-controller",
    "politician": "alingsas-politiker",
    "rapportor": "alingsas-rapportor",
    "controller_b": "ale-controller",
    "admin": "admin",
    "outsider": "utomstaende",
    "anonymous": "",
}
EDITORS = {"controller", "admin"}
WITH_ROLE = {"controller", "politician", "rapportor", "admin"}


@pytest.fixture
def demo() -> None:
    load_demo()
    UserFactory(username="utomstaende")
    # a card on the overview too, so the overview shows the figure once it may
    CommitteeIndicator.objects.filter(indicator__code="avon-andel-usk").update(is_key=True)


def client_of(persona: str) -> Client:
    username = PERSONAS[persona]
    if persona == "outsider":
        client = Client()
        client.force_login(UserFactory(username=username))
        return client
    return login(username) if username else Client()


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    """What a reader gets to see: the page, the file's cells or the PDF's text."""
    kind = response["Content-Type"]
    if "pdf" in kind:
        return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    if "spreadsheet" in kind:
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
        return " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row)
    return response.content.decode("utf-8-sig")


def shows_the_draft(text: str) -> bool:
    return any(mark in text for mark in ("55,5", "55.5", DRAFT_COMMENT, DRAFT_ANALYSIS))


def filled_in(client: Client, **overrides: str) -> dict[str, str]:
    """Every field of the 2026Q3 page filled in as a controller would, plus overrides
    (keyed by indicator code or "goal" for the first goal's analysis)."""
    html = client.get(FOLLOW_UP).content.decode()
    data = dict.fromkeys(re.findall(r'name="(v_\d+_\w+_[TKM])"', html), "50")
    data |= dict.fromkeys(re.findall(r'name="(s_\d+)"', html), "delvis")
    data |= dict.fromkeys(re.findall(r'name="(a_\d+)"', html), "Enligt plan.")
    usk = Indicator.objects.get(code="avon-andel-usk").pk
    data[f"v_{usk}_2026Q3_T"] = overrides.get("avon-andel-usk", "55,5")
    data[f"c_{usk}"] = overrides.get("comment", DRAFT_COMMENT)
    first_goal = min(int(name[2:]) for name in data if name.startswith("a_"))
    data[f"a_{first_goal}"] = overrides.get("goal", DRAFT_ANALYSIS)
    return data


def save(client: Client, action: str, **overrides: str) -> None:
    response = client.post(FOLLOW_UP, {**filled_in(client, **overrides), "action": action})
    assert response.status_code == 302, response.content.decode()[:2000]


def seen_by(persona: str) -> dict[str, str]:
    """Every page and file the persona can reach (status 200), with what it shows."""
    client = client_of(persona)
    if persona in WITH_ROLE:  # the report is built by its (eager) task when asked for
        with TestCase.captureOnCommitCallbacks(execute=True):
            client.post("/namnd/alingsas-von/rapport/", {"period": "2026Q3", "format": "pdf"})
    pages = (READER_PAGES if persona in WITH_ROLE else []) + PUBLIC_PAGES
    seen = {}
    for url in pages:
        response = client.get(url)
        if response.status_code == 200:
            seen[url] = text_of(response)
        else:
            assert persona not in WITH_ROLE or url not in READER_PAGES, url
    return seen


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_draft_reaches_no_reader_no_file_no_report_and_not_the_public(demo, persona):
    save(login("alingsas-controller"), "draft")

    seen = seen_by(persona)

    assert set(PUBLIC_PAGES) <= set(seen)  # the committee is published: everyone reads these
    if persona in WITH_ROLE:
        assert set(READER_PAGES) <= set(seen)
    shown = {url for url, text in seen.items() if shows_the_draft(text)}
    if persona in EDITORS:  # the controller and the administrator see it, marked Utkast
        assert shown == {
            FOLLOW_UP,
            INDICATOR_2026Q3,
            OVERVIEW_2026Q3,
            "/namnd/alingsas-von/nyckeltal/",
        }
        assert "Utkast" in seen[INDICATOR_2026Q3]
        assert "syns inte" in seen[INDICATOR_2026Q3]  # the chart series of drafts, by name
    else:
        assert shown == set()
    assert not IndicatorValue.objects.filter(period="2026Q3").exists()


def test_the_draft_is_absent_from_the_readers_chart_data(demo):
    save(login("alingsas-controller"), "draft")

    def chart(client: Client, url: str) -> str:
        html = client.get(url).content.decode()
        return re.search(r'id="indikator-data"[^>]*>(.*?)</script>', html, re.S).group(1)

    for_politician = chart(login("alingsas-politiker"), INDICATOR_2026Q3)
    for_public = chart(Client(), PUBLIC_INDICATOR + AT_2026Q3)
    for_controller = chart(login("alingsas-controller"), INDICATOR_2026Q3)

    assert "2026-08-15" not in for_politician  # where 2026Q3 sits on the time axis
    assert "2026-08-15" not in for_public
    assert "2026-08-15" in for_controller
    assert "55.5" in for_controller


@pytest.mark.parametrize("persona", ["politician", "rapportor"])
def test_marking_ready_shows_it_to_readers_and_publishing_then_to_the_public(demo, persona):
    controller = login("alingsas-controller")
    save(controller, "ready")

    ready = seen_by(persona)
    public_before = seen_by("anonymous")
    controller.post(FOLLOW_UP + "publicera/")
    public_after = seen_by("anonymous")

    for url in ["/namnd/alingsas-von/", INDICATOR, INDICATOR + "?format=csv"]:
        assert "55,5" in ready[url], url
    assert "55.5" in ready[INDICATOR + "?format=xlsx"]  # a number in the spreadsheet
    assert DRAFT_COMMENT in ready[INDICATOR]
    assert DRAFT_ANALYSIS in ready["/namnd/alingsas-von/"]
    assert DRAFT_ANALYSIS in ready[REPORT].replace("\n", " ")
    assert not any(shows_the_draft(text) for text in public_before.values())
    assert shows_the_draft(public_after[PUBLIC_INDICATOR])
    assert "55,5" in public_after["/publik/alingsas-von/"]
    assert DRAFT_ANALYSIS in public_after["/publik/alingsas-von/"]
    period = FollowUpPeriod.objects.get(committee__slug="alingsas-von", period="2026Q3")
    assert period.marked_ready_by.username == "alingsas-controller"
    assert period.published_by.username == "alingsas-controller"


def test_a_committee_that_publishes_on_ready_needs_no_button(demo):
    Committee.objects.filter(slug="alingsas-von").update(publish_mode="on_ready")

    save(login("alingsas-controller"), "ready")

    assert shows_the_draft(seen_by("anonymous")[PUBLIC_INDICATOR])


def test_reopening_needs_a_reason_and_readers_keep_the_last_ready_figures(demo):
    controller = login("alingsas-controller")
    save(controller, "ready")
    controller.post(FOLLOW_UP + "publicera/")

    refused = controller.post(FOLLOW_UP + "oppna-igen/", {"reason": " "}, follow=True)
    controller.post(FOLLOW_UP + "oppna-igen/", {"reason": "Fel andel, ska vara 60,5"})
    save(controller, "draft", **{"avon-andel-usk": "60,5", "comment": "Rättad siffra"})

    assert "Skriv varför perioden öppnas igen" in refused.content.decode()
    period = FollowUpPeriod.objects.get(committee__slug="alingsas-von", period="2026Q3")
    assert period.status == "open"
    assert period.history.filter(reopen_reason="Fel andel, ska vara 60,5").exists()
    for persona in ["politician", "anonymous"]:
        indicator_page = seen_by(persona)[
            INDICATOR if persona == "politician" else PUBLIC_INDICATOR
        ]
        assert "55,5" in indicator_page
        assert "60,5" not in indicator_page
        assert "Rättad siffra" not in indicator_page
    assert "60,5" in client_of("controller").get(INDICATOR).content.decode()
    history = controller.get(FOLLOW_UP).content.decode()
    assert "med skälet: Fel andel, ska vara 60,5" in history
    assert "Perioden markerad som klar av " in history


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_committees_controllers_and_administrators_may_publish_or_reopen(demo, persona):
    save(login("alingsas-controller"), "ready")
    client = client_of(persona)

    published = client.post(FOLLOW_UP + "publicera/")
    reopened = client.post(FOLLOW_UP + "oppna-igen/", {"reason": "Kontroll"})

    period = FollowUpPeriod.objects.get(committee__slug="alingsas-von", period="2026Q3")
    if persona in EDITORS:
        assert (published.status_code, reopened.status_code) == (302, 302)
        assert (period.is_published, period.status) == (True, "open")
    else:
        expected = 302 if persona == "anonymous" else 403
        assert (published.status_code, reopened.status_code) == (expected, expected)
        assert (period.is_published, period.status) == (False, "ready")


def test_a_ready_period_cannot_be_changed_without_reopening(demo):
    controller = login("alingsas-controller")
    save(controller, "ready")

    response = controller.post(
        FOLLOW_UP, {**filled_in(controller, **{"avon-andel-usk": "70"}), "action": "draft"}
    )

    assert response.status_code == 302
    assert IndicatorValue.objects.get(
        indicator__code="avon-andel-usk", period="2026Q3", gender="T"
    ).value == pytest.approx(55.5)
    assert Assessment.objects.filter(period="2026Q3").count() == 3
