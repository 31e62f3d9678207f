#!/usr/bin/env bash
# Only pytest, with throwaway PostgreSQL and Redis: for a quick run of some tests while
# developing (make test runs the linters, the whole suite and the SQLite smoke run).
# Usage: bash scripts/pytest.sh tests/budget -x -q
# On two processes as make test runs it: bash scripts/pytest.sh -n 2 --dist loadgroup tests -q
set -euo pipefail
cd "$(dirname "$0")/.."
unset PYTHONDONTWRITEBYTECODE  # the bytecode cache on: see scripts/test.sh
# shellcheck source=scripts/services.sh
source scripts/services.sh
trap services_stop EXIT
services_start >/dev/null
export DJANGO_SETTINGS_MODULE=config.settings.test
.venv/bin/python -m pytest "$@"
