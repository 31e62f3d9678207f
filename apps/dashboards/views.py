"""The politicians' pages: overview, indicator, comparison, indicator list, the report PDF.

Each page exists twice: under /namnd/<slug>/ for signed-in users with a role, and under
/publik/<slug>/ for everyone when the committee is published (aggregated figures only).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django_tables2 import RequestConfig

from apps.core.access import CommitteeAccess, committee_view
from apps.core.downloads import file_response
from apps.core.exports import render_rows
from apps.core.periods import ReportPeriod
from apps.dashboards import cache as overview_cache
from apps.dashboards import selectors
from apps.dashboards.charts import ChartLine, comparison_bars, indicator_chart
from apps.dashboards.periods import PARAM as PERIOD_PARAM
from apps.dashboards.periods import picker_choices, report_period
from apps.dashboards.tables import ComparisonTable, IndicatorListTable
from apps.indicators.comparison import GENDERS
from apps.indicators.follow_up import overdue_periods
from apps.indicators.models import Indicator
from apps.indicators.selectors import READERS, Audience, audience_for
from apps.organisations.models import Committee
from apps.organisations.selectors import committee_comparison_groups

EXPORTS = {"csv", "xlsx"}
COMPARISON_HEADINGS = {
    "plats": "Placering",
    "enhet": "Kommun eller grupp",
    "varde": "Värde",
    "slag": "Slag",
}
DRAFT_LINE = "Utkast – syns inte för läsare förrän perioden är klar"


@dataclass(frozen=True)
class Links:
    """The addresses of the committee's pages, public or signed-in; `suffix` carries the
    report period ("?period=2024") to the next page."""

    slug: str
    public: bool
    period: str = ""

    def _url(self, name: str, *args: str) -> str:
        prefix = "dashboards:public_" if self.public else "dashboards:"
        return reverse(prefix + name, args=[self.slug, *args])

    @property
    def suffix(self) -> str:
        return f"?{PERIOD_PARAM}={self.period}" if self.period else ""

    @property
    def overview(self) -> str:
        name = "committee_public" if self.public else "committee"
        return reverse(f"organisations:{name}", args=[self.slug])

    @property
    def indicators(self) -> str:
        return self._url("indicator_list")

    @property
    def comparison(self) -> str:
        return self._url("comparison")

    def indicator(self, code: str) -> str:
        return self._url("indicator", code) + self.suffix


def links_for(access: CommitteeAccess, period: ReportPeriod | None = None) -> Links:
    return Links(access.committee.slug, access.public, period.code if period else "")


def audience_kind(access: CommitteeAccess) -> str:
    """The public sees published periods; controllers and administrators also their drafts
    ("Utkast"); everyone else what was marked ready."""
    if access.public:
        return "public"
    return "editor" if access.can_edit_figures else "reader"


def export_audience(access: CommitteeAccess) -> Audience:
    """Files never carry drafts, whoever downloads them."""
    return audience_for(access.committee, "public") if access.public else READERS


def gender_of(request: HttpRequest, split: bool) -> str:
    """?kon=K or M where the indicator has both; otherwise the total."""
    gender = request.GET.get("kon", "T")
    return gender if gender in {"K", "M"} and split else "T"


def export_response(
    rows: list[dict[str, Any]],
    fields: list[str],
    fmt: str,
    name: str,
    headings: dict[str, str] | None = None,
) -> HttpResponse:
    return file_response(render_rows(rows, fields, fmt, headings), fmt, name)


def _overview(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    committee = access.committee
    stamp = overview_cache.Stamp.read()  # one query, for the default period and the page
    period = report_period(request, committee, stamp.all, access.public)
    groups = committee_comparison_groups(committee)  # with member counts, for the page too
    kind = audience_kind(access)
    data = overview_cache.overview(committee, period, groups, kind, stamp)
    links = links_for(access, period)
    for card in data.cards:
        card.url = links.indicator(card.indicator.code)
    return render(
        request,
        "dashboards/overview.html",
        {
            "access": access,
            "committee": committee,
            "overview": data,
            "period": period,
            "period_choices": picker_choices(period),
            "links": links,
            "roles": [] if access.public else access.role_labels,
            "groups": groups,
            "overdue": overdue_periods(committee, timezone.localdate()) if kind == "editor" else [],
        },
    )


def _indicator(request: HttpRequest, access: CommitteeAccess, code: str) -> HttpResponse:
    committee = access.committee
    indicator = _committee_indicator(access, code)
    stamp = overview_cache.Stamp.read()  # one query, for the default period and the cache
    split = _gender_split(indicator, committee, stamp)
    gender = gender_of(request, split)
    period = report_period(request, committee, stamp.all, access.public)
    fmt = request.GET.get("format")
    if fmt in EXPORTS:
        page = selectors.indicator_page(
            committee, indicator, gender, export_audience(access), period
        )
        name = f"{indicator.code}-{committee.slug}-{gender}"
        return export_response(
            page.export_rows(), page.export_fields, fmt, name, page.export_headings
        )
    kind = audience_kind(access)
    page = overview_cache.page_part(
        "indicator",
        (committee.pk, indicator.pk, gender, kind, period.code),
        stamp.figures,
        lambda: selectors.indicator_page(
            committee, indicator, gender, audience_for(committee, kind), period
        ),
    )
    lines = [ChartLine(f"{line.label} – {line.note}", line.chart_points) for line in page.series]
    if page.draft_series:
        lines.append(ChartLine(DRAFT_LINE, page.draft_series))
    figure = indicator_chart(
        f"{indicator.title} ({GENDERS[gender].lower()})",
        indicator.unit,
        indicator.decimals,
        lines,
        page.targets if gender == "T" else None,
        page.comments if gender == "T" else None,
    )
    alt = (
        f"Linjediagram över {indicator.title}, {GENDERS[gender].lower()}, för "
        + ", ".join(line.label for line in page.series)
        + (". Målet visas som streckad linje" if page.targets else "")
        + (", kommentarer som rutor vid värdena" if page.comments else "")
        + ". Samma uppgifter finns i tabellen under diagrammet."
    )
    return render(
        request,
        "dashboards/indicator.html",
        {
            "access": access,
            "committee": committee,
            "indicator": indicator,
            "page": page,
            "gender": gender,
            "gender_label": GENDERS[gender],
            "genders": GENDERS if split else {},
            "period": period,
            "period_choices": picker_choices(period),
            "links": links_for(access, period),
            "charts": [
                {"id": "indikator", "data_id": "indikator-data", "figure": figure, "alt": alt}
            ],
        },
    )


def _comparison(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    committee = access.committee
    stamp = overview_cache.Stamp.read()  # one query, for the default period and the cache
    kolada = overview_cache.page_part(
        "comparison-indicators",
        (committee.pk,),
        stamp.figures,
        lambda: [i for i in selectors.committee_indicators(committee) if i.is_kolada],
    )
    code = request.GET.get("nyckeltal") or (kolada[0].code if kolada else "")
    # Kolada's figures only: the other municipalities keep no copy of the committee's own.
    indicator = next((i for i in kolada if i.code == code), None)
    links = links_for(access, report_period(request, committee, stamp.all, access.public))
    context: dict[str, Any] = {
        "access": access,
        "committee": committee,
        "indicators": kolada,
        "indicator": indicator,
        "links": links,
    }
    if indicator is None:
        return render(request, "dashboards/comparison.html", context)
    split = _gender_split(indicator, committee, stamp)
    gender = gender_of(request, split)
    year = request.GET.get("ar")
    page = overview_cache.page_part(
        "comparison",
        (committee.pk, indicator.pk, gender, year),
        stamp.figures,
        lambda: selectors.comparison_page(committee, indicator, gender, year),
    )
    # Only the region's members are ranked; groups and riket are references (no place).
    rows = [
        {
            "plats": bar.place,
            "enhet": bar.label,
            "varde": bar.value,
            "slag": bar.note,
            "kind": bar.kind,
        }
        for bar in page.bars
    ]
    fmt = request.GET.get("format")
    if fmt in EXPORTS:
        name = f"jamforelse-{indicator.code}-{page.period}-{gender}"
        return export_response(rows, list(COMPARISON_HEADINGS), fmt, name, COMPARISON_HEADINGS)
    table = ComparisonTable(rows, decimals=indicator.decimals)
    RequestConfig(request, paginate=False).configure(table)
    title = f"{indicator.title}, {page.period} ({GENDERS[gender].lower()})"
    figure = comparison_bars(
        title, indicator.unit, indicator.decimals, [(b.label, b.value, b.kind) for b in page.bars]
    )
    own = committee.municipality.name
    context |= {
        "page": page,
        "gender": gender,
        "genders": GENDERS if split else {},
        "table": table,
        "charts": [
            {
                "id": "jamforelse",
                "data_id": "jamforelse-data",
                "figure": figure,
                "alt": f"Liggande staplar för {title}: Göteborgsregionens kommuner och "
                "jämförelsegrupperna, bäst först; "
                + (
                    f"{own} är markerad i lila och namnges i förklaringen. "
                    if page.has_own
                    else f"{own} saknar värde för {page.period}. "
                )
                + "Samma uppgifter finns i tabellen under diagrammet.",
            }
        ],
    }
    return render(request, "dashboards/comparison.html", context)


def _indicator_list(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    committee = access.committee
    links = links_for(access, report_period(request, committee, public=access.public))
    fmt = request.GET.get("format")
    audience = (
        export_audience(access)
        if fmt in EXPORTS
        else audience_for(committee, audience_kind(access))
    )
    listing = selectors.indicator_listing(
        committee,
        area=request.GET.get("omrade", ""),
        key_only=request.GET.get("urval") == "nyckel",
        audience=audience,
    )
    rows = [
        {
            **row,
            "url": links.indicator(row["kod"]),
        }
        for row in listing.rows
    ]
    if fmt in EXPORTS:
        name = f"nyckeltal-{committee.slug}"
        return export_response(rows, listing.fields, fmt, name, listing.headings)
    table = IndicatorListTable(rows, units=listing.unit_labels)
    RequestConfig(request, paginate=False).configure(table)
    return render(
        request,
        "dashboards/indicator_list.html",
        {
            "access": access,
            "committee": committee,
            "links": links,
            "table": table,
            "areas": listing.areas,
            "area": request.GET.get("omrade", ""),
            "key_only": request.GET.get("urval") == "nyckel",
        },
    )


def _gender_split(indicator: Indicator, committee: Committee, stamp: overview_cache.Stamp) -> bool:
    """Whether the municipality has kvinnor and män for the indicator, from the cache while
    the figures are unchanged."""
    return overview_cache.page_part(
        "gender-split",
        (indicator.pk, committee.municipality_id),
        stamp.figures,
        lambda: indicator.has_gender_split(committee.municipality_id),
    )


def _committee_indicator(access: CommitteeAccess, code: str) -> Indicator:
    indicator = selectors.committee_indicator(access.committee, code)
    if indicator is None:
        raise Http404("Nämnden följer inte det nyckeltalet.")
    return indicator


@committee_view()
def report_pdf(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    """The old address of the report: its page (the report is built in the background,
    apps/dashboards/report_views.py), for the period asked for."""
    query = urlencode(
        {"format": "pdf", **({"period": p} if (p := request.GET.get("period")) else {})}
    )
    return redirect(reverse("dashboards:report", args=[access.committee.slug]) + "?" + query)


overview = committee_view()(_overview)
overview_public = committee_view(public=True)(_overview)
indicator = committee_view()(_indicator)
indicator_public = committee_view(public=True)(_indicator)
comparison = committee_view()(_comparison)
comparison_public = committee_view(public=True)(_comparison)
indicator_list = committee_view()(_indicator_list)
indicator_list_public = committee_view(public=True)(_indicator_list)
