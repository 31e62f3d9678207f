"""Reads of the decision register (docs/evb.md).

Every output asks `quarter_report` (or the counts below), which asks the pure
`quarter_status` about each waiting episode. A quarter whose IVO report was marked sent is
read from its frozen snapshot, never recomputed; the episodes a sent report carried as new
are what later quarters count as reported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from apps.decisions.models import Decision, Interruption, Offer, SentReport, area_of
from apps.decisions.quarters import (
    SECTION_NAMES,
    Episode,
    EpisodeKind,
    Quarter,
    Section,
    quarter_status,
    reportable,
    status_in,
)
from apps.organisations.models import Committee

LATE_MARGIN = timedelta(days=100)  # more than three calendar months and a day
SNAPSHOT_FORMAT = 1
PURGED = "(gallrad)"  # what the retention rule leaves of a removed row in a sent report


@dataclass(frozen=True, slots=True)
class ReportItem:
    """One waiting episode as a report shows it: plain data, so that a sent report can be
    kept as it was (as_record / from_record) and reports of thousands stay fast."""

    key: str  # "beslut-<decision id>" or "avbrott-<avbrott id>": the same episode over time
    section: Section
    typ: EpisodeKind
    referens: str
    lag: str
    insatstyp: str
    specifikation: str
    verksamhetsomrade: str
    kon: str
    fodelsear: int | None
    startdatum: date
    beslutsdatum: date
    avbrottsdatum: date | None
    status_datum: date | None
    avslutad: bool
    avslutsorsak: str
    dagar: int
    dagar_sedan_beslut: int
    lopnummer: str
    skal: str
    skal_text: str
    atgarder: str
    erbjudanden: tuple[tuple[str, str, str], ...] = ()  # (date, what, answer code)

    def as_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {}
        for item_field in fields(self):
            value = getattr(self, item_field.name)
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = [list(offer) for offer in value]
            record[item_field.name] = value
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> ReportItem:
        values = dict(record)
        for name in ("startdatum", "beslutsdatum", "avbrottsdatum", "status_datum"):
            values[name] = date.fromisoformat(values[name]) if values.get(name) else None
        values["section"] = Section(values["section"])
        values["typ"] = EpisodeKind(values["typ"])
        values["erbjudanden"] = tuple(tuple(offer) for offer in values.get("erbjudanden", []))
        return cls(**values)

    def as_dict(self) -> dict[str, Any]:
        """The item in `evb_report --format json` (a contract: docs/evb.md)."""
        return {
            "referens": self.referens,
            "typ": self.typ.value,
            "lag": self.lag,
            "startdatum": self.startdatum.isoformat(),
            "beslutsdatum": self.beslutsdatum.isoformat(),
            "avbrottsdatum": self.avbrottsdatum.isoformat() if self.avbrottsdatum else None,
            "status_datum": self.status_datum.isoformat() if self.status_datum else None,
            "dagar": self.dagar,
            "dagar_sedan_beslut": self.dagar_sedan_beslut,
            "lopnummer": self.lopnummer,
            "insatstyp": self.insatstyp,
            "verksamhetsomrade": self.verksamhetsomrade,
            "kon": self.kon,
        }


@dataclass(frozen=True)
class SentInfo:
    day: date
    by: str


@dataclass
class QuarterReport:
    committee: Committee
    quarter: Quarter
    law: str | None
    sections: dict[Section, list[ReportItem]]
    sent: SentInfo | None = None
    changes: list[str] = field(default_factory=list)  # for a sent report: what differs now

    def items(self) -> Iterator[ReportItem]:
        for items in self.sections.values():
            yield from items

    def as_dict(self) -> dict[str, Any]:
        return {
            "committee": self.committee.slug,
            "quarter": str(self.quarter),
            "lag": self.law,
            **{
                section.value: [item.as_dict() for item in items]
                for section, items in self.sections.items()
            },
            "skickad": {"datum": self.sent.day.isoformat(), "av": self.sent.by}
            if self.sent
            else None,
        }

    def counts(self) -> dict[str, int]:
        return {section.value: len(items) for section, items in self.sections.items()}


def empty_sections() -> dict[Section, list[ReportItem]]:
    return {section: [] for section in Section}


def sent_quarters(committee: Committee) -> dict[Quarter, SentInfo]:
    """The quarters whose IVO report was marked sent, with when and by whom (one query). The
    day is the day in Sweden (TIME_ZONE): a report sent at 00:30 is not dated the day before."""
    return {
        Quarter.parse(quarter): SentInfo(timezone.localdate(sent_at), username or "")
        for quarter, sent_at, username in SentReport.objects.filter(
            committee=committee
        ).values_list("quarter", "sent_at", "sent_by__username")
    }


def _maybe_quarter(text: str) -> Quarter | None:
    return Quarter.parse(text) if text else None


@dataclass(frozen=True, slots=True)
class _Candidate:
    key: str
    law: str
    episode: Episode
    reported_in: Quarter | None
    values: dict[str, Any]  # the decision's fields (and the avbrott's) for the report
    interruption: dict[str, Any] | None


DECISION_FIELDS = [
    "pk", "reference", "law", "service", "service_detail", "area", "decided", "gender",
    "birth_year", "carried_out", "closed", "close_reason", "reason", "reason_text", "measures",
    "serial", "reported_in",
]  # fmt: skip


def _candidates(
    committee: Committee, quarter: Quarter, sent_from: Quarter | None, law: str | None
) -> Iterator[_Candidate]:
    """The episodes that may be in the quarter's report, so that the database leaves the
    others out first (quarter_status still decides):
    - started by the previous quarter's end (three months and a day later falls in Q at
      the earliest: 30 Sep → 30 Dec → reportable 31 Dec);
    - not ended before Q began, unless it may be one never sent (from `sent_from` on)."""
    last_start = quarter.previous.end
    late_floor = (sent_from.start - LATE_MARGIN) if sent_from and sent_from <= quarter else None

    def keep_ended(start_field: str, reported_field: str) -> Q:
        if late_floor is None:
            return Q(pk__in=[])
        return (Q(**{reported_field: ""}) | Q(**{f"{reported_field}__gt": str(quarter)})) & Q(
            **{f"{start_field}__gte": late_floor}
        )

    decisions = Decision.objects.filter(committee=committee, decided__lte=last_start).exclude(
        (Q(carried_out__lt=quarter.start) | Q(closed__lt=quarter.start))
        & ~keep_ended("decided", "reported_in")
    )
    if law:
        decisions = decisions.filter(law=law)
    by_pk: dict[int, dict[str, Any]] = {}
    for values in decisions.order_by("decided", "reference").values(*DECISION_FIELDS):
        by_pk[values["pk"]] = values
        yield _Candidate(
            f"beslut-{values['pk']}",
            values["law"],
            Episode(values["decided"], values["carried_out"], values["closed"]),
            _maybe_quarter(values["reported_in"]),
            values,
            None,
        )
    interruptions = Interruption.objects.filter(
        decision__committee=committee, interrupted__lte=last_start
    ).exclude(
        (Q(resumed__lt=quarter.start) | Q(decision__closed__lt=quarter.start))
        & ~keep_ended("interrupted", "reported_in")
    )
    if law:
        interruptions = interruptions.filter(decision__law=law)
    rows = list(
        interruptions.order_by("interrupted", "decision__reference").values(
            "pk", "interrupted", "resumed", "serial", "reported_in", "decision_id"
        )
    )
    missing = {row["decision_id"] for row in rows} - set(by_pk)
    for values in Decision.objects.filter(pk__in=missing).values(*DECISION_FIELDS):
        by_pk[values["pk"]] = values
    for row in rows:
        decision = by_pk[row["decision_id"]]
        yield _Candidate(
            f"avbrott-{row['pk']}",
            decision["law"],
            Episode(row["interrupted"], row["resumed"], decision["closed"]),
            _maybe_quarter(row["reported_in"]),
            decision,
            dict(row),
        )


def _offers(committee: Committee, decision_ids: set[int]) -> dict[int, list[tuple[str, str, str]]]:
    offers: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    if not decision_ids:
        return offers
    for decision_id, offered_on, what, answer in (
        Offer.objects.filter(decision__committee=committee)
        .values_list("decision_id", "offered_on", "what", "answer")
        .order_by("offered_on", "pk")
    ):
        if decision_id in decision_ids:
            offers[decision_id].append((offered_on.isoformat(), what, answer))
    return offers


def compute_report(
    committee: Committee,
    quarter: Quarter,
    law: str | None = None,
    sent: dict[Quarter, SentInfo] | None = None,
) -> QuarterReport:
    """The quarter's report as the register says now (what a sent report is compared with)."""
    sent = sent_quarters(committee) if sent is None else sent
    sent_from = min(sent) if sent else None
    chosen: list[tuple[_Candidate, Any]] = []
    for candidate in _candidates(committee, quarter, sent_from, law):
        status = quarter_status(
            candidate.episode, quarter, reported_in=candidate.reported_in, sent_from=sent_from
        )
        if status is not None:
            chosen.append((candidate, status))
    offers = _offers(committee, {candidate.values["pk"] for candidate, _ in chosen})
    sections = empty_sections()
    for candidate, status in sorted(chosen, key=lambda pair: _order(pair[0])):
        decision, interruption = candidate.values, candidate.interruption
        start = candidate.episode.start
        sections[status.section].append(
            ReportItem(
                key=candidate.key,
                section=status.section,
                typ=EpisodeKind.INTERRUPTION if interruption else EpisodeKind.DECISION,
                referens=decision["reference"],
                lag=decision["law"],
                insatstyp=decision["service"],
                specifikation=decision["service_detail"],
                verksamhetsomrade=decision["area"] or area_of(decision["service"]),
                kon=decision["gender"],
                fodelsear=decision["birth_year"],
                startdatum=start,
                beslutsdatum=decision["decided"],
                avbrottsdatum=interruption["interrupted"] if interruption else None,
                status_datum=status.status_date,
                avslutad=status.closed,
                avslutsorsak=decision["close_reason"] if status.closed else "",
                dagar=status.days,
                dagar_sedan_beslut=((status.status_date or quarter.end) - decision["decided"]).days,
                lopnummer=(interruption or decision)["serial"],
                skal=decision["reason"],
                skal_text=decision["reason_text"],
                atgarder=decision["measures"],
                erbjudanden=tuple(offers.get(decision["pk"], [])),
            )
        )
    return QuarterReport(committee, quarter, law, sections)


