"""Writes to the decision register (docs/evb.md): the register import, löpnummer, marking a
quarter's report sent, deleting and purging decisions, and the report log."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from apps.core.table_files import TableFileError
from apps.decisions.models import (
    Decision,
    Interruption,
    RegisterAudit,
    ReportLog,
    SentReport,
    interruption_problem_days,
)
from apps.decisions.quarters import Quarter, Section
from apps.decisions.register_file import BAD_CELL, RegisterDecision, read_register
from apps.decisions.selectors import (
    PURGED,
    SNAPSHOT_FORMAT,
    SentInfo,
    compute_report,
    sent_quarters,
)
from apps.imports.lifecycle import import_run
from apps.imports.models import ImportRun
from apps.organisations.models import Committee

ALREADY_SENT = "Kvartalet {quarter} är redan markerat som skickat ({day} av {by})."
NOT_ENDED = "Kvartalet {quarter} är inte slut än; rapporten kan markeras som skickad från {day}."
NOT_NEXT = (
    "Kvartalen markeras som skickade i tur och ordning: nästa att markera är {next} "
    "(senast markerat: {last})."
)
NOT_LATEST = "Bara det senast markerade kvartalet ({last}) kan ångras."
REASON_NEEDED = "Ange varför markeringen ångras."
BATCH = 1000  # rows per INSERT or UPDATE statement


class ReportError(ValueError):
    """A report action that cannot be done, with a Swedish message for the user."""


def decisions_import(
    *, committee: Committee, path: Path, run: ImportRun, name: str | None = None
) -> ImportRun:
    """Phase 1 reads and checks every row (nothing written); phase 2 writes all of it in
    one transaction. The same referens updates its decision; the same referens and
    avbrottsdatum updates that avbrott; re-importing a file changes nothing. The run goes
    through the one import lifecycle (apps.imports.lifecycle): it always ends."""
    label = f"fil {name or path.name}"
    with import_run(run, expected=(TableFileError,)) as lifecycle:
        register = read_register(path, label)
        existing = {d.reference: d for d in Decision.objects.filter(committee=committee)}
        _check_interruptions(register, existing, _existing_interruptions(committee), label)
        counts: Counter[str] = Counter()
        with transaction.atomic():
            _write(committee, register, existing, counts)
            assign_serials(committee)
        lifecycle.succeeded(
            created=counts["created"],
            updated=counts["updated"],
            unchanged=counts["unchanged"],
        )
    return run


def _existing_interruptions(committee: Committee) -> dict[int, dict[date, Interruption]]:
    spans: dict[int, dict[date, Interruption]] = defaultdict(dict)
    for interruption in Interruption.objects.filter(decision__committee=committee):
        spans[interruption.decision_id][interruption.interrupted] = interruption
    return spans


def _check_interruptions(
    register: list[RegisterDecision],
    existing: dict[str, Decision],
    spans: dict[int, dict[date, Interruption]],
    label: str,
) -> None:
    """The avbrott of each decision as they will be after the import, against its dates."""
    errors = []
    for entry in register:
        decision = existing.get(entry.fields["reference"])
        merged = {
            day: interruption.resumed
            for day, interruption in (spans.get(decision.pk, {}) if decision else {}).items()
        }
        merged.update({day: resumed for _, day, resumed in entry.interruptions})
        problems = interruption_problem_days(
            entry.fields["carried_out"], entry.fields["closed"], list(merged.items())
        )
        if problems:
            rows = {day: row for row, day, _ in entry.interruptions}
            day = problems[0][0]
            row = rows.get(day, entry.interruptions[0][0] if entry.interruptions else entry.row)
            column = "avbrottsdatum" if entry.interruptions else "verkstalld_datum"
            problem = "; ".join(dict.fromkeys(message for _, message in problems))
            errors.append(BAD_CELL.format(file=label, row=row, column=column, problem=problem))
    if errors:
        raise TableFileError(errors[:50])


def _write(
    committee: Committee,
    register: list[RegisterDecision],
    existing: dict[str, Decision],
    counts: Counter[str],
) -> None:
    """New decisions and avbrott are inserted in bulk with their history rows (a pair of
    INSERTs per row took 2.7 s a thousand); a changed one is saved on its own."""
    spans = _existing_interruptions(committee)
    created: list[Decision] = []
    for entry in register:
        fields = entry.fields
        decision = existing.get(fields["reference"])
        if decision is None:
            created.append(Decision(committee=committee, **fields))
            counts["created"] += 1
        elif any(getattr(decision, key) != value for key, value in fields.items()):
            for key, value in fields.items():
                setattr(decision, key, value)
            decision.save()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    created = bulk_create_with_history(created, Decision, batch_size=BATCH)
    decisions = {**existing, **{decision.reference: decision for decision in created}}
    new_interruptions: list[Interruption] = []
    for entry in register:
        decision = decisions[entry.fields["reference"]]
        for _, interrupted, resumed in entry.interruptions:
            known = spans.get(decision.pk, {}).get(interrupted)
            if known is None:
                new_interruptions.append(
                    Interruption(decision=decision, interrupted=interrupted, resumed=resumed)
                )
                counts["created"] += 1
            elif known.resumed != resumed:
                known.resumed = resumed
                known.save()
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
    bulk_create_with_history(new_interruptions, Interruption, batch_size=BATCH)


def assign_serials(committee: Committee) -> int:
    """Give every episode without a löpnummer the next one of its start year, e.g.
    2025-017; a number once given is kept for good. Returns how many were given."""
    used: dict[int, int] = defaultdict(int)
    for model, owner in ((Decision, "committee"), (Interruption, "decision__committee")):
        for serial in (
            model.objects.filter(**{owner: committee})  # type: ignore[attr-defined]
            .exclude(serial="")
            .values_list("serial", flat=True)
        ):
            year, _, number = serial.partition("-")
            used[int(year)] = max(used[int(year)], int(number))
    pending: list[tuple[date, int, Decision | Interruption]] = [
        (d.decided, 0, d) for d in Decision.objects.filter(committee=committee, serial="")
    ]
    pending += [
        (i.interrupted, 1, i)
        for i in Interruption.objects.filter(decision__committee=committee, serial="")
    ]
    pending.sort(key=lambda entry: (entry[0], entry[1], entry[2].pk))
    for start, _, episode in pending:
        used[start.year] += 1
        episode.serial = f"{start.year}-{used[start.year]:03d}"
    _serials_save(Decision, [e for _, _, e in pending if isinstance(e, Decision)])
    _serials_save(Interruption, [e for _, _, e in pending if isinstance(e, Interruption)])
    return len(pending)


def _serials_save(model: type[Decision] | type[Interruption], episodes: list[Any]) -> None:
    """The episodes' new löpnummer, in one UPDATE on PostgreSQL (bulk_update's CASE of a
    thousand ids per statement took 6 s for a 10 000-decision register)."""
    if not episodes:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_update(episodes, ["serial"], BATCH)
        return
    table = connection.ops.quote_name(model._meta.db_table)  # our own table's name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS episode SET serial = given.serial "  # nosec B608
            "FROM unnest(%s::bigint[], %s::text[]) AS given(id, serial) "
            "WHERE episode.id = given.id",
            [[e.pk for e in episodes], [e.serial for e in episodes]],
        )


def decision_delete(*, decision: Decision, user: User | None, reason: str) -> None:
    """Delete a decision; its history keeps who deleted it, when and why."""
    if not reason.strip():
        raise ReportError("Ange varför beslutet tas bort.")
    decision._change_reason = reason.strip()[:100]  # type: ignore[attr-defined]
    decision.history_user = user  # type: ignore[attr-defined]
    decision.delete()


def mark_sent_refusal(sent: dict[Quarter, SentInfo], quarter: Quarter, today: date) -> str | None:
    """Why the quarter cannot be marked sent now (None: it can): once, only once it has
    ended, and in order — the first one freely, then always the one after the last."""
    if quarter in sent:
        info = sent[quarter]
        return ALREADY_SENT.format(quarter=quarter, day=info.day, by=info.by or "–")
    if quarter.end >= today:
        return NOT_ENDED.format(quarter=quarter, day=quarter.next.start)
    if sent and quarter != max(sent).next:
        return NOT_NEXT.format(next=max(sent).next, last=max(sent))
    return None


@transaction.atomic
def mark_quarter_sent(
    *, committee: Committee, quarter: Quarter, user: User | None, today: date | None = None
) -> SentReport:
    """Freeze the quarter's IVO report as sent: a snapshot of every row and field, who and
    when. Its new and not-earlier-reported episodes count as reported from now on."""
    sent = sent_quarters(committee)
    refusal = mark_sent_refusal(sent, quarter, today or timezone.localdate())
    if refusal:
        raise ReportError(refusal)
    report = compute_report(committee, quarter, None, sent)
    snapshot: dict[str, Any] = {
        "format": SNAPSHOT_FORMAT,
        "items": [item.as_record() for item in report.items()],
    }
    sent_report = SentReport.objects.create(
        committee=committee,
        quarter=str(quarter),
        sent_at=timezone.now(),
        sent_by=user,
        snapshot=snapshot,
    )
    reported = [
        item for section in (Section.NEW, Section.LATE) for item in report.sections[section]
    ]
    decision_ids = [int(i.key.split("-")[1]) for i in reported if i.key.startswith("beslut-")]
    interruption_ids = [int(i.key.split("-")[1]) for i in reported if i.key.startswith("avbrott-")]
    Decision.objects.filter(pk__in=decision_ids, reported_in="").update(reported_in=str(quarter))
    Interruption.objects.filter(pk__in=interruption_ids, reported_in="").update(
        reported_in=str(quarter)
    )
    _log_ivo(
        committee,
        quarter,
        user,
        f"Kvartalsrapporten markerad som skickad ({len(snapshot['items'])} rader)",
    )
    return sent_report


@transaction.atomic
def unmark_quarter_sent(
    *, committee: Committee, quarter: Quarter, user: User | None, reason: str
) -> None:
    """Undo the latest "sent" mark (a wrong click): the snapshot goes (its history keeps
    who, when and why) and the episodes it carried as new count as unsent again."""
    if not reason.strip():
        raise ReportError(REASON_NEEDED)
    sent = sent_quarters(committee)
    if not sent or quarter != max(sent):
        raise ReportError(NOT_LATEST.format(last=max(sent) if sent else "inget"))
    sent_report = SentReport.objects.get(committee=committee, quarter=str(quarter))
    sent_report._change_reason = reason.strip()[:100]  # type: ignore[attr-defined]
    sent_report.history_user = user  # type: ignore[attr-defined]
    sent_report.delete()
    Decision.objects.filter(committee=committee, reported_in=str(quarter)).update(reported_in="")
    Interruption.objects.filter(decision__committee=committee, reported_in=str(quarter)).update(
        reported_in=""
    )
    _log_ivo(committee, quarter, user, f"Markeringen som skickad ångrades: {reason.strip()}")


def _log_ivo(committee: Committee, quarter: Quarter, user: User | None, note: str) -> None:
    """What the rapportör did about the quarter's IVO report, in the report log."""
    report_log_add(
        committee=committee,
        quarter=quarter,
        recipient=ReportLog.Recipient.IVO,
        channel=ReportLog.Channel.E_SERVICE,
        user=user,
        note=note[:200],
    )


