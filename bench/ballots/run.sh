#!/bin/sh
# Secret ballots (BENCHMARKS.md, "Secret ballots"): per-ballot creation and verification, then a
# board of BALLOTS ballots per question shape (yes/no/abstain, choose one of 5) verified in
# batches on THREADS threads, summed and decrypted by 3 of 5 trustees; then the Helios-class
# comparison (2048-bit modular exponentiations, bench/ballots/helios.py); PEER=1 adds
# elastic-elgamal (bench/ballots/elastic-elgamal/).
#   bench/ballots/run.sh [BALLOTS] [THREADS] [DISTINCT]
#   bench/ballots/run.sh 1000000 2          # the issue's 1M run: ~4 min on two free cores
set -eu
cd "$(dirname "$0")/../.."
cargo build --quiet --release -p asamblea-ballot-crypto --example bench_ballots
BIN="${CARGO_TARGET_DIR:-target}/release/examples/bench_ballots"
"$BIN" "${1:-100000}" "${2:-2}" ${3:+"$3"}
echo
python3 bench/ballots/helios.py
# elastic-elgamal 0.3.1's own operations, timed the same way (a crate of its own, outside the
# workspace; set PEER=1 to build and run it).
if [ "${PEER:-0}" = 1 ]; then
  echo
  CARGO_TARGET_DIR=bench/ballots/elastic-elgamal/target \
    cargo build --quiet --release --manifest-path bench/ballots/elastic-elgamal/Cargo.toml
  bench/ballots/elastic-elgamal/target/release/elastic-elgamal-timing 2000
fi
