#!/usr/bin/env bash
# Interoperability of the record (C2SP tlog-tiles under /api/v1/record/log/, the proof endpoints
# /api/v1/record/proof/..., the entries' canonical JSON, a witness's cosignature) with Go's
# independent implementation (golang.org/x/mod/sumdb/note and sumdb/tlog, crypto/ed25519):
# interop/tlog/main.go. Not in CI (it needs Go); without Go it prints SKIP and exits 0. See
# RELIABILITY.md.
#
# Needs: apt-get install -y golang-go golang-golang-x-mod-dev (Go 1.19, x/mod 0.7; built with
# GO111MODULE=off against Debian's /usr/share/gocode, no module download), curl, python3.
#
# Builds asamblea (unless ASAMBLEA names a binary); starts a witness (`asamblea witness serve`,
# port PORT+1) and `asamblea serve --demo` (port PORT, default 18170) on a temporary directory;
# keeps the demo's checkpoint; as the administrator (the set-up link the server printed) adds the
# witness with its URL, then creates accounts through the API until the log has more than
# GROW_TO entries (default 600: past the 512-leaf tile boundary), keeping the checkpoints seen on
# the way; waits for the witness to cosign a checkpoint past 512; runs the Go check (it must
# PASS), then the negative runs (a wrong log key, a wrong witness key, one byte flipped in a
# level-0 and a level-1 hash tile, two entry bundles, the checkpoint, the cosigned checkpoint's
# body and its cosignature, an inclusion and a consistency proof), each of which must FAIL. Prints PASS or FAIL; exits
# non-zero on any mismatch.
#
#   scripts/interop-tlog.sh
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
port=${PORT:-18170}
wport=$((port + 1))
grow_to=${GROW_TO:-600}
url=http://127.0.0.1:$port
fail() { echo "FAIL: $*"; exit 1; }
if ! command -v go >/dev/null || [ ! -d /usr/share/gocode/src/golang.org/x/mod/sumdb/tlog ]; then
    echo "SKIP: Go or golang.org/x/mod is missing (apt-get install -y golang-go golang-golang-x-mod-dev)"
    exit 0
fi
if [ -z "${ASAMBLEA:-}" ]; then
    (cd "$root" && cargo build -q -p asamblea) || fail "cargo build -p asamblea"
    ASAMBLEA=${CARGO_TARGET_DIR:-$root/target}/debug/asamblea
fi
work=$(mktemp -d /tmp/asamblea-interop.XXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
# The witness.
wname=interop.witness.example/1
wvkey=$("$ASAMBLEA" witness key --key "$work/witness.key" --name "$wname") || fail "witness key"
"$ASAMBLEA" serve --demo --data-dir "$work/data" --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 600); do grep -q listening "$work/server.log" && break; sleep 0.5; done
grep -q listening "$work/server.log" || { cat "$work/server.log"; fail "the server did not start"; }
vkey=$(curl -fsS "$url/api/v1/record/key") || fail "no verifier key"
"$ASAMBLEA" witness serve --listen "127.0.0.1:$wport" --key "$work/witness.key" --name "$wname" \
    --state "$work/witness-state.json" --log "$vkey" >"$work/witness.log" 2>&1 &
pids+=($!)
size() { curl -fsS "$url/api/v1/record/log/checkpoint" 2>/dev/null | sed -n 2p; }
# The demo's checkpoint (the server signs the head within seconds of a change).
for _ in $(seq 120); do [ -n "$(size)" ] && break; sleep 0.5; done
curl -fsS "$url/api/v1/record/log/checkpoint" -o "$work/earlier-0" || fail "no checkpoint"
earlier=$(sed -n 2p "$work/earlier-0")
# The administrator: the set-up with the link the server printed.
token=$(grep -o "/setup/[0-9a-f]*" "$work/server.log" | head -1 | cut -d/ -f3)
admin=$(curl -fsS -X POST "$url/api/v1/setup" -H 'content-type: application/json' \
    -d "{\"token\":\"$token\",\"username\":\"interop-admin\",\"display_name\":\"Interop\",\"password\":\"a long password\"}" \
    | python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])') || fail "set-up"
curl -fsS -o /dev/null -X POST "$url/api/v1/record/witnesses" -H "authorization: Bearer $admin" \
    -H 'content-type: application/json' \
    -d "{\"vkey\":\"$wvkey\",\"url\":\"http://127.0.0.1:$wport\"}" || fail "adding the witness"
