"""The report period of the committee's pages: read from ?period= or defaulted to the latest
period with data (apps/core/periods.ReportPeriod says what a period means for each figure).

One place for every page (overview, indicator pages, budget, ej verkställda, the report),
so that a period chosen once is the one every page shows.
"""

from __future__ import annotations

import functools
from datetime import date

from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, QueryDict
from django.utils import timezone

from apps.budget.models import LedgerEntry
from apps.budget.selectors import last_month_loaded
from apps.core.periods import ReportPeriod, period_bounds, report_period_choices
from apps.dashboards.cache import TIMEOUT, data_stamp
from apps.indicators.models import (
    CommitteeIndicator,
    FollowUpPeriod,
    Indicator,
    IndicatorValue,
    NewestValue,
)
from apps.organisations.models import Committee

PARAM = "period"
BAD_PERIOD_SHOWN = "{error} Visar den senaste perioden med uppgifter, {period}."


def _list_aggregates() -> dict[str, str]:
    """A comma-joined list of the periods (they hold no commas): PostgreSQL's string_agg,
    SQLite's group_concat (make run's database)."""
    if connection.vendor == "postgresql":
        return {"agg_period": "string_agg(period, ',')", "agg_newest": "string_agg(newest, ',')"}
    return {"agg_period": "group_concat(period)", "agg_newest": "group_concat(newest)"}


