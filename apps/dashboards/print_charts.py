"""Charts for the printed committee report (PDF and Word): the same data as the Plotly
charts, drawn by matplotlib — SVG for the PDF (text kept as text, so it can be searched and
read aloud), PNG for Word.

Pure functions of their arguments. Axes are honest: a chart's value axis starts at 0 unless
the values vary too little to be seen from 0; then the axis is zoomed and the chart says
so in its own corner ("Axeln börjar vid 70").
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from matplotlib import rcParams
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from apps.core.formatting import format_number
from apps.dashboards.charts import TARGET

rcParams["svg.fonttype"] = "none"
rcParams["font.family"] = "DejaVu Sans"

# A line axis is zoomed only when the values' spread is below this share of the largest
# value: from 0 such a line would look flat, whatever happened.
ZOOM_BELOW = 0.15
CHART_SIZE = (2.45, 1.55)  # inches: three charts side by side on an A4 page


@dataclass(frozen=True)
class PrintLine:
    """One line: its name, colour, and (period, value) points (None: missing)."""

    name: str
    colour: str
    points: Sequence[tuple[str, float | None]]
    own: bool = False  # the own municipality: drawn thicker


@dataclass(frozen=True)
class PrintChart:
    unit: str
    decimals: int
    lines: Sequence[PrintLine]
    targets: dict[str, float] = field(default_factory=dict)  # year → target
    comments: Sequence[str] = ()  # periods numbered in the chart (the list is printed beside)


def period_position(period: str) -> float:
    """A year at its middle, a quarter, tertial or month at its own middle."""
    year = int(period[:4])
    if len(period) == 4:
        return year + 0.5
    if period[4] == "M":
        return year + (int(period[5:7]) - 0.5) / 12
    parts = 4 if period[4] == "Q" else 3
    return year + (int(period[5]) - 0.5) / parts


def nice_floor(value: float) -> float:
    """A round number at or below `value` (for a zoomed axis' start): 73.4 → 70, 0.84 → 0.8."""
    if value <= 0:
        return 0.0
    step = 10 ** math.floor(math.log10(value))
    return math.floor(value / step) * step


def axis_floor(values: Sequence[float]) -> float | None:
    """Where the value axis starts: None for 0 (or below, when there are negative values),
    else the start of a zoomed axis, which the chart must mark."""
    if not values or min(values) <= 0:
        return None
    low, high = min(values), max(values)
    if high - low >= ZOOM_BELOW * high:
        return None
    start = nice_floor(low - (high - low))
    if start >= low:  # the spread is below the rounding step: go one step lower
        start = nice_floor(low * 0.9)
    return start if start > 0 else None


def report_chart(chart: PrintChart, fmt: str = "svg") -> bytes:
    """A small line chart: the lines, the target as a dashed step, numbered comments, the
    value axis from 0 (or zoomed, and saying so). `fmt` is "svg" or "png"."""
    figure = Figure(figsize=CHART_SIZE, dpi=200 if fmt == "png" else 100)
    axes = figure.add_subplot()
    values: list[float] = []
    for line in chart.lines:
        points = sorted(line.points)
        xs = [period_position(p) for p, _ in points]
        ys = [float("nan") if v is None else v for _, v in points]
        values += [v for _, v in points if v is not None]
        axes.plot(
            xs,
            ys,
            marker="o",
            markersize=2.6 if line.own else 1.8,
            linewidth=1.8 if line.own else 0.9,
            color=line.colour,
            zorder=3 if line.own else 2,
        )
    if chart.targets:
        periods = sorted(chart.targets)
        values += list(chart.targets.values())
        axes.step(
            [period_position(p) - 0.5 for p in periods] + [period_position(periods[-1]) + 0.5],
            [chart.targets[p] for p in periods] + [chart.targets[periods[-1]]],
            where="post",
            linestyle="--",
            color=TARGET,
            linewidth=1.0,
        )
    own = next((line for line in chart.lines if line.own), None)
    own_values = dict(own.points) if own else {}
    for number, period in enumerate(chart.comments, start=1):
        value = own_values.get(period)
        if value is not None:
            axes.annotate(
                str(number),
                (period_position(period), value),
                xytext=(0, 6),
                textcoords="offset points",
                ha="center",
                fontsize=5.5,
                bbox={"boxstyle": "circle,pad=0.15", "fc": "#fffbe6", "ec": "#8a6d00", "lw": 0.5},
            )
    floor = axis_floor(values)
    high = max(values, default=1.0)
    if floor is None:
        axes.set_ylim(bottom=min(0.0, min(values, default=0.0) * 1.1), top=max(high * 1.12, 1))
        if min(values, default=0.0) < 0:
            axes.axhline(0, color="#555555", linewidth=0.6)
    else:
        axes.set_ylim(bottom=floor, top=high + (high - floor) * 0.15)
        axes.text(
            0.99,
            0.02,
            f"Axeln börjar vid {format_number(floor, chart.decimals if floor % 1 else 0)}",
            transform=axes.transAxes,
            ha="right",
            va="bottom",
            fontsize=5,
            style="italic",
            color="#333333",
            bbox={"fc": "white", "ec": "none", "pad": 0.5},
        )
    axes.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=chart.decimals == 0))
    axes.yaxis.set_major_formatter(
        FuncFormatter(lambda y, _: format_number(y, chart.decimals if y % 1 else 0))
    )
    years = sorted(
        {int(p[:4]) for line in chart.lines for p, _ in line.points}
        | {int(year) for year in chart.targets}
    )
    step = max(1, math.ceil(len(years) / 6))
    shown = years[::step]
    axes.set_xticks([y + 0.5 for y in shown], [str(y) for y in shown])
    if years:
        axes.set_xlim(years[0] - 0.05, years[-1] + 1.05)
    axes.set_ylabel(chart.unit, fontsize=5.5, labelpad=1)
    axes.tick_params(labelsize=5.5, length=2, pad=1)
    axes.grid(axis="y", color="#dddddd", linewidth=0.4)
    axes.spines[["top", "right"]].set_visible(False)
    for spine in axes.spines.values():
        spine.set_linewidth(0.5)
    figure.tight_layout(pad=0.3)
    if fmt == "png":
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    text = io.StringIO()
    figure.savefig(text, format="svg")
    return text.getvalue().encode()