def purge_cutoff(today: date | None = None) -> date:
    """The default retention rule: register rows whose last event is more than five years
    old may be removed."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - 5)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 5, day=28)


@transaction.atomic
def decisions_purge(
    *, committee: Committee, before: date, user: User | None = None, dry_run: bool = False
) -> int:
    """Remove the decisions whose every episode ended before `before` (carried out or
    closed, every avbrott resumed). The sent reports keep their rows and counts, with the
    removed decisions' identity and texts replaced by "(gallrad)". With `dry_run`, only
    count them."""
    doomed = []
    for decision in Decision.objects.filter(
        committee=committee, decided__lt=before
    ).prefetch_related("interruptions"):
        spans = list(decision.interruptions.all())
        if decision.closed is None and (
            decision.carried_out is None or any(i.resumed is None for i in spans)
        ):
            continue  # still waiting, or an avbrott not resumed
        days = [decision.carried_out, decision.closed]
        days += [day for i in spans for day in (i.interrupted, i.resumed)]
        if max(day for day in days if day is not None) < before:
            doomed.append(decision)
    if dry_run:
        return len(doomed)
    keys = {f"beslut-{d.pk}" for d in doomed}
    keys |= {
        f"avbrott-{pk}"
        for pk in Interruption.objects.filter(decision__in=doomed).values_list("pk", flat=True)
    }
    for sent_report in SentReport.objects.filter(committee=committee):
        items = sent_report.snapshot.get("items", [])
        touched = False
        for record in items:
            if record["key"] in keys:
                record.update(
                    referens=PURGED,
                    fodelsear=None,
                    specifikation="",
                    skal_text="",
                    atgarder="",
                    erbjudanden=[],
                )
                touched = True
        if touched:
            sent_report.save(update_fields=["snapshot"])
    RegisterAudit.objects.filter(committee=committee, at__date__lt=before).delete()
    for decision in doomed:
        decision._change_reason = f"gallrad (äldre än {before})"  # type: ignore[attr-defined]
        decision.history_user = user  # type: ignore[attr-defined]
        decision.delete()
    return len(doomed)


def register_audit_add(
    *, committee: Committee, user: User | None, what: str, path: str = ""
) -> RegisterAudit:
    """Log a view or export of register data (the page, a decision, an output, a command)."""
    return RegisterAudit.objects.create(
        committee=committee, user=user, what=what[:200], path=path[:300]
    )


def report_log_add(
    *,
    committee: Committee,
    quarter: Quarter,
    recipient: str,
    channel: str,
    user: User | None,
    decision: Decision | None = None,
    interruption: Interruption | None = None,
    note: str = "",
) -> ReportLog:
    """Record what was reported (or exported) to whom and when."""
    return ReportLog.objects.create(
        committee=committee,
        quarter=str(quarter),
        recipient=recipient,
        channel=channel,
        user=user,
        decision=decision,
        interruption=interruption,
        note=note,
        reported_at=timezone.now(),
    )


def episodes_mark_reported(
    *, committee: Committee, quarter: Quarter, keys: list[str], user: User | None
) -> int:
    """Tick episodes as entered in IVO's e-service (the checklist); returns how many."""
    decision_ids = {
        int(k.split("-")[1]) for k in keys if k.startswith("beslut-") and k[7:].isdigit()
    }
    interruption_ids = {
        int(k.split("-")[1]) for k in keys if k.startswith("avbrott-") and k[8:].isdigit()
    }
    count = 0
    for decision in Decision.objects.filter(committee=committee, pk__in=decision_ids):
        report_log_add(
            committee=committee,
            quarter=quarter,
            recipient=ReportLog.Recipient.IVO,
            channel=ReportLog.Channel.E_SERVICE,
            user=user,
            decision=decision,
        )
        count += 1
    for interruption in Interruption.objects.filter(
        decision__committee=committee, pk__in=interruption_ids
    ).select_related("decision"):
        report_log_add(
            committee=committee,
            quarter=quarter,
            recipient=ReportLog.Recipient.IVO,
            channel=ReportLog.Channel.E_SERVICE,
            user=user,
            decision=interruption.decision,
            interruption=interruption,
        )
        count += 1
    return count
