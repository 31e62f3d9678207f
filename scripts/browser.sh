#!/usr/bin/env bash
# What the real-browser tests need (make test): Debian's Chromium, and axe-core from the
# npm registry (package-lock.json). Playwright itself is a Python dev dependency; it drives
# /usr/bin/chromium, since `playwright install` cannot download browsers here.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ ! -x /usr/bin/chromium ]; then
  echo "== installerar Chromium (Debian-paketet chromium)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
if [ ! -f node_modules/axe-core/axe.min.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  if ! command -v npm >/dev/null; then
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
  echo "== npm ci (axe-core)"
  npm ci --no-audit --no-fund --loglevel=error
fi
