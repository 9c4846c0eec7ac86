#!/usr/bin/env bash
# Apportionment benchmark: 1,000 entries x 10,000 seats with each method, whole-process wall time
# (best of 3), `asamblea apportion --format json` against the Python `apportionment` package 1.0.
#   bench/apportion/run.sh [ASAMBLEA_CMD] [PYTHON]
# ASAMBLEA_CMD defaults to the stand-in in bench/apportion/cli (same code path as the binary),
# built in release mode; PYTHON to the venv of ../shared/peers/install.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target=${CARGO_TARGET_DIR:-$here/../../target}
if [[ $# -ge 1 ]]; then
  cmd=$1
else
  (cd "$here/cli" && CARGO_TARGET_DIR=$target/bench cargo build --release -q)
  cmd=$target/bench/release/asamblea-apportion-bench
fi
python=${2:-$HOME/.cache/asamblea-peers/venv/bin/python}
out=${BENCH_OUT:-$here/../out/apportion}
mkdir -p "$out"
python3 "$here/gen.py" 1000 1 > "$out/seats-1000.csv"

best() { # best wall time of 3 runs of "$@", in seconds
  local t b=""
  for _ in 1 2 3; do
    /usr/bin/time -f %e -o "$out/time" "$@" > "$out/last.json" 2>/dev/null
    t=$(tail -1 "$out/time")
    if [[ -z $b ]] || awk "BEGIN{exit !($t < $b)}"; then b=$t; fi
  done
  echo "$b"
}

echo "| method | asamblea (s) | apportionment 1.0 (s) | same seats |"
echo "|---|---:|---:|---|"
for m in dhondt sainte-lague modified-sainte-lague hare droop huntington-hill adams; do
  ours=$(best "$cmd" "$out/seats-1000.csv" --seats 10000 --method "$m" --format json)
  cp "$out/last.json" "$out/ours-$m.json"
  if [[ $m == droop ]]; then
    echo "| $m | $ours | — | (no peer) |"
    continue
  fi
  peer=$(best "$python" "$here/peer.py" "$out/seats-1000.csv" 10000 "$m")
  cp "$out/last.json" "$out/peer-$m.json"
  same=$(python3 -c "import json,sys; a=json.load(open(sys.argv[1]))['seats']; b=json.load(open(sys.argv[2]))['seats']; d=[k for k in a if a[k]!=b[k]]; print('yes' if not d else f'{len(d)} differ')" "$out/ours-$m.json" "$out/peer-$m.json")
  echo "| $m | $ours | $peer | $same |"
done
