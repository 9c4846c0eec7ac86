#!/usr/bin/env bash
# Cross-checks `asamblea count` (irv, schulze, scottish-stv, meek, wigm) against independent
# implementations on seeded random profiles; prints a Markdown table (see CROSSCHECK.md).
#
#   bash /work/shared/peers/install.sh       # once: pref_voting (venv) and stv-rs
#   bench/count/crosscheck.sh                # 1000 profiles per method, seed 2026
#   PROFILES=200 SEED=7 bench/count/crosscheck.sh
#
# Environment:
#   SEED, PROFILES    seed and profiles per method (default 2026, 1000)
#   ASAMBLEA          the counting command, skipping the build (e.g. "target/release/asamblea count")
#   METHODS           comma-separated (default irv,schulze,scottish-stv,meek,wigm)
#   TARGET            cargo target dir for the release builds (default /work/target-crosscheck,
#                     apart from the workspace's own target so that other builds are not disturbed)
#   PEERS             peers directory of install.sh (default ~/.cache/asamblea-peers)
#   WORK              where the profiles are written (default /tmp/crosscheck-work)
#   MISMATCH          where disagreements are saved (default /tmp/crosscheck-mismatch)
# Builds, once: `asamblea` (release) and bench/count/tallystick's `tallystick-crosscheck`
# (tallystick needs RUSTC_BOOTSTRAP=1, see tallystick.sh). Runs one process at a time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
target=${TARGET:-/work/target-crosscheck}
peers=${PEERS:-$HOME/.cache/asamblea-peers}
py="$peers/venv/bin/python"
[[ -x $py && -x $peers/bin/stv-rs ]] || { echo "peers missing: run /work/shared/peers/install.sh" >&2; exit 1; }

if [[ -n "${ASAMBLEA:-}" ]]; then
  count="$ASAMBLEA"
elif (cd "$root" && cargo build --release -q -p asamblea --target-dir "$target"); then
  count="$target/release/asamblea count"
else
  # The workspace may not build while someone is in the middle of a change elsewhere: the light
  # bench/count/cli binary runs the same code (asamblea_tally::run_count) without the web crates.
  echo "asamblea did not build; using bench/count/cli (same count code)" >&2
  (cd "$here/cli" && cargo build --release -q --target-dir "$target")
  count="$target/release/asamblea-count-bench"
fi
(cd "$here/tallystick" && RUSTC_BOOTSTRAP=1 cargo build --release -q --bin tallystick-crosscheck --target-dir "$target")

exec "$py" "$here/crosscheck.py" \
  --asamblea "$count" \
  --tallystick "$target/release/tallystick-crosscheck" \
  --stv-rs "$peers/bin/stv-rs" \
  --seed "${SEED:-2026}" --profiles "${PROFILES:-1000}" \
  --methods "${METHODS:-irv,schulze,scottish-stv,meek,wigm}" \
  --work "${WORK:-/tmp/crosscheck-work}" --mismatch-dir "${MISMATCH:-/tmp/crosscheck-mismatch}" \
  --report "${WORK:-/tmp/crosscheck-work}/report.json"
