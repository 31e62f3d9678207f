"""Pure chart functions: data in, Plotly figure out (no database, testable alone).

A figure is Plotly's JSON form, {"data": [...], "layout": {...}}, which plotly.js draws
directly; building it as plain data keeps a page with many charts fast (graph_objects
would validate and copy every trace on each request). Amounts are in tkr with Swedish
separators (decimal comma, space between thousands).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from apps.core.charts import Figure
from apps.core.charts import layout as _layout
from apps.core.small_counts import chart_counts, is_suppressed

SECTION_COLOURS = {
    "ny": ("Nya", "#123b63"),
    "ej_tidigare_rapporterade": ("Ej tidigare rapporterade", "#8a6d00"),
    "verkstallda": ("Verkställda", "#1d6b2f"),
    "avslutade": ("Avslutade", "#6b6b6b"),
    "fortfarande_ej_verkstallda": ("Fortfarande ej verkställda", "#a4262c"),
}


def _count_bars(counts: Sequence[int], exact: bool) -> dict[str, Any]:
    """y values and labels through the one small-count rule: a count of 1–2 is not in the
    data at all (None) and its label says "<3"."""
    values, labels = chart_counts(counts, exact)
    return {
        "y": values,
        "text": [label if label not in {"0"} else "" for label in labels],
        "textposition": "inside",
        "hovertemplate": "%{x}: %{text}<extra>%{fullData.name}</extra>",
    }


def _hidden_labels(
    x: Sequence[str], series: dict[str, Sequence[int]], exact: bool
) -> list[dict[str, Any]]:
    """A text-only trace that says, above each bar, which counts are hidden as "<3" (the
    hidden counts themselves are not in the data). Its y is the height of what is drawn:
    a sum of shown counts, each 0 or at least 3, so never 1 or 2."""
    if exact:
        return []
    points = []
    for index, category in enumerate(x):
        hidden = [name for name, counts in series.items() if is_suppressed(counts[index])]
        if hidden:
            shown = sum(c[index] for c in series.values() if not is_suppressed(c[index]))
            text = "<3" if len(series) == 1 else "<3: " + ", ".join(hidden)
            points.append((category, shown, text))
    if not points:
        return []
    return [
        {
            "type": "scatter",
            "mode": "text",
            "x": [category for category, _, _ in points],
            "y": [height for _, height, _ in points],
            "text": [text for _, _, text in points],
            "textposition": "top center",
            "hoverinfo": "text",
            "showlegend": False,
            "name": "Dolda antal",
        }
    ]


def stacked_quarters(
    title: str, quarters: Sequence[str], counts: dict[str, Sequence[int]], exact: bool = False
) -> Figure:
    """Decisions per quarter, stacked by section (new, carried out, closed, still open)."""
    shown = {
        key: (label, colour)
        for key, (label, colour) in SECTION_COLOURS.items()
        if key in counts and (key != "ej_tidigare_rapporterade" or any(counts[key]))
    }
    return {
        "data": [
            {
                "type": "bar",
                "x": list(quarters),
                **_count_bars(counts[key], exact),
                "name": label,
                "marker": {"color": colour},
            }
            for key, (label, colour) in shown.items()
        ]
        + _hidden_labels(
            quarters, {label.lower(): counts[key] for key, (label, _) in shown.items()}, exact
        ),
        "layout": _layout(title, barmode="stack", yaxis={"title": {"text": "antal beslut"}}),
    }


def waiting_bands(bands: Sequence[str], counts: Sequence[int], exact: bool = False) -> Figure:
    """How long the decisions not yet carried out have waited."""
    return {
        "data": [
            {
                "type": "bar",
                "x": list(bands),
                **_count_bars(counts, exact),
                "name": "Väntar",
                "marker": {"color": "#a4262c"},
            },
            *_hidden_labels(bands, {"antal": counts}, exact),
        ],
        "layout": _layout(
            "Väntetid för ej verkställda beslut",
            hovermode="closest",
            yaxis={"title": {"text": "antal beslut"}},
        ),
    }


# -- key figures ------------------------------------------------------------------------------

LINE_COLOURS = ["#123b63", "#8a6d00", "#1d6b2f", "#6b3fa0", "#555555", "#a4262c"]
OWN_QUARTERS = "#0b7a75"
TARGET = "#a4262c"


@dataclass(frozen=True)
class ChartLine:
    """One series for a chart: a name that says what it is, and (period, value,
    preliminary) points; a missing value is None."""

    name: str
    points: Sequence[tuple[str, float | None, bool]]


def period_date(period: str) -> str:
    """Where a period sits on a time axis: a year at 1 July, a quarter or tertial at its
    middle month's 15th, a month at its 15th."""
    year = int(period[:4])
    if len(period) == 4:
        return f"{year}-07-01"
    if period[4] == "M":
        return f"{year}-{period[5:7]}-15"
    months = 3 if period[4] == "Q" else 4
    middle = (int(period[5]) - 1) * months + (months + 1) // 2
    return f"{year}-{middle:02d}-15"


PARTS_NAMES = {"Q": "per kvartal", "T": "per tertial", "M": "per månad"}


def _parts_name(periods: Sequence[str]) -> str:
    kinds = {p[4] for p in periods}
    return "egen uppföljning " + (PARTS_NAMES[kinds.pop()] if len(kinds) == 1 else "under året")


def _value_format(decimals: int) -> str:
    return f",.{decimals}f"


