"""Episodes in the register: every beslut and every avbrott waits on its own, reports are
frozen when marked sent, and a decision entered late is reported as such."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from apps.decisions.models import Decision, Interruption, SentReport
from apps.decisions.quarters import Quarter, Section
from apps.decisions.selectors import quarter_report
from apps.decisions.services import (
    ReportError,
    assign_serials,
    mark_quarter_sent,
    unmark_quarter_sent,
)
from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db
D = date.fromisoformat
EIGHT_QUARTERS = [Quarter(year, n) for year in (2024, 2025) for n in (1, 2, 3, 4)]


def decide(committee, reference: str, decided: str, **dates: str) -> Decision:  # type: ignore[no-untyped-def]
    return DecisionFactory(
        committee=committee,
        reference=reference,
        law="LSS",
        legal_basis="lss_9",
        service="lss_10_daglig_verksamhet",
        decided=D(decided),
        **{name: D(day) for name, day in dates.items()},
    )


def interrupt(decision: Decision, day: str, resumed: str | None = None) -> Interruption:
    interruption = Interruption(
        decision=decision, interrupted=D(day), resumed=D(resumed) if resumed else None
    )
    interruption.full_clean()
    interruption.save()
    return interruption


def where(committee, quarters=EIGHT_QUARTERS) -> dict[str, list[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    """Each quarter's report as (typ, section) pairs."""
    return {
        str(q): [(i.typ.value, i.section.value) for i in quarter_report(committee, q).items()]
        for q in quarters
    }


def test_each_event_adds_an_episode_and_never_changes_how_an_earlier_one_was_reported(personas):
    committee = personas.committee_a
    decision = decide(committee, "LSS-1", "2024-01-15")
    expected = {str(q): [] for q in EIGHT_QUARTERS}
    expected |= {"2024Q2": [("beslut", "ny")]}
    expected |= {q: [("beslut", "fortfarande_ej_verkstallda")] for q in ["2024Q3", "2024Q4"]}
    expected |= {f"2025Q{n}": [("beslut", "fortfarande_ej_verkstallda")] for n in (1, 2, 3, 4)}
    assert where(committee) == expected

    decision.carried_out = D("2024-08-10")
    decision.save()
    expected = {str(q): [] for q in EIGHT_QUARTERS}
    expected |= {"2024Q2": [("beslut", "ny")], "2024Q3": [("beslut", "verkstallda")]}
    assert where(committee) == expected

    first = interrupt(decision, "2024-11-05")
    expected |= {"2025Q1": [("avbrott", "ny")]}
    expected |= {f"2025Q{n}": [("avbrott", "fortfarande_ej_verkstallda")] for n in (2, 3, 4)}
    assert where(committee) == expected

    first.resumed = D("2025-04-20")
    first.save()
    expected |= {"2025Q2": [("avbrott", "verkstallda")], "2025Q3": [], "2025Q4": []}
    assert where(committee) == expected

    second = interrupt(decision, "2025-06-02")
    expected |= {
        "2025Q3": [("avbrott", "ny")],
        "2025Q4": [("avbrott", "fortfarande_ej_verkstallda")],
    }
    assert where(committee) == expected

    second.resumed = D("2025-11-03")
    second.save()
    expected |= {"2025Q4": [("avbrott", "verkstallda")]}
    assert where(committee) == expected


def test_an_avbrott_after_a_late_verkstallighet_leaves_the_decisions_own_reports_alone(personas):
    committee = personas.committee_a
    decision = decide(committee, "SN-1", "2025-01-10", carried_out="2025-10-01")
    quarters = [Quarter(2025, n) for n in (2, 3, 4)] + [Quarter(2026, 1)]
    before = where(committee, quarters)

    interrupt(decision, "2025-10-15")

    after = where(committee, quarters)
    assert before == {
        "2025Q2": [("beslut", "ny")],
        "2025Q3": [("beslut", "fortfarande_ej_verkstallda")],
        "2025Q4": [("beslut", "verkstallda")],  # the verkställd notice IVO is owed
        "2026Q1": [],
    }
    assert after == before | {"2026Q1": [("avbrott", "ny")]}


