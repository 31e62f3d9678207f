#!/usr/bin/env bash
# make test: install, start throwaway PostgreSQL and Redis, lint, check migrations, run the
# whole suite on PostgreSQL, then a short smoke run on SQLite; the services stop whatever
# happened.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh
bash scripts/browser.sh
# shellcheck source=scripts/services.sh
source scripts/services.sh
services_install
trap services_stop EXIT
services_start

PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=config.settings.test

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

echo "== bandit"
.venv/bin/bandit -q -c pyproject.toml -r apps config

echo "== mypy"
.venv/bin/mypy apps config

echo "== makemigrations --check"
$PY manage.py makemigrations --check --dry-run

echo "== pytest (PostgreSQL)"
$PY -m pytest "$@"

echo "== smoke (SQLite: migrate, load_demo, main pages)"
DATABASE_URL="sqlite:///$SERVICES_DIR/smoke.sqlite3" CELERY_BROKER_URL="" CELERY_RESULT_BACKEND="" \
  $PY -m pytest -m smoke -q -p no:cacheprovider tests/smoke
