"""A small fake Kolada v3 server on 127.0.0.1 for the import tests.

It serves kpi, municipality, municipality_groups and data in the path form, pages with
relative next_url, answers 422 to more than 25 ids in a segment or per_page above 5000,
and plays queued faults on the next data requests: 429 with Retry-After, 500, a truncated
body, or a hang longer than the client's time-out.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse


@dataclass
class FakeKolada:
    kpis: dict[str, dict[str, Any]] = field(default_factory=dict)
    municipalities: dict[str, dict[str, Any]] = field(default_factory=dict)
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    data: list[dict[str, Any]] = field(default_factory=list)
    page_size: int = 5000  # smaller than per_page to make the client page
    # Played on the next data requests, one each: "ok", "429", "500", "truncate", "hang";
    # "always500" stays and fails every later data request.
    faults: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    url: str = ""

    def data_rows(self, kpis: set[str], units: set[str], years: set[int]) -> list[dict]:
        return [
            row
            for row in self.data
            if row["kpi"] in kpis and row["municipality"] in units and row["period"] in years
        ]


class _Handler(BaseHTTPRequestHandler):
    fake: FakeKolada

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        fake = self.fake
        fake.requests.append(self.path)
        parsed = urlparse(self.path)
        query = {key: values[0] for key, values in parse_qs(parsed.query).items()}
        parts = [part for part in parsed.path.split("/") if part][1:]  # drop "v3"
        per_page = int(query.get("per_page", "5000"))
        if per_page > 5000:
            return self._send(422, b'{"detail": "per_page max 5000"}')
        lists = [part.split(",") for part in parts[2::2]] if parts[0] == "data" else []
        if parts[0] != "data" and len(parts) > 1:
            lists = [parts[1].split(",")]
        if any(len(ids) > 25 for ids in lists):
            return self._send(422, b'{"detail": "at most 25 ids"}')

        if parts[0] == "data" and fake.faults:
            fault = fake.faults[0] if fake.faults[0] == "always500" else fake.faults.pop(0)
            if fault == "429":
                return self._send(429, b"{}", {"Retry-After": "1"})
            if fault in {"500", "always500"}:
                return self._send(500, b'{"detail": "internal"}')
            if fault == "hang":
                time.sleep(2)
                # the client has given up by now (its timeout is shorter) and may be gone
                with suppress(BrokenPipeError, ConnectionResetError):
                    self._send(200, b'{"values": []}')
                return None
            if fault == "truncate":
                body = json.dumps(self._page(parts, query)).encode()
                return self._send(200, body[: len(body) // 2])
        self._send(200, json.dumps(self._page(parts, query)).encode())

    def _page(self, parts: list[str], query: dict[str, str]) -> dict[str, Any]:
        fake = self.fake
        if parts[0] == "data":
            segments = dict(zip(parts[1::2], parts[2::2], strict=False))
            rows = fake.data_rows(
                set(segments["kpi"].split(",")),
                set(segments["municipality"].split(",")),
                {int(y) for y in segments["year"].split(",")},
            )
            if "from_date" in query:
                rows = [row for row in rows if row.get("changed", "") >= query["from_date"]]
            rows = [{k: v for k, v in row.items() if k != "changed"} for row in rows]
        elif parts[0] == "kpi":
            rows = [fake.kpis[i] for i in parts[1].split(",") if i in fake.kpis]
        elif parts[0] == "municipality":
            rows = [fake.municipalities[i] for i in parts[1].split(",") if i in fake.municipalities]
        else:
            rows = [fake.groups[i] for i in parts[1].split(",") if i in fake.groups]
        page = int(query.get("page", "1"))
        size = min(fake.page_size, int(query.get("per_page", "5000")))
        chunk = rows[(page - 1) * size : page * size]
        more = page * size < len(rows)
        return {
            "values": chunk,
            "count": len(rows),
            # Relative, as Kolada has been seen to send it.
            "next_url": f"?{urlencode({**query, 'page': page + 1})}" if more else None,
            "previous_url": None,
        }


@contextmanager
def running(fake: FakeKolada) -> Iterator[FakeKolada]:
    handler = type("Handler", (_Handler,), {"fake": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/v3"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
