"""The overview, kept in Django's cache between changes of the data it reads.

The overview is read on every visit, while what it shows changes a few times a day (a
nightly import, a controller's entry, a register edit). Building it takes a dozen queries;
checking whether anything changed takes one: the stamp below reads, from indexed columns,

- when the last import of each kind finished (Kolada, ledger, investments, register; one
  indexed column per kind) — the imports' bulk writes go through an ImportRun, and the
  register's other bulk writes (serials, reported quarters) save a history record of a
  decision or a sent quarter in the same transaction: a writer added later must do one or
  the other;
- the newest history record of every model the overview reads (django-simple-history
  records each save and delete: own figures, comments, goals, targets, assessments, the
  controllers' drafts and the periods marked ready or published, indicators and the
  committee's choice of them, decisions, the committee);
- the number and newest id of group memberships (GR, liknande kommuner);

and the cache keys carry it. The cards and goals also carry today's date (a value turns
final on its publication date); the budget and the register counts do not (they depend
only on their data and on the period or quarter asked for), so the first view of a new day
rebuilds only the cards and goals. A changed stamp is a new key, so a stale overview is
never served; old keys expire.

The overview is kept in three parts, each under the part of the stamp it reads, so that a
change rebuilds only what it touches: a controller's figure or assessment rebuilds the
cards and goals, not the budget or the register counts; a register edit only the counts.
An import renews the part it writes: the budget after a ledger or investment import, the
register counts after a register import, the cards and goals after any other import (Kolada
today, and any kind added later unless it is listed with the ledger's or the register's) —
so the nightly Kolada refresh rebuilds only the cards and goals.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from apps.core.periods import ReportPeriod
from apps.dashboards import selectors
from apps.decisions.models import Decision, Interruption, SentReport
from apps.decisions.quarters import Quarter
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
T = TypeVar("T")
FIGURES = [
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
    Committee,
]
REGISTER = [Decision, Interruption, SentReport]
HISTORY_OF = FIGURES + REGISTER


# The imports that write the budget's and the register's tables; every other kind counts as
# one that writes the figures.
LEDGER_KINDS = (ImportRun.Kind.LEDGER, ImportRun.Kind.INVESTMENTS)
REGISTER_KINDS = (ImportRun.Kind.DECISIONS,)
KINDS = list(ImportRun.Kind)  # the stamp's first columns: the last import of each kind
FIGURE_KINDS = [kind for kind in KINDS if kind not in LEDGER_KINDS + REGISTER_KINDS]
RUNS = len(KINDS)


@functools.cache
def stamp_sql() -> str:
    """The stamp's query (the tables are looked up once: building history managers is not
    free on every request). Columns: the last import of each kind of ImportRun (a backward
    scan of the index on kind and finished_at); each of HISTORY_OF's newest history record;
    the memberships' count and newest id."""
    history = [model.history.model._meta.db_table for model in HISTORY_OF]  # type: ignore[attr-defined]
    runs = ImportRun._meta.db_table
    members = ComparisonGroup.members.through._meta.db_table
    # The kinds are the model's constants, never input.
    parts = [f"(SELECT MAX(finished_at) FROM {runs} WHERE kind = '{kind.value}')" for kind in KINDS]
    parts += [f"(SELECT MAX(history_date) FROM {table})" for table in history]
    parts += [f"(SELECT COUNT(*) FROM {members})", f"(SELECT MAX(id) FROM {members})"]
    return "SELECT " + ", ".join(parts)


def _digest(*values: object) -> str:
    return hashlib.sha1(repr(values).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Stamp:
    """The stamp's row, and a digest of it for each part of the overview."""

    row: tuple[object, ...]

    @classmethod
    def read(cls) -> Stamp:
        """One query: what changed last in everything the overview reads."""
        with connection.cursor() as cursor:
            cursor.execute(stamp_sql())
            return cls(tuple(cursor.fetchone() or ()))

    @property
    def all(self) -> str:
        return _digest(*self.row)

    @property
    def figures(self) -> str:
        """Kolada imports (and any kind not the ledger's or the register's), figures,
        comments, goals, drafts, periods, the committee, memberships."""
        figures = self.row[RUNS : RUNS + len(FIGURES)]
        return _digest(*self._runs(FIGURE_KINDS), *figures, *self.row[-2:])

    @property
    def budget(self) -> str:
        """The ledger is written by its imports only."""
        return _digest(*self._runs(LEDGER_KINDS))

    @property
    def register(self) -> str:
        """Register imports and the register's decisions, avbrott and sent quarters."""
        register = self.row[RUNS + len(FIGURES) : RUNS + len(HISTORY_OF)]
        return _digest(*self._runs(REGISTER_KINDS), *register)

    def _runs(self, kinds: Iterable[ImportRun.Kind]) -> list[object]:
        return [self.row[KINDS.index(kind)] for kind in kinds]


def data_stamp() -> str:
    """One query: what changed last in everything the overview reads (as one digest)."""
    return Stamp.read().all


def overview(
    committee: Committee,
    period: ReportPeriod,
    groups: Iterable[ComparisonGroup] | None = None,
    audience: str = "reader",
    stamp: Stamp | None = None,
) -> selectors.Overview:
    """selectors.overview for a report period and an audience ("reader", "public" or
    "editor": each sees other figures), its parts from the cache while nothing they read
    has changed (pass the stamp when the page has read it already). One round trip to the
    cache when nothing changed."""
    stamp = stamp or Stamp.read()
    base = f"overview:{committee.pk}:{period.code}"
    today = timezone.localdate().isoformat()  # the figures only: a value turns final on a day
    quarter = Quarter.parse(period.quarter_code)
    builders: dict[str, Callable[[], object]] = {
        f"{base}:{today}:figures:{audience}:{stamp.figures}": lambda: selectors.overview_figures(
            committee, period, groups, audience_for(committee, audience)
        ),
        f"{base}:budget:{stamp.budget}": lambda: selectors.budget_as_of(committee, period),
        f"{base}:register:{stamp.register}": lambda: selectors.evb_summary(committee, quarter),
    }
    found = cache.get_many(list(builders))
    missing = {key: (build(),) for key, build in builders.items() if key not in found}
    if missing:
        cache.set_many(missing, TIMEOUT)
    # Each part is kept in a 1-tuple, so that a part that is None (no ledger) is cached too.
    figures, budget, register = ((found | missing)[key][0] for key in builders)
    return selectors.assemble_overview(committee, period, figures, budget, register)  # type: ignore[arg-type]


def page_part(name: str, key: Iterable[Hashable], stamp: str, build: Callable[[], T]) -> T:
    """What a page reads (e.g. an indicator's series for a committee, period and audience),
    from the cache while the stamp's part it reads is unchanged; else built and kept. The
    key names everything the result depends on besides the data (committee, indicator,
    gender, period, audience, parameters); today's date is added, since a value turns
    final on its publication date. One round trip to the cache when nothing changed."""
    # Hashed: a parameter from the address (?ar=) may be long or hold any character.
    full = f"{name}:{_digest(*key, timezone.localdate().isoformat())}:{stamp}"
    found = cache.get(full)
    if found is not None:
        return found[0]  # type: ignore[no-any-return]
    value = build()
    cache.set(full, (value,), TIMEOUT)  # in a 1-tuple, so that None is kept too
    return value
