"""The one place settings read the environment (django-environ)."""

from __future__ import annotations

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A .env file in the project is read for local runs; real environment variables win.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
