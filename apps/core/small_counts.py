"""The one rule for small counts shown to politicians and the public.

A count of 1 or 2 in a small group could point out a person, so everything a politician or
the public can reach (tables, charts and the chart data sent to the browser, public pages,
exports, PDFs) shows it as "<3". `is_suppressed` decides; the other functions only present
its answer for a table cell, a chart point or a chart label.
"""

from __future__ import annotations

from collections.abc import Sequence

SUPPRESSED = "<3"


def is_suppressed(count: int | None) -> bool:
    return count is not None and 0 < count < 3


def shown_count(count: int, exact: bool = False) -> int | str:
    """A count as a table or file cell: the number (it stays a number in XLSX), or "<3" for
    1–2 unless `exact` (the rapportör's own working views)."""
    return count if exact or not is_suppressed(count) else SUPPRESSED


def small_count(count: int | None, exact: bool = False) -> str:
    """A count as text, through the same rule ("" for a missing count)."""
    return "" if count is None else str(shown_count(count, exact))


def shown_total(parts: Sequence[int], exact: bool = False) -> str:
    """A total beside parts that are shown through the rule. Where a part is hidden, an
    exact total would give it away by subtraction, so the total says "minst N" (each
    hidden part counted as 1): no more than the "<3" of its parts already says."""
    if exact or not any(is_suppressed(part) for part in parts):
        return str(sum(parts))
    return f"minst {sum(1 if is_suppressed(part) else part for part in parts)}"


def chart_counts(counts: Sequence[int], exact: bool = False) -> tuple[list[int | None], list[str]]:
    """Counts for a chart: (y values, text labels). A suppressed count is left out of the
    data (None) so that neither the bar nor the JSON sent to the browser holds it, and
    its label says "<3"."""
    values: list[int | None] = []
    labels: list[str] = []
    for count in counts:
        hidden = not exact and is_suppressed(count)
        values.append(None if hidden else count)
        labels.append(SUPPRESSED if hidden else str(count))
    return values, labels