def _order(candidate: _Candidate) -> tuple[str, date, str, str]:
    return (candidate.law, candidate.episode.start, candidate.values["reference"], candidate.key)


def snapshot_report(
    committee: Committee, quarter: Quarter, snapshot: dict[str, Any], law: str | None = None
) -> dict[Section, list[ReportItem]]:
    sections = empty_sections()
    for record in snapshot.get("items", []):
        item = ReportItem.from_record(record)
        if law is None or item.lag == law:
            sections[item.section].append(item)
    return sections


def quarter_report(
    committee: Committee,
    quarter: Quarter,
    law: str | None = None,
    *,
    with_changes: bool = False,
) -> QuarterReport:
    """The sections of a quarter's report, each in lag, start date and referens order.

    A quarter marked sent is its snapshot (with `with_changes`, also what the register now
    says otherwise); any other quarter is computed from the register."""
    sent = sent_quarters(committee)
    if quarter not in sent:
        return compute_report(committee, quarter, law, sent)
    snapshot = SentReport.objects.get(committee=committee, quarter=str(quarter)).snapshot
    report = QuarterReport(
        committee, quarter, law, snapshot_report(committee, quarter, snapshot, law), sent[quarter]
    )
    if with_changes:
        report.changes = changes_since_sent(report, compute_report(committee, quarter, law, sent))
    return report


