"""Small charts for the overview's cards as inline SVG: pure functions, data in, markup out.

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
OWN_ACCENT = "#6b3fa0"  # the own municipality: a neutral accent, never red or green
OTHER = "#8a8f98"
LABEL_CHARS = 16


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
        return mark_safe("")
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
    return mark_safe(
        f'<svg class="sparkline" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>{lines}{dot}</svg>"
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    own: bool = False


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def comparison_bars_svg(bars: Sequence[Bar], decimals: int, label: str) -> SafeString:
    """Short horizontal bars, one per row: the own municipality (in the accent, bold) and
    the units it is compared with, each named and with its value written out. Bars start
    at 0 (a bar's length is its value); with negative values the zero line moves right.
    Empty without at least two bars."""
    if len(bars) < 2:
        return mark_safe("")
    row, label_w, value_w, width = 16, 96, 44, 260
    bar_w = width - label_w - value_w
    low = min(0.0, *(b.value for b in bars))
    high = max(0.0, *(b.value for b in bars))
    span = (high - low) or 1.0

    def x(value: float) -> float:
        return label_w + (value - low) / span * bar_w

    parts = []
    for number, bar in enumerate(bars):
        top = number * row
        left, right = sorted((x(0.0), x(bar.value)))
        colour = OWN_ACCENT if bar.own else OTHER
        weight = ' font-weight="bold"' if bar.own else ""
        parts.append(
            f'<text x="0" y="{top + 12}" font-size="11"{weight}>{escape(_short(bar.label))}</text>'
            f'<rect x="{_num(left)}" y="{top + 3}" width="{_num(max(right - left, 1.0))}" '
            f'height="10" fill="{colour}"/>'
            f'<text x="{width}" y="{top + 12}" font-size="11" text-anchor="end"{weight}>'
            f"{escape(format_number(bar.value, decimals))}</text>"
        )
    height = row * len(bars)
    return mark_safe(
        f'<svg class="minibars" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>{''.join(parts)}</svg>"
    )
