"""EVB pages through real URLs: who sees what, the outputs, the export log, entry."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from apps.decisions.models import Decision, Offer, ReportLog
from tests.demo import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def ale() -> None:
    call_command("load_demo")


def url(name: str, *args: object) -> str:
    return reverse(f"decisions:{name}", args=["ale-sn", *args])


def test_politicians_see_the_dashboard_with_small_counts_masked_and_no_references(ale):
    page = login("ale-politiker").get(url("dashboard") + "?kvartal=2025Q4").content.decode()

    assert "Ej verkställda beslut, 2025Q4" in page
    assert "&lt;3" in page  # SoL avslutade = 2, LSS avslutade = 1
    assert "SN-20" not in page  # no reference anywhere
    assert "evb-sol-data" in page


@pytest.mark.parametrize("name", ["register", "upload", "new"])
def test_only_the_rapportor_keeps_the_register(ale, name):
    assert login("ale-politiker").get(url(name)).status_code == 403
    assert login("ale-controller").get(url(name)).status_code == 403
    assert login("ale-rapportor").get(url(name)).status_code == 200


@pytest.mark.parametrize("kind", ["ivo", "revisorer", "kf", "namnd"])
def test_every_output_is_a_page_and_a_file_with_committee_and_quarter(ale, kind):
    client = login("ale-rapportor")

    page = client.get(url("output", kind) + "?kvartal=2025Q4").content.decode()
    csv = client.get(url("output", kind) + "?kvartal=2025Q4&format=csv")
    xlsx = client.get(url("output", kind) + "?kvartal=2025Q4&format=xlsx")

    assert "Socialnämnden" in page
    assert "2025Q4" in page
    assert csv["Content-Type"].startswith("text/csv")
    assert xlsx.content[:2] == b"PK"
    assert login("ale-politiker").get(url("output", kind)).status_code == 403


def test_the_ivo_list_has_offers_and_a_checklist_and_can_be_marked_sent(ale):
    client = login("ale-rapportor")
    page = client.get(url("output", "ivo") + "?kvartal=2025Q4").content.decode()
    assert "Checklista för IVO" in page
    assert "Kontaktperson (tackat nej)" in page
    decision = Decision.objects.get(reference="SN-2025-101")

    client.post(url("mark_sent") + "?kvartal=2025Q4", {"beslut": [decision.pk]})

    assert ReportLog.objects.filter(decision=decision, recipient="ivo", channel="e_tjanst").exists()
    page = client.get(url("output", "ivo") + "?kvartal=2025Q4").content.decode()
    assert page.count('name="beslut"') == 27 - 1  # the one sent is no longer offered


def test_every_export_of_the_ivo_and_auditors_lists_is_logged(ale):
    client = login("ale-rapportor")

    client.get(url("output", "revisorer") + "?kvartal=2025Q4&format=xlsx")
    client.get(url("output", "ivo") + "?kvartal=2025Q4&format=csv")

    logged = ReportLog.objects.filter(channel="export").order_by("reported_at")
    assert [(log.recipient, log.quarter, log.user.username) for log in logged] == [
        ("revisorer", "2025Q4", "ale-rapportor"),
        ("ivo", "2025Q4", "ale-rapportor"),
    ]


def test_the_auditors_list_has_running_numbers_and_no_references(ale):
    csv = login("ale-rapportor").get(url("output", "revisorer") + "?kvartal=2025Q4&format=csv")
    text = csv.content.decode("utf-8-sig")

    assert text.splitlines()[0].startswith("lopnummer;lag;insatstyp")
    assert "SN-20" not in text
    assert len(text.splitlines()) == 1 + 27  # every SoL and LSS decision in the Q4 report


def test_the_register_filters_by_law_and_status(ale):
    page = login("ale-rapportor").get(url("register") + "?lag=LSS&status=closed").content.decode()

    assert "SN-2025-070" in page
    assert "SN-2025-101" not in page


def test_a_decision_is_entered_with_offers_and_bad_dates_are_refused(ale):
    client = login("ale-rapportor")
    data = {
        "reference": "SN-2026-001",
        "law": "SoL",
        "legal_basis": "sol_2025_11_1",
        "service": "hemtjanst",
        "decided": "2026-01-10",
        "gender": "K",
        "birth_year": "1940",
        "carried_out": "2026-01-02",
        "offers-TOTAL_FORMS": "1",
        "offers-INITIAL_FORMS": "0",
        "offers-0-offered_on": "2026-02-01",
        "offers-0-what": "Hemtjänst",
        "offers-0-answer": "declined",
    }

    refused = client.post(url("new"), data)
    assert "kan inte ligga före beslutsdatum" in refused.content.decode()
    assert not Decision.objects.filter(reference="SN-2026-001").exists()

    data["carried_out"] = ""
    client.post(url("new"), data)
    decision = Decision.objects.get(reference="SN-2026-001")
    assert Offer.objects.get(decision=decision).answer == "declined"
    assert decision.closed is None  # a declined offer does not close the decision


@pytest.mark.parametrize("kind", ["ivo", "revisorer", "kf", "namnd"])
def test_every_output_is_also_a_pdf(ale, kind, tmp_path):
    response = login("ale-rapportor").get(url("output", kind) + "?kvartal=2025Q4&format=pdf")

    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Ale" in text
    assert "kvartal 2025Q4" in text
    assert "Sida 1 av" in text
    assert ("SN-20" in text) == (kind == "ivo")  # only the IVO list names decisions


def test_the_command_writes_a_pdf(ale, capsysbinary):
    call_command(
        "evb_report",
        "--committee",
        "ale-sn",
        "--quarter",
        "2025Q4",
        "--lag",
        "LSS",
        "--format",
        "pdf",
    )

    pdf = PdfReader(io.BytesIO(capsysbinary.readouterr().out))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Ej verkställda beslut enligt LSS" in text
    assert "SN-" in text
    assert "SoL" not in text
