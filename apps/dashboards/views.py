"""The politicians' pages: overview, indicator, comparison, indicator list, the report PDF.

Each page exists twice: under /namnd/<slug>/ for signed-in users with a role, and under
/publik/<slug>/ for everyone when the committee is published (aggregated figures only).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django_tables2 import RequestConfig

from apps.core.access import CommitteeAccess, committee_view
from apps.core.exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, render_rows
from apps.core.pdf import PDF_CONTENT_TYPE
from apps.dashboards import cache as overview_cache
from apps.dashboards import selectors
from apps.dashboards.charts import ChartLine, comparison_bars, indicator_chart
from apps.dashboards.report import committee_report_pdf
from apps.dashboards.tables import ComparisonTable, IndicatorListTable
from apps.decisions.quarters import Quarter
from apps.indicators.models import Indicator
from apps.organisations.selectors import committee_comparison_groups

EXPORTS = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}


@dataclass(frozen=True)
class Links:
    """The addresses of the committee's pages, public or signed-in."""

    slug: str
    public: bool

    def _url(self, name: str, *args: str) -> str:
        prefix = "dashboards:public_" if self.public else "dashboards:"
        return reverse(prefix + name, args=[self.slug, *args])

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
        return self._url("indicator", code)


def links_for(access: CommitteeAccess) -> Links:
    return Links(access.committee.slug, access.public)


def gender_of(request: HttpRequest, indicator: Indicator) -> str:
    gender = request.GET.get("kon", "T")
    return gender if gender in {"K", "M"} and indicator.divided_by_gender else "T"


def export_response(
    rows: list[dict[str, Any]], fields: list[str], fmt: str, name: str
) -> HttpResponse:
    response = HttpResponse(render_rows(rows, fields, fmt), content_type=EXPORTS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _overview(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    committee = access.committee
    try:  # ?kvartal=2025Q4 picks the quarter of the ej verkställda summary
        quarter = Quarter.parse(request.GET["kvartal"]) if request.GET.get("kvartal") else None
    except ValueError:
        quarter = None
    groups = committee_comparison_groups(committee)  # with member counts, for the page too
    data = overview_cache.overview(committee, quarter, groups)
    links = links_for(access)
    for card in data.cards:
        card.url = links.indicator(card.indicator.code)
    return render(
        request,
        "dashboards/overview.html",
        {
            "access": access,
            "committee": committee,
            "overview": data,
            "links": links,
            "roles": [] if access.public else access.role_labels,
            "groups": groups,
        },
    )


def _indicator(request: HttpRequest, access: CommitteeAccess, code: str) -> HttpResponse:
    committee = access.committee
    indicator = _committee_indicator(access, code)
    gender = gender_of(request, indicator)
    page = selectors.indicator_page(committee, indicator, gender)
    fmt = request.GET.get("format")
    if fmt in EXPORTS:
        name = f"{indicator.code}-{committee.slug}-{gender}"
        return export_response(page.export_rows(), page.export_fields, fmt, name)
    figure = indicator_chart(
        f"{indicator.title} ({selectors.GENDERS[gender].lower()})",
        indicator.unit,
        indicator.decimals,
        [ChartLine(f"{line.label} – {line.note}", line.chart_points) for line in page.series],
        page.targets if gender == "T" else None,
        page.comments if gender == "T" else None,
    )
    alt = (
        f"Linjediagram över {indicator.title}, {selectors.GENDERS[gender].lower()}, för "
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
            "gender_label": selectors.GENDERS[gender],
            "genders": selectors.GENDERS if indicator.divided_by_gender else {},
            "links": links_for(access),
            "charts": [
                {"id": "indikator", "data_id": "indikator-data", "figure": figure, "alt": alt}
            ],
        },
    )


def _comparison(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    committee = access.committee
    indicators = selectors.committee_indicators(committee)
    kolada = [i for i in indicators if i.is_kolada]
    code = request.GET.get("nyckeltal") or (kolada[0].code if kolada else "")
    indicator = next((i for i in indicators if i.code == code), None)
    links = links_for(access)
    context: dict[str, Any] = {
        "access": access,
        "committee": committee,
        "indicators": kolada,
        "indicator": indicator,
        "links": links,
    }
    if indicator is None:
        return render(request, "dashboards/comparison.html", context)
    gender = gender_of(request, indicator)
    page = selectors.comparison_page(committee, indicator, gender, request.GET.get("ar"))
    rows = [
        {"plats": place, "enhet": bar.label, "varde": bar.value, "slag": bar.note, "kind": bar.kind}
        for place, bar in enumerate(page.bars, start=1)
    ]
    fmt = request.GET.get("format")
    if fmt in EXPORTS:
        name = f"jamforelse-{indicator.code}-{page.period}-{gender}"
        return export_response(rows, ["plats", "enhet", "varde", "slag"], fmt, name)
    table = ComparisonTable(rows, decimals=indicator.decimals)
    RequestConfig(request, paginate=False).configure(table)
    title = f"{indicator.title}, {page.period} ({selectors.GENDERS[gender].lower()})"
    figure = comparison_bars(
        title, indicator.unit, indicator.decimals, [(b.label, b.value, b.kind) for b in page.bars]
    )
    own = committee.municipality.name
    context |= {
        "page": page,
        "gender": gender,
        "genders": selectors.GENDERS if indicator.divided_by_gender else {},
        "table": table,
        "charts": [
            {
                "id": "jamforelse",
                "data_id": "jamforelse-data",
                "figure": figure,
                "alt": f"Liggande staplar för {title}: Göteborgsregionens kommuner och "
                f"jämförelsegrupperna, bäst först; {own} är markerad i rött. "
                "Samma uppgifter finns i tabellen under diagrammet.",
            }
        ],
    }
    return render(request, "dashboards/comparison.html", context)


def _indicator_list(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    committee = access.committee
    links = links_for(access)
    listing = selectors.indicator_listing(
        committee, area=request.GET.get("omrade", ""), key_only=request.GET.get("urval") == "nyckel"
    )
    rows = [
        {
            **row,
            "url": links.indicator(row["kod"]),
        }
        for row in listing.rows
    ]
    fmt = request.GET.get("format")
    if fmt in EXPORTS:
        return export_response(rows, listing.fields, fmt, f"nyckeltal-{committee.slug}")
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


def _committee_indicator(access: CommitteeAccess, code: str) -> Indicator:
    indicator = selectors.committee_indicator(access.committee, code)
    if indicator is None:
        raise Http404("Nämnden följer inte det nyckeltalet.")
    return indicator


@committee_view()
def report_pdf(request: HttpRequest, access: CommitteeAccess) -> HttpResponse:
    pdf = committee_report_pdf(access.committee)
    response = HttpResponse(pdf, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="rapport-{access.committee.slug}.pdf"'
    return response


overview = committee_view()(_overview)
overview_public = committee_view(public=True)(_overview)
indicator = committee_view()(_indicator)
indicator_public = committee_view(public=True)(_indicator)
comparison = committee_view()(_comparison)
comparison_public = committee_view(public=True)(_comparison)
indicator_list = committee_view()(_indicator_list)
indicator_list_public = committee_view(public=True)(_indicator_list)
