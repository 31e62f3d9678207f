#!/usr/bin/env bash
# make test: install, start throwaway PostgreSQL and Redis, migrate, then the whole suite on
# PostgreSQL on one pytest worker more than the cores (pytest-xdist; PYTEST_WORKERS=1 runs it
# in one process) with the lint, the migration check and a short smoke run on SQLite beside
# it; any failure fails the run; the services stop whatever happened. Extra arguments go to
# the main pytest run.
set -euo pipefail
cd "$(dirname "$0")/.."
# Python's bytecode cache (__pycache__, in .venv and the checkout) on, even where the
# environment turns it off: the suite starts dozens of Python processes (xdist workers,
# manage.py, gunicorn, Celery, `python -c`), and without the cache each one compiles every
# module it imports again (Django and the app alone: 3.6 s a process instead of 1.5 s; on a
# fresh clone the backup, deployment and settings tests took 57 s without the cache, 29 s
# with it).
unset PYTHONDONTWRITEBYTECODE

# The install, the services' start and npm ci overlap (each mostly waits: on the network, on
# initdb and pg_ctl): bootstrap.sh beside services_start, browser.sh beside both where it
# needs nothing from Debian (two apt-get at once would fight over dpkg's lock). Each one's
# output is shown once it is done.
# shellcheck source=scripts/services.sh
source scripts/services.sh
services_install
setup_logs=$(mktemp -d)
browser_pid=""
if [ -x /usr/bin/chromium ] && command -v npm >/dev/null; then
  bash scripts/browser.sh >"$setup_logs/browser.log" 2>&1 &
  browser_pid=$!
fi
bash scripts/bootstrap.sh >"$setup_logs/bootstrap.log" 2>&1 &
bootstrap_pid=$!
trap 'services_stop; rm -rf "$setup_logs"' EXIT
services_start
bootstrap_ok=0
wait "$bootstrap_pid" || bootstrap_ok=$?
cat "$setup_logs/bootstrap.log"
[ "$bootstrap_ok" -eq 0 ] || exit "$bootstrap_ok"

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

if [ -n "$browser_pid" ]; then
  browser_ok=0
  wait "$browser_pid" || browser_ok=$?
  cat "$setup_logs/browser.log"
  [ "$browser_ok" -eq 0 ] || exit "$browser_ok"
else
  bash scripts/browser.sh
fi

# The checks and the SQLite smoke run need some 30 s and one core at most, while the suite
# leaves about a third of the two cores idle (its browser, stack and subprocess tests wait
# for Chromium, gunicorn and Celery): they run beside the suite, each with its own log,
# shown after it. The suite waits only for the migrations above (its databases copy them).
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
wait "$template_pid" || { cat "$SERVICES_DIR/template.log"; echo "make test: the migrations failed (above)" >&2; exit 1; }
cat "$SERVICES_DIR/template.log"

# One worker more than the cores: the browser, stack and subprocess tests spend much of their
# time waiting (Chromium, gunicorn, Celery starting), and a third worker on 2 cores fills it
# (pytest 347 s on two workers, 288 s on three, 293 s on four).
workers=${PYTEST_WORKERS:-$(($(nproc) + 1))}
echo "== pytest (PostgreSQL, $workers workers)"
export TEST_DATABASE_TEMPLATE="${DATABASE_URL##*/}"
suite=0
if [ "$workers" = 1 ]; then
  $PY -m pytest "$@" || suite=$?
else
  # loadgroup: the walk and the stack tests each stay on one worker (tests/conftest.py).
  $PY -m pytest -n "$workers" --dist loadgroup "$@" || suite=$?
fi
failed=0
wait "$checks_pid" || failed=1
cat "$SERVICES_DIR/checks.log"
wait "$smoke_pid" || failed=1
cat "$SERVICES_DIR/smoke.log"
[ "$failed" -eq 0 ] || { echo "make test: a check or the smoke run failed (above)" >&2; exit 1; }
[ "$suite" -eq 0 ] || { echo "make test: the suite failed (above)" >&2; exit "$suite"; }
