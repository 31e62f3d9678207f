"""The Kolada client against a fake v3 server on 127.0.0.1."""

from __future__ import annotations

import pytest

from apps.imports.kolada.client import KoladaClient, KoladaError, segments
from tests.imports.fake_kolada import FakeKolada, running


def data_row(kpi: str, unit: str, year: int, value: float | None = 1.0) -> dict:
    return {
        "kpi": kpi,
        "municipality": unit,
        "period": year,
        "values": [{"gender": "T", "count": 1, "status": "", "value": value, "isdeleted": False}],
    }


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def fake():
    with running(FakeKolada()) as server:
        yield server


def client_for(fake: FakeKolada, sleeps: Sleeps, **kwargs) -> KoladaClient:
    return KoladaClient(fake.url, sleep=sleeps, backoff_base=0.01, **kwargs)


def test_id_lists_are_cut_into_segments_of_at_most_25():
    assert [len(s) for s in segments([f"U{i}" for i in range(60)])] == [25, 25, 10]
    assert segments(["A", "A", "B"]) == [["A", "B"]]


def test_thirty_kpis_are_asked_in_two_segments_and_all_come_back(fake, sleeps):
    kpis = [f"U{i:05d}" for i in range(30)]
    fake.data = [data_row(kpi, "1489", 2024) for kpi in kpis]
    client = client_for(fake, sleeps)

    rows = [
        row
        for path in client.data_requests(kpis, ["1489"], [2024])
        for page in client.pages(path)
        for row in page["values"]
    ]

    assert len(rows) == 30
    assert all(path.count(",") < 25 for path in fake.requests)
    assert len(fake.requests) == 2


def test_pages_are_followed_through_relative_next_urls(fake, sleeps):
    fake.data = [data_row("U1", "1489", year) for year in range(2000, 2012)]
    fake.page_size = 5

    pages = list(
        client_for(fake, sleeps).pages(
            "data/kpi/U1/municipality/1489/year/" + ",".join(str(y) for y in range(2000, 2012))
        )
    )

    assert [len(page["values"]) for page in pages] == [5, 5, 2]
    assert "per_page=5000" in fake.requests[0]
    assert "page=3" in fake.requests[-1]


def test_a_429_is_retried_after_the_time_retry_after_asks_for(fake, sleeps):
    fake.data = [data_row("U1", "1489", 2024)]
    fake.faults = ["429"]

    pages = list(client_for(fake, sleeps).pages("data/kpi/U1/municipality/1489/year/2024"))

    assert pages[0]["values"]
    assert max(sleeps) >= 1.0


def test_a_500_and_a_truncated_body_are_retried_with_growing_back_off(fake, sleeps):
    fake.data = [data_row("U1", "1489", 2024)]
    fake.faults = ["500", "truncate"]

    pages = list(client_for(fake, sleeps).pages("data/kpi/U1/municipality/1489/year/2024"))

    assert pages[0]["count"] == 1
    backoffs = [s for s in sleeps if s in (0.01, 0.02)]  # the rest are the throttle's
    assert backoffs == [0.01, 0.02]


def test_a_time_out_is_retried(fake, sleeps):
    fake.data = [data_row("U1", "1489", 2024)]
    fake.faults = ["hang"]

    pages = list(
        client_for(fake, sleeps, timeout=0.5).pages("data/kpi/U1/municipality/1489/year/2024")
    )

    assert pages[0]["count"] == 1
    assert len(fake.requests) == 2


def test_the_client_gives_up_with_a_clear_error_when_kolada_keeps_failing(fake, sleeps):
    fake.faults = ["always500"]

    with pytest.raises(KoladaError, match="efter 3 försök"):
        list(client_for(fake, sleeps, max_attempts=3).pages("data/kpi/U1/municipality/1/year/1"))
    assert len(fake.requests) == 3


def test_a_refused_request_is_not_retried(fake, sleeps):
    with pytest.raises(KoladaError, match="422"):
        list(client_for(fake, sleeps).pages("kpi/" + ",".join(f"U{i}" for i in range(26))))
    assert len(fake.requests) == 1


def test_requests_are_throttled_to_five_a_second(fake, sleeps):
    fake.kpis = {"U1": {"id": "U1", "title": "x"}}
    client = client_for(fake, sleeps)

    for _ in range(4):
        list(client.kpis(["U1"]))

    waits = [s for s in sleeps if s > 0]
    assert len(waits) == 3
    assert all(0.1 < wait <= 0.2 for wait in waits)
