"""In a real browser, under the Content-Security-Policy, the period picker still opens the
chosen period. The walk (test_walk.py) checks every page for a violation of the policy."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


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
