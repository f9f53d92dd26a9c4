#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the tracker's tests and print the line that exports its URL.
# Idempotent: installs Debian's postgresql if missing, initialises a cluster once, starts it if it is
# not running, creates the role and database if absent. Everything but the export line goes to stderr:
#   eval "$(bash scripts/start-postgres.sh)"   # sets CONGVAN_TEST_PG_URL
set -euo pipefail

DATA_DIR="${CONGVAN_PG_DIR:-/tmp/congvan-pg}"
PORT="${CONGVAN_PG_PORT:-54329}"
DB_NAME="${CONGVAN_PG_DB:-congvan}"
DB_USER="${CONGVAN_PG_USER:-congvan}"

log() { echo "start-postgres: $*" >&2; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(pg_bin)" ]; then
    log "installing postgresql from Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
fi
BIN="$(pg_bin)"

# The server refuses to run as root: run it as the 'postgres' system user that the package creates.
if [ "$(id -u)" = "0" ]; then
    as_owner() { runuser -u postgres -- "$@"; }
    OWNER=postgres
else
    as_owner() { "$@"; }
    OWNER="$(id -un)"
fi

if [ ! -f "$DATA_DIR/PG_VERSION" ]; then
    log "initialising a cluster in $DATA_DIR"
    mkdir -p "$DATA_DIR"
    chown "$OWNER" "$DATA_DIR"
    chmod 700 "$DATA_DIR"
    as_owner "$BIN/initdb" -D "$DATA_DIR" -U postgres -A trust --encoding=UTF8 --locale=C.UTF-8 >&2
fi

if ! "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
    log "starting the server on port $PORT"
    # fsync off: a test cluster trades durability for speed; nothing here outlives the run.
    as_owner "$BIN/pg_ctl" -D "$DATA_DIR" -l "$DATA_DIR/server.log" -w -t 60 \
        -o "-p $PORT -k $DATA_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off" \
        start >&2
fi

psql_admin() { "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -tAq "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" != "1" ]; then
    psql_admin -c "CREATE ROLE \"$DB_USER\" LOGIN" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != "1" ]; then
    psql_admin -c "CREATE DATABASE \"$DB_NAME\" OWNER \"$DB_USER\"" >&2
fi

echo "export CONGVAN_TEST_PG_URL=postgresql://$DB_USER@127.0.0.1:$PORT/$DB_NAME"
