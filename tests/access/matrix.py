"""The access table: what each persona gets from each page, kept beside the test that
discovers every URL pattern (tests/access/test_access_matrix.py).

A page missing here fails the test: a new page cannot escape the table. Committee A is the
demo's Socialnämnden in Ale (`ale-sn`, with the register, not published); B is
Vård- och omsorgsnämnden in Alingsås (`alingsas-von`, published).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    OK = "ok"  # 200, or a redirect that is not to a log-in page
    LOGIN = "log-in"  # 302 to a log-in page
    DENIED = "403"
    MISSING = "404"
    NOT_ALLOWED = "405"


PERSONAS: dict[str, str | None] = {
    "anonym": None,
    "politiker A": "ale-politiker",
    "controller A": "ale-controller",
    "rapportör A": "ale-rapportor",
    "controller B": "alingsas-controller",
    "rapportör B": "alingsas-rapportor",
    "administratör": "admin",
}
# Who may read the register's references, reasons and measures (pages, files, PDFs).
REGISTER_READERS = {"rapportör A", "administratör"}

ROLES = {
    "view": {"politiker A", "controller A", "rapportör A"},
    "figures": {"controller A"},
    "decisions": {"rapportör A"},
}


def allowed(who: set[str]) -> dict[str, Outcome]:
    """The committee pages' rule: the personas in `who` and administrators get the page,
    anyone else signed in 403, the anonymous visitor the log-in page."""
    return {
        persona: Outcome.OK
        if persona in who | {"administratör"}
        else Outcome.LOGIN
        if persona == "anonym"
        else Outcome.DENIED
        for persona in PERSONAS
    }


EVERYONE = dict.fromkeys(PERSONAS, Outcome.OK)
NOBODY_BY_GET = dict.fromkeys(PERSONAS, Outcome.NOT_ALLOWED)
ADMIN_ONLY = {
    persona: Outcome.OK if persona == "administratör" else Outcome.LOGIN for persona in PERSONAS
}


@dataclass(frozen=True)
class Rule:
    """What each persona gets by GET and, for views that take it, by POST. For another
    committee's object under this committee's address, whoever would get the page gets
    404 instead — and, where `other_missing` names them, those personas too (a view that
    looks the object up before it checks who may see it)."""

    get: dict[str, Outcome]
    post: dict[str, Outcome] | None = None
    queries: tuple[str, ...] = ("",)  # extra query strings to request (exports)
    other_missing: frozenset[str] = frozenset()


def committee(capability: str, *, post: bool = False, queries: tuple[str, ...] = ("",)) -> Rule:
    rule = allowed(ROLES[capability])
    return Rule(rule, rule if post else None, queries)


def post_only(capability: str) -> Rule:
    return Rule(NOBODY_BY_GET, allowed(ROLES[capability]))


# The unpublished committee A has no public pages: its public addresses answer 404.
UNPUBLISHED_PUBLIC = Rule(dict.fromkeys(PERSONAS, Outcome.MISSING))

TABLE: dict[str, Rule] = {
    "health": Rule(EVERYONE),
    "login": Rule(EVERYONE, EVERYONE),
    "logout": Rule(NOBODY_BY_GET, dict.fromkeys(PERSONAS, Outcome.LOGIN)),
    "organisations:home": Rule(EVERYONE),
    "organisations:committee": committee("view"),
    "organisations:committee_public": UNPUBLISHED_PUBLIC,
    "dashboards:indicator_list": committee("view", queries=("", "?format=csv", "?format=xlsx")),
    "dashboards:indicator": committee("view", queries=("", "?format=csv", "?format=xlsx")),
    "dashboards:comparison": committee("view", queries=("", "?format=csv", "?format=xlsx")),
    "dashboards:report_pdf": committee("view"),
    # the report: asked for, followed and downloaded by everyone who may read the committee
    "dashboards:report": committee("view", post=True),
    "dashboards:report_status": committee("view", queries=("?format=pdf", "?format=docx")),
    "dashboards:report_file": committee("view", queries=("?format=pdf", "?format=docx")),
    "dashboards:public_indicator_list": UNPUBLISHED_PUBLIC,
    "dashboards:public_indicator": UNPUBLISHED_PUBLIC,
    "dashboards:public_comparison": UNPUBLISHED_PUBLIC,
    "budget:overview": committee("view", queries=("", "?format=csv", "?format=xlsx")),
    "budget:upload": committee("figures", post=True),
    "budget:investments_upload": committee("figures", post=True),
    "imports:list": committee("figures"),
    "imports:start": post_only("figures"),
    # a controller's run: not the rapportör's own (her own uploads she may follow)
    "imports:detail": Rule(allowed(ROLES["figures"]), other_missing=frozenset(ROLES["view"])),
    "imports:status": Rule(allowed(ROLES["figures"]), other_missing=frozenset(ROLES["view"])),
    # readers see the follow-up without drafts; only controllers enter figures
    "indicators:follow_up_current": committee("view", post=True),
    "indicators:follow_up": Rule(allowed(ROLES["view"]), allowed(ROLES["figures"])),
    "indicators:follow_up_reopen": post_only("figures"),
    "indicators:follow_up_publish": post_only("figures"),
    "decisions:dashboard": committee("view"),
    "decisions:register": committee("decisions"),
    "decisions:new": committee("decisions", post=True),
    "decisions:edit": committee("decisions", post=True),
    "decisions:delete": committee("decisions", post=True),
    "decisions:upload": committee("decisions", post=True),
    "decisions:output": committee(
        "decisions",
        queries=(
            "?kvartal=2025Q4",
            "?kvartal=2025Q4&format=pdf",
            "?kvartal=2025Q4&format=csv",
            "?kvartal=2025Q4&format=xlsx",
        ),
    ),
    "decisions:mark_sent": post_only("decisions"),
    "decisions:quarter_sent": post_only("decisions"),
    "decisions:quarter_unsent": post_only("decisions"),
}

# Committee B is published: its public pages are open to everyone.
PUBLISHED_PUBLIC = {
    "organisations:committee_public",
    "dashboards:public_indicator_list",
    "dashboards:public_indicator",
    "dashboards:public_comparison",
}
