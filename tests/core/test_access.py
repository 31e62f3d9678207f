"""The access helper gives each role exactly its capabilities, in its own committee only."""

from __future__ import annotations

import pytest

from apps.core.access import Capability, capabilities_for

V, E, D, A = (
    Capability.VIEW,
    Capability.EDIT_FIGURES,
    Capability.MANAGE_DECISIONS,
    Capability.ADMINISTER,
)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("controller_a", {V, E}),
        ("politician_a", {V}),
        ("rapportor_a", {V, D}),
        ("controller_b", set()),
        ("outsider", set()),
        ("admin", {V, E, D, A}),
    ],
)
def test_each_persona_has_exactly_its_capabilities_in_committee_a(personas, persona, expected):
    assert capabilities_for(personas.user(persona), personas.committee_a) == expected


def test_a_user_with_two_roles_gets_both_sets_of_capabilities(personas):
    from apps.organisations.models import CommitteeRole, Role

    CommitteeRole.objects.create(
        user=personas.politician_a, committee=personas.committee_a, role=Role.RAPPORTOR
    )

    assert capabilities_for(personas.politician_a, personas.committee_a) == {V, D}


def test_anonymous_has_no_capabilities(personas):
    from django.contrib.auth.models import AnonymousUser

    assert capabilities_for(AnonymousUser(), personas.committee_a) == frozenset()
