"""Content-Security-Policy: every page forbids inline scripts and eval, and no template
carries one (an inline script or an on…= handler would silently stop working)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR) / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def test_every_page_forbids_inline_scripts_and_eval(client_for, personas):
    for persona, url in [
        ("anonymous", reverse("login")),
        ("politician_a", reverse("organisations:committee", args=["namnd-a"])),
        ("controller_a", reverse("indicators:follow_up_current", args=["namnd-a"])),
    ]:
        response = client_for(persona).get(url, follow=True)
        policy = response["Content-Security-Policy"]
        script = next(part for part in policy.split(";") if part.strip().startswith("script-src"))

        assert script.split() == ["script-src", "'self'"], url
        assert "frame-ancestors 'none'" in policy
        assert "object-src 'none'" in policy


def test_no_template_has_an_inline_script_or_event_handler():
    offending = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in TEMPLATES.rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if INLINE_SCRIPT.search(line) or INLINE_HANDLER.search(line)
    ]

    assert offending == []
