"""EVB pages through real URLs: who sees what, the outputs, the export log, entry."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from apps.decisions.models import Decision, Offer, RegisterAudit, ReportLog
from apps.decisions.register_file import COLUMNS
from apps.imports.models import ImportRun
from tests.demo import load_demo, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def ale() -> None:
    load_demo()


def url(name: str, *args: object) -> str:
    return reverse(f"decisions:{name}", args=["ale-sn", *args])


def test_politicians_see_the_dashboard_with_small_counts_masked_and_no_references(ale):
    page = login("ale-politiker").get(url("dashboard") + "?kvartal=2025Q4").content.decode()

    assert "Ej verkställda beslut, kvartal 4 2025" in page
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

    assert page.count('name="episod"') == 27
    assert 'id="markera-alla"' in page

    client.post(url("mark_sent") + "?kvartal=2025Q4", {"episod": [f"beslut-{decision.pk}"]})

    assert ReportLog.objects.filter(decision=decision, recipient="ivo", channel="e_tjanst").exists()
    page = client.get(url("output", "ivo") + "?kvartal=2025Q4").content.decode()
    assert page.count('name="episod"') == 27 - 1  # the one entered is no longer offered


def test_the_ivo_list_has_the_e_service_fields_for_every_episode(ale):
    client = login("ale-rapportor")

    csv = client.get(url("output", "ivo") + "?kvartal=2026Q1&format=csv").content.decode(
        "utf-8-sig"
    )

    header, *rows = [line.split(";") for line in csv.splitlines()]
    assert header[:8] == ["Kommun", "Nämnd", "Referens", "Kön", "Födelseår", "Verksamhetsområde",
                          "Lag", "Lagrum"]  # fmt: skip
    record = dict(zip(header, next(r for r in rows if r[2] == "SN-2024-090"), strict=True))
    assert record["Lagrum"] == "28 f § LSS"
    assert record["Rapporttyp"] == "avbrott"
    assert (record["Avbrottsdatum"], record["Status"]) == ("2025-12-15", "ny")
    assert record["Insatstyp"] == "LSS 9 § 10 Daglig verksamhet"
    assert record["Verksamhetsområde"] == "Funktionsstöd"
    assert record["Preskription"] == "2027-12-15"
    assert record["Särskild avgift"] == "10 000–1 000 000 kr"
    sol = dict(zip(header, next(r for r in rows if r[6] == "SoL"), strict=True))
    assert sol["Lagrum"] == "34 kap. 1 § SoL (2025:400)"


def test_the_rapportor_marks_the_quarter_sent_on_the_ivo_page_and_it_is_frozen(ale):
    client = login("ale-rapportor")
    page = client.get(url("output", "ivo") + "?kvartal=2026Q1").content.decode()
    assert "Markera kvartalets rapport som skickad" in page

    client.post(url("quarter_sent") + "?kvartal=2026Q1")

    page = client.get(url("output", "ivo") + "?kvartal=2026Q1").content.decode()
    assert "är skickad till IVO" in page
    assert "Markera kvartalets rapport som skickad" not in page
    decision = Decision.objects.get(reference="SN-2025-122")
    decision.carried_out = date(2026, 2, 1)
    decision.save()
    page = client.get(url("output", "ivo") + "?kvartal=2026Q1").content.decode()
    assert "Ändrat sedan rapporten skickades" in page
    assert "SN-2025-122 (beslut 2025-09-09): statusdatum – → 2026-02-01" in page


def test_the_dashboard_counts_episodes_not_earlier_reported_for_the_rapportor(ale):
    page = login("ale-rapportor").get(url("dashboard") + "?kvartal=2026Q2").content.decode()

    assert '<th scope="col" class="num">Ej tidigare rapporterade</th>' in page
    assert "varav 1 ej tidigare rapporterade" in page


def test_every_view_and_export_of_register_data_is_logged_for_the_administrators(ale):
    client = login("ale-rapportor")
    decision = Decision.objects.get(reference="SN-2025-101")

    client.get(url("register"))
    client.get(url("edit", decision.pk))
    client.get(url("output", "revisorer") + "?kvartal=2025Q4&format=xlsx")
    client.get(url("output", "ivo") + "?kvartal=2025Q4&format=csv")
    call_command("evb_report", "--committee", "ale-sn", "--quarter", "2025Q4", stdout=io.StringIO())

    logged = RegisterAudit.objects.order_by("at", "pk")
    assert [(entry.user.username if entry.user else None, entry.what) for entry in logged] == [
        ("ale-rapportor", "registret"),
        ("ale-rapportor", "beslut SN-2025-101"),
        ("ale-rapportor", "Lista till revisorerna 2025Q4 (xlsx)"),
        ("ale-rapportor", "Lista till IVO 2025Q4 (csv)"),
        (None, "evb_report JSON 2025Q4 (json)"),
    ]
    assert {entry.committee.slug for entry in logged} == {"ale-sn"}
    admin_page = login("admin").get(reverse("admin:decisions_registeraudit_changelist"))
    assert "Lista till IVO 2025Q4 (csv)" in admin_page.content.decode()


def test_the_auditors_list_has_running_numbers_and_no_references(ale):
    csv = login("ale-rapportor").get(url("output", "revisorer") + "?kvartal=2025Q4&format=csv")
    text = csv.content.decode("utf-8-sig")

    assert text.splitlines()[0].startswith("Löpnummer;Lag;Insatstyp;Rapporttyp")
    assert "SN-20" not in text
    assert text.splitlines()[1].split(";")[0].startswith("2025-")
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
        "erbjudanden-TOTAL_FORMS": "1",
        "erbjudanden-INITIAL_FORMS": "0",
        "erbjudanden-0-offered_on": "2026-02-01",
        "erbjudanden-0-what": "Hemtjänst",
        "erbjudanden-0-answer": "declined",
        "avbrott-TOTAL_FORMS": "0",
        "avbrott-INITIAL_FORMS": "0",
    }

    refused = client.post(url("new"), data)
    assert "Verkställt kan inte ligga före beslutsdatum" in refused.content.decode()
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
    assert "kvartal 4 2025" in text
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
    assert "Lista till IVO" in text
    assert "Lag: LSS" in text
    assert "SN-" in text
    assert "Lag: SoL" not in text


def test_avbrott_are_entered_in_the_decisions_form_and_overlaps_are_refused(ale):
    client = login("ale-rapportor")
    decision = Decision.objects.get(reference="SN-2025-110")  # hemtjänst, verkställd 2025-09-15
    page = client.get(url("edit", decision.pk)).content.decode()
    assert "Avbrott" in page
    data = {
        "reference": decision.reference, "law": "SoL", "legal_basis": decision.legal_basis,
        "service": "hemtjanst", "decided": "2025-08-20", "gender": "K", "birth_year": "1945",
        "carried_out": "2025-09-15",
        "erbjudanden-TOTAL_FORMS": "0", "erbjudanden-INITIAL_FORMS": "0",
        "avbrott-TOTAL_FORMS": "2", "avbrott-INITIAL_FORMS": "0",
        "avbrott-0-interrupted": "2025-10-01", "avbrott-0-resumed": "2025-12-01",
        "avbrott-1-interrupted": "2025-11-01", "avbrott-1-resumed": "",
    }  # fmt: skip

    refused = client.post(url("edit", decision.pk), data)
    assert "överlappar avbrottet 2025-10-01" in refused.content.decode()
    assert not decision.interruptions.exists()

    data["avbrott-1-interrupted"] = "2026-01-10"
    client.post(url("edit", decision.pk), data)
    assert decision.interruptions.count() == 2
    assert all(i.serial for i in decision.interruptions.all())


def test_a_duplicate_referens_is_refused_in_the_form_whatever_its_case(ale):
    client = login("ale-rapportor")
    data = {
        "reference": "sn-2024-090", "law": "SoL", "legal_basis": "sol_2025_11_1",
        "service": "hemtjanst", "decided": "2026-01-10", "gender": "K",
        "erbjudanden-TOTAL_FORMS": "0", "erbjudanden-INITIAL_FORMS": "0",
        "avbrott-TOTAL_FORMS": "0", "avbrott-INITIAL_FORMS": "0",
    }  # fmt: skip

    response = client.post(url("new"), data)

    assert response.status_code == 200
    assert "Nämnden har redan ett beslut med den referensen" in response.content.decode()


def test_the_lagrum_must_fit_the_law_and_the_date(ale):
    client = login("ale-rapportor")
    data = {
        "reference": "SN-2026-900", "law": "SoL", "legal_basis": "lss_9",
        "service": "hemtjanst", "decided": "2026-01-10", "gender": "K",
        "erbjudanden-TOTAL_FORMS": "0", "erbjudanden-INITIAL_FORMS": "0",
        "avbrott-TOTAL_FORMS": "0", "avbrott-INITIAL_FORMS": "0",
    }  # fmt: skip

    assert "Lagrummet hör inte till SoL" in client.post(url("new"), data).content.decode()
    data["legal_basis"] = "sol_2001_4_1"
    assert "nya socialtjänstlagen" in client.post(url("new"), data).content.decode()
    assert not Decision.objects.filter(reference="SN-2026-900").exists()


def test_the_namnd_report_splits_by_insatstyp_only_where_no_cell_is_small(ale):
    csv = login("ale-rapportor").get(url("output", "namnd") + "?kvartal=2025Q4&format=csv")

    rows = [line.split(";") for line in csv.content.decode("utf-8-sig").splitlines()[1:]]
    new_sol = [r for r in rows if r[0] == "SoL" and r[1].startswith("Nya")]
    assert [(r[2], r[3]) for r in new_sol] == [("Alla", "5")]  # trygghetslarm alone is 1
    still_lss = [r for r in rows if r[0] == "LSS" and r[1].endswith("fortfarande ej verkställda")]
    assert [r[2] for r in still_lss] == ["Alla"]


def test_the_purge_command_counts_first_with_dry_run(ale, capsys):
    call_command("evb_purge", "--committee", "ale-sn", "--before", "2026-01-01", "--dry-run")

    assert "Skulle gallra" in capsys.readouterr().out
    assert Decision.objects.filter(committee__slug="ale-sn").count() == 29


def test_the_rapportor_uploads_a_register_file_and_follows_its_run(
    ale, django_capture_on_commit_callbacks
):
    client = login("ale-rapportor")
    rows = [
        ";".join(COLUMNS),
        "SN-2026-500;SoL;hemtjanst;2026-02-01;K;1941;;;;;;resursbrist_plats;Ingen plats.",
    ]
    upload = SimpleUploadedFile("register.csv", "\n".join(rows).encode(), "text/csv")

    with django_capture_on_commit_callbacks(execute=True):  # the task is sent on commit
        response = client.post(url("upload"), {"fil": upload}, follow=True)

    assert response.status_code == 200
    assert "Filen är mottagen och läses in." in response.content.decode()
    run = ImportRun.objects.filter(kind=ImportRun.Kind.DECISIONS).latest("pk")
    assert run.status == ImportRun.Status.SUCCEEDED
    assert run.started_by.username == "ale-rapportor"
    assert Decision.objects.get(reference="SN-2026-500").serial.startswith("2026-")
