"""Charts for the printed committee report: the same data as the Plotly charts, drawn by
matplotlib as SVG (text kept as text, so the PDF can be searched and read aloud)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from matplotlib import rcParams
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from apps.core.formatting import format_number
from apps.dashboards.charts import LINE_COLOURS, OWN_QUARTERS, TARGET, ChartLine

rcParams["svg.fonttype"] = "none"
rcParams["font.family"] = "DejaVu Sans"


def period_position(period: str) -> float:
    """A year at its middle, a quarter, tertial or month at its own middle."""
    year = int(period[:4])
    if len(period) == 4:
        return year + 0.5
    if period[4] == "M":
        return year + (int(period[5:7]) - 0.5) / 12
    parts = 4 if period[4] == "Q" else 3
    return year + (int(period[5]) - 0.5) / parts


def indicator_svg(
    title: str,
    unit: str,
    decimals: int,
    lines: Sequence[ChartLine],
    targets: dict[str, float] | None = None,
    comments: Sequence[str] = (),
) -> str:
    """Lines over time (gaps where values are missing), the target dashed, and the periods
    that carry a comment numbered (the numbers refer to the list printed under it)."""
    figure = Figure(figsize=(7.2, 3.0), dpi=100)
    axes = figure.add_subplot()
    for index, line in enumerate(lines):
        for quarterly in (False, True):
            points = sorted((p, v) for p, v, _ in line.points if (len(p) != 4) == quarterly)
            if not points:
                continue
            xs = [period_position(p) for p, _ in points]
            ys = [float("nan") if v is None else v for _, v in points]
            colour = OWN_QUARTERS if quarterly else LINE_COLOURS[index % len(LINE_COLOURS)]
            label = f"{line.name}, per kvartal" if quarterly else line.name
            axes.plot(
                xs,
                ys,
                marker="o",
                markersize=3.5,
                linewidth=2.2 if index == 0 else 1.4,
                linestyle=":" if quarterly else "-",
                color=colour,
                label=label,
            )
    if targets:
        periods = sorted(targets)
        axes.step(
            [period_position(p) - 0.5 for p in periods] + [period_position(periods[-1]) + 0.5],
            [targets[p] for p in periods] + [targets[periods[-1]]],
            where="post",
            linestyle="--",
            color=TARGET,
            linewidth=1.4,
            label="Mål",
        )
    own = {p: v for p, v, _ in lines[0].points} if lines else {}
    for number, period in enumerate(comments, start=1):
        value = own.get(period)
        if value is not None:
            axes.annotate(
                str(number),
                (period_position(period), value),
                xytext=(0, 10),
                textcoords="offset points",
                ha="center",
                fontsize=8,
                bbox={"boxstyle": "circle,pad=0.2", "fc": "#fffbe6", "ec": "#8a6d00"},
            )
    axes.set_title(title, fontsize=9, loc="left", wrap=True)
    axes.set_ylabel(unit, fontsize=8)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda y, _: format_number(y, decimals)))
    years = sorted({int(p[:4]) for line in lines for p, _, _ in line.points})
    axes.set_xticks([y + 0.5 for y in years], [str(y) for y in years])
    axes.tick_params(labelsize=8)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    return buffer.getvalue()
