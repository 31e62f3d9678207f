"""Each committee page is visible exactly to the right personas, through real URLs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import PERSONA_NAMES

SEES_COMMITTEE_A = {"controller_a", "politician_a", "rapportor_a", "admin"}


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_committee_a_page_is_shown_only_to_its_members_and_admins(client_for, personas, persona):
    response = client_for(persona).get(reverse("organisations:committee", args=["namnd-a"]))

    if persona in SEES_COMMITTEE_A:
        assert response.status_code == 200
        assert personas.committee_a.name in response.content.decode()
    elif persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", ["admin", "outsider", "anonymous"])
def test_start_page_lists_exactly_the_committees_a_persona_may_see(client_for, personas, persona):
    page = client_for(persona).get(reverse("organisations:home")).content.decode()

    sees_both = persona == "admin"
    assert (reverse("organisations:committee", args=["namnd-a"]) in page) is sees_both
    assert (reverse("organisations:committee", args=["namnd-b"]) in page) is sees_both


@pytest.mark.parametrize(
    ("persona", "slug"),
    [
        ("controller_a", "namnd-a"),
        ("politician_a", "namnd-a"),
        ("rapportor_a", "namnd-a"),
        ("controller_b", "namnd-b"),
    ],
)
def test_start_page_opens_the_committee_of_a_user_with_exactly_one(
    client_for, personas, persona, slug
):
    response = client_for(persona).get(reverse("organisations:home"))

    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:committee", args=[slug])


def test_unknown_committee_is_not_found(client_for):
    response = client_for("admin").get(reverse("organisations:committee", args=["finns-inte"]))

    assert response.status_code == 404


def test_forbidden_page_explains_in_swedish(client_for):
    response = client_for("controller_b").get(reverse("organisations:committee", args=["namnd-a"]))

    assert response.status_code == 403
    assert "Ingen behörighet" in response.content.decode()


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "controller_b"])
def test_public_page_of_a_published_committee_is_open_to_everyone(client_for, personas, persona):
    personas.committee_a.published = True
    personas.committee_a.save()

    response = client_for(persona).get(reverse("organisations:committee_public", args=["namnd-a"]))

    assert response.status_code == 200
    assert "Publik översikt" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("organisations:committee_public", []),
        ("dashboards:public_indicator_list", []),
        ("dashboards:public_comparison", []),
        ("dashboards:public_indicator", ["N00000"]),
    ],
)
def test_public_address_of_an_unpublished_committee_is_not_found_for_anyone(
    client_for, personas, persona, name, args
):
    response = client_for(persona).get(reverse(name, args=["namnd-a", *args]))

    assert response.status_code == 404


def test_start_page_offers_published_committees_to_anonymous_visitors(client_for, personas):
    personas.committee_b.published = True
    personas.committee_b.save()

    page = client_for("anonymous").get(reverse("organisations:home")).content.decode()

    assert reverse("organisations:committee_public", args=["namnd-b"]) in page
    assert reverse("organisations:committee_public", args=["namnd-a"]) not in page


def test_deactivated_user_loses_access(client_for, personas):
    personas.politician_a.is_active = False
    personas.politician_a.save()

    response = client_for("politician_a").get(reverse("organisations:committee", args=["namnd-a"]))

    assert response.status_code in {302, 403}
