"""A careful client for Kolada's API v3.

It uses the path form (/data/kpi/{K}/municipality/{M}/year/{Y}), never more than 25 ids in
a segment, per_page=5000, follows next_url (absolute or relative) until it is null,
throttles to 5 requests a second, retries 429, 5xx, time-outs and broken JSON with
exponential back-off (honouring Retry-After) and gives up after 30 s on one request.
"""

from __future__ import annotations

import email.utils
import logging
import math
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urljoin

import requests

logger = logging.getLogger(__name__)

MAX_IDS_PER_SEGMENT = 25
PER_PAGE = 5000
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

GAVE_UP = (
    "Kolada svarade inte efter {attempts} försök: {reason}. Inga data ändrades; de "
    "tidigare värdena ligger kvar. Försök igen senare. (Fråga: {url})"
)
REFUSED = "Kolada vägrade frågan ({status}); inga data ändrades. (Fråga: {url}: {body})"
UNREACHABLE = "Kolada kunde inte nås (namnet kunde inte slås upp eller anslutningen vägrades)"
STATUS_REASONS = {
    429: "för många frågor (HTTP 429)",
    500: "fel hos Kolada (HTTP 500)",
    502: "Kolada nås inte just nu (HTTP 502)",
    503: "Kolada är tillfälligt otillgängligt (HTTP 503)",
    504: "Kolada svarade för långsamt (HTTP 504)",
}


class KoladaError(Exception):
    """Kolada could not be asked or did not answer; nothing was written."""


def segments(ids: Sequence[str], size: int = MAX_IDS_PER_SEGMENT) -> list[list[str]]:
    """Split ids into comma-joinable segments of at most `size` (Kolada answers 422 above 25)."""
    unique = list(dict.fromkeys(ids))
    return [unique[i : i + size] for i in range(0, len(unique), size)]


@dataclass
class KoladaClient:
    base_url: str
    timeout: float = 30.0
    max_attempts: int = 6
    backoff_base: float = 1.0
    min_interval: float = 0.2  # at most 5 requests a second
    sleep: Callable[[float], None] = time.sleep
    session: requests.Session = field(default_factory=requests.Session)
    requests_made: int = 0
    _last_request_at: float = 0.0

    @classmethod
    def from_settings(cls) -> KoladaClient:
        from django.conf import settings

        return cls(
            settings.KOLADA_BASE_URL,
            timeout=settings.KOLADA_TIMEOUT_SECONDS,
            backoff_base=settings.KOLADA_BACKOFF_SECONDS,
            min_interval=1 / settings.KOLADA_REQUESTS_PER_SECOND,
        )

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/") + "/"
        self.session.headers.setdefault("User-Agent", "Namndkollen (+kolada import)")

    # -- endpoints ---------------------------------------------------------------------------

    def kpis(self, ids: Sequence[str]) -> Iterator[dict[str, Any]]:
        for segment in segments(ids):
            for page in self.pages(f"kpi/{','.join(segment)}"):
                yield from page["values"]

    def municipalities(self, ids: Sequence[str]) -> Iterator[dict[str, Any]]:
        for segment in segments(ids):
            for page in self.pages(f"municipality/{','.join(segment)}"):
                yield from page["values"]

    def municipality_groups(self, ids: Sequence[str]) -> Iterator[dict[str, Any]]:
        for group_id in dict.fromkeys(ids):  # the group endpoint takes one id
            for page in self.pages(f"municipality_groups/{group_id}"):
                yield from page["values"]

    def data_requests(
        self, kpis: Sequence[str], units: Sequence[str], years: Iterable[int]
    ) -> list[str]:
        """The data paths to ask for, every id list cut into segments of at most 25."""
        year_list = [str(year) for year in years]
        return [
            f"data/kpi/{','.join(k)}/municipality/{','.join(m)}/year/{','.join(y)}"
            for k in segments(kpis)
            for m in segments(units)
            for y in segments(year_list)
        ]

    def pages(
        self,
        path: str,
        *,
        from_date: date | None = None,
        on_page: Callable[[int, int], None] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Yield every page of `path`, following next_url until it is null.

        on_page(pages_done, pages_expected) is called after each page; the expected
        number comes from the first page's `count`.
        """
        params = {"per_page": str(PER_PAGE)}
        if from_date:
            params["from_date"] = from_date.isoformat()
        url: str | None = urljoin(self.base_url, path)
        query: dict[str, str] | None = params
        done = 0
        expected = 1
        while url:
            page = self.get_json(url, query)
            done += 1
            if done == 1:
                expected = max(1, math.ceil(int(page.get("count") or 0) / PER_PAGE))
            if on_page:
                on_page(done, max(expected, done))
            yield page
            next_url = page.get("next_url")
            url = urljoin(url, next_url) if next_url else None
            query = None  # next_url carries its own query

    # -- transport ---------------------------------------------------------------------------

    def get_json(self, url: str, params: dict[str, str] | None = None) -> dict[str, Any]:
        reason = ""
        for attempt in range(1, self.max_attempts + 1):
            self._throttle()
            wait = self.backoff_base * 2 ** (attempt - 1)
            try:
                response = self.session.get(url, params=params, timeout=self.timeout)
            except requests.Timeout:
                reason = f"inget svar inom {self.timeout:g} s"
            except requests.ConnectionError:
                reason = (
                    "Kolada kunde inte nås (namnet kunde inte slås upp eller anslutningen vägrades)"
                )
            else:
                if response.status_code in RETRY_STATUSES:
                    reason = STATUS_REASONS.get(
                        response.status_code, f"HTTP {response.status_code}"
                    )
                    wait = max(wait, retry_after_seconds(response.headers.get("Retry-After")))
                elif response.status_code >= 400:
                    raise KoladaError(
                        REFUSED.format(
                            status=response.status_code, url=response.url, body=response.text[:300]
                        )
                    )
                else:
                    try:
                        payload = response.json()
                        if not isinstance(payload, dict) or "values" not in payload:
                            raise ValueError("svaret saknar 'values'")
                        return payload
                    except ValueError:  # truncated or broken JSON: ask again
                        reason = "svaret var avbrutet eller inte giltig JSON"
            if attempt < self.max_attempts:
                logger.warning("Kolada: %s, försök %s om %.1f s (%s)", reason, attempt, wait, url)
                self.sleep(wait)
        raise KoladaError(GAVE_UP.format(attempts=self.max_attempts, url=url, reason=reason))

    def _throttle(self) -> None:
        elapsed = time.monotonic() - self._last_request_at
        if elapsed < self.min_interval:
            self.sleep(self.min_interval - elapsed)
        self._last_request_at = time.monotonic()
        self.requests_made += 1


def retry_after_seconds(header: str | None) -> float:
    """Retry-After as seconds: either a number or an HTTP date."""
    if not header:
        return 0.0
    try:
        return max(0.0, float(header))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(header)
        return max(0.0, parsed.timestamp() - time.time())
