"""The budget page and the ledger upload through real URLs."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from apps.budget.models import LedgerEntry
from apps.imports.models import ImportRun
from tests.conftest import PERSONA_NAMES

CSV = (
    "typ;period;ansvar;ansvar_namn;overordnat_ansvar;kontoslag;belopp\n"
    "budget;2025;1;Nämnden;;kostnader;-1 200 000\n"
    "utfall;2025-01;1;Nämnden;;kostnader;-110 000\n"
)


@pytest.fixture
def ledger(personas, tmp_path):
    path = tmp_path / "huvudbok.csv"
    path.write_text(CSV)
    call_command("import_ledger", str(path), "--committee", "namnd-a")


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_the_budget_page_is_for_the_committees_members(client_for, ledger, persona):
    response = client_for(persona).get(reverse("budget:overview", args=["namnd-a"]) + "?ar=2025")

    allowed = {"controller_a", "politician_a", "rapportor_a", "admin"}
    expected = 200 if persona in allowed else 302 if persona == "anonymous" else 403
    assert response.status_code == expected


def test_the_page_shows_tkr_deviation_in_words_charts_and_the_method(client_for, ledger):
    page = client_for("politician_a").get(
        reverse("budget:overview", args=["namnd-a"]) + "?ar=2025&manad=1"
    )
    html = page.content.decode()

    assert "−110" in html  # utfall in tkr
    assert '−10 <span class="dev__word">underskott</span>' in html  # −110 against −100
    assert 'id="chart-cumulative-data"' in html
    assert "/static/plotly/plotly-basic.min.js" in html
    assert "Så räknas den beräknade prognosen" in html


def test_the_page_exports_what_the_command_exports(client_for, ledger):
    url = reverse("budget:overview", args=["namnd-a"]) + "?ar=2025&manad=1&format=json"

    rows = json.loads(client_for("politician_a").get(url).content)

    assert rows[0]["utfall_netto"] == -110000
    assert rows[0]["budget_netto"] == -100000
    csv = client_for("politician_a").get(url.replace("json", "csv"))
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.startswith("\ufeff".encode())


def test_the_pages_spreadsheet_is_in_tkr_as_the_page_with_the_unit_in_the_heading(
    client_for, ledger
):
    url = reverse("budget:overview", args=["namnd-a"]) + "?ar=2025&manad=1&format=xlsx"

    response = client_for("politician_a").get(url)

    assert response["Content-Disposition"] == 'attachment; filename="budget-namnd-a-2025-01.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    headings = [cell.value for cell in sheet[1]]
    assert headings[:3] == ["Ansvar", "Namn", "Överordnat ansvar"]
    column = headings.index("Utfall netto (tkr)") + 1
    assert sheet.cell(row=2, column=column).value == -110
    assert sheet.cell(row=2, column=column).number_format == "#,##0"
    csv = client_for("politician_a").get(url.replace("xlsx", "csv")).content.decode("utf-8-sig")
    assert "Budget netto (tkr)" in csv.splitlines()[0]
    assert ";-110;" in csv.splitlines()[1]


def test_the_page_uses_a_fixed_number_of_queries_whatever_the_tree(client_for, personas, tmp_path):
    client = client_for("politician_a")
    url = reverse("budget:overview", args=["namnd-a"]) + "?ar=2025"

    def queries_for(centres: int) -> int:
        rows = [CSV.splitlines()[0]] + [
            f"utfall;2025-01;{n};Ansvar {n};;kostnader;-{n}" for n in range(1, centres + 1)
        ]
        path = tmp_path / f"h{centres}.csv"
        path.write_text("\n".join(rows))
        call_command("import_ledger", str(path), "--committee", "namnd-a")
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    assert queries_for(5) == queries_for(60)


def test_a_controller_uploads_a_ledger_and_follows_the_run(
    client_for, personas, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("huvudbok.csv", CSV.encode("cp1252"), content_type="text/csv")

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("controller_a").post(
            reverse("budget:upload", args=["namnd-a"]), {"fil": upload}
        )

    run = ImportRun.objects.get(kind="ledger")
    assert response["Location"] == reverse("imports:detail", args=["namnd-a", run.pk])
    assert run.status == "succeeded", run.errors
    assert LedgerEntry.objects.count() == 2


def test_a_bad_upload_is_reported_on_the_run_page_and_nothing_is_saved(
    client_for, personas, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile(
        "fel.csv", CSV.replace("-110 000", "mycket").encode(), content_type="text/csv"
    )
    client = client_for("controller_a")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("budget:upload", args=["namnd-a"]), {"fil": upload})
    response = client.get(response["Location"])  # the run page, after the import ran

    assert "fil fel.csv, rad 3, kolumn &#x27;belopp&#x27;" in response.content.decode()
    assert not LedgerEntry.objects.exists()


def test_politicians_cannot_upload(client_for, personas):
    upload = SimpleUploadedFile("huvudbok.csv", CSV.encode(), content_type="text/csv")

    response = client_for("politician_a").post(
        reverse("budget:upload", args=["namnd-a"]), {"fil": upload}
    )

    assert response.status_code == 403
    assert not ImportRun.objects.exists()


FOREIGN_CSV = (
    "Ansvar;Ansvar text;Konto;Period;Utfall;Budget\n"
    "6341;Hemtjänst Surte;3110;2025-01;424 000;531 000\n"
    "6341;Hemtjänst Surte;5110;2025-01;-497 000;-531 083\n"
)


def test_a_file_with_foreign_headings_asks_once_for_the_mapping_and_the_next_uses_it(
    client_for, personas, django_capture_on_commit_callbacks
):
    client = client_for("controller_a")
    url = reverse("budget:upload", args=["namnd-a"])

    def upload() -> SimpleUploadedFile:
        return SimpleUploadedFile("raindance.csv", FOREIGN_CSV.encode(), content_type="text/csv")

    asked = client.post(url, {"fil": upload()})
    html = asked.content.decode()
    run = ImportRun.objects.get()
    assert "Vilken kolumn är vilken?" in html
    assert "<code>ansvar;ansvar text;konto;period;utfall;budget</code>" in html
    assert run.status == "pending"

    mapping = {
        "run": run.pk, "namn": "Raindance", "ansvar": "ansvar", "ansvar_namn": "ansvar text",
        "konto": "konto", "period": "period", "utfall": "utfall", "budget": "budget",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, mapping)
    run.refresh_from_db()
    assert response["Location"] == reverse("imports:detail", args=["namnd-a", run.pk])
    assert run.status == "succeeded", run.errors
    assert LedgerEntry.objects.count() == 4

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, {"fil": upload()})  # the saved mapping fits: no question
    second = ImportRun.objects.latest("pk")
    assert again.status_code == 302
    assert (second.status, second.created, second.updated) == ("succeeded", 0, 0)


def test_a_mapping_that_names_one_heading_twice_is_refused(client_for, personas):
    client = client_for("controller_a")
    url = reverse("budget:upload", args=["namnd-a"])
    client.post(url, {"fil": SimpleUploadedFile("r.csv", FOREIGN_CSV.encode())})
    run = ImportRun.objects.get()

    response = client.post(url, {"run": run.pk, "namn": "Fel", "ansvar": "ansvar",
                                 "ansvar_namn": "ansvar", "konto": "konto",
                                 "period": "period", "utfall": "utfall"})  # fmt: skip

    assert "En rubrik kan bara höra till en av våra kolumner." in response.content.decode()
    assert not LedgerEntry.objects.exists()


def test_the_budget_page_shows_the_drift_table_and_investments(client_for, personas, tmp_path):
    path = tmp_path / "inv.csv"
    path.write_text("typ;ar;projekt;projekt_namn;belopp\nbudget;2025;F1;Fordon;945 000\n"
                    "utfall;2025;F1;Fordon;-769 000\n")  # fmt: skip
    ledger = tmp_path / "h.csv"
    ledger.write_text(CSV.replace("kostnader", "lokalhyror"))
    call_command("import_ledger", str(ledger), "--committee", "namnd-a")
    call_command("import_investments", str(path), "--committee", "namnd-a")

    html = client_for("politician_a").get(reverse("budget:overview", args=["namnd-a"])).content
    page = html.decode()

    assert "Budget och utfall 2025" in page  # the latest year with utfall, not this year
    assert 'id="drift-table"' in page
    assert "<td>Lokalkostnader</td>" in page
    assert 'id="investments-table"' in page
    assert "Fordon" in page
    assert "176" in page  # 945 − 769 tkr left of the budget


def test_an_investment_file_is_uploaded_on_its_own_page(
    client_for, personas, django_capture_on_commit_callbacks
):
    data = "typ;ar;projekt;projekt_namn;belopp\nbudget;2025;F1;Fordon;945 000\n"
    upload = SimpleUploadedFile("inv.csv", data.encode(), content_type="text/csv")

    with django_capture_on_commit_callbacks(execute=True):
        client_for("controller_a").post(
            reverse("budget:investments_upload", args=["namnd-a"]), {"fil": upload}
        )

    run = ImportRun.objects.get()
    assert run.status == "succeeded", run.errors
    assert run.get_kind_display() == "Investeringar"
    assert run.created == 1


def test_a_mapping_sent_twice_starts_the_import_once(client_for, personas):
    """A second click (or a replayed form) neither restarts the run nor changes its mapping."""
    client = client_for("controller_a")
    url = reverse("budget:upload", args=["namnd-a"])
    client.post(url, {"fil": SimpleUploadedFile("r.csv", FOREIGN_CSV.encode())})
    run = ImportRun.objects.get()
    mapping = {
        "run": run.pk, "namn": "Raindance", "ansvar": "ansvar", "ansvar_namn": "ansvar text",
        "konto": "konto", "period": "period", "utfall": "utfall", "budget": "budget",
    }  # fmt: skip

    first = client.post(url, mapping)  # its task waits for the commit, which never comes here
    second = client.post(url, {**mapping, "namn": "Annan"})

    run.refresh_from_db()
    assert first["Location"] == second["Location"]
    assert run.parameters["mapping"] == "Raindance"
    assert "redan fått sin kolumnmappning" in client.get(second["Location"]).content.decode()
