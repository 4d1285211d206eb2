#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and benchmarks: Debian's `postgresql` package (installed when missing),
# `initdb` in a temp folder, listening on 127.0.0.1 on a free port and on a socket in that folder, trust auth for
# loopback only, durability off (a test cluster: nothing in it outlives the run; PG_CLUSTER_DURABLE=1 keeps PostgreSQL's
# own defaults, fsync and synchronous commit on, for benchmarks beside SQLite's durable file). Sourced by scripts/test.sh:
#   pg_cluster_start    sets PG_CLUSTER_URL (an Npgsql connection string to database postgres) and PG_CLUSTER_DIR
#   pg_cluster_stop     stops it and deletes the folder (call from an EXIT trap)
# initdb and postgres refuse to run as root: as root (CI) they run as the package's `postgres` user (or a throwaway
# system user when there is none); as anyone else, as that user.

pg_cluster_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

pg_cluster_as() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$PG_CLUSTER_USER" -- "$@"; else "$@"; fi
}

pg_cluster_start() {
  if [ -z "$(pg_cluster_bin)" ] || [ ! -x "$(pg_cluster_bin)/initdb" ]; then
    local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
  local bin; bin="$(pg_cluster_bin)"
  PG_CLUSTER_USER="$(id -un)"
  if [ "$(id -u)" = 0 ]; then
    PG_CLUSTER_USER=postgres
    id -u postgres >/dev/null 2>&1 || { PG_CLUSTER_USER=guidancebot-pg; id -u "$PG_CLUSTER_USER" >/dev/null 2>&1 || useradd --system --no-create-home "$PG_CLUSTER_USER"; }
  fi
  PG_CLUSTER_DIR="$(mktemp -d /tmp/guidancebot-pg.XXXXXX)"
  chmod 755 "$PG_CLUSTER_DIR"
  [ "$(id -u)" = 0 ] && chown "$PG_CLUSTER_USER" "$PG_CLUSTER_DIR"
  pg_cluster_as "$bin/initdb" -D "$PG_CLUSTER_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_CLUSTER_DIR/initdb.log" 2>&1 \
    || { cat "$PG_CLUSTER_DIR/initdb.log" >&2; return 1; }
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${PG_CLUSTER_DURABLE:-0}" = 1 ] && durability=""
  local port tries=0
  while :; do
    port=$(( 20000 + RANDOM % 20000 ))
    if pg_cluster_as "$bin/pg_ctl" -D "$PG_CLUSTER_DIR/data" -l "$PG_CLUSTER_DIR/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_CLUSTER_DIR -c max_connections=400 $durability -c shared_buffers=128MB" >/dev/null; then
      break
    fi
    tries=$((tries + 1)); [ $tries -lt 5 ] || { cat "$PG_CLUSTER_DIR/server.log" >&2; return 1; }
  done
  PG_CLUSTER_PORT=$port
  PG_CLUSTER_URL="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Maximum Pool Size=50"
  export PG_CLUSTER_URL PG_CLUSTER_DIR PG_CLUSTER_PORT
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') test cluster on 127.0.0.1:$port ($PG_CLUSTER_DIR)"
}

pg_cluster_stop() {
  [ -n "${PG_CLUSTER_DIR:-}" ] && [ -d "$PG_CLUSTER_DIR" ] || return 0
  pg_cluster_as "$(pg_cluster_bin)/pg_ctl" -D "$PG_CLUSTER_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_CLUSTER_DIR"
  PG_CLUSTER_DIR=""
}