def data_periods(committee: Committee, public: bool = False) -> list[str]:
    """The latest periods of each kind of data the committee reports, in one query:

    1. the follow-up periods marked ready (the controller's own figures and assessments);
    2. each followed indicator's newest period with a value of the municipality (Kolada's
       or the committee's own figures), read from NewestValue, which the database keeps
       for every writer of values: one small row per indicator, joined with the followed
       indicators (found through the committee's links and its own indicators; UNION ALL
       and GROUP BY, because making the lists distinct costs more than reading an
       indicator that is both linked and own twice);
    3. the latest month of the ledger with utfall (a December as the year's bokslut).

    For the public (public=True) only published follow-up periods count, and the committee's
    own figures of a period marked ready but not yet published do not (the public pages
    neither show them nor name their period).

    The register of ej verkställda beslut is not asked: it has open decisions in every
    quarter, so it would always name the quarter just ended.
    """
    tables = {
        "ready": FollowUpPeriod._meta.db_table,
        "values": IndicatorValue._meta.db_table,
        "indicators": Indicator._meta.db_table,
        "links": CommitteeIndicator._meta.db_table,
        "ledger": LedgerEntry._meta.db_table,
        "newest": NewestValue._meta.db_table,
    }
    # The periods of the committee's own figures marked ready but not yet published.
    tables["unpublished"] = (
        "SELECT period FROM {ready} WHERE committee_id = %(committee)s "
        "AND marked_ready_at IS NOT NULL AND published_at IS NULL"
    ).format(**tables)
    sql = """
        SELECT
          (SELECT {agg_period} FROM (
             SELECT period FROM {ready} WHERE committee_id = %(committee)s AND status = %(ready)s
               AND (NOT %(public)s OR published_at IS NOT NULL)
             ORDER BY period DESC LIMIT 12) AS ready),
          (SELECT {agg_newest} FROM (
             SELECT CASE WHEN NOT %(public)s OR n.period NOT IN ({unpublished}) THEN n.period
                    ELSE (SELECT v.period FROM {values} v
                          WHERE v.indicator_id = i.id AND v.municipality_id = %(municipality)s
                            AND v.value IS NOT NULL
                            AND NOT (v.source = %(own)s AND v.period IN ({unpublished}))
                          ORDER BY v.period DESC LIMIT 1) END AS newest
             FROM (SELECT indicator_id AS id FROM {links} WHERE committee_id = %(committee)s
                   UNION ALL
                   SELECT id FROM {indicators} WHERE committee_id = %(committee)s) AS i
             JOIN {newest} n ON n.indicator_id = i.id AND n.municipality_id = %(municipality)s
             GROUP BY 1) AS figures),
          (SELECT year * 100 + month FROM {ledger}
           WHERE committee_id = %(committee)s AND kind = %(utfall)s
           ORDER BY year DESC, month DESC LIMIT 1)
    """.format(**tables, **_list_aggregates())
    params: dict[str, int | str] = {
        "committee": committee.pk,
        "municipality": committee.municipality_id,
        "ready": FollowUpPeriod.Status.READY.value,
        "utfall": LedgerEntry.Kind.OUTCOME.value,
        "public": public,
        "own": IndicatorValue.Source.OWN.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ready, figures, ledger = cursor.fetchone()
    found = [p for p in [*(ready or "").split(","), *(figures or "").split(",")] if p]
    if ledger:
        year, month = divmod(ledger, 100)
        found.append(str(year) if month == 12 else f"{year}M{month:02d}")
    return found


def latest_period_with_data(
    committee: Committee, today: date | None = None, public: bool = False
) -> ReportPeriod:
    """The default report period: the latest of data_periods() that has ended (or, when
    the committee has nothing yet, the quarter just ended)."""
    today = today or timezone.localdate()
    ended = [p for p in data_periods(committee, public) if period_bounds(p)[1] <= today]
    latest = ReportPeriod.latest_of(ended)
    if latest is not None:
        return latest
    quarter = (today.month - 1) // 3  # the one before today's, 0 = last year's fourth
    return ReportPeriod(f"{today.year}Q{quarter}" if quarter else f"{today.year - 1}Q4")


def default_period(
    committee: Committee, stamp: str | None = None, public: bool = False
) -> ReportPeriod:
    """latest_period_with_data, from the cache while nothing the data stamp covers changed
    (pass the stamp when the page has read it already)."""
    today = timezone.localdate()
    audience = "public" if public else "members"
    key = f"default-period:{committee.pk}:{audience}:{today.isoformat()}:{stamp or data_stamp()}"
    code = cache.get(key)
    if code is None:
        code = latest_period_with_data(committee, today, public).code
        cache.set(key, code, TIMEOUT)
    return ReportPeriod(code)


def report_period(
    request: HttpRequest, committee: Committee, stamp: str | None = None, public: bool = False
) -> ReportPeriod:
    """?period=2024, 2025T2, 2025M08 or 2025Q3 (or ?kvartal=2025Q3); absent: the latest
    period with data (kept in the cache while the data is unchanged). A malformed period
    says so, in Swedish, and the page shows the default."""
    # ?kvartal=2025Q3, the overview's older parameter, still works as a quarter's period.
    text = (request.GET.get(PARAM) or request.GET.get("kvartal") or "").strip()
    if text:
        try:
            return ReportPeriod.parse(text)
        except ValueError as exc:
            shown = default_period(committee, stamp, public)
            messages.warning(request, BAD_PERIOD_SHOWN.format(error=exc, period=shown.label))
            return shown
    return default_period(committee, stamp, public)


def picker_choices(period: ReportPeriod) -> list[tuple[str, list[tuple[str, str]]]]:
    """The period picker's options: the last five years to this one, and back to the
    period shown when it is older."""
    return _choices(period.year, timezone.localdate())


@functools.lru_cache(maxsize=64)
def _choices(year: int, today: date) -> list[tuple[str, list[tuple[str, str]]]]:
    latest = max(year, today.year)
    return report_period_choices(latest, years=max(5, latest - year + 1), today=today)


def quarter_of_period(request: HttpRequest) -> str:
    """The ej verkställda quarter of ?period= ("2025Q3" for 2025M08), or "" without a
    well-formed one."""
    try:
        return ReportPeriod.parse(request.GET[PARAM]).quarter_code
    except (KeyError, ValueError):
        return ""


def budget_query(request: HttpRequest, committee: Committee) -> QueryDict:
    """The budget page's ?ar= and ?manad= from ?period= when they are not given: the
    period's year, up to its last month or the last month with utfall before it."""
    if request.GET.get("ar") or PARAM not in request.GET:
        return request.GET
    period = report_period(request, committee)
    loaded = last_month_loaded(committee, period.year)
    query = request.GET.copy()
    query["ar"] = str(period.year)
    query["manad"] = str(min(period.end_month, loaded) if loaded else period.end_month)
    return query
