"""Write docs/benchmarks.md from the RESULT lines of a `make bench` run.

    python bench/report.py LOG_DIR [--output docs/benchmarks.md]

LOG_DIR holds one `<script>.log` per bench script (scripts/bench.sh tees each script's
output there) and `meta.json` (when the run started and ended, QUICK or not). The RESULT
format is described in bench/results.py; older `RESULT label: key=value` lines are read too.
The file is never edited by hand: run `make bench` again.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import Result, parse  # noqa: E402

SECTIONS = [
    (
        "import",
        "Imports",
        "Each import as its command runs it (its own process where said), "
        "against PostgreSQL's own `COPY` of the same rows into the same table (with its indexes).",
    ),
    (
        "page",
        "Pages",
        "Server time through the URL (Django's test client: middleware, view, "
        "template), after a warm-up. *Raw SQL* is the time of the page's own queries, captured "
        "with `CaptureQueriesContext` and run again with `cursor.execute` (median over the same "
        "number of runs); the ratio says how much the page costs beyond its SQL.",
    ),
    (
        "command",
        "Report and export commands",
        "`call_command` in the bench process, output to a file.",
    ),
    (
        "load",
        "Concurrency",
        "locust, headless, against gunicorn on 127.0.0.1 with "
        "`config.settings.production`; simulated users log in as bench users and browse the "
        "overview, indicator, comparison and budget pages of several committees.",
    ),
    (
        "growth",
        "Growth",
        "Page time and SQL queries as the installation grows: indicators per "
        "committee and committees in the installation. Queries should be flat; time should grow "
        "no faster than what the page shows.",
    ),
    ("other", "Other figures", "Lines in the older `RESULT label: key=value` form."),
]


def ms(value: float | None) -> str:
    if value is None:
        return "–"
    if value >= 10_000:
        return f"{value / 1000:.1f} s"
    if value >= 1000:
        return f"{value / 1000:.2f} s"
    if value >= 10:
        return f"{value:.0f} ms"
    return f"{value:.1f} ms"


def spread(result: Result) -> str:
    if result.min_ms is None or result.max_ms is None:
        return "–"
    return f"{ms(result.min_ms)}–{ms(result.max_ms)} (n={result.n})"


def verdict(result: Result) -> str:
    return {True: "ja", False: "**NEJ**", None: "–"}[result.met]


def ratio(result: Result) -> str:
    value = result.ratio
    return "–" if value is None else f"{value:.2f}×"


def extra(result: Result) -> str:
    parts = [result.note] if result.note else []
    parts += [f"{k}={v}" for k, v in result.extra.items()]
    return "; ".join(parts).replace("|", "/")


def table(rows: list[list[str]], head: list[str]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell.replace("\n", " ") for cell in row) + " |" for row in rows]
    return lines


def section(group: str, results: list[Result]) -> list[str]:
    if group == "load":
        runs = [r for r in results if "users" in r.extra]
        others = [r for r in results if "users" not in r.extra]
        lines = [*load_table(runs), ""]
        for r in others:
            time = ms(r.median_ms) if r.median_ms is not None else "ej klar"
            lines.append(f"- {r.label}: {time}; {extra(r)}.")
        return lines
    if group == "growth":
        judged = [r for r in results if r.target]
        measured = [r for r in results if not r.target]
        return [
            *growth_table(measured),
            "",
            *table(
                [[r.label, r.target, extra(r), verdict(r)] for r in judged],
                ["Page and axis", "Target", "Measured", "Met"],
            ),
        ]
    if group == "other":
        return table(
            [[r.label, r.source, extra(r), r.target or "–", verdict(r)] for r in results],
            ["Line", "Script", "Figures", "Target", "Met"],
        )
    return figure_table(results)


def load_table(results: list[Result]) -> list[str]:
    return table(
        [
            [
                r.label or r.name,
                str(r.extra.get("users", "–")),
                f"{r.extra.get('seconds', '–')} s",
                str(r.extra.get("requests", "–")),
                str(r.extra.get("failures", "–")),
                f"{r.extra.get('rps', '–')}/s",
                ms(r.median_ms),
                ms(r.p95_ms),
                ms(r.max_ms),
                r.target or "–",
                verdict(r),
                r.note or "–",
            ]
            for r in results
        ],
        ["Run", "Users", "Time", "Requests", "Errors", "Throughput", "Median", "p95",
         "Max", "Target", "Met", "Note"],
    )  # fmt: skip


def growth_table(results: list[Result]) -> list[str]:
    return table(
        [
            [
                r.label or r.name,
                str(r.extra.get("indicators", "–")),
                str(r.extra.get("committees", "–")),
                str(r.extra.get("shown", "–")),
                ms(r.median_ms),
                spread(r),
                "–" if r.queries is None else str(r.queries),
                ms(r.reference_ms),
                extra_without(r, {"indicators", "committees", "shown"}),
            ]
            for r in results
        ],
        ["Page", "Indicators per committee", "Committees added", "Shown on the page",
         "Median", "Spread", "Queries", "Raw SQL", "Note"],
    )  # fmt: skip


def figure_table(results: list[Result]) -> list[str]:
    return table(
        [
            [
                r.label or r.name,
                ms(r.median_ms),
                spread(r),
                ms(r.p95_ms),
                "–" if r.queries is None else str(r.queries),
                f"{ms(r.reference_ms)} ({r.reference})" if r.reference_ms else r.reference or "–",
                ratio(r),
                r.target or "–",
                verdict(r),
                extra(r),
            ]
            for r in results
        ],
        ["Figure", "Median", "Spread (min–max)", "p95", "Queries", "Reference", "Ratio",
         "Target", "Met", "Note"],
    )  # fmt: skip


def extra_without(result: Result, keys: set[str]) -> str:
    parts = [result.note] if result.note else []
    parts += [f"{k}={v}" for k, v in result.extra.items() if k not in keys]
    return "; ".join(parts).replace("|", "/")


def machine() -> str:
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.1f} GiB RAM"
    return f"{os.cpu_count()} cores ({cpu or platform.processor()}){memory}, {platform.system()}"


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
            check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def collect(log_dir: Path) -> list[Result]:
    results: list[Result] = []
    for log in sorted(log_dir.glob("*.log")):
        for line in log.read_text(errors="replace").splitlines():
            results.extend(parse(line.strip(), source=log.stem))
    return results


def write(log_dir: Path, output: Path) -> str:
    meta = (
        json.loads((log_dir / "meta.json").read_text()) if (log_dir / "meta.json").exists() else {}
    )
    results = collect(log_dir)
    judged = [r for r in results if r.met is not None]
    missed = [r for r in judged if not r.met]
    lines = [
        "# Benchmarks",
        "",
        "<!-- Written by `make bench` (bench/report.py). Do not edit: run `make bench`. -->",
        "",
        f"Written by `make bench{' QUICK=1' if meta.get('quick') else ''}` on "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC at commit `{meta.get('commit') or commit()}`; "
        f"machine: {machine()}. "
        f"PostgreSQL and Redis are the test harness's (scripts/services.sh: fsync off).",
        "",
    ]
    if meta.get("quick"):
        lines += [
            "**QUICK run**: a smaller data set (see each figure's note); the targets are set "
            "for the full data set, so a QUICK run only shows that everything runs. Run "
            "`make bench` for the figures the targets judge.",
            "",
        ]
    if meta.get("seconds"):
        lines += [f"The whole run took {meta['seconds'] / 60:.1f} minutes.", ""]
    if meta.get("load_start") or meta.get("load_end"):
        lines += [
            f"Load average (1, 5, 15 min) of the machine at the start: "
            f"{meta.get('load_start', '?')}; at the end: {meta.get('load_end', '?')}. On 2 "
            "cores, anything above 2 means other work shared the CPU and the times are "
            "longer than on an idle machine.",
            "",
        ]
    ran = {log.stem for log in log_dir.glob("*.log")}
    never = sorted(p.stem for p in (ROOT / "bench").glob("bench_*.py") if p.stem not in ran)
    if never or not meta:
        lines += [
            "**Incomplete run**: "
            + ("the run did not finish (no meta.json). " if not meta else "")
            + ("Scripts with no output: " + ", ".join(f"`{n}`" for n in never) if never else ""),
            "",
        ]
    if meta.get("failed"):
        lines += [
            "**Scripts that failed** (their figures are missing below): "
            + ", ".join(f"`{name}`" for name in meta["failed"]),
            "",
        ]
    lines += [
        "## Targets",
        "",
        f"{len(judged) - len(missed)} of {len(judged)} judged figures meet their target"
        + (": every one." if not missed else "; missed:"),
        "",
    ]
    for r in missed:
        lines.append(f"- **{r.label or r.name}**: {r.target}; measured {describe(r)}.")
        lines += [f"  - Varför: {reason}" for reason in reasons(r, meta, results)]
    if missed:
        lines.append("")
    missing = [r for r in results if r.extra.get("missing")]
    for r in missing:
        lines.append(f"- {r.label or r.name}: saknas ({r.note}).")
    if missing:
        lines.append("")
    for group, title, intro in SECTIONS:
        found = [r for r in results if r.group == group]
        if not found:
            continue
        lines += [f"## {title}", "", intro, ""]
        lines += section(group, found)
        lines.append("")
    lines += [
        "## How the figures are made",
        "",
        "`make bench` (scripts/bench.sh) starts a throwaway PostgreSQL and Redis, migrates, and "
        "runs every `bench/bench_*.py` script, saving each one's output under "
        "`var/bench/out/`; `bench/report.py` then writes this file from the lines that start "
        "with `RESULT` (format: bench/results.py). `make bench QUICK=1` runs the same on a "
        "smaller data set in a few minutes. Medians are over the stated n runs; the spread is "
        "min–max over the same runs.",
        "",
    ]
    text = "\n".join(lines)
    output.write_text(text, encoding="utf-8")
    return text


def reasons(result: Result, meta: dict[str, Any], results: Sequence[Result] = ()) -> list[str]:
    """What the run itself tells of a missed target: the script's own reason, where an
    import's time goes (its re-import of the same rows reads and compares everything and
    writes nothing), the share of the page's time spent in its SQL and how a growing page's
    own SQL grew. (The load averages in the header say how busy the machine was; the bench
    itself keeps one or two cores busy, so they cannot tell other work apart.)"""
    by_name = {r.name: r for r in results}
    found = [result.why] if result.why else []
    again = by_name.get(result.name + ".reimport")
    if result.group == "import" and again and again.median_ms and result.median_ms:
        written = result.median_ms - again.median_ms
        found.append(
            f"att läsa, kontrollera och jämföra alla rader utan att skriva något tar "
            f"{ms(again.median_ms)} (omimporten av samma filer); skrivningen tar resten, "
            f"{ms(written)}"
            + (f", mot {ms(result.reference_ms)} för COPY" if result.reference_ms else "")
            + ". Referensen läser färdiga rader; importen tolkar först Koladas JSON i Python."
        )
    if result.group == "growth" and result.name.endswith(".time"):
        rows = sorted(
            (r for r in results if r.name.startswith(result.name.removesuffix("time")) and
             r.median_ms is not None and r.reference_ms),
            key=lambda r: r.extra.get("indicators", 0) * 1000 + r.extra.get("committees", 0),
        )  # fmt: skip
        if len(rows) >= 2:
            first, last = rows[0], rows[-1]
            found.append(
                f"sidans egna SQL-frågor tar {ms(first.reference_ms)} vid den minsta storleken "
                f"och {ms(last.reference_ms)} vid den största (samma antal frågor); resten "
                "av tiden är Python."
            )
    if result.reference == "rå SQL" and result.reference_ms and result.median_ms:
        found.append(
            f"sidans egna SQL-frågor ({result.queries or '?'}) tar {ms(result.reference_ms)} av "
            f"medianens {ms(result.median_ms)}; resten är Python (vy, mall, cache, "
            "frågornas väg genom Django)."
        )
    return found


def describe(result: Result) -> str:
    parts = []
    if result.median_ms is not None:
        parts.append(f"median {ms(result.median_ms)}")
    if result.p95_ms is not None:
        parts.append(f"p95 {ms(result.p95_ms)}")
    if result.ratio is not None:
        parts.append(f"ratio {result.ratio:.2f}")
    if result.note:
        parts.append(result.note)
    return ", ".join(parts) or extra(result)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("log_dir", type=Path)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    write(args.log_dir, args.output)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
