"""Simulated committee members for bench/bench_load.py (locust, headless).

Each simulated user logs in through the log-in form as one of the bench users (given in
BENCH_LOAD_USERS as "username:committee-slug" pairs, password BENCH_LOAD_PASSWORD), then
browses its committee's overview, indicator pages (BENCH_LOAD_CODES), comparison and budget
with 1–5 s between pages (and before the first). Log-ins (a deliberately slow password hash)
are not measured: the window starts once every user has logged in and lasts
BENCH_LOAD_SECONDS, after which locust stops. Every page request in the window is written to
BENCH_LOAD_OUTPUT (JSON: the window's length and [name, milliseconds, error] per request) for
bench_load.py to judge.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from typing import Any

import gevent
from gevent.event import Event
from locust import HttpUser, between, events, task

USERS = [pair.split(":") for pair in os.environ.get("BENCH_LOAD_USERS", "").split(",") if pair]
PASSWORD = os.environ.get("BENCH_LOAD_PASSWORD", "")
CODES = os.environ.get("BENCH_LOAD_CODES", "").split(",")
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
OUTPUT = os.environ.get("BENCH_LOAD_OUTPUT", "locust-requests.json")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

logged_in = Event()
state: dict[str, Any] = {"next": 0, "count": 0, "started": None, "ended": None, "requests": []}


@events.request.add_listener
def record(name: str, response_time: float, exception: Exception | None, **_: Any) -> None:
    if state["started"] is not None and state["ended"] is None and name != "login":
        state["requests"].append(
            [name, response_time, None if exception is None else str(exception)]
        )


def window(environment: Any) -> None:
    logged_in.wait()
    state["started"] = time.monotonic()
    gevent.sleep(SECONDS)
    state["ended"] = time.monotonic()
    environment.runner.quit()


@events.test_start.add_listener
def start(environment: Any, **_: Any) -> None:
    gevent.spawn(window, environment)


@events.quitting.add_listener
def save(environment: Any, **_: Any) -> None:
    ended = state["ended"] or time.monotonic()
    seconds = ended - state["started"] if state["started"] else 0.0
    with open(OUTPUT, "w") as out:
        json.dump(
            {"seconds": seconds, "logged_in": state["count"], "requests": state["requests"]}, out
        )


class CommitteeMember(HttpUser):
    wait_time = between(1, 5)

    def on_start(self) -> None:
        username, self.slug = USERS[state["next"] % len(USERS)]
        state["next"] += 1
        page = self.client.get("/logga-in/", name="login")
        match = TOKEN.search(page.text)
        response = self.client.post(
            "/logga-in/",
            data={"username": username, "password": PASSWORD,
                  "csrfmiddlewaretoken": match.group(1) if match else ""},
            headers={"Referer": self.host + "/logga-in/"},
            name="login",
        )  # fmt: skip
        if "sessionid" in self.client.cookies:
            state["count"] += 1
        else:  # browses anyway: its pages then count as errors (redirects to the log-in)
            state["failed_logins"] = state.get("failed_logins", 0) + 1
            print(f"{username} could not log in ({response.status_code})")
        done = state["count"] + state.get("failed_logins", 0)
        if done >= self.environment.runner.target_user_count:
            logged_in.set()
        logged_in.wait()
        # Then each member thinks before the first page as between pages: without it all 50
        # would ask for their first page in the same millisecond when the window opens, a
        # burst no committee meeting makes.
        gevent.sleep(self.wait_time())

    def page(self, path: str, name: str) -> None:
        """A page of the committee; a redirect to the log-in page counts as an error."""
        with self.client.get(f"/namnd/{self.slug}/{path}", name=name, catch_response=True) as r:
            if r.status_code != 200 or "/logga-in/" in r.url:
                r.failure(f"{r.status_code} {r.url}")

    @task(3)
    def overview(self) -> None:
        self.page("", "overview")

    @task(3)
    def indicator(self) -> None:
        self.page(f"nyckeltal/{random.choice(CODES)}/", "indicator")

    @task(2)
    def comparison(self) -> None:
        self.page("jamforelse/", "comparison")

    @task(2)
    def budget(self) -> None:
        self.page("budget/?ar=2025&manad=9", "budget")