def test_an_avbrott_is_refused_before_the_decision_was_carried_out(personas):
    decision = decide(personas.committee_a, "SN-1", "2025-01-10")

    with pytest.raises(ValidationError, match="förutsätter att beslutet först verkställts"):
        interrupt(decision, "2025-03-01")

    decision.carried_out = D("2025-02-01")
    decision.save()
    with pytest.raises(ValidationError, match="ligger före verkställigheten"):
        interrupt(decision, "2025-01-20")


def test_overlapping_avbrott_are_refused(personas):
    decision = decide(personas.committee_a, "SN-1", "2025-01-10", carried_out="2025-02-01")
    interrupt(decision, "2025-03-01", "2025-05-01")

    with pytest.raises(ValidationError, match="överlappar avbrottet 2025-03-01"):
        interrupt(decision, "2025-04-01")
    open_one = interrupt(decision, "2025-06-01")
    with pytest.raises(ValidationError, match="ännu inte återupptagits"):
        interrupt(decision, "2025-09-01")
    assert list(decision.interruptions.all()) == [decision.interruptions.first(), open_one]


def test_a_sent_quarter_stays_as_sent_when_the_register_changes_and_says_what_differs(personas):
    committee = personas.committee_a
    open_one = decide(committee, "SN-1", "2025-07-08")
    decide(committee, "SN-2", "2025-04-02", carried_out="2025-10-20")
    mark_quarter_sent(committee=committee, quarter=Quarter(2025, 4), user=personas.rapportor_a)
    sent = quarter_report(committee, Quarter(2025, 4)).as_dict()

    open_one.carried_out = D("2025-12-15")  # entered afterwards
    open_one.save()
    decide(committee, "SN-3", "2025-08-01")
    Decision.objects.filter(reference="SN-2").delete()

    report = quarter_report(committee, Quarter(2025, 4), with_changes=True)
    assert report.as_dict() == sent
    assert sent["skickad"] == {"datum": timezone.localdate().isoformat(), "av": "rapportor-a"}
    assert any("SN-1" in line and "statusdatum – → 2025-12-15" in line for line in report.changes)
    assert any("SN-2" in line and "finns inte längre" in line for line in report.changes)
    assert any("SN-3" in line and "fanns inte i den skickade" in line for line in report.changes)


def test_a_decision_entered_late_is_reported_as_not_earlier_reported_until_it_is_sent(personas):
    committee = personas.committee_a
    decide(committee, "SN-1", "2025-03-02")  # new in Q2
    mark_quarter_sent(committee=committee, quarter=Quarter(2025, 2), user=None)
    mark_quarter_sent(committee=committee, quarter=Quarter(2025, 3), user=None)
    late = decide(committee, "SN-LATE", "2025-04-02")  # new in Q3, which was already sent

    q4 = quarter_report(committee, Quarter(2025, 4))
    assert [i.referens for i in q4.sections[Section.LATE]] == ["SN-LATE"]
    assert [i.referens for i in q4.sections[Section.STILL_OPEN]] == ["SN-1"]
    assert quarter_report(committee, Quarter(2025, 3)).sections[Section.NEW] == []  # as sent

    mark_quarter_sent(committee=committee, quarter=Quarter(2025, 4), user=None)
    late.refresh_from_db()
    assert late.reported_in == "2025Q4"
    q1 = quarter_report(committee, Quarter(2026, 1))
    assert sorted(i.referens for i in q1.sections[Section.STILL_OPEN]) == ["SN-1", "SN-LATE"]
    assert q1.sections[Section.LATE] == []


def test_a_quarter_is_marked_sent_once_in_order_and_only_after_it_ended(personas):
    committee = personas.committee_a
    mark_quarter_sent(committee=committee, quarter=Quarter(2025, 4), user=None)

    with pytest.raises(ReportError, match="redan markerat som skickat"):
        mark_quarter_sent(committee=committee, quarter=Quarter(2025, 4), user=None)
    with pytest.raises(ReportError, match="i tur och ordning: nästa att markera är 2026Q1"):
        mark_quarter_sent(committee=committee, quarter=Quarter(2025, 3), user=None)
    with pytest.raises(ReportError, match="i tur och ordning"):
        mark_quarter_sent(committee=committee, quarter=Quarter(2026, 2), user=None)
    with pytest.raises(ReportError, match="inte slut än"):
        mark_quarter_sent(
            committee=committee, quarter=Quarter(2026, 1), user=None, today=D("2026-03-31")
        )
    assert SentReport.objects.count() == 1


