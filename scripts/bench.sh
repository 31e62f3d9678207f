#!/usr/bin/env bash
# make bench: throwaway PostgreSQL and Redis (as for make test), then the benchmarks.
# Figures are printed; lines starting with RESULT are the ones the issues ask for.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh
# shellcheck source=scripts/services.sh
source scripts/services.sh
services_install
trap services_stop EXIT
services_start

PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=config.settings.test
$PY manage.py migrate --noinput -v0

echo "== Ledger import and budget page"
$PY bench/bench_budget.py

echo "== Ej verkställda beslut: the four outputs for 10 000 decisions"
$PY bench/bench_evb.py 2>&1 | grep -v "weasyprint.progress"

echo "== Kolada import, national scale (about 10 minutes on 2 cores)"
$PY bench/bench_kolada.py "$@"

echo "== Overview and indicator pages on the national data set"
$PY bench/bench_pages.py
