"""The overview, kept in Django's cache between changes of the data it reads.

The overview is read on every visit, while what it shows changes a few times a day (a
nightly import, a controller's entry, a register edit). Building it takes a dozen queries;
checking whether anything changed takes one: the stamp below reads, from indexed columns,

- when the last import of any kind finished (Kolada, ledger, register — every bulk write
  goes through an ImportRun);
- the newest history record of every model the overview reads (django-simple-history
  records each save and delete: own figures, comments, goals, targets, assessments, the
  controllers' drafts and the periods marked ready or published, indicators and the
  committee's choice of them, decisions, the committee);
- the number and newest id of group memberships (GR, liknande kommuner);

and the cache key carries it, with today's date (a value turns final on its publication
date, and the quarter shown follows the calendar). A changed stamp is a new key, so a
stale overview is never served; old keys expire.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from apps.core.periods import ReportPeriod
from apps.dashboards import selectors
from apps.decisions.models import Decision, Interruption, SentReport
from apps.imports.models import ImportRun
from apps.indicators.models import (
    Assessment,
    Comment,
    CommitteeIndicator,
    DraftAssessment,
    DraftComment,
    DraftValue,
    FollowUpPeriod,
    Goal,
    GoalIndicator,
    Indicator,
    IndicatorValue,
    Target,
)
from apps.indicators.selectors import audience_for
from apps.organisations.models import Committee, ComparisonGroup

TIMEOUT = 6 * 3600
HISTORY_OF = [
    IndicatorValue,
    Indicator,
    CommitteeIndicator,
    Comment,
    Goal,
    GoalIndicator,
    Target,
    Assessment,
    FollowUpPeriod,
    DraftValue,
    DraftComment,
    DraftAssessment,
    Decision,
    Interruption,
    SentReport,
    Committee,
]


@functools.cache
def stamp_sql() -> str:
    """The stamp's query (the tables are looked up once: building history managers is not
    free on every request)."""
    history = [model.history.model._meta.db_table for model in HISTORY_OF]  # type: ignore[attr-defined]
    runs = ImportRun._meta.db_table
    members = ComparisonGroup.members.through._meta.db_table
    parts = [f"(SELECT MAX(finished_at) FROM {runs})"]
    parts += [f"(SELECT MAX(history_date) FROM {table})" for table in history]
    parts += [f"(SELECT COUNT(*) FROM {members})", f"(SELECT MAX(id) FROM {members})"]
    return "SELECT " + ", ".join(parts)


def data_stamp() -> str:
    """One query: what changed last in everything the overview reads."""
    with connection.cursor() as cursor:
        cursor.execute(stamp_sql())
        row = cursor.fetchone()
    return hashlib.sha1(repr(row).encode()).hexdigest()[:16]


def overview(
    committee: Committee,
    period: ReportPeriod,
    groups: Iterable[ComparisonGroup] | None = None,
    audience: str = "reader",
    stamp: str | None = None,
) -> selectors.Overview:
    """selectors.overview for a report period and an audience ("reader", "public" or
    "editor": each sees other figures), from the cache while nothing it reads has changed
    (pass the data stamp when the page has read it already)."""
    key = ":".join(
        [
            "overview",
            audience,
            str(committee.pk),
            period.code,
            timezone.localdate().isoformat(),
            stamp or data_stamp(),
        ]
    )
    cached = cache.get(key)
    if cached is None:
        cached = selectors.overview(committee, period, groups, audience_for(committee, audience))
        cache.set(key, cached, TIMEOUT)
    return cached  # type: ignore[no-any-return]
