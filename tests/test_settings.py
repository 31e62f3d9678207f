"""Production settings refuse to start without their environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPLETE = {
    "DJANGO_SECRET_KEY": "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "namndkollen.example.se",
    "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/db",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
}


def start_production(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in COMPLETE and k != "DJANGO_DEBUG"}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_starts_with_its_complete_environment():
    result = start_production(COMPLETE)

    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize("missing", sorted(COMPLETE))
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in COMPLETE.items() if k != missing}

    result = start_production(env)

    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_a_short_or_development_secret_key():
    result = start_production({**COMPLETE, "DJANGO_SECRET_KEY": "dev-only-insecure-key-change-me"})

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_env_example_lists_every_variable_the_settings_read():
    settings_source = "\n".join(p.read_text() for p in (ROOT / "config").rglob("*.py"))
    example = (ROOT / ".env.example").read_text()

    import re

    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', settings_source))
    listed = set(re.findall(r"^#?\s*([A-Z_]+)=", example, flags=re.MULTILINE))
    assert read, "the settings read no variables?"
    assert read <= listed, f"missing in .env.example: {sorted(read - listed)}"
