"""The RESULT lines of the benchmark scripts: how they are printed and read back.

Every bench script prints its figures for people, and one line per measured figure for
bench/report.py, which writes docs/benchmarks.md from them. The format:

    RESULT {"name": "page.overview", "group": "page", ...}

i.e. the word RESULT, one space and a JSON object on one line. Keys (all but name optional):

    name         unique id, dotted: "<group>.<what>", e.g. "import.ledger.flat"
    group        import | page | command | load | growth | other (the report's section)
    label        what was measured, in words (Swedish or English)
    n            number of runs the figures are over
    median_ms, min_ms, max_ms, p95_ms      times in milliseconds
    queries      SQL queries of one run (pages)
    reference    what the time is judged against, in words ("COPY", "raw SQL ...")
    reference_ms the reference's median in milliseconds; the report prints the ratio
    target       the target in words ("median ≤ 50 ms")
    met          true / false / null (no target, or cannot tell)
    note         anything else worth a line (e.g. rows, peak memory)
    extra        an object of further figures, printed as key=value

`emit()` below prints such a line from raw samples. The writer also reads the older,
free-form lines some scripts print (`RESULT label: key=value key=value (limit 10) ...`): each
key=value becomes a figure, and a "(limit N)" right after one (or "(limit N each)" after a
run of them) judges it: met when value ≤ N.
"""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass, field
from typing import Any

PREFIX = "RESULT "


def summary(samples_ms: list[float]) -> dict[str, float | int]:
    """n, median, min, max and 95th percentile (nearest rank) of samples in ms."""
    ordered = sorted(samples_ms)
    rank = max(0, min(len(ordered) - 1, round(0.95 * len(ordered)) - 1))
    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered), 2),
        "min_ms": round(ordered[0], 2),
        "max_ms": round(ordered[-1], 2),
        "p95_ms": round(ordered[rank], 2),
    }


def emit(name: str, samples_ms: list[float] | None = None, **fields: Any) -> dict[str, Any]:
    """Print one RESULT line (and return its object)."""
    result: dict[str, Any] = {"name": name, "group": name.split(".", 1)[0]}
    if samples_ms:
        result.update(summary(samples_ms))
    result.update({key: value for key, value in fields.items() if value is not None})
    print(PREFIX + json.dumps(result, ensure_ascii=False), flush=True)
    return result


@dataclass
class Result:
    name: str
    group: str = "other"
    label: str = ""
    n: int | None = None
    median_ms: float | None = None
    min_ms: float | None = None
    max_ms: float | None = None
    p95_ms: float | None = None
    queries: int | None = None
    reference: str = ""
    reference_ms: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""
    why: str = ""  # what the script knows of why a target was missed
    extra: dict[str, Any] = field(default_factory=dict)
    source: str = ""  # the script (log) it came from

    @property
    def ratio(self) -> float | None:
        if self.median_ms is None or not self.reference_ms:
            return None
        return self.median_ms / self.reference_ms


KNOWN = set(Result.__dataclass_fields__) - {"source"}
_PAIR = re.compile(r"([\w./-]+)=(\S+)(\s*\(limits?\s+([\d.]+)(\s+each)?[^)]*\))?")


def parse(line: str, source: str = "") -> list[Result]:
    """The results on one output line (none if it is not a RESULT line)."""
    if not line.startswith(PREFIX):
        return []
    body = line[len(PREFIX) :].strip()
    if body.startswith("{"):
        try:
            data = json.loads(body)
        except json.JSONDecodeError:
            return [Result(name=f"unreadable.{source}", note=body, source=source)]
        extra = dict(data.get("extra") or {})
        extra.update({k: v for k, v in data.items() if k not in KNOWN})
        fields = {k: v for k, v in data.items() if k in KNOWN and k != "extra"}
        return [Result(**fields, extra=extra, source=source)]
    return [_parse_pairs(body, source)]


def _parse_pairs(body: str, source: str) -> Result:
    """An older `label: key=value (limit N) ...` line as one result of figures."""
    label, _, rest = body.partition(":") if ":" in body.split("=")[0] else ("", "", body)
    label = label.strip() or source
    figures: dict[str, Any] = {}
    limits: dict[str, float] = {}
    pending: list[str] = []  # keys since the last limit, for "(limit N each)"
    for match in _PAIR.finditer(rest):
        key, value, limit, each = match.group(1), match.group(2), match.group(4), match.group(5)
        figures[key] = value
        pending.append(key)
        if limit is not None:
            for judged in pending if each else [key]:
                limits[judged] = float(limit)
            pending = []
    judged = {}
    for key, limit in limits.items():
        number = _number(figures[key])
        if number is not None:
            judged[key] = number <= limit
    failed = [k for k, ok in judged.items() if not ok]
    note = "; ".join(
        f"{k} {figures[k]} ≤ {limits[k]:g}: {'ja' if judged[k] else 'NEJ'}" for k in judged
    )
    return Result(
        name=f"legacy.{label.replace(' ', '_')}",
        group="other",
        label=label,
        target=", ".join(f"{k} ≤ {limits[k]:g}" for k in limits),
        met=(not failed) if judged else None,
        note=note,
        extra=figures,
        source=source,
    )


def _number(text: str) -> float | None:
    try:
        return float(text.split("/")[0])
    except ValueError:
        return None
