"""Demo organisations: GR, riket, the comparison groups, two committees and their users.

Idempotent: every row is created or brought back to the demo state, never duplicated.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from apps.organisations.areas import area_of_group
from apps.organisations.models import (
    Committee,
    CommitteeRole,
    ComparisonGroup,
    Municipality,
    Role,
)

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo" / "organisations.json"
DEMO_PASSWORD = "demo-namndkollen"
ROLE_USERNAMES = {
    Role.CONTROLLER: "controller",
    Role.POLITICIAN: "politiker",
    Role.RAPPORTOR: "rapportor",
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    description: str


@transaction.atomic
def load() -> list[DemoLogin]:
    """Load the demo organisations and users; return the log-ins to show."""
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    municipalities = {}
    for code, name, kind in data["municipalities"]:
        municipalities[code], _ = Municipality.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind}
        )
    groups = {}
    for spec in data["groups"]:
        group, _ = ComparisonGroup.objects.update_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "kind": spec["kind"],
                "area": spec.get("area", area_of_group(spec["name"])),
            },
        )
        group.members.set([municipalities[code] for code in spec["members"]])
        groups[spec["code"]] = group

    logins = [_demo_user("admin", "Administratör (alla nämnder)", staff=True)]
    for spec in data["committees"]:
        committee, _ = Committee.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "municipality": municipalities[spec["municipality"]],
                "published": spec["published"],
            },
        )
        committee.comparison_groups.set([groups[code] for code in spec["groups"]])
        for role, suffix in ROLE_USERNAMES.items():
            login = _demo_user(
                f"{spec['user_prefix']}-{suffix}", f"{role.label}, {committee}", staff=False
            )
            user = User.objects.get(username=login.username)
            CommitteeRole.objects.get_or_create(user=user, committee=committee, role=role)
            logins.append(login)
    return logins


def _demo_user(username: str, description: str, *, staff: bool) -> DemoLogin:
    user, _ = User.objects.get_or_create(username=username)
    user.is_staff = user.is_superuser = staff
    user.is_active = True
    user.email = user.email or f"{username}@example.se"  # reminders print on the console
    user.set_password(DEMO_PASSWORD)
    user.save()
    return DemoLogin(username, DEMO_PASSWORD, description)
