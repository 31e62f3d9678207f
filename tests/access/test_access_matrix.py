"""Every page, every persona, GET and (where the view takes it) POST, against the access
table in tests/access/matrix.py; and no register reference, reason or measure in anything
that a persona other than the committee's rapportör and the administrators can reach."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from apps.core.periods import ReportPeriod
from apps.dashboards.models import ReportRun
from apps.dashboards.report import report_bytes
from apps.decisions.models import Decision
from apps.imports.models import ImportRun
from apps.indicators.models import CommitteeIndicator, FollowUpPeriod
from apps.organisations.models import Committee
from tests.access.matrix import (
    ADMIN_ONLY,
    PERSONAS,
    PUBLISHED_PUBLIC,
    REGISTER_READERS,
    TABLE,
    Outcome,
)
from tests.demo import load_demo

pytestmark = pytest.mark.django_db
A, B = "ale-sn", "alingsas-von"
SKIPPED_NAMESPACES = {"admin"}  # the admin is checked by its own rule below


@dataclass(frozen=True)
class Route:
    name: str
    params: tuple[str, ...]


def routes(patterns: list, namespace: str = "") -> Iterator[Route]:  # type: ignore[type-arg]
    """Every named URL pattern in the URLconf, with its parameter names."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from routes(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            if entry.name is None:
                raise AssertionError(f"URL {entry.pattern} has no name: the table needs one")
            params = tuple(re.findall(r"<(?:\w+:)?(\w+)>", str(entry.pattern)))
            yield Route(f"{namespace}{entry.name}", params)


@dataclass
class Objects:
    """Real objects of both committees to fill the parameters with."""

    own: dict[str, object]
    other: dict[str, object]


def demo_objects() -> Objects:
    load_demo()
    a, b = Committee.objects.get(slug=A), Committee.objects.get(slug=B)
    other_decision = Decision.objects.create(
        committee=b, reference="VON-1", law="SoL", legal_basis="sol_2025_11_1",
        service="hemtjanst", decided=date(2025, 8, 1), gender="K",
    )  # fmt: skip
    controller = User.objects.get(username="ale-controller")
    runs = {
        slug: ImportRun.objects.create(
            kind=ImportRun.Kind.LEDGER,
            trigger=ImportRun.Trigger.WEB,
            committee=committee,
            started_by=controller if slug == A else None,
            status=ImportRun.Status.SUCCEEDED,
            finished_at=timezone.now(),
        )
        for slug, committee in ((A, a), (B, b))
    }
    codes = {
        slug: set(
            CommitteeIndicator.objects.filter(committee__slug=slug).values_list(
                "indicator__code", flat=True
            )
        )
        for slug in (A, B)
    }
    FollowUpPeriod.objects.get_or_create(committee=a, period="2025Q3")
    # The committee report of A's register quarter, stored as its task stores it: the
    # report_file addresses then hand out real files, which are searched like any answer.
    for fmt in (ReportRun.Format.PDF, ReportRun.Format.DOCX):
        report = ReportRun.objects.create(
            committee=a, period="2025Q3", format=fmt,
            status=ReportRun.Status.SUCCEEDED, finished_at=timezone.now(),
        )  # fmt: skip
        data = report_bytes(a, ReportPeriod("2025Q3"), fmt)
        report.file.save(f"rapport.{fmt}", ContentFile(data))
    return Objects(
        own={
            "pk": Decision.objects.filter(committee=a).first().pk,  # type: ignore[union-attr]
            "run_id": runs[A].pk,
            "code": sorted(codes[A])[0],
            "period": "2025Q3",
        },
        other={
            "pk": other_decision.pk,
            "run_id": runs[B].pk,
            "code": sorted(codes[B] - codes[A])[0],
        },
    )


def register_needles() -> list[str]:
    """What must never reach anyone but the register's readers: its references, and its
    reason and measure texts (long enough not to be ordinary words)."""
    needles = set(Decision.objects.filter(committee__slug=A).values_list("reference", flat=True))
    for reason, measures in Decision.objects.filter(committee__slug=A).values_list(
        "reason_text", "measures"
    ):
        needles |= {text for text in (reason, measures) if len(text) >= 15}
    return sorted(needles)


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    """What a person could read in the response: a page, a CSV/JSON, a PDF, a DOCX or an
    XLSX."""
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "pdf" in content_type:
        from pypdf import PdfReader

        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    if "wordprocessingml" in content_type:
        import docx

        document = docx.Document(io.BytesIO(body))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return " ".join([p.text for p in document.paragraphs] + cells)
    if "spreadsheet" in content_type:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        return " ".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    return body.decode("utf-8", errors="replace")


