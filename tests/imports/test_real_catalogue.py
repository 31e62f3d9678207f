"""The whole real Kolada catalogue (6 099 KPIs, 312 units, 3 630 groups, 26 573
memberships) imports in bulk, with counts in the run's summary, and a second import
changes nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.imports.models import ImportRun
from apps.indicators.models import Indicator
from apps.organisations.models import ComparisonGroup, Municipality
from tests.imports.catalogue import FILES

pytestmark = pytest.mark.django_db

GR_CODES = {
    "1384", "1401", "1402", "1407", "1415", "1419", "1440",
    "1441", "1462", "1480", "1481", "1482", "1489",
}  # fmt: skip


def test_the_real_catalogue_imports_in_a_handful_of_statements(import_files):
    with CaptureQueriesContext(connection) as queries:
        run = import_files(*FILES)

    assert run.status == ImportRun.Status.SUCCEEDED, run.errors
    assert Indicator.objects.count() == 6099
    assert Municipality.objects.count() == 312
    assert ComparisonGroup.objects.count() == 3630
    assert ComparisonGroup.members.through.objects.count() == 26573
    # one get_or_create per row would be some 9 000 statements
    assert len(queries) < 120
    assert run.metadata_counts["kpis"]["created"] == 6099
    assert run.metadata_counts["municipalities"]["created"] == 312
    assert run.metadata_counts["groups"]["created"] == 3630
    assert run.metadata_counts["memberships"]["created"] == 26573
    assert "nyckeltal 6099 nya" in run.summary()
    assert "grupper 3630 nya" in run.summary()
    assert "medlemskap 26573 nya" in run.summary()


def test_the_real_groups_come_in_with_their_members_kind_and_area(import_files):
    import_files(*FILES)

    gr = ComparisonGroup.objects.get(code="G96190")
    assert set(gr.members.values_list("code", flat=True)) == GR_CODES
    assert gr.kind == ComparisonGroup.Kind.REGION
    assert ComparisonGroup.objects.get(code="G2328").kind == ComparisonGroup.Kind.NATIONAL
    assert ComparisonGroup.objects.get(code="G2328").members.count() == 290
    for code, area in [
        ("G176486", "aldreomsorg"),
        ("G176485", "aldreomsorg"),
        ("G39499", "lss"),
        ("G39498", "lss"),
    ]:
        group = ComparisonGroup.objects.get(code=code)
        assert (group.kind, group.area) == (ComparisonGroup.Kind.SIMILAR, area), code
        assert group.members.count() == 7


def test_regi_perspective_and_unit_level_data_are_kept(import_files):
    import_files(*FILES)

    u23516 = Indicator.objects.get(code="U23516")
    assert (u23516.auspice, u23516.perspective, u23516.has_ou_data) == (
        "T",
        "Kvalitet och resultat",
        True,
    )
    n00090 = Indicator.objects.get(code="N00090")
    assert (n00090.auspice, n00090.publ_period) == ("E", "2026")


def test_a_second_import_of_the_same_catalogue_changes_nothing(import_files):
    import_files(*FILES)

    again = import_files(*FILES)

    assert again.metadata_counts["kpis"] == {
        "created": 0,
        "updated": 0,
        "unchanged": 6099,
        "removed": 0,
    }
    assert again.metadata_counts["groups"]["unchanged"] == 3630
    assert again.metadata_counts["memberships"]["unchanged"] == 26573
    assert again.metadata_counts["municipalities"]["unchanged"] == 312


def test_a_member_kolada_no_longer_lists_leaves_the_group(import_files, tmp_path):
    import gzip
    import json

    import_files(*FILES)
    with gzip.open(FILES[2]) as packed:
        payload = json.load(packed)
    gr = next(row for row in payload["values"] if row["id"] == "G96190")
    gr["members"] = [m for m in gr["members"] if m["member_id"] != "1384"]
    changed = tmp_path / "municipality_groups.json"
    changed.write_text(json.dumps({"values": [gr]}))

    run = import_files(changed)

    assert run.metadata_counts["memberships"]["removed"] == 1
    assert "1384" not in set(
        ComparisonGroup.objects.get(code="G96190").members.values_list("code", flat=True)
    )


def test_the_runs_page_shows_what_the_catalogue_import_wrote(import_files, client_for, personas):
    run = import_files(*FILES)
    run.committee = personas.committee_a
    run.save()

    html = (
        client_for("controller_a")
        .get(f"/namnd/{personas.committee_a.slug}/importer/{run.pk}/")
        .content.decode()
    )

    assert "Nyckeltal: nya / ändrade / oförändrade" in html
    assert "6099 / 0 / 0" in html
    assert "Medlemskap: nya / ändrade / oförändrade" in html
    assert "26573 / 0 / 0" in html
