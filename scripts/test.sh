#!/usr/bin/env bash
# make test: install, start throwaway PostgreSQL and Redis, lint, check migrations, a short
# smoke run on SQLite, then the whole suite on PostgreSQL on one pytest worker more than the
# cores (pytest-xdist; PYTEST_WORKERS=1 runs it in one process); the services stop whatever
# happened. Extra arguments go to the main pytest run.
set -euo pipefail
cd "$(dirname "$0")/.."
# Python's bytecode cache (__pycache__, in .venv and the checkout) on, even where the
# environment turns it off: the suite starts dozens of Python processes (xdist workers,
# manage.py, gunicorn, Celery, `python -c`), and without the cache each one compiles every
# module it imports again (Django and the app alone: 3.6 s a process instead of 1.5 s; on a
# fresh clone the backup, deployment and settings tests took 57 s without the cache, 29 s
# with it).
unset PYTHONDONTWRITEBYTECODE

bash scripts/bootstrap.sh
# shellcheck source=scripts/services.sh
source scripts/services.sh
services_install
trap services_stop EXIT
services_start

PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=config.settings.test

# The services' own database, migrated once: each pytest worker's test database is a copy of
# it (TEST_DATABASE_TEMPLATE, tests/conftest.py) instead of running every migration itself.
template() {
  echo "== migrate (the template of the test databases)"
  $PY manage.py migrate --noinput -v0
}
template >"$SERVICES_DIR/template.log" 2>&1 &
template_pid=$!

bash scripts/browser.sh

# The checks, the SQLite smoke run and the migrations above need a few seconds each and one
# core at most: three lanes side by side, each with its own log, shown in order; the first
# failure stops here.
checks() {
  echo "== ruff"
  .venv/bin/ruff check .
  .venv/bin/ruff format --check .
  echo "== bandit"
  .venv/bin/bandit -q -c pyproject.toml -r apps config
  echo "== mypy"
  .venv/bin/mypy apps config
  echo "== makemigrations --check"
  $PY manage.py makemigrations --check --dry-run
}
smoke() {
  echo "== smoke (SQLite: migrate, load_demo, main pages)"
  DATABASE_URL="sqlite:///$SERVICES_DIR/smoke.sqlite3" CELERY_BROKER_URL="" \
    CELERY_RESULT_BACKEND="" $PY -m pytest -m smoke -q -p no:cacheprovider tests/smoke
}
checks >"$SERVICES_DIR/checks.log" 2>&1 &
checks_pid=$!
smoke >"$SERVICES_DIR/smoke.log" 2>&1 &
smoke_pid=$!
failed=0
wait "$template_pid" || failed=1
cat "$SERVICES_DIR/template.log"
wait "$checks_pid" || failed=1
cat "$SERVICES_DIR/checks.log"
wait "$smoke_pid" || failed=1
cat "$SERVICES_DIR/smoke.log"
[ "$failed" -eq 0 ] || { echo "make test: a check, the migrations or the smoke run failed (above)" >&2; exit 1; }

# One worker more than the cores: the browser, stack and subprocess tests spend much of their
# time waiting (Chromium, gunicorn, Celery starting), and a third worker on 2 cores fills it
# (pytest 347 s on two workers, 288 s on three, 293 s on four).
workers=${PYTEST_WORKERS:-$(($(nproc) + 1))}
echo "== pytest (PostgreSQL, $workers workers)"
export TEST_DATABASE_TEMPLATE="${DATABASE_URL##*/}"
if [ "$workers" = 1 ]; then
  $PY -m pytest "$@"
else
  # loadgroup: the walk and the stack tests each stay on one worker (tests/conftest.py).
  $PY -m pytest -n "$workers" --dist loadgroup "$@"
fi
