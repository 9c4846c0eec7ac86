#!/bin/sh
# Appending acts: SQLite (and PostgreSQL if a URL is given or ASAMBLEA_TEST_POSTGRES is set).
#   bench/record/run.sh [SECONDS_PER_SLICE] [ROUNDS] [POSTGRES_URL]
# Prints the markdown table recorded in BENCHMARKS.md ("Appending acts").
set -eu
cd "$(dirname "$0")/../.."
SECS="${1:-3}"
ROUNDS="${2:-3}"
PG="${3:-${ASAMBLEA_TEST_POSTGRES:-}}"
if [ -n "$PG" ]; then
  exec cargo run --quiet --release -p asamblea-store --example bench_append -- \
    --seconds "$SECS" --rounds "$ROUNDS" --postgres "$PG"
else
  exec cargo run --quiet --release -p asamblea-store --example bench_append -- \
    --seconds "$SECS" --rounds "$ROUNDS" --no-postgres
fi