def test_the_command_marks_a_quarter_sent_and_its_json_says_so(personas):
    decide(personas.committee_a, "SN-1", "2025-07-08")
    out = StringIO()

    call_command(
        "evb_report", "--committee", "namnd-a", "--quarter", "2025Q4", "--mark-sent", stdout=out
    )

    data = json.loads(out.getvalue())
    assert data["skickad"] == {"datum": timezone.localdate().isoformat(), "av": ""}
    assert [item["referens"] for item in data["ny"]] == ["SN-1"]
    with pytest.raises(CommandError, match="redan markerat som skickat"):
        call_command("evb_report", "--committee", "namnd-a", "--quarter", "2025Q4", "--mark-sent")


def test_a_report_sent_just_after_midnight_in_sweden_is_dated_that_day(personas):
    mark_quarter_sent(committee=personas.committee_a, quarter=Quarter(2025, 4), user=None)
    # 23:30 UTC is 00:30 the next day in Stockholm (CET).
    SentReport.objects.update(sent_at=datetime(2026, 11, 28, 23, 30, tzinfo=UTC))

    report = quarter_report(personas.committee_a, Quarter(2025, 4))
    assert report.as_dict()["skickad"]["datum"] == "2026-11-29"


def test_every_episode_gets_a_lopnummer_of_its_start_year_that_it_keeps(personas):
    committee = personas.committee_a
    first = decide(committee, "SN-1", "2025-02-01", carried_out="2025-03-01")
    second = decide(committee, "SN-2", "2025-01-15")
    assign_serials(committee)
    avbrott = interrupt(first, "2026-01-10")
    assign_serials(committee)
    first.refresh_from_db()
    second.refresh_from_db()
    avbrott.refresh_from_db()
    assert (second.serial, first.serial, avbrott.serial) == ("2025-001", "2025-002", "2026-001")

    first.decided = D("2024-12-20")  # a corrected date does not renumber
    first.save()
    decide(committee, "SN-3", "2025-01-01")
    assign_serials(committee)
    first.refresh_from_db()
    assert first.serial == "2025-002"
    assert Decision.objects.get(reference="SN-3").serial == "2025-003"


def test_the_latest_sent_mark_can_be_undone_with_a_reason_kept_in_the_history(personas):
    committee = personas.committee_a
    decision = decide(committee, "SN-1", "2025-07-08")
    mark_quarter_sent(committee=committee, quarter=Quarter(2025, 4), user=None)
    mark_quarter_sent(committee=committee, quarter=Quarter(2026, 1), user=None)

    with pytest.raises(ReportError, match="Bara det senast markerade kvartalet"):
        unmark_quarter_sent(committee=committee, quarter=Quarter(2025, 4), user=None, reason="x")
    with pytest.raises(ReportError, match="Ange varför"):
        unmark_quarter_sent(committee=committee, quarter=Quarter(2026, 1), user=None, reason=" ")
    unmark_quarter_sent(
        committee=committee, quarter=Quarter(2026, 1), user=personas.rapportor_a, reason="Felklick"
    )

    assert list(SentReport.objects.values_list("quarter", flat=True)) == ["2025Q4"]
    decision.refresh_from_db()
    assert decision.reported_in == "2025Q4"  # what Q4 carried stays reported
    undone = SentReport.history.filter(history_type="-").get()
    assert (undone.quarter, undone.history_change_reason) == ("2026Q1", "Felklick")
    assert quarter_report(committee, Quarter(2026, 1)).sent is None


def test_the_ivo_page_offers_to_mark_only_the_next_quarter_and_asks_first(personas, client_for):
    committee = personas.committee_a
    mark_quarter_sent(committee=committee, quarter=Quarter(2025, 4), user=None)
    client = client_for("rapportor_a")

    def page(quarter: str) -> str:
        url = reverse("decisions:output", args=["namnd-a", "ivo"]) + f"?kvartal={quarter}"
        return client.get(url).content.decode()

    assert "data-confirm=" in page("2026Q1")
    assert "Markera kvartalets rapport som skickad" not in page("2026Q2")
    assert "Ångra markeringen" in page("2025Q4")