CHANGE_LABELS = {
    "section": "avsnitt",
    "referens": "referens",
    "lag": "lag",
    "insatstyp": "insatstyp",
    "verksamhetsomrade": "verksamhetsområde",
    "kon": "kön",
    "fodelsear": "födelseår",
    "beslutsdatum": "beslutsdatum",
    "avbrottsdatum": "avbrottsdatum",
    "status_datum": "statusdatum",
    "avslutsorsak": "avslutsorsak",
    "dagar": "dagar",
}


def changes_since_sent(sent: QuarterReport, now: QuarterReport) -> list[str]:
    """What the register says otherwise than the sent report, one Swedish line per change."""
    before = {item.key: item for item in sent.items()}
    after = {item.key: item for item in now.items()}
    lines = []
    for key, item in before.items():
        if item.referens == PURGED:
            continue  # removed by the retention rule, on purpose
        label = f"{item.referens} ({item.typ.value} {item.startdatum})"
        current = after.get(key)
        if current is None:
            lines.append(f"{label}: finns inte längre i kvartalets rapport")
            continue
        for name, text in CHANGE_LABELS.items():
            old, new = _shown_value(getattr(item, name)), _shown_value(getattr(current, name))
            if old != new:
                lines.append(f"{label}: {text} {_shown(old)} → {_shown(new)}")
    for key, item in after.items():
        if key not in before:
            lines.append(
                f"{item.referens} ({item.typ.value} {item.startdatum}): hör nu till kvartalet "
                f"({SECTION_NAMES[item.section]}) men fanns inte i den skickade rapporten"
            )
    return lines


