#!/usr/bin/env bash
# make bench [QUICK=1]: throwaway PostgreSQL and Redis (as for make test), every bench script,
# then docs/benchmarks.md written from their RESULT lines (bench/report.py; format in
# bench/results.py). Each script's output is kept in var/bench/out/<script>.log. A script
# that fails is named in the report and the others still run. QUICK=1: a smaller data set.
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
export BENCH_QUICK="${QUICK:-}"
$PY manage.py migrate --noinput -v0

OUT=var/bench/out
rm -rf "$OUT"
mkdir -p "$OUT"
started=$(date +%s)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
failed=()

run() {
  local name=$1
  shift
  echo "== $name ($(date -u +%H:%M:%S) UTC)"
  if ! "$@" 2>&1 | grep --line-buffered -v "weasyprint.progress" | tee "$OUT/$name.log"; then
    echo "!! $name failed"
    failed+=("$name")
  fi
}

# The Kolada data set first: the page, growth and load benchmarks run on it.
run bench_kolada $PY bench/bench_kolada.py
[ -f bench/bench_catalogue.py ] && run bench_catalogue $PY bench/bench_catalogue.py
run bench_budget $PY bench/bench_budget.py
run bench_evb $PY bench/bench_evb.py
run bench_pages $PY bench/bench_pages.py
run bench_growth $PY bench/bench_growth.py
run bench_load $PY bench/bench_load.py

load_end=$(cut -d' ' -f1-3 /proc/loadavg)
$PY - "$OUT/meta.json" "$started" "${BENCH_QUICK}" "$load_start" "$load_end" \
  "${failed[@]+"${failed[@]}"}" <<'PYEOF'
import json, sys, time
path, started, quick, load_start, load_end, *failed = sys.argv[1:]
json.dump({"seconds": time.time() - int(started), "quick": quick not in ("", "0"),
           "load_start": load_start, "load_end": load_end, "failed": failed}, open(path, "w"))
PYEOF
$PY bench/report.py "$OUT"
[ ${#failed[@]} -eq 0 ] || { echo "failed: ${failed[*]}"; exit 1; }
