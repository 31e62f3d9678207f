"""Production keeps the sessions in Redis when the shared cache is there (CACHE_URL): a page
view then writes no database row. Without CACHE_URL they stay in the database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "namndkollen.example.se",
    "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/db",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
}
READ = "import django; django.setup(); from django.conf import settings; print(settings.{})"


def production_setting(name: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION and k != "CACHE_URL"}
    done = subprocess.run(
        [sys.executable, "-c", READ.format(name)],
        cwd=ROOT, env={**clean, **PRODUCTION, **env},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize(
    ("cache_url", "engine"),
    [
        ("redis://127.0.0.1:6379/2", "django.contrib.sessions.backends.cache"),
        ("", "django.contrib.sessions.backends.db"),
    ],
)
def test_production_keeps_sessions_in_the_shared_cache_only_where_there_is_one(
    cache_url: str, engine: str
):
    assert production_setting("SESSION_ENGINE", CACHE_URL=cache_url) == engine
