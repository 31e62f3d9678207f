"""A committee's refresh asks Kolada for what its pages show: the municipality, its groups,
Göteborgsregionen's 13 members, kommungenomsnittet (G2328) and riket — and `import_kolada
--committee` runs exactly that refresh."""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.imports.models import ImportRun
from apps.imports.services import committee_refresh_parameters
from apps.indicators.models import IndicatorValue
from apps.organisations.models import Committee
from tests.demo import login
from tests.imports.gr import GR, gr_members, member_rows

pytestmark = pytest.mark.django_db

GR_CODES = {
    "1384", "1401", "1402", "1407", "1415", "1419", "1440",
    "1441", "1462", "1480", "1481", "1482", "1489",
}  # fmt: skip


def import_committee(*args: str) -> dict:
    out = StringIO()
    call_command("import_kolada", "--committee", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("slug", ["alingsas-von", "ale-sn"])
def test_the_refresh_of_each_demo_committee_asks_for_the_13_gr_municipalities(demo, slug):
    parameters = committee_refresh_parameters(Committee.objects.get(slug=slug))

    assert set(gr_members()) == GR_CODES
    assert set(parameters["units"]) >= GR_CODES
    assert {GR, "G2328", "0000"} <= set(parameters["units"])
    assert parameters["units"][0] == Committee.objects.get(slug=slug).municipality.code


def test_the_refresh_asks_for_the_last_15_years_or_the_years_given(demo):
    committee = Committee.objects.get(slug="alingsas-von")

    assert committee_refresh_parameters(committee, year_range=(2015, 2024))["years"] == [
        2015,
        2024,
    ]
    first, last = committee_refresh_parameters(committee)["years"]
    assert last - first == 14


def test_after_import_kolada_committee_the_comparison_page_shows_the_13_gr_municipalities(
    demo, kolada
):
    kolada.data += member_rows("U20900", range(2022, 2025))

    result = import_committee("alingsas-von", "--years", "2022-2024")

    assert result["status"] == "succeeded", result["errors"]
    run = ImportRun.objects.get(pk=result["run"])
    assert run.trigger == ImportRun.Trigger.COMMAND
    assert run.committee.slug == "alingsas-von"
    assert set(run.parameters["units"]) >= GR_CODES
    html = (
        login("alingsas-politiker")
        .get("/namnd/alingsas-von/jamforelse/?nyckeltal=U20900&ar=2024")
        .content.decode()
    )
    for name in gr_members().values():
        assert name in html
    places = set(re.findall(r"plats (\d+) av 13", html))
    assert places == {str(place) for place in range(1, 14)}
    assert "Alingsås: plats" in html
    assert "finns inte inlästa" not in html


def test_the_groups_and_riket_are_reference_values_not_places_among_the_municipalities(
    demo, kolada
):
    kolada.data += member_rows("U20900", range(2024, 2025))
    import_committee("alingsas-von", "--years", "2024-2024")

    client = login("alingsas-politiker")
    rows = client.get("/namnd/alingsas-von/jamforelse/?nyckeltal=U20900&ar=2024&format=csv")
    text = rows.content.decode("utf-8-sig")
    ranked = [line for line in text.splitlines()[1:] if re.match(r"^\d+;", line)]
    references = [line for line in text.splitlines()[1:] if line.startswith(";")]

    assert len(ranked) == 13
    assert any("Göteborgsregionen" in line for line in references)
    assert any("ovägt medel av 13 kommuner (Kolada)" in line for line in references)


def test_the_committee_refresh_by_command_is_the_same_as_the_button(demo, kolada):
    from apps.imports.services import kolada_refresh_committee

    committee = Committee.objects.get(slug="alingsas-von")
    button = kolada_refresh_committee(committee=committee, trigger=ImportRun.Trigger.WEB)
    result = import_committee("alingsas-von")

    assert ImportRun.objects.get(pk=result["run"]).parameters["units"] == button.parameters["units"]
    assert IndicatorValue.objects.filter(
        municipality__code="1489", source=IndicatorValue.Source.KOLADA
    ).exists()


def test_an_unknown_committee_is_named_and_nothing_is_asked(demo, kolada):
    with pytest.raises(CommandError, match="Ingen nämnd har kortnamnet 'okand'"):
        import_committee("okand")
    assert kolada.requests == []
