"""load_demo loads the seed organisations and users, and can be run again safely."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from apps.organisations.demo import DEMO_PASSWORD
from apps.organisations.models import (
    Committee,
    CommitteeRole,
    ComparisonGroup,
    Municipality,
    Role,
)
from tests.demo import load_demo

pytestmark = pytest.mark.django_db

GR_MEMBERS = {
    "1384",
    "1401",
    "1402",
    "1407",
    "1415",
    "1419",
    "1440",
    "1441",
    "1462",
    "1480",
    "1481",
    "1482",
    "1489",
}


def counts() -> tuple[int, ...]:
    return (
        Municipality.objects.count(),
        ComparisonGroup.objects.count(),
        Committee.objects.count(),
        CommitteeRole.objects.count(),
        User.objects.count(),
    )


def test_loading_the_demo_twice_changes_nothing(capsys):
    call_command("load_demo")
    first = counts()
    call_command("load_demo")

    assert counts() == first


def test_demo_has_the_gr_municipalities_riket_and_the_groups_with_members():
    load_demo()  # the command's rows (tests/demo.py)

    gr = ComparisonGroup.objects.get(code="G96190")
    assert set(gr.members.values_list("code", flat=True)) == GR_MEMBERS
    assert Municipality.objects.get(code="0000").name == "Riket"
    alingsas_similar = ComparisonGroup.objects.get(code="G176486")
    assert set(alingsas_similar.members.values_list("code", flat=True)) == {
        "0486",
        "0683",
        "1233",
        "1287",
        "1463",
        "1485",
        "2581",
    }
    assert not ComparisonGroup.objects.get(code="G176485").members.filter(code="1440").exists()
    assert {"G96190", "G176486", "G176485", "G39499", "G39498"} <= set(
        ComparisonGroup.objects.values_list("code", flat=True)
    )


def test_demo_committees_are_the_contracted_ones():
    load_demo()  # the command's rows (tests/demo.py)

    alingsas = Committee.objects.get(slug="alingsas-von")
    ale = Committee.objects.get(slug="ale-sn")
    assert (alingsas.name, alingsas.municipality.code) == ("Vård- och omsorgsnämnden", "1489")
    assert (ale.name, ale.municipality.code) == ("Socialnämnden", "1440")
    assert set(ale.comparison_groups.values_list("code", flat=True)) == {
        "G96190",
        "G176485",
        "G39498",
        "G2328",  # the documents compare with kommungenomsnittet
    }


@pytest.mark.parametrize("committee", ["alingsas-von", "ale-sn"])
def test_demo_has_one_user_per_role_per_committee(committee):
    load_demo()  # the command's rows (tests/demo.py)

    roles = CommitteeRole.objects.filter(committee__slug=committee)
    assert sorted(roles.values_list("role", flat=True)) == sorted(Role.values)


def test_every_demo_user_can_log_in_and_reach_a_page():
    output = json.loads(_run_json())

    for login in output["logins"]:
        client = Client()
        assert client.login(username=login["username"], password=DEMO_PASSWORD), login
        assert client.get(reverse("organisations:home"), follow=True).status_code == 200


def test_demo_users_see_only_their_own_committee():
    load_demo()  # the command's rows (tests/demo.py)
    client = Client()
    client.login(username="ale-politiker", password=DEMO_PASSWORD)

    assert client.get(reverse("organisations:committee", args=["ale-sn"])).status_code == 200
    assert client.get(reverse("organisations:committee", args=["alingsas-von"])).status_code == 403


def test_demo_data_is_refused_where_the_environment_does_not_allow_it(settings):
    settings.DEMO_DATA_ALLOWED = False

    with pytest.raises(CommandError, match="DEMO_DATA_ALLOWED"):
        call_command("load_demo")
    assert not User.objects.exists()


def _run_json() -> str:
    from io import StringIO

    out = StringIO()
    call_command("load_demo", "--format", "json", stdout=out)
    return out.getvalue()
