"""An open period saved before drafts had tables of their own becomes drafts on upgrade."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("indicators", "0004_drafts_frequency_owner_publishing")]
AFTER = [("indicators", "0005_open_periods_to_drafts")]


@pytest.fixture
def back_to_the_latest_schema_after():
    """The test moves the schema back; the tests after it need every migration again."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_an_open_periods_values_comments_and_draft_assessments_become_drafts(
    back_to_the_latest_schema_after,
):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    municipality = old.get_model("organisations", "Municipality").objects.create(
        code="9901", name="Testkommun"
    )
    committee = old.get_model("organisations", "Committee").objects.create(
        slug="n", name="Nämnd", municipality=municipality
    )
    indicator = old.get_model("indicators", "Indicator").objects.create(
        code="n-po", title="Personalomsättning", source="own", committee=committee
    )
    goal = old.get_model("indicators", "Goal").objects.create(
        committee=committee, title="Mål", first_year=2025, last_year=2025
    )
    Value = old.get_model("indicators", "IndicatorValue")
    for period, value in [("2025Q2", 10.0), ("2025Q3", 55.5)]:
        Value.objects.create(
            indicator=indicator, municipality=municipality, period=period, value=value, source="own"
        )
    old.get_model("indicators", "Comment").objects.create(
        committee=committee, indicator=indicator, period="2025Q3", text="UTKAST"
    )
    old.get_model("indicators", "Assessment").objects.create(
        goal=goal, period="2025Q3", signal="delvis", analysis="Ej granskad", status="draft"
    )
    FollowUp = old.get_model("indicators", "FollowUpPeriod")
    FollowUp.objects.create(committee=committee, period="2025Q3")  # open, never ready
    FollowUp.objects.create(
        committee=committee, period="2025Q2", status="ready", marked_ready_at="2025-07-10T10:00:00Z"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps

    ready = new.get_model("indicators", "IndicatorValue").objects.values_list("period", "value")
    assert list(ready) == [("2025Q2", 10.0)]  # the ready quarter stays for readers
    assert list(
        new.get_model("indicators", "DraftValue").objects.values_list("value", flat=True)
    ) == [55.5]
    assert new.get_model("indicators", "DraftComment").objects.get().text == "UTKAST"
    assert new.get_model("indicators", "DraftAssessment").objects.get().analysis == "Ej granskad"
    assert not new.get_model("indicators", "Comment").objects.exists()
    assert not new.get_model("indicators", "Assessment").objects.exists()
