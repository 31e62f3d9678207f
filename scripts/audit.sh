#!/usr/bin/env bash
# make audit: known vulnerabilities in the locked dependencies (requirements.lock) with
# pip-audit. When no vulnerability service can be reached, it says so plainly and exits 2:
# "no known vulnerabilities" is only printed when the check really ran.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/pip-audit ]; then
  echo "audit: installerar pip-audit i .venv"
  .venv/bin/python -m pip install --disable-pip-version-check -q "pip-audit>=2.9,<3" || {
    echo "audit: KUNDE INTE KONTROLLERA – pip-audit gick inte att installera." >&2
    exit 2
  }
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
.venv/bin/pip-audit --requirement requirements.lock --no-deps --disable-pip --progress-spinner off \
  >"$log" 2>&1
status=$?
grep -v "could not be audited" "$log"
total=$(grep -cE "^[A-Za-z0-9_.-]+==" requirements.lock)
skipped=$(grep -c "could not be audited" "$log")
if [ "$skipped" -gt 0 ]; then
  # pip-audit says "No known vulnerabilities found" even when it could look nothing up.
  echo "audit: KUNDE INTE KONTROLLERA $skipped av $total paket – ingen sårbarhetstjänst" \
    "(PyPI:s versionsdata eller OSV) nåddes; att inga sårbarheter visas betyder här ingenting." >&2
  exit 2
fi
if [ $status -eq 0 ]; then
  echo "audit: inga kända sårbarheter i de $total paketen i requirements.lock."
  exit 0
fi
if grep -qiE "connection|timed out|resolve|unreachable|max retries|ssl|network|HTTPError|503|502" "$log" \
   && ! grep -qE "^Found [0-9]+ known vulnerabilit" "$log"; then
  echo "audit: KUNDE INTE KONTROLLERA – ingen sårbarhetstjänst (PyPI eller OSV) nåddes." >&2
  echo "audit: att inga sårbarheter visas betyder här ingenting." >&2
  exit 2
fi
echo "audit: sårbarheter hittades (se ovan) eller pip-audit misslyckades." >&2
exit 1
