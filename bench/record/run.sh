#!/bin/sh
# Appending acts: SQLite (and PostgreSQL if a URL is given or ASAMBLEA_TEST_POSTGRES is set).
#   bench/record/run.sh [SECONDS] [POSTGRES_URL]
# Prints the markdown table recorded in BENCHMARKS.md ("Appending acts").
set -eu
cd "$(dirname "$0")/../.."
SECONDS_PER_VARIANT="${1:-5}"
PG="${2:-${ASAMBLEA_TEST_POSTGRES:-}}"
if [ -n "$PG" ]; then
  exec cargo run --quiet --release -p asamblea-store --example bench_append -- \
    --seconds "$SECONDS_PER_VARIANT" --postgres "$PG"
else
  exec cargo run --quiet --release -p asamblea-store --example bench_append -- \
    --seconds "$SECONDS_PER_VARIANT" --no-postgres
fi
