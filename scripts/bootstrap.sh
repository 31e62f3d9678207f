#!/usr/bin/env bash
# Create .venv and install the project with its pinned versions (requirements.lock).
# Re-runs are cheap: it reinstalls only when pyproject.toml or the lock file changed.
# The install is uv's (from PyPI, pinned below, kept in a small venv of its own in the user's
# cache folder): it downloads in parallel and keeps every wheel in its cache, so a fresh
# clone on a machine that has installed once before takes some 3 s instead of pip's 20-55 s
# (pip here keeps no cache). Where uv cannot be had, pip installs the same lock as before.
# Neither compiles at install: Python compiles each module when it is first imported.
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
stamp=.venv/.installed
UV_VERSION=0.13.8
uv_tool="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/namndkollen/uv-$UV_VERSION"

# uv in a venv of its own, made once per machine (and again when the version above changes).
uv_available() {
  if [ ! -x "$uv_tool/bin/uv" ]; then
    rm -rf "$uv_tool"
    "$PYTHON" -m venv "$uv_tool" &&
      "$uv_tool/bin/python" -m pip install --disable-pip-version-check -q "uv==$UV_VERSION" ||
      { rm -rf "$uv_tool"; return 1; }
  fi
  "$uv_tool/bin/uv" --version >/dev/null 2>&1
}

install_with_uv() {
  "$uv_tool/bin/uv" pip install --python .venv/bin/python -c requirements.lock -e ".[dev]" pip
}

install_with_pip() {
  { .venv/bin/python -m pip --version || .venv/bin/python -m ensurepip; } >/dev/null &&
  .venv/bin/python -m pip install --disable-pip-version-check --upgrade pip &&
    .venv/bin/python -m pip install --disable-pip-version-check --no-compile \
      -c requirements.lock -e ".[dev]"
}

# With uv, the venv starts without pip (ensurepip alone takes 3 s) and uv adds pip from its
# cache with the rest.
if [ ! -x .venv/bin/python ]; then
  if uv_available >/dev/null 2>&1 && "$PYTHON" -m venv --without-pip .venv 2>/dev/null; then
    :
  elif ! "$PYTHON" -m venv .venv 2>/dev/null; then
    echo "bootstrap: python3-venv saknas, installerar det från Debian" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
    rm -rf .venv && "$PYTHON" -m venv .venv
  fi
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ requirements.lock -nt "$stamp" ]; then
  echo "bootstrap: installerar beroenden i .venv (logg: var/pip.log)"
  mkdir -p var
  if ! { { uv_available && install_with_uv; } || install_with_pip; } >var/pip.log 2>&1; then
    tail -n 40 var/pip.log >&2
    echo "bootstrap: installationen misslyckades, se var/pip.log" >&2
    exit 1
  fi
  touch "$stamp"
fi