STATUS = {
    200: Outcome.OK,
    403: Outcome.DENIED,
    404: Outcome.MISSING,
    405: Outcome.NOT_ALLOWED,
}


def outcome_of(response) -> Outcome | int:  # type: ignore[no-untyped-def]
    """The answer as the table names it (any other status, a 500 say, as its number)."""
    if response.status_code == 302:
        to_login = any(part in response["Location"] for part in ("/logga-in/", "/admin/login/"))
        return Outcome.LOGIN if to_login else Outcome.OK
    return STATUS.get(response.status_code, response.status_code)


def fresh_client(persona: str) -> Client:
    client = Client(raise_request_exception=False)
    if username := PERSONAS[persona]:
        client.force_login(User.objects.get(username=username))
    return client


def clients() -> dict[str, Client]:
    return {persona: fresh_client(persona) for persona in PERSONAS}


def test_every_page_answers_each_persona_as_the_access_table_says(kolada, settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = tmp_path
    objects = demo_objects()
    needles = register_needles()
    personas = clients()
    found = list(routes(get_resolver().url_patterns))
    missing = sorted({route.name for route in found} - set(TABLE))
    assert not missing, f"pages without a line in tests/access/matrix.py: {missing}"
    failures: list[str] = []
    checks = 0

    def check(persona: str, method: str, url: str, expected: Outcome) -> None:
        nonlocal checks
        checks += 1
        client = personas[persona]
        if url == reverse("logout"):
            client = fresh_client(persona)  # logging out must not end the other checks
        response = client.get(url) if method == "GET" else client.post(url, {})
        got = outcome_of(response)
        if got != expected:
            failures.append(f"{method} {url} as {persona}: {got}, expected {expected}")
        if got == Outcome.OK and response.status_code == 200 and persona not in REGISTER_READERS:
            text = text_of(response)
            leaked = [needle for needle in needles if needle in text]
            if leaked:
                failures.append(f"{method} {url} as {persona} shows register data: {leaked[:3]}")

    for route in found:
        rule = TABLE[route.name]
        variants = [("own", objects.own)]
        if set(route.params) & set(objects.other):
            variants.append(("other", objects.other))
        kinds = ["ivo", "revisorer", "kf", "namnd"] if "kind" in route.params else [None]
        for variant, values in variants:
            for kind in kinds:
                kwargs = {p: values[p] for p in route.params if p in values}
                if "slug" in route.params:
                    kwargs["slug"] = A
                if kind:
                    kwargs["kind"] = kind
                unknown = set(route.params) - set(kwargs)
                assert not unknown, f"{route.name}: no object for {unknown} in the test"
                url = reverse(route.name, kwargs=kwargs)
                for method, expectations in (("GET", rule.get), ("POST", rule.post)):
                    if expectations is None:
                        continue
                    for query in rule.queries if method == "GET" else ("",):
                        for persona, expected in expectations.items():
                            if variant == "other" and (
                                expected == Outcome.OK or persona in rule.other_missing
                            ):
                                expected = Outcome.MISSING  # B's object under A's address
                            check(persona, method, url + query, expected)
                if route.name in PUBLISHED_PUBLIC and variant == "own":
                    public_b = (
                        reverse(route.name, kwargs={**kwargs, "slug": B})
                        if "code" not in kwargs
                        else reverse(
                            route.name, kwargs={**kwargs, "slug": B, "code": objects.other["code"]}
                        )
                    )
                    for persona in PERSONAS:
                        check(persona, "GET", public_b, Outcome.OK)

    staff = RequestFactory().get("/admin/")
    staff.user = User.objects.get(username="admin")
    for model, model_admin in admin.site._registry.items():
        for view in ("changelist", "add"):
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")
            may_add = view != "add" or model_admin.has_add_permission(staff)
            for persona, expected in ADMIN_ONLY.items():
                if expected == Outcome.OK and not may_add:
                    expected = Outcome.DENIED  # a log, not something to add by hand
                check(persona, "GET", url, expected)

    print(f"\naccess matrix: {checks} URL × persona × method checks")
    assert checks > 500
    assert not failures, "\n".join(failures)
