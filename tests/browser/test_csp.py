"""In a real browser, the Content-Security-Policy blocks nothing the pages need: charts,
the budget tree, the period picker and the import progress run without a violation."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

PAGES = [
    ("alingsas-controller", "/namnd/alingsas-von/"),
    ("alingsas-controller", "/namnd/alingsas-von/nyckeltal/U23401/"),
    ("alingsas-controller", "/namnd/alingsas-von/jamforelse/?nyckeltal=U20900"),
    ("alingsas-controller", "/namnd/alingsas-von/uppfoljning/"),
    ("ale-controller", "/namnd/ale-sn/budget/"),
    ("ale-rapportor", "/namnd/ale-sn/ej-verkstallda/?kvartal=2025Q4"),
]


def violations_on(page: Any, url: str) -> list[str]:
    page.add_init_script(
        "window.__csp = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return list(page.evaluate("window.__csp"))


@pytest.mark.parametrize(("user", "path"), PAGES)
def test_the_pages_run_under_the_policy_without_a_violation(open_as, demo_server, user, path):
    page = open_as(user)

    assert violations_on(page, f"{demo_server}{path}") == []


def test_the_period_picker_still_opens_the_chosen_period(open_as, demo_server):
    page = open_as("alingsas-controller")
    page.goto(f"{demo_server}/namnd/alingsas-von/uppfoljning/2024/")

    options = page.locator("#period-select option")
    target = next(
        options.nth(i).get_attribute("value")
        for i in range(options.count())
        if not (options.nth(i).get_attribute("value") or "").endswith("/2024/")
    )
    page.select_option("#period-select", target)
    page.wait_for_url(f"**{target}")

    assert page.url.endswith(target)
