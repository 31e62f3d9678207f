"""The controllers' quarterly entry: who may do what, Swedish input, checks, what is due,
drafts, history, deadlines and status words."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from apps.indicators.models import (
    Assessment,
    Comment,
    CommitteeIndicator,
    DraftValue,
    FollowUpPeriod,
    Goal,
    GoalIndicator,
    Indicator,
    IndicatorValue,
    Target,
)
from apps.indicators.models.values import OWNER_WITHOUT_ROLE
from apps.indicators.selectors import suggested_status
from apps.indicators.validation import OUT_OF_RANGE
from tests.conftest import PERSONA_NAMES

URL = reverse("indicators:follow_up", args=["namnd-a", "2025Q3"])


@pytest.fixture
def sheet(personas):
    committee = personas.committee_a
    turnover = Indicator.objects.create(
        code="a-po",
        title="Personalomsättning",
        source="own",
        unit="%",
        decimals=1,
        committee=committee,
        divided_by_gender=True,
    )
    to_work = Indicator.objects.create(
        code="a-dv",
        title="Från daglig verksamhet till arbete",
        source="own",
        unit="antal",
        committee=committee,
        cumulative=True,
    )
    survey = Indicator.objects.create(
        code="a-percci",
        title="PERCCI-enkäten",
        source="own",
        unit="index",
        decimals=1,
        committee=committee,
        frequency="year",
        due_in="Q4",
    )
    for order, indicator in enumerate([turnover, to_work, survey]):
        CommitteeIndicator.objects.create(committee=committee, indicator=indicator, order=order)
    goal = Goal.objects.create(
        committee=committee, title="Fler i arbete", first_year=2024, last_year=2026
    )
    measure = GoalIndicator.objects.create(goal=goal, indicator=to_work, direction="at_least")
    Target.objects.create(goal_indicator=measure, year=2025, value=3)
    return {
        "turnover": turnover,
        "to_work": to_work,
        "survey": survey,
        "goal": goal,
        "measure": measure,
    }


def add_value(indicator, committee, period, value):  # type: ignore[no-untyped-def]
    return IndicatorValue.objects.create(
        indicator=indicator,
        municipality=committee.municipality,
        period=period,
        gender="T",
        value=value,
        source="own",
    )


def post(client, sheet, action="draft", url=URL, **overrides):  # type: ignore[no-untyped-def]
    """Post the 2025Q3 page as a controller fills it in; overrides name fields as
    "v_{t}_T" (turnover, total), "c_{t}" (its comment), "s_{g}"/"a_{g}" (the goal)."""
    t, w, g = sheet["turnover"].pk, sheet["to_work"].pk, sheet["goal"].pk
    data = {
        f"v_{t}_2025Q3_T": "12,5",
        f"v_{t}_2025Q3_K": "13,0",
        f"v_{t}_2025Q3_M": "",
        f"c_{t}": "Lägre än i fjol.",
        f"v_{w}_2025Q3_T": "3",
        f"c_{w}": "",
        f"s_{g}": "helt",
        f"a_{g}": "Tre personer gick till arbete.",
        "action": action,
    }
    for key, value in overrides.items():
        name = key.format(t=t, w=w, g=g)
        if name.startswith("v_"):
            _, pk, gender = name.split("_")
            name = f"v_{pk}_2025Q3_{gender}"
        data[name] = value
    return client.post(url, data)


def ready_value(indicator, gender="T", period="2025Q3"):  # type: ignore[no-untyped-def]
    return IndicatorValue.objects.get(indicator=indicator, gender=gender, period=period).value


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_every_persona_sees_or_saves_exactly_what_it_may(client_for, sheet, persona):
    client = client_for(persona)

    page = client.get(URL)
    saved = post(client, sheet)

    expected_get = {"controller_a": 200, "politician_a": 200, "rapportor_a": 200, "admin": 200}
    assert page.status_code == expected_get.get(persona, 302 if persona == "anonymous" else 403)
    if persona in {"controller_a", "admin"}:
        assert saved.status_code == 302
        assert DraftValue.objects.filter(period="2025Q3").exists()
    else:
        assert saved.status_code in {302, 403}
        assert not DraftValue.objects.filter(period="2025Q3").exists()
        if persona in {"politician_a", "rapportor_a"}:
            assert saved.status_code == 403
            assert "<fieldset disabled>" in page.content.decode()
    assert not IndicatorValue.objects.filter(period="2025Q3").exists()  # a draft, not ready


def test_swedish_decimals_and_spaces_are_understood(client_for, sheet):
    post(client_for("controller_a"), sheet, action="ready", **{"v_{t}_T": "1 2,5"})  # 12,5
    value = IndicatorValue.objects.get(indicator=sheet["turnover"], gender="T")

    assert value.value == 12.5
    assert value.source == "own"
    assert ready_value(sheet["turnover"], "K") == 13.0
    assert not IndicatorValue.objects.filter(indicator=sheet["turnover"], gender="M").exists()


def test_an_out_of_range_value_is_refused_next_to_its_field_and_nothing_is_saved(client_for, sheet):
    response = post(client_for("controller_a"), sheet, **{"v_{t}_T": "112,5"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "112,5 är inte rimligt här: värdet ska ligga mellan 0 och 100 %" in page
    assert 'aria-invalid="true"' in page
    assert not IndicatorValue.objects.exists()
    assert not DraftValue.objects.exists()
    assert OUT_OF_RANGE.startswith("{value} är inte rimligt")


def test_a_value_in_the_wrong_unit_is_refused(client_for, sheet):
    response = post(client_for("controller_a"), sheet, **{"v_{w}_T": "3 %"})

    assert "Fel enhet" in response.content.decode()
    assert not DraftValue.objects.exists()


def test_a_count_must_be_whole_and_a_word_is_not_a_number(client_for, sheet):
    page = post(client_for("controller_a"), sheet, **{"v_{w}_T": "2,5", "v_{t}_K": "tolv"})

    assert "Antal anges som ett heltal" in page.content.decode()
    assert "är inte ett tal" in page.content.decode()


def test_a_draft_survives_a_reload(client_for, sheet):
    client = client_for("controller_a")
    post(client, sheet)

    page = client.get(URL).content.decode()

    assert 'value="12,5"' in page
    assert "Lägre än i fjol." in page
    assert "Tre personer gick till arbete." in page
    assert page.count('class="badge badge--draft">Utkast</span>') >= 4
    assert not Assessment.objects.exists()  # readers see no assessment until it is ready
    assert FollowUpPeriod.objects.get().status == "open"


def test_marking_the_period_ready_needs_everything_filled_in(client_for, sheet, personas):
    client = client_for("controller_a")

    post(client, sheet, action="ready", **{"a_{g}": ""})
    refused = client.get(URL).content.decode()
    assert "kan inte markeras som klar" in refused
    assert "Det du fyllt i är sparat som utkast" in refused
    assert 'value="12,5"' in refused  # nothing entered is lost
    assert FollowUpPeriod.objects.get().status == "open"

    post(client, sheet, action="ready")
    period = FollowUpPeriod.objects.get()
    assert (period.status, period.marked_ready_by) == ("ready", personas.controller_a)
    assert period.marked_ready_at is not None
    assert Assessment.objects.get().status == "ready"
    page = client.get(URL).content.decode()
    assert "Senast markerad som klar av controller-a" in page
    assert '<strong class="follow-up-status">Klar</strong>' in page


def test_the_page_lists_what_is_missing_and_the_deadline(client_for, sheet):
    page = client_for("controller_a").get(URL).content.decode()

    assert "Sista dag: <strong>2025-10-15</strong>" in page
    assert "Värde: Personalomsättning" in page
    assert "Bedömning och analys: Fler i arbete" in page
    assert "Värde: PERCCI-enkäten" not in page  # yearly, due in the fourth quarter


def test_last_periods_values_are_shown_beside_the_fields(client_for, sheet, personas):
    add_value(sheet["turnover"], personas.committee_a, "2025Q2", 14.2)

    page = client_for("politician_a").get(URL).content.decode()

    assert "Perioden före (kvartal 2 2025): 14,2" in page


def test_history_records_who_changed_what_and_the_old_value(client_for, sheet, personas):
    client = client_for("controller_a")
    post(client, sheet, action="ready")
    client.post(
        reverse("indicators:follow_up_reopen", args=["namnd-a", "2025Q3"]),
        {"reason": "Fel siffra för kvartalet"},
    )
    post(client, sheet, action="ready", **{"v_{t}_T": "11,0", "c_{t}": ""})

    value = IndicatorValue.objects.get(indicator=sheet["turnover"], gender="T")
    records = list(value.history.order_by("history_date"))
    assert [r.value for r in records] == [12.5, 11.0]
    assert {r.history_user for r in records} == {personas.controller_a}
    assert not Comment.objects.exists()
    assert Comment.history.filter(history_type="-").count() == 1  # the deleted comment is kept
    page = client.get(URL).content.decode()
    assert "Värde ändrat från 12,5 till 11,0 av controller-a" in page
    assert "Perioden öppnad igen av controller-a, med skälet: Fel siffra för kvartalet" in page
    assert "Perioden markerad som klar av controller-a" in page
    assert "Kommentar borttagen (var" in page
    for machine_text in ("ändrad: 11.0", "skapad:", "Created", "ready"):
        assert machine_text not in page.split("historik-rubrik", 1)[1]


@pytest.mark.parametrize(("value", "expected"), [(3.0, "met"), (2.0, "not_met"), (None, "no_data")])
def test_the_suggested_status_compares_the_latest_value_with_the_target(
    sheet, personas, value, expected
):
    if value is not None:
        add_value(sheet["to_work"], personas.committee_a, "2025", value)

    suggestion = suggested_status(sheet["measure"], personas.committee_a, 2025)

    assert suggestion.status == expected


def test_a_cumulative_figure_is_compared_with_the_yearly_target_as_year_to_date(
    client_for, sheet, personas
):
    add_value(sheet["to_work"], personas.committee_a, "2025Q1", 2)
    add_value(sheet["to_work"], personas.committee_a, "2025Q2", 1)
    add_value(sheet["to_work"], personas.committee_a, "2025Q4", 5)  # after the page's period

    suggestion = suggested_status(sheet["measure"], personas.committee_a, 2025, "2025Q2")
    page = client_for("controller_a").get(
        reverse("indicators:follow_up", args=["namnd-a", "2025Q2"])
    )

    assert (suggestion.status, suggestion.value, suggestion.target) == ("met", 3, 3)
    assert suggestion.period_text == "2025 hittills i år (t.o.m. kvartal 2 2025)"
    assert "(2025 hittills i år (t.o.m. kvartal 2 2025))" in page.content.decode()


def test_a_quarter_is_never_set_against_a_yearly_target(sheet, personas):
    sheet["to_work"].cumulative = False
    sheet["to_work"].save()
    add_value(sheet["to_work"], personas.committee_a, "2025Q1", 2)

    suggestion = suggested_status(sheet["measure"], personas.committee_a, 2025)

    assert suggestion.status == "no_data"  # not "Ej uppfyllt" for a quarter's 2 against 3


def test_the_suggestion_is_shown_beside_the_assessment_never_replacing_it(
    client_for, sheet, personas
):
    add_value(sheet["to_work"], personas.committee_a, "2025", 2)
    Assessment.objects.create(goal=sheet["goal"], period="2025Q3", signal="helt", analysis="x")

    page = client_for("politician_a").get(URL).content.decode()

    assert "✗" not in page  # the mark is CSS; the text says it
    assert 'suggestion--not_met">Ej uppfyllt' in page
    assert '<option value="helt" selected>Helt uppfyllt</option>' in page


def test_an_unknown_period_is_not_found(client_for, sheet):
    response = client_for("controller_a").get(
        reverse("indicators:follow_up", args=["namnd-a", "2025Q9"])
    )

    assert response.status_code == 404


def test_the_deadline_follows_the_committees_rule_unless_the_period_has_its_own(
    client_for, sheet, personas
):
    personas.committee_a.follow_up_deadline_days = 20
    personas.committee_a.save()
    assert (
        "Sista dag: <strong>2025-10-20</strong>"
        in client_for("controller_a").get(URL).content.decode()
    )

    FollowUpPeriod.objects.create(
        committee=personas.committee_a, period="2025Q3", deadline="2025-10-10"
    )
    assert (
        "Sista dag: <strong>2025-10-10</strong>"
        in client_for("controller_a").get(URL).content.decode()
    )


def test_a_quarter_does_not_ask_for_a_yearly_figure_and_is_ready_without_it(
    client_for, sheet, personas
):
    client = client_for("controller_a")
    page = client.get(URL).content.decode()

    response = post(client, sheet, action="ready")

    assert f'name="v_{sheet["survey"].pk}_' not in page
    assert "Lämnas inte den här perioden: PERCCI-enkäten (årligen, lämnas i kvartal 4)" in page
    assert response.status_code == 302
    assert FollowUpPeriod.objects.get(period="2025Q3").status == "ready"


def test_the_yearly_figure_is_asked_for_in_the_period_it_is_due_and_stored_on_the_year(
    client_for, sheet, personas
):
    url = reverse("indicators:follow_up", args=["namnd-a", "2025Q4"])
    client = client_for("controller_a")
    t, w, g, survey = (sheet[k].pk for k in ("turnover", "to_work", "goal", "survey"))
    filled = {
        f"v_{t}_2025Q4_T": "12",
        f"v_{w}_2025Q4_T": "1",
        f"s_{g}": "delvis",
        f"a_{g}": "En person.",
    }

    refused = client.post(url, {**filled, "action": "ready"}, follow=True)
    client.post(url, {**filled, f"v_{survey}_2025_T": "38,5", "action": "ready"})

    assert "kan inte markeras som klar förrän allt är ifyllt: PERCCI-enkäten." in (
        refused.content.decode()
    )
    assert DraftValue.objects.count() == 0  # applied when marked ready
    assert ready_value(sheet["survey"], period="2025") == 38.5
    assert FollowUpPeriod.objects.get(period="2025Q4").approved_figures == sorted(
        [[t, "2025Q4"], [w, "2025Q4"], [survey, "2025"]]
    )


def test_a_monthly_figure_is_asked_for_each_month_of_the_quarter(client_for, sheet):
    sheet["turnover"].frequency = "month"
    sheet["turnover"].save()

    page = client_for("controller_a").get(URL).content.decode()

    for month in ["2025M07", "2025M08", "2025M09"]:
        assert f'name="v_{sheet["turnover"].pk}_{month}_T"' in page
    assert "Värde: Personalomsättning (september 2025)" in page


@pytest.mark.parametrize(("days_left", "late"), [(0, False), (-1, True)])
def test_the_status_reads_pagar_until_the_deadline_then_forsenad(
    client_for, sheet, personas, days_left, late
):
    deadline = timezone.localdate() + timedelta(days=days_left)
    FollowUpPeriod.objects.create(
        committee=personas.committee_a, period="2025Q3", deadline=deadline
    )

    page = client_for("politician_a").get(URL).content.decode()

    status = f"Försenad – sista dag var {deadline:%Y-%m-%d}" if late else "Pågår"
    assert f'<strong class="follow-up-status">{status}</strong>' in page
    assert "Perioden är pågår" not in page


def test_the_owner_of_each_figure_is_shown(client_for, sheet, personas):
    sheet["turnover"].owner = personas.controller_a
    sheet["turnover"].save()

    page = client_for("politician_a").get(URL).content.decode()

    assert "Ansvarig: controller-a." in page
    assert "Ansvarig: ingen angiven." in page


def test_the_command_line_shows_the_status_and_takes_the_same_steps(client_for, sheet, capsys):
    def follow_up(*args: str) -> dict:  # type: ignore[type-arg]
        call_command(
            "follow_up", "--committee", "namnd-a", "--period", "2025Q3", "--format", "json", *args
        )
        return json.loads(capsys.readouterr().out)

    assert follow_up()["missing"][0] == "Värde: Personalomsättning"
    with pytest.raises(CommandError, match="förrän allt är ifyllt"):
        follow_up("--ready", "--user", "controller-a")
    post(client_for("controller_a"), sheet)  # a complete draft, saved in the browser
    with pytest.raises(CommandError, match="är inte controller i"):
        follow_up("--ready", "--user", "politiker-a")

    ready = follow_up("--ready", "--user", "controller-a")
    published = follow_up("--publish", "--user", "controller-a")
    reopened = follow_up("--reopen", "Rättelse", "--user", "controller-a")

    assert (ready["status"], ready["marked_ready_by"], ready["published"]) == (
        "Klar",
        "controller-a",
        False,
    )
    assert published["published"] is True
    assert reopened["status"] in {"Pågår"} or reopened["status"].startswith("Försenad")
    assert ready_value(sheet["turnover"]) == 12.5
    assert FollowUpPeriod.history.filter(reopen_reason="Rättelse").exists()


def test_an_owner_must_be_a_controller_in_the_committee(client_for, sheet, personas):
    admin = client_for("admin")
    url = reverse("admin:indicators_indicator_change", args=[sheet["turnover"].pk])
    form = admin.get(url).context["adminform"].form
    data = {
        name: value for name, value in form.initial.items() if value is not None and name != "id"
    } | {
        "owner": personas.controller_b.pk,
        "committee_links-TOTAL_FORMS": 0,
        "committee_links-INITIAL_FORMS": 0,
    }

    refused = admin.post(url, data)  # a controller, but of another committee
    not_a_controller = admin.post(url, data | {"owner": personas.rapportor_a.pk})
    accepted = admin.post(url, data | {"owner": personas.controller_a.pk})

    assert OWNER_WITHOUT_ROLE in refused.content.decode()
    assert OWNER_WITHOUT_ROLE in not_a_controller.content.decode()  # could not enter them
    assert accepted.status_code == 302
    sheet["turnover"].refresh_from_db()
    assert sheet["turnover"].owner == personas.controller_a


def test_saving_the_form_again_keeps_every_decimal_that_was_typed(client_for, sheet):
    client = client_for("controller_a")
    precise = {"v_{t}_T": "7,25", "v_{t}_K": "12,345"}
    post(client, sheet, **precise)

    page = client.get(URL).content.decode()
    assert 'value="7,25"' in page
    assert 'value="12,345"' in page
    post(client, sheet, **precise, **{"v_{w}_T": "4"})  # another figure changed only

    stored = DraftValue.objects.filter(indicator=sheet["turnover"]).values_list("gender", "value")
    assert dict(stored)["T"] == 7.25
    assert dict(stored)["K"] == 12.345


def test_a_period_that_has_not_begun_cannot_be_marked_ready_and_shows_in_the_period_list(
    client_for, sheet
):
    client = client_for("controller_a")
    url = reverse("indicators:follow_up", args=["namnd-a", "2030Q1"])

    page = client.post(url, {"action": "ready"}, follow=True).content.decode()

    assert "kvartal 1 2030 har inte börjat än" in page.lower()
    assert not FollowUpPeriod.objects.filter(period="2030Q1", status="ready").exists()
    assert "selected>2030Q1</option>" in page
