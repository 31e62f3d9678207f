"""The one place settings read the environment (django-environ)."""

from __future__ import annotations

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A .env file in the project is read for local runs; real environment variables win.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# PostgreSQL plans with random_page_cost 1.1 instead of its default 4, which is meant for
# spinning disks (1.1 is the usual value for SSDs and for data held in memory). With 4, once
# a small table has statistics (the 312 municipalities, a few hundred KPIs), each
# foreign-key check of a value written by an import reads that table row by row instead of
# through its primary key: measured on 2026-11-28 with the values table's keys and indexes,
# a COPY of 4.2 M values took 44 s into a new database and 100-104 s every time after
# autovacuum had analysed the referenced tables; with 1.1, 44 s every time.
PLANNER_OPTIONS = "-c random_page_cost=1.1"


def database(url: str, **defaults: object) -> dict[str, object]:
    """DATABASE_URL as Django's DATABASES entry; on PostgreSQL with PLANNER_OPTIONS for
    every connection (the web, the workers, the commands)."""
    config: dict[str, object] = env.db(url, **defaults)
    if str(config["ENGINE"]).endswith("postgresql"):
        options = config.setdefault("OPTIONS", {})
        assert isinstance(options, dict)
        options["options"] = f"{options.get('options', '')} {PLANNER_OPTIONS}".strip()
    return config
