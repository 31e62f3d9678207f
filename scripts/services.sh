#!/usr/bin/env bash
# Throwaway PostgreSQL and Redis on loopback for the test suite and benchmarks.
# Source it, then: services_install; services_start; ...; services_stop
# services_start exports DATABASE_URL, CELERY_BROKER_URL and CELERY_RESULT_BACKEND.

_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

_pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

_apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "services: installerar $* från Debian"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

services_install() {
  local missing=()
  [ -n "$(_pg_bin)" ] || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  if [ ${#missing[@]} -gt 0 ]; then _apt_install "${missing[@]}"; fi
}

# Run a command as the postgres user when we are root (initdb refuses to run as root).
_as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

services_start() {
  SERVICES_DIR=$(mktemp -d /tmp/namndkollen-services.XXXXXX)
  export SERVICES_DIR
  chmod 755 "$SERVICES_DIR"
  local pg_bin pg_port redis_port
  pg_bin=$(_pg_bin)
  pg_port=$(_free_port)
  redis_port=$(_free_port)
  mkdir -p "$SERVICES_DIR/pg"
  [ "$(id -u)" -ne 0 ] || chown postgres "$SERVICES_DIR/pg"

  _as_pg "$pg_bin/initdb" -D "$SERVICES_DIR/pg/data" -U postgres -A trust -E UTF8 \
    --locale=C.UTF-8 >"$SERVICES_DIR/pg/initdb.log" 2>&1 \
    || { cat "$SERVICES_DIR/pg/initdb.log"; return 1; }
  # Durability is worthless for a throwaway database; speed is not.
  _as_pg "$pg_bin/pg_ctl" -D "$SERVICES_DIR/pg/data" -l "$SERVICES_DIR/pg/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $SERVICES_DIR/pg -c fsync=off \
        -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$SERVICES_DIR/pg/server.log"; return 1; }

  redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no \
    --daemonize yes --pidfile "$SERVICES_DIR/redis.pid" --logfile "$SERVICES_DIR/redis.log" \
    --dir "$SERVICES_DIR"
  for _ in $(seq 50); do
    redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done

  export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/namndkollen"
  export CELERY_BROKER_URL="redis://127.0.0.1:$redis_port/0"
  export CELERY_RESULT_BACKEND="redis://127.0.0.1:$redis_port/1"
  export SERVICES_PG_BIN="$pg_bin"
  "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres namndkollen
  echo "services: PostgreSQL på 127.0.0.1:$pg_port, Redis på 127.0.0.1:$redis_port"
}

services_stop() {
  [ -n "${SERVICES_DIR:-}" ] && [ -d "$SERVICES_DIR" ] || return 0
  if [ -f "$SERVICES_DIR/redis.pid" ]; then
    kill "$(cat "$SERVICES_DIR/redis.pid")" 2>/dev/null || true
  fi
  if [ -d "$SERVICES_DIR/pg/data" ]; then
    _as_pg "$SERVICES_PG_BIN/pg_ctl" -D "$SERVICES_DIR/pg/data" -m immediate -w stop \
      >/dev/null 2>&1 || true
  fi
  rm -rf "$SERVICES_DIR"
  echo "services: stoppade och borttagna"
}
