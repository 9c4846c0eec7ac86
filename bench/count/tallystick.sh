#!/usr/bin/env bash
# IRV and Schulze: whole-process `asamblea count` against the tallystick crate on the seeded
# files of run.sh, one run at a time; checks that the winners agree. Markdown rows on stdout.
#
#   bench/count/tallystick.sh                  # 100k and 1M ballots, 10 and 20 candidates
#   SIZES=100000 bench/count/tallystick.sh
#
# Builds bench/count/cli (stable) and bench/count/tallystick (tallystick's IRV and Schulze need
# `#![feature(specialization)]`: RUSTC_BOOTSTRAP=1 lets the same stable compiler build it).
# Environment: WORK (files, default /tmp/asamblea-bench-count), SIZES, RUNS (best of, default 3).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${WORK:-/tmp/asamblea-bench-count}
sizes=${SIZES:-"100000 1000000"}
runs=${RUNS:-3}
target=${CARGO_TARGET_DIR:-$root/target}
mkdir -p "$work"
rustc -O --edition 2021 "$here/gen/main.rs" -o "$work/gen-ballots"
(cd "$here/cli" && cargo build --release -q)
(cd "$here/tallystick" && RUSTC_BOOTSTRAP=1 cargo build --release -q)
ours="$target/release/asamblea-count-bench"
theirs="$target/release/tallystick-count"

# best FILE CMD...: the run with the least wall time of $runs, as "wall / CPU" seconds.
best() {
  local out=$1; shift
  local b=""
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S" -o "$work/time.txt" "$@" > "$out" 2>/dev/null
    local t; t=$(tail -1 "$work/time.txt" | awk '{ printf "%.2f / %.2f", $1, $2 + $3 }')
    if [[ -z $b ]] || awk -v a="${t%% *}" -v b="${b%% *}" 'BEGIN { exit !(a < b) }'; then b=$t; fi
  done
  echo "$b"
}
ratio() { awk -v a="${1%% *}" -v b="${2%% *}" 'BEGIN { printf "%.1f×", b / a }'; }

echo "| ballots | candidates | ballots kind | method | asamblea wall / CPU (s) | tallystick 0.4.3 wall / CPU (s) | wall ratio | same winner |"
echo "|---|---|---|---|---|---|---|---|"
for n in $sizes; do
  for c in 10 20; do
    for kind in complete truncated; do
      f="$work/b-$n-$c-$kind.blt"
      [[ -s $f ]] || "$work/gen-ballots" "$n" "$c" 5 "$kind" 2026 0.9 > "$f"
      for method in irv schulze; do
        a=$(best "$work/a.json" "$ours" "$f" --method "$method" --seats 1 --format json)
        aw=$(python3 -c "import json,sys; print(', '.join(json.load(open(sys.argv[1]))['elected']))" "$work/a.json")
        t=$(best "$work/t.txt" "$theirs" "$f" "$method")
        tw=$(tail -1 "$work/t.txt")
        same=yes; [[ $aw == "$tw" ]] || same="no ($aw / $tw)"
        echo "| $n | $c | $kind | $method | $a | $t | $(ratio "$a" "$t") | $same |"
      done
    done
  done
done
