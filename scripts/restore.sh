#!/usr/bin/env bash
# Restore a backup from scripts/backup.sh into a database (an empty one, or one whose tables
# are replaced):  DATABASE_URL=postgres://… bash scripts/restore.sh namndkollen.dump
# Stop web, worker and beat first; start them again afterwards.
set -euo pipefail
: "${DATABASE_URL:?sätt DATABASE_URL till databasen som ska återställas}"
dump=${1:?ange säkerhetskopian, t.ex. namndkollen.dump}
"${PG_BIN:+$PG_BIN/}pg_restore" --clean --if-exists --no-owner --no-privileges --exit-on-error \
  --single-transaction --dbname "$DATABASE_URL" "$dump"
echo "restore: $dump återställd"
