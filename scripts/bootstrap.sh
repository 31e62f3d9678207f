#!/usr/bin/env bash
# Create .venv and install the project with its pinned versions (requirements.lock).
# Re-runs are cheap: it reinstalls only when pyproject.toml or the lock file changed.
# --no-compile: Python compiles each module when it is first imported, not all at install.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}

# WeasyPrint (the PDF reports) needs Pango and a font from Debian. (grep reads all of
# ldconfig's list: with -q it would stop early, and pipefail would count ldconfig's SIGPIPE
# as "missing".)
if ! { ldconfig -p | grep "libpangoft2-1.0.so" >/dev/null; } || [ ! -d /usr/share/fonts/truetype/dejavu ]; then
  echo "bootstrap: installerar Pango och DejaVu-typsnitt för PDF från Debian" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    echo "bootstrap: python3-venv saknas, installerar det från Debian" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
    rm -rf .venv && "$PYTHON" -m venv .venv
  fi
fi
stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ requirements.lock -nt "$stamp" ]; then
  echo "bootstrap: installerar beroenden i .venv (logg: var/pip.log)"
  mkdir -p var
  if ! { .venv/bin/python -m pip install --disable-pip-version-check --upgrade pip &&
         .venv/bin/python -m pip install --disable-pip-version-check --no-compile \
           -c requirements.lock -e ".[dev]"; } \
       >var/pip.log 2>&1; then
    tail -n 40 var/pip.log >&2
    echo "bootstrap: installationen misslyckades, se var/pip.log" >&2
    exit 1
  fi
  touch "$stamp"
fi
