#!/bin/sh
# The measurements of issue 15 with asamblea-load, for a quiet machine (release build):
#   bench/load/run.sh [ROUNDS] [POSTGRES_ADMIN_URL]
# ROUNDS (default 3) invocations per backend, each: the database's own insert rate, then members
# and session ballots at 64 and 256 clients, 20 s windows, 256 observers, kill -9 after each run's
# last answer. PostgreSQL runs when a URL of a user that may create databases is given (an empty
# database `asamblea_load` is made for each round). JSON reports go to $OUT (default
# /tmp/asamblea-load); the markdown rows are printed at the end.
set -eu
cd "$(dirname "$0")/../.."
ROUNDS="${1:-3}"
PG="${2:-}"
OUT="${OUT:-/tmp/asamblea-load}"
mkdir -p "$OUT"
cargo build --release -p asamblea -p asamblea-load
ulimit -n 65536 2>/dev/null || true
BIN="${CARGO_TARGET_DIR:-target}/release"
ARGS="--scenario both --clients 64,256 --ballots ${BALLOTS:-100000} --duration 20 --delegates 2000 --observers 256 --kill-at-end"
i=1
while [ "$i" -le "$ROUNDS" ]; do
  "$BIN/asamblea-load" --binary "$BIN/asamblea" $ARGS --json "$OUT/sqlite-$i.json" || true
  if [ -n "$PG" ]; then
    psql "$PG" -qc 'DROP DATABASE IF EXISTS asamblea_load WITH (FORCE)' -c 'CREATE DATABASE asamblea_load'
    DB=$(printf '%s' "$PG" | sed 's|/[^/]*$|/asamblea_load|')
    "$BIN/asamblea-load" --binary "$BIN/asamblea" --database "$DB" $ARGS --json "$OUT/pg-$i.json" || true
  fi
  i=$((i + 1))
done
python3 bench/load/table.py "$OUT"/*.json
