"""Real-browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium) against the
app served by pytest-django's live server on the test PostgreSQL. axe-core comes from the
npm registry (package.json; `make test` runs `npm ci`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test.testcases import QuietWSGIRequestHandler

from tests.demo import load_demo

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are ordinary synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The live server answers with TCP_NODELAY, as gunicorn does: Python's socketserver leaves
# Nagle's algorithm on, and a keep-alive response written in two parts (headers, then body)
# then waits for the browser's delayed ACK, tens of milliseconds for each of the page's
# requests (style sheets and scripts too). The same bytes, sent at once: in the walk's 190
# pages the browser waited 40 s instead of 54 s for the pages to load (the walk: 84-99 s
# against 97-106 s, on a shared machine).
QuietWSGIRequestHandler.disable_nagle_algorithm = True


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists() or not AXE.exists():
        pytest.fail("make test installs Chromium (Debian) and axe-core (npm) first")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def demo_server(live_server, transactional_db) -> str:  # type: ignore[no-untyped-def]
    load_demo()
    return str(live_server.url)


def session_cookie(username: str, origin: str) -> dict[str, str]:
    """A demo user's session cookie: the session django.contrib.auth's login() makes, as the
    log-in form would."""
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username=username))
    name = settings.SESSION_COOKIE_NAME
    return {"name": name, "value": client.cookies[name].value, "url": origin}


@pytest.fixture
def open_as(browser, demo_server):  # type: ignore[no-untyped-def]
    """A fresh browser context, logged in as the demo user (or anonymous): with a session
    cookie, not through the log-in form, whose page and the start page after it cost each
    test about a second (the walk logs every demo user in through the form)."""
    contexts = []

    def make(username: str | None = None, width: int = 1280) -> Any:
        context = browser.new_context(
            viewport={"width": width, "height": 900}, locale="sv-SE", accept_downloads=True
        )
        contexts.append(context)
        # axe-core with every page, as the browser's own script (axe_violations runs it):
        # the Content-Security-Policy allows no inline script, and a route would turn the
        # browser's cache off in the context.
        context.add_init_script(path=str(AXE))
        if username:
            context.add_cookies([session_cookie(username, demo_server)])
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) in a page of open_as; return the
    violations."""
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        })"""
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
