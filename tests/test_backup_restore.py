"""Backup and restore as README documents it: pg_dump of a running database, pg_restore
into an empty one, and the exports people rely on come out byte for byte the same."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = [
    "export_budget --committee ale-sn --year 2025 --month 12 --format csv",
    "export_budget --committee ale-sn --year 2025 --format json",
    "export_indicator --kpi U23401 --municipality 1489 --format csv",
    "export_indicator --kpi U23401 --format json",
    "evb_report --committee ale-sn --quarter 2025Q4 --format json",
    "evb_report --committee ale-sn --quarter 2026Q1 --format csv --output kf",
]


def database_url(name: str) -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{name}"


def psql(command: str, check: bool = True) -> None:
    subprocess.run(
        ["psql", database_url("postgres"), "-c", command], check=check, capture_output=True
    )


def manage(url: str, *args: str) -> bytes:
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True,
        check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_empty_database_gives_byte_identical_exports(tmp_path):
    call_command("load_demo")
    source = database_url(settings.DATABASES["default"]["NAME"])
    restored_name = f"{settings.DATABASES['default']['NAME']}_restored"
    restored = database_url(restored_name)
    dump = tmp_path / "namndkollen.dump"

    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", source], check=True
    )
    psql(f'DROP DATABASE IF EXISTS "{restored_name}"')
    psql(f'CREATE DATABASE "{restored_name}"')
    try:
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={restored}", str(dump)], check=True)

        for export in EXPORTS:
            original = manage(source, *export.split())
            assert original, export
            assert manage(restored, *export.split()) == original, export
    finally:
        psql(f'DROP DATABASE IF EXISTS "{restored_name}"', check=False)
