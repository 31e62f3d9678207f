"""Small charts for the overview's cards: pure functions, data in, markup out (a sparkline
as inline SVG, the comparison as short HTML bars).

Rendered on the server, so a card reads without JavaScript (the CSP allows no inline
script) and prints. Each chart carries its text alternative; the card says the same in
words beside it, so nothing is told by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.core.formatting import format_number

LINE = "#123b63"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def sparkline_svg(
    points: Sequence[tuple[str, float | None]], label: str, width: int = 120, height: int = 32
) -> SafeString:
    """A line through the values (period, value) in order, the last one marked with a dot;
    a missing value breaks the line. Empty when fewer than two values: a line needs two.

    The vertical scale runs from the lowest to the highest value shown (a sparkline shows
    the shape of the change, not its size); the label says the first and last value."""
    known = [(i, v) for i, (_, v) in enumerate(points) if v is not None]
    if len(known) < 2:
        return SafeString("")
    low = min(v for _, v in known)
    high = max(v for _, v in known)
    pad = 3.0
    step = (width - 2 * pad) / max(len(points) - 1, 1)

    def xy(index: int, value: float) -> tuple[float, float]:
        span = high - low
        y = height / 2 if span == 0 else pad + (high - value) / span * (height - 2 * pad)
        return pad + index * step, y

    runs: list[list[str]] = [[]]
    for index, (_, value) in enumerate(points):
        if value is None:
            runs.append([])
            continue
        x, y = xy(index, value)
        runs[-1].append(f"{_num(x)},{_num(y)}")
    lines = "".join(
        f'<polyline points="{" ".join(run)}" fill="none" stroke="{LINE}" stroke-width="1.5" '
        'stroke-linejoin="round" stroke-linecap="round"/>'
        for run in runs
        if len(run) > 1
    )
    last_x, last_y = xy(*known[-1])
    dot = f'<circle cx="{_num(last_x)}" cy="{_num(last_y)}" r="2.5" fill="{LINE}"/>'
    # Every text is escaped; the rest is numbers formatted here and a constant colour.
    return mark_safe(  # nosec B308, B703
        f'<svg class="sparkline" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>{lines}{dot}</svg>"
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    own: bool = False


def _pct(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") + "%"


def comparison_bars_html(bars: Sequence[Bar], decimals: int, label: str) -> SafeString:
    """Short horizontal bars, one row each: the own municipality first (bold, in the accent)
    and the units it is compared with, each named and with its value written out, so that
    nothing is told by colour or length alone. Bars start at 0 (a bar's length is its
    value); with negative values the zero line moves right. HTML rather than SVG, so that
    the names wrap and stay legible in a narrow card. Empty without at least two bars."""
    if len(bars) < 2:
        return SafeString("")
    low = min(0.0, *(b.value for b in bars))
    high = max(0.0, *(b.value for b in bars))
    span = (high - low) or 1.0
    rows = []
    for bar in bars:
        start = (min(bar.value, 0.0) - low) / span * 100
        width = max(abs(bar.value) / span * 100, 0.5)
        own = " minibars__row--own" if bar.own else ""
        rows.append(
            f'<li class="minibars__row{own}"><span class="minibars__label">{escape(bar.label)}'
            f'</span><span class="minibars__track" aria-hidden="true"><span class="minibars__bar"'
            f' style="margin-left:{_pct(start)};width:{_pct(width)}"></span></span>'
            f'<span class="minibars__value">{escape(format_number(bar.value, decimals))}</span>'
            "</li>"
        )
    # Labels and values escaped above; widths are numbers formatted here.
    html = f'<ul class="minibars" aria-label="{escape(label)}">{"".join(rows)}</ul>'
    return mark_safe(html)  # nosec B308, B703
