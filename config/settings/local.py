"""Local first run: SQLite, eager Celery, debug on, demo data allowed."""

from __future__ import annotations

from config.env import env

from .base import *  # noqa: F403

DEBUG = env.bool("DJANGO_DEBUG", default=True)
DEMO_DATA_ALLOWED = env.bool("DEMO_DATA_ALLOWED", default=True)
