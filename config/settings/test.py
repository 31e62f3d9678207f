"""Test suite: PostgreSQL and Redis from the environment (started by scripts/test.sh)."""

from __future__ import annotations

from config.env import env

from .base import *  # noqa: F403

DEBUG = False
DEMO_DATA_ALLOWED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run eagerly inside tests unless a test talks to the broker on purpose.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