def _shown_value(value: object) -> object:
    return SECTION_NAMES[value] if isinstance(value, Section) else value


def _shown(value: object) -> str:
    if value is None or value == "":
        return "–"
    return str(value)


def quarter_counts(committee: Committee, quarter: Quarter) -> dict[str, dict[Section, int]]:
    """How many episodes per lag are in each section of the quarter's report."""
    return history_counts(committee, [quarter])[quarter]


def history_counts(
    committee: Committee, quarters: list[Quarter]
) -> dict[Quarter, dict[str, dict[Section, int]]]:
    """Counts per quarter, lag and section for several quarters: sent quarters from their
    snapshot, the others from the dates of all episodes (two queries of dates only)."""
    sent = sent_quarters(committee)
    sent_from = min(sent) if sent else None
    result = {q: {law: dict.fromkeys(Section, 0) for law in ("SoL", "LSS")} for q in quarters}
    for quarter in [q for q in quarters if q in sent]:
        snapshot = SentReport.objects.get(committee=committee, quarter=str(quarter)).snapshot
        for record in snapshot.get("items", []):
            result[quarter][record["lag"]][Section(record["section"])] += 1
    open_quarters = [q for q in quarters if q not in sent]
    if not open_quarters:
        return result
    last = max(open_quarters).previous.end
    episodes: list[tuple[str, Episode, Quarter | None]] = [
        (law, Episode(decided, carried_out, closed), _maybe_quarter(reported))
        for law, decided, carried_out, closed, reported in Decision.objects.filter(
            committee=committee, decided__lte=last
        ).values_list("law", "decided", "carried_out", "closed", "reported_in")
    ]
    episodes += [
        (law, Episode(interrupted, resumed, closed), _maybe_quarter(reported))
        for law, interrupted, resumed, closed, reported in Interruption.objects.filter(
            decision__committee=committee, interrupted__lte=last
        ).values_list("decision__law", "interrupted", "resumed", "decision__closed", "reported_in")
    ]
    for law, episode, reported_in in episodes:
        facts = reportable(episode)
        if facts is None or facts.new_in > max(open_quarters):
            continue
        for quarter in open_quarters:
            if facts.new_in > quarter:
                continue
            status = status_in(facts, quarter, reported_in=reported_in, sent_from=sent_from)
            if status is not None:
                result[quarter][law][status.section] += 1
    return result
