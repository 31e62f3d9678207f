#!/usr/bin/env bash
# Back up the database (everything Nämndkollen keeps) to one file:
#   DATABASE_URL=postgres://… bash scripts/backup.sh namndkollen.dump
# pg_dump's custom format: compressed, restored with scripts/restore.sh.
set -euo pipefail
: "${DATABASE_URL:?sätt DATABASE_URL till databasen som ska säkerhetskopieras}"
out=${1:?ange filen att skriva, t.ex. namndkollen.dump}
"${PG_BIN:+$PG_BIN/}pg_dump" --format=custom --no-owner --no-privileges --file "$out" "$DATABASE_URL"
echo "backup: $out skriven"
