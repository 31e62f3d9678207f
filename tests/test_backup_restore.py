"""scripts/backup.sh and scripts/restore.sh: a backup restored into an empty database gives
byte-identical export_budget, export_indicator and evb_report output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.demo import load_demo
from tests.test_settings import ROOT

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump and pg_restore need PostgreSQL"
)

EXPORTS = {
    "budget.csv": ["export_budget", "--committee", "ale-sn", "--year", "2025", "--month", "12",
                   "--format", "csv", "--output"],
    "budget.json": ["export_budget", "--committee", "ale-sn", "--year", "2025",
                    "--format", "json", "--output"],
    "indicator.csv": ["export_indicator", "--kpi", "U23401", "--municipality", "1489",
                      "--format", "csv", "--output"],
    "evb.csv": ["evb_report", "--committee", "ale-sn", "--quarter", "2025Q4", "--format", "csv",
                "--file"],
}  # fmt: skip


def url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{name}"


def run(args: list[str], database: str, **env: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        args,
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url(database),
             "PG_BIN": os.environ.get("SERVICES_PG_BIN", ""), **env},
        capture_output=True,
        text=True,
        timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result


# The four export commands, one after another in one Python process against the database
# in DATABASE_URL (a process for each command spent some 1.5 s each starting Django).
EXPORT_ALL = """
import json, sys
import django
django.setup()
from django.core.management import call_command
for command in json.loads(sys.argv[1]):
    call_command(*command)
"""


def exports(database: str, folder: Path) -> dict[str, bytes]:
    folder.mkdir()
    commands = [[*command, str(folder / name)] for name, command in EXPORTS.items()]
    run([sys.executable, "-c", EXPORT_ALL, json.dumps(commands)], database)
    return {name: (folder / name).read_bytes() for name in EXPORTS}


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_empty_database_exports_the_same_bytes(tmp_path):
    load_demo()
    original = connection.settings_dict["NAME"]
    before = exports(original, tmp_path / "before")
    assert all(before.values())

    run(["bash", "scripts/backup.sh", str(tmp_path / "namndkollen.dump")], original)
    with connection.cursor() as cursor:
        cursor.execute("DROP DATABASE IF EXISTS namndkollen_restored")
        cursor.execute("CREATE DATABASE namndkollen_restored")
    try:
        run(["bash", "scripts/restore.sh", str(tmp_path / "namndkollen.dump")],
            "namndkollen_restored")  # fmt: skip
        after = exports("namndkollen_restored", tmp_path / "after")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP DATABASE IF EXISTS namndkollen_restored WITH (FORCE)")

    assert after == before
    assert settings.DATABASES["default"]["NAME"] == original
