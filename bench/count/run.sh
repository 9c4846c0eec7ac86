#!/usr/bin/env bash
# Times whole-process `asamblea count` against peer implementations on seeded ballots and checks
# that the winners agree. Results go to stdout as Markdown rows (see BENCHMARKS.md, "Counting").
#
#   bench/count/run.sh                 # 100k and 1M ballots, 10 and 20 candidates
#   SIZES="100000" bench/count/run.sh  # only 100k
#
# Environment:
#   ASAMBLEA   the binary to time (default: target/release/asamblea if built, else the light
#              bench/count/cli build of the same `count` code); it is called as `$ASAMBLEA count ...`
#              for the real binary and without `count` for the light one.
#   PEERS      peers directory from /work/shared/peers/install.sh (default ~/.cache/asamblea-peers)
#   TIMEOUT    seconds before a peer run is given up (default 600)
#   PY_1M=1    also run the Python peers on 1M ballots (slow)
# Needs: rustc, cargo, /usr/bin/time, python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${WORK:-/tmp/asamblea-bench-count}
peers=${PEERS:-$HOME/.cache/asamblea-peers}
timeout=${TIMEOUT:-600}
sizes=${SIZES:-"100000 1000000"}
mkdir -p "$work"
target=${CARGO_TARGET_DIR:-$root/target}

rustc -O --edition 2021 "$here/gen/main.rs" -o "$work/gen-ballots"
if [[ -n "${ASAMBLEA:-}" ]]; then
  count=("$ASAMBLEA" count)
elif [[ -x "$target/release/asamblea" ]]; then
  count=("$target/release/asamblea" count)
else
  (cd "$here/cli" && cargo build --release -q)
  count=("$target/release/asamblea-count-bench")
fi
py="$peers/venv/bin/python"
stvrs="$peers/bin/stv-rs"

# seconds FILE CMD...: wall time of CMD (stdout to FILE), or ">TIMEOUT" / "failed".
seconds() {
  local out=$1; shift
  local rc=0
  /usr/bin/time -f "%e %U %S" -o "$work/time.txt" timeout "$timeout" "$@" > "$out" 2>/dev/null || rc=$?
  if [[ $rc -eq 0 ]]; then tail -1 "$work/time.txt" | awk '{ printf "%.2f / %.2f", $1, $2 + $3 }'
  elif [[ $rc -eq 124 ]]; then echo ">$timeout"
  else echo "failed"; fi
}
winners_json() { python3 -c "import json,sys; print(', '.join(sorted(json.load(open(sys.argv[1]))['elected'])))" "$1" 2>/dev/null || echo "?"; }
winners_stvrs() { grep -A40 "Count Complete" "$1" | grep "Elected:" | sed 's/.*Elected: *//; s/ (.*//' | sort | paste -sd, | sed 's/,/, /g'; }

# Times are "wall / CPU" seconds (CPU = user + system, all threads): on a shared machine the
# CPU time is the steadier measure; stv-rs uses two threads, so its wall time can be lower.
echo "| ballots | candidates | ballots kind | method | asamblea wall / CPU (s) | peer | peer wall / CPU (s) | same winners |"
echo "|---|---|---|---|---|---|---|---|"
for n in $sizes; do
  for c in 10 20; do
    for kind in complete truncated; do
      f="$work/b-$n-$c-$kind.blt"
      [[ -s $f ]] || "$work/gen-ballots" "$n" "$c" 5 "$kind" 2026 0.9 > "$f"
      for method in scottish-stv meek irv; do
        a=$(seconds "$work/a.json" "${count[@]}" "$f" --method "$method" --format json)
        aw=$(winners_json "$work/a.json")
        printed=0
        run_peer() {  # name, then command
          local name=$1; shift
          local t pw
          t=$(seconds "$work/p.txt" "$@")
          if [[ $name == stv-rs ]]; then pw=$(winners_stvrs "$work/p.txt"); else pw=$(tail -1 "$work/p.txt" 2>/dev/null || true); fi
          local same="yes"; [[ "$pw" == "$aw" ]] || same="no ($pw)"
          if [[ $t == ">"* || $t == failed ]]; then same="-"; fi
          echo "| $n | $c | $kind | $method | $a | $name | $t | $same |"
          printed=1
        }
        python_ok=1; [[ $n -ge 1000000 && -z "${PY_1M:-}" ]] && python_ok=0
        seats=5; [[ $method == irv ]] && seats=1
        case $method in
          scottish-stv)
            (( python_ok )) && run_peer pref_voting "$py" "$here/peers.py" pref_voting scottish-stv $seats "$f" ;;
          meek)
            [[ -x $stvrs ]] && run_peer stv-rs "$stvrs" --arithmetic fixed9 --input "$f" meek
            (( python_ok )) && [[ $n -le 100000 ]] && run_peer pref_voting "$py" "$here/peers.py" pref_voting meek $seats "$f" ;;
          irv)
            (( python_ok )) && run_peer pyrankvote "$py" "$here/peers.py" pyrankvote irv 1 "$f"
            (( python_ok )) && run_peer pref_voting "$py" "$here/peers.py" pref_voting irv 1 "$f"
            (( python_ok )) && [[ $kind == complete ]] && run_peer svvamp "$py" "$here/peers.py" svvamp irv 1 "$f" ;;
        esac
        if (( ! printed )); then echo "| $n | $c | $kind | $method | $a | (no peer run) | | |"; fi
      done
    done
  done
done
