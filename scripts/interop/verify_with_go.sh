#!/bin/sh
# Interoperability: an Asamblea checkpoint, its inclusion proofs and a consistency proof checked
# with Go's golang.org/x/mod/sumdb/note and sumdb/tlog (an independent implementation of
# c2sp.org/signed-note, tlog-checkpoint and RFC 6962 hashing).
#
# Needs: Debian packages golang-go and golang-golang-x-mod-dev, curl, and an asamblea binary
# (ASAMBLEA, default: target/debug/asamblea; build it with `cargo build -p asamblea`).
# It starts a throw-away server on port PORT (default 18977), makes the first act (the
# administrator), keeps that checkpoint, restarts with --demo (many acts), waits for a later
# checkpoint, fetches everything over HTTP and runs verify_with_go.go
# offline (GOFLAGS=-mod=mod is not used: GOPATH points at Debian's /usr/share/gocode).
#
#   scripts/interop/verify_with_go.sh            # exit 0 and "OK" when everything verifies
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${ASAMBLEA:-$root/target/debug/asamblea}
work=$(mktemp -d)
port=${PORT:-18977}
url="http://127.0.0.1:$port"
"$bin" serve --data-dir "$work/data" --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
# The first act: create the administrator with the one-time set-up link the server prints.
for _ in $(seq 1 60); do
    token=$(sed -n 's|.*/setup/\([0-9a-f]*\).*|\1|p' "$work/server.log" | head -1)
    [ -n "$token" ] && break
    sleep 0.5
done
curl -fsS -H 'content-type: application/json' -X POST "$url/api/v1/setup" \
    -d "{\"token\":\"$token\",\"username\":\"admin\",\"display_name\":\"Admin\",\"password\":\"a long password\"}" >/dev/null
# Wait for a checkpoint (the server signs the head within seconds of a change).
wait_checkpoint() {
    for _ in $(seq 1 60); do
        if curl -fsS "$url/api/v1/record/checkpoint" -o "$1" 2>/dev/null; then return 0; fi
        sleep 0.5
    done
    echo "no checkpoint from $url" >&2; cat "$work/server.log" >&2; exit 1
}
wait_checkpoint "$work/old.checkpoint"
old=$(sed -n 2p "$work/old.checkpoint")
# More acts: restart with the demo federation.
kill $pid; wait $pid 2>/dev/null || true
"$bin" serve --data-dir "$work/data" --listen "127.0.0.1:$port" --demo >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do
    wait_checkpoint "$work/new.checkpoint"
    [ "$(sed -n 2p "$work/new.checkpoint")" -gt "$old" ] && break
    sleep 0.5
done
size=$(sed -n 2p "$work/new.checkpoint")
curl -fsS "$url/api/v1/record/key" -o "$work/key"
curl -fsS "$url/api/v1/record?limit=1000" -o "$work/entries.json"
mkdir "$work/inclusion"
n=$(( size < 1000 ? size : 1000 ))
for p in $(seq 1 "$n"); do
    curl -fsS "$url/api/v1/record/proof/inclusion?position=$p&size=$size" -o "$work/inclusion/$p.json"
done
curl -fsS "$url/api/v1/record/proof/consistency?old=$old&size=$size" -o "$work/consistency.json"
cd "$here"
GOPATH=/usr/share/gocode GO111MODULE=off GOCACHE="$work/gocache" GOFLAGS= \
    go run verify_with_go.go "$work/key" "$work/new.checkpoint" "$work/entries.json" \
    "$work/inclusion" "$work/old.checkpoint" "$work/consistency.json"