def indicator_chart(
    title: str,
    unit: str,
    decimals: int,
    lines: Sequence[ChartLine],
    targets: dict[str, float] | None = None,
    comments: dict[str, str] | None = None,
) -> Figure:
    """The municipality's yearly values (the first line), its quarterly own values, the
    comparison groups and riket over time; the target as a dashed step line; comments as
    annotations on the municipality's points. A missing year is a gap (no line across it)
    labelled "saknas"; a preliminary value has an open marker."""
    known = sorted({int(p[:4]) for line in lines for p, _, _ in line.points})
    years = [str(year) for year in range(known[0], known[-1] + 1)] if known else []
    data: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    fmt = _value_format(decimals)
    suffix = f" {unit}" if unit else ""
    for index, line in enumerate(lines):
        values = {p: (v, prel) for p, v, prel in line.points}
        yearly = [p for p, _, _ in line.points if len(p) == 4]
        parts = sorted(p for p, _, _ in line.points if len(p) != 4)
        colour = LINE_COLOURS[index % len(LINE_COLOURS)]
        for periods, quarterly in ((yearly, False), (parts, True)):
            if not periods:
                continue
            if not quarterly:  # every year in the range, so missing ones are gaps
                first, last = int(min(periods)), int(max(periods))
                periods = [str(year) for year in range(first, last + 1)]
            ys = [values.get(p, (None, False))[0] for p in periods]
            preliminary = [values.get(p, (None, False))[1] for p in periods]
            name = f"{line.name}, {_parts_name(periods)}" if quarterly else line.name
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "name": name,
                    "x": [period_date(p) for p in periods],
                    "y": ys,
                    "customdata": [
                        f"{p}{' (preliminärt)' if prel else ''}"
                        for p, prel in zip(periods, preliminary, strict=True)
                    ],
                    "connectgaps": False,
                    "line": {
                        "color": OWN_QUARTERS if quarterly else colour,
                        "width": 3 if index == 0 else 2,
                        "dash": "dot" if quarterly else "solid",
                    },
                    "marker": {
                        "size": 9 if index == 0 else 7,
                        "symbol": ["circle-open" if prel else "circle" for prel in preliminary],
                    },
                    "hovertemplate": f"%{{customdata}}: %{{y:{fmt}}}{suffix}<extra>{name}</extra>",
                }
            )
            if index == 0:
                for period, value in zip(periods, ys, strict=True):
                    if value is None:
                        annotations.append(
                            {
                                "x": period_date(period),
                                "y": 0,
                                "yref": "paper",
                                "yanchor": "bottom",
                                "text": f"{period}: saknas",
                                "showarrow": False,
                                "font": {"size": 11, "color": "#555555"},
                            }
                        )
    if targets:
        # Each year's target holds from 1 January to 31 December (a step line).
        periods = sorted(targets)
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": "Mål",
                "x": [f"{p}-01-01" for p in periods] + [f"{periods[-1]}-12-31"],
                "y": [targets[p] for p in periods] + [targets[periods[-1]]],
                "line": {"color": TARGET, "dash": "dash", "shape": "hv", "width": 2},
                "hovertemplate": f"Mål %{{x|%Y}}: %{{y:{fmt}}}{suffix}<extra></extra>",
            }
        )
    own = {p: v for p, v, _ in lines[0].points} if lines else {}
    for period, text in sorted((comments or {}).items()):
        short = text if len(text) <= 60 else text[:57].rstrip() + " …"
        annotations.append(
            {
                "x": period_date(period),
                "y": own.get(period),
                "text": f"{period}: {short}",
                "hovertext": text,
                "showarrow": True,
                "arrowhead": 2,
                "ax": 0,
                "ay": -40,
                "bgcolor": "#fffbe6",
                "bordercolor": "#8a6d00",
                "font": {"size": 11},
            }
        )
    return {
        "data": data,
        "layout": _layout(
            title,
            annotations=annotations,
            hovermode="closest",
            yaxis={"title": {"text": unit}, "tickformat": fmt, "rangemode": "tozero"},
            xaxis={
                "type": "date",
                "tickvals": [period_date(year) for year in years],
                "ticktext": years,
            },
        ),
    }


# The own municipality in a neutral accent: red and green read as Kolada's worst and best.
OWN_ACCENT = "#6b3fa0"
BAR_KINDS = {  # kind → colour and the legend's name ({} is the own municipality's)
    "own": (OWN_ACCENT, "{} (egen kommun)"),
    "member": ("#9bb3cc", "Övriga kommuner i Göteborgsregionen"),
    "group": ("#123b63", "Jämförelsegrupper"),
    "riket": ("#555555", "Riket"),
}


def comparison_bars(
    title: str, unit: str, decimals: int, bars: Sequence[tuple[str, float, str]]
) -> Figure:
    """One year for every GR member and the groups as horizontal bars, best first: one
    trace per kind, so the legend names the own municipality (in a neutral accent), the
    other members, the groups and riket."""
    fmt = _value_format(decimals)
    suffix = f" {unit}" if unit else ""
    own = next((label for label, _, kind in bars if kind == "own"), "")
    traces = []
    for kind, (colour, name) in BAR_KINDS.items():
        shown = [(label, value) for label, value, k in bars if k == kind]
        if not shown:
            continue
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": [label for label, _ in shown],
                "x": [value for _, value in shown],
                "name": name.format(own),
                "marker": {"color": colour},
                "texttemplate": f"%{{x:{fmt}}}",
                "textposition": "outside",
                "hovertemplate": f"%{{y}}: %{{x:{fmt}}}{suffix}<extra></extra>",
            }
        )
    return {
        "data": traces,
        "layout": _layout(
            title,
            height=max(320, 26 * len(bars) + 160),
            hovermode="closest",
            barmode="overlay",
            yaxis={
                "autorange": "reversed",
                "automargin": True,
                "categoryorder": "array",
                "categoryarray": [label for label, _, _ in bars],
            },
            xaxis={"title": {"text": unit}, "tickformat": fmt, "rangemode": "tozero"},
        ),
    }