# Grow the log past the 512-leaf boundary, one act per account, keeping checkpoints on the way.
head() { curl -fsS "$url/api/v1/record/head" | python3 -c 'import sys,json;print(json.load(sys.stdin)["position"])'; }
echo "$earlier" >"$work/kept-sizes"
kept=1
i=0
paused=no
while [ "$(head)" -le "$grow_to" ]; do
    # Once between the demo and the 512 boundary: wait for a checkpoint of the head, so that a
    # signed checkpoint between the two tile boundaries is kept too.
    h=$(head)
    if [ $paused = no ] && [ "$h" -gt $((earlier + 50)) ] && [ "$h" -lt 512 ]; then
        paused=yes
        for _ in $(seq 120); do [ "$(size)" -ge "$h" ] 2>/dev/null && break; sleep 0.5; done
    fi
    for _ in $(seq 25); do
        i=$((i + 1))
        curl -fsS -o /dev/null -X POST "$url/api/v1/accounts" -H "authorization: Bearer $admin" \
            -H 'content-type: application/json' \
            -d "{\"username\":\"interop-$i\",\"display_name\":\"Interop $i\",\"role\":\"delegate\",\"organization_id\":null}" \
            || fail "creating account $i"
    done
    curl -fsS "$url/api/v1/record/log/checkpoint" -o "$work/cp" || fail "no checkpoint"
    s=$(sed -n 2p "$work/cp")
    if ! grep -qx "$s" "$work/kept-sizes" 2>/dev/null && [ $((s % 256)) -ne 0 ]; then
        echo "$s" >>"$work/kept-sizes"
        cp "$work/cp" "$work/earlier-$kept"
        kept=$((kept + 1))
    fi
done
# A checkpoint past the boundary, cosigned by the witness.
cosigned=0
for _ in $(seq 120); do
    cosigned=$(curl -fsS "$url/api/v1/record/cosigned" 2>/dev/null | sed -n 2p)
    [ "${cosigned:-0}" -gt "$grow_to" ] 2>/dev/null && break
    sleep 0.5
done
[ "${cosigned:-0}" -gt "$grow_to" ] 2>/dev/null || { cat "$work/witness.log"; fail "no cosigned checkpoint past $grow_to (latest cosigned: ${cosigned:-none})"; }
latest=$(size)
earliers=$(ls "$work"/earlier-* | sort -t- -k2 -n)
echo "verifier key: $vkey; witness: $wvkey"
echo "kept checkpoints: $(for f in $earliers; do sed -n 2p "$f"; done | tr '\n' ' ')(demo: $earlier); latest $latest; cosigned $cosigned; $i accounts created"
cd "$root/interop/tlog" || fail "no interop/tlog"
export GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= GOCACHE="${GOCACHE:-$work/gocache}"
go build -o "$work/check" main.go || fail "go build"
# shellcheck disable=SC2086
"$work/check" -witness "$wvkey" "$url" "$vkey" $earliers || fail "the Go check (above)"
# Each negative run must FAIL.
neg() {
    local what=$1
    shift
    # shellcheck disable=SC2086
    out=$("$work/check" -witness "$wvkey" "$@" "$url" "$vkey" $earliers 2>&1)
    if [ $? -eq 0 ]; then
        echo "$out"
        fail "negative check passed: $what"
    fi
    echo "negative: $what: FAIL as expected ($(echo "$out" | grep -m1 -E 'FAIL|panic' | cut -c1-150))"
}
neg "a wrong log key" -wrong-key
neg "a wrong witness key" -wrong-witness
neg "a byte flipped in hash tile 0/000" -flip /tile/0/000
neg "a byte flipped in hash tile 1/000" -flip /tile/1/000
neg "a byte flipped in entry bundle 001" -flip /tile/entries/001
neg "a byte flipped in the checkpoint" -flip /log/checkpoint
neg "a byte flipped in the cosigned checkpoint's body" -flip /record/cosigned
neg "a byte flipped in the cosignature" -flip "/record/cosigned#sig"
neg "a byte flipped in entry bundle 000" -flip /tile/entries/000
neg "a byte flipped in an inclusion proof (position 300)" -flip "position=300&"
neg "a byte flipped in a consistency proof (old=300)" -flip "old=300&"
echo PASS
