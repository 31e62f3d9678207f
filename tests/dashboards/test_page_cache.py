"""The indicator and comparison pages keep what they read in the cache, under the stamp of
the data they read (apps/dashboards/cache.py page_part): a second visit runs fewer queries,
and a controller's value marked ready, or a Kolada import, is on the very next page load."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.dashboards import cache as page_cache
from apps.indicators.models import CommitteeIndicator
from apps.organisations.models import Committee
from tests.factories import ready_own_value

pytestmark = pytest.mark.usefixtures("demo")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def politician() -> Client:
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.get(username="alingsas-politiker"))
    return client


def visit(client: Client, url: str) -> tuple[int, str]:
    """(SQL queries, the page's text without its per-response CSRF token) of one visit."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), CSRF.sub("", response.content.decode())


def test_a_second_visit_to_an_indicator_page_reads_its_figures_from_the_cache():
    committee = Committee.objects.get(slug="alingsas-von")
    code = CommitteeIndicator.objects.filter(committee=committee).first().indicator.code
    client = politician()
    url = f"/namnd/alingsas-von/nyckeltal/{code}/"

    built, first = visit(client, url)
    served, second = visit(client, url)

    assert served < built
    assert first == second


def test_a_value_marked_ready_is_on_the_next_indicator_page_load():
    committee = Committee.objects.get(slug="alingsas-von")
    link = CommitteeIndicator.objects.filter(committee=committee, indicator__source="own").first()
    client = politician()
    url = f"/namnd/alingsas-von/nyckeltal/{link.indicator.code}/?period=2026Q3"
    _, before = visit(client, url)

    ready_own_value(committee, link.indicator, "2026Q3", 987)
    _, ready = visit(client, url)

    assert "987" not in before
    assert "987" in ready


def test_a_kolada_import_is_on_the_next_comparison_page_load(tmp_path: Path):
    committee = Committee.objects.get(slug="alingsas-von")
    client = politician()
    url = "/namnd/alingsas-von/jamforelse/?nyckeltal=U20900&ar=2023"
    _, before = visit(client, url)
    data = tmp_path / "kolada.json"
    data.write_text(
        json.dumps(
            {
                "values": [
                    {
                        "kpi": "U20900",
                        "municipality": committee.municipality.code,
                        "period": 2023,
                        "values": [{"gender": "T", "value": 4321.5, "count": 1, "status": ""}],
                    }
                ]
            }
        )
    )

    call_command("import_kolada", "--file", str(data), stdout=open("/dev/null", "w"))  # noqa: SIM115
    _, after = visit(client, url)

    assert "[4321.5]" not in before  # the chart's data
    assert "[4321.5]" in after


def test_a_cached_part_keeps_none_and_any_parameter_makes_a_usable_key():
    built: list[int] = []

    def build() -> None:
        built.append(1)

    for _ in range(2):
        assert page_cache.page_part("test", ("x" * 5000, "å\n ", None), "stamp", build) is None

    assert built == [1]  # the second call found the None kept
    response = politician().get("/namnd/alingsas-von/jamforelse/?ar=" + "9" * 5000)
    assert response.status_code == 200
