"""Fetching from the (fake) Kolada API: command, committee refresh, failures, incremental."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.imports.models import ImportRun
from apps.imports.services import committee_refresh_parameters, kolada_refresh_committee
from apps.imports.tasks import refresh_all_committees, run_kolada_fetch
from apps.indicators.models import CommitteeIndicator, Indicator, IndicatorValue
from apps.organisations.models import ComparisonGroup, Municipality
from tests.imports.gr import gr_members

pytestmark = pytest.mark.django_db


def run_command(*args: str) -> dict:
    out = StringIO()
    call_command("import_kolada", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_the_command_fetches_kpis_groups_and_every_page_of_data(kolada):
    result = run_command(
        "--kpi", "U20900,U23401", "--municipality", "1489,G96190,0000", "--years", "2022-2024"
    )

    assert result["status"] == "succeeded", result["errors"]
    assert result["created"] == 9
    assert IndicatorValue.objects.get(group__code="G96190", period="2024").value == 62.0
    assert Indicator.objects.get(code="U20900").title.startswith("Effektivitetsindex")
    assert any("page=2" in path for path in kolada.requests)


def test_pairs_that_did_not_come_back_are_reported(kolada):
    result = run_command(
        "--kpi", "U20900,U23401", "--municipality", "1489,G96190", "--years", "2022-2024"
    )

    assert "Inga värden kom tillbaka för U23401 × G96190." in result["warnings"]


def test_a_failing_kolada_leaves_the_earlier_data_intact(kolada):
    run_command("--kpi", "U20900", "--municipality", "1489", "--years", "2022-2024")
    before = list(IndicatorValue.objects.values_list("pk", "value", "changed_at"))
    kolada.data[0]["values"][0]["value"] = 99.0
    kolada.faults = ["always500"]

    with pytest.raises(CommandError, match="inga data ändrades"):
        run_command("--kpi", "U20900", "--municipality", "1489", "--years", "2022-2024")

    assert list(IndicatorValue.objects.values_list("pk", "value", "changed_at")) == before
    failed = ImportRun.objects.latest("queued_at")
    assert failed.status == ImportRun.Status.FAILED
    assert "försök" in failed.errors[0]


def test_a_fetch_failing_halfway_writes_nothing(kolada):
    kolada.page_size = 1
    kolada.faults = ["ok", "always500"]  # the first data page comes, the rest never do

    with pytest.raises(CommandError):
        run_command("--kpi", "U20900", "--municipality", "1489,G96190", "--years", "2022-2024")

    assert not IndicatorValue.objects.exists()
    assert not Indicator.objects.exists()


def test_bad_years_are_refused_before_anything_is_asked(kolada):
    with pytest.raises(CommandError, match="FRÅN-TILL"):
        run_command("--kpi", "U20900", "--municipality", "1489", "--years", "2024-2020")
    assert kolada.requests == []


@pytest.fixture
def committee_following_kolada(personas, kolada):
    committee = personas.committee_a
    committee.municipality = Municipality.objects.create(code="1489", name="Alingsås")
    committee.save()
    gr = ComparisonGroup.objects.create(code="G96190", name="GR", kind="region")
    gr.members.set(
        [
            Municipality.objects.get_or_create(code=code, defaults={"name": name})[0]
            for code, name in gr_members().items()
        ]
    )
    committee.comparison_groups.add(gr)
    for order, code in enumerate(["U20900", "U23401"]):
        indicator = Indicator.objects.create(code=code, title=code, source="kolada")
        CommitteeIndicator.objects.create(committee=committee, indicator=indicator, order=order)
    return committee


def test_a_committee_refresh_asks_for_its_kpis_its_municipality_its_groups_gr_members_and_riket(
    committee_following_kolada,
):
    parameters = committee_refresh_parameters(committee_following_kolada)

    assert parameters["kpis"] == ["U20900", "U23401"]
    assert parameters["units"] == ["1489", "G96190", *sorted(set(gr_members()) - {"1489"}), "0000"]
    assert parameters["from_date"] is None


def test_the_next_refresh_only_asks_for_what_changed_since_the_last_good_run(
    committee_following_kolada, kolada
):
    first = kolada_refresh_committee(committee=committee_following_kolada, trigger="web")
    run_kolada_fetch(first.pk)
    kolada.requests.clear()

    second = kolada_refresh_committee(committee=committee_following_kolada, trigger="web")
    run_kolada_fetch(second.pk)

    assert second.parameters["from_date"] is not None
    assert all("from_date=" in path for path in kolada.requests if "/data/" in path)
    second.refresh_from_db()
    assert second.status == ImportRun.Status.SUCCEEDED
    assert second.created == 0


def test_the_nightly_task_refreshes_every_committee_that_follows_kolada(
    committee_following_kolada, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run_ids = refresh_all_committees()

    assert len(run_ids) == 1
    run = ImportRun.objects.get(pk=run_ids[0])
    assert run.trigger == ImportRun.Trigger.SCHEDULE
    assert run.status == ImportRun.Status.SUCCEEDED
    assert IndicatorValue.objects.filter(municipality__code="1489").exists()


def test_the_nightly_refresh_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["kolada-nightly-refresh"]

    assert entry["task"] == "apps.imports.tasks.refresh_all_committees"
    assert entry["schedule"].hour == {3}
