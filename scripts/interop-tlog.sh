#!/usr/bin/env bash
# Interoperability of the record's C2SP tlog-tiles (/api/v1/record/log/) with Go's independent
# implementation (golang.org/x/mod/sumdb/note and sumdb/tlog): interop/tlog/main.go. Not in CI
# (it needs Go); see RELIABILITY.md.
#
# Needs: apt-get install -y golang-go golang-golang-x-mod-dev (Go 1.19, x/mod 0.7; built with
# GO111MODULE=off against Debian's /usr/share/gocode, no module download), curl, python3.
#
# Builds asamblea (unless ASAMBLEA names a binary), starts `asamblea serve --demo` on a temporary
# data directory (port PORT, default 18196), keeps the first checkpoint, makes one act as the
# administrator through the API (the set-up, then an account), waits for a later checkpoint and
# runs the Go check with the earlier one. Prints PASS or FAIL; exits non-zero on any mismatch.
#
#   scripts/interop-tlog.sh
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
port=${PORT:-18196}
url=http://127.0.0.1:$port
fail() { echo "FAIL: $*"; exit 1; }
command -v go >/dev/null || fail "no go: apt-get install -y golang-go golang-golang-x-mod-dev"
if [ -z "${ASAMBLEA:-}" ]; then
    (cd "$root" && cargo build -q -p asamblea) || fail "cargo build -p asamblea"
    ASAMBLEA=${CARGO_TARGET_DIR:-$root/target}/debug/asamblea
fi
work=$(mktemp -d /tmp/asamblea-interop.XXXX)
"$ASAMBLEA" serve --demo --data-dir "$work/data" --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 600); do grep -q listening "$work/server.log" && break; sleep 0.5; done
grep -q listening "$work/server.log" || { cat "$work/server.log"; fail "the server did not start"; }
size() { curl -fsS "$url/api/v1/record/log/checkpoint" 2>/dev/null | sed -n 2p; }
# A checkpoint of the demo's record (the server signs the head within seconds of a change).
for _ in $(seq 120); do [ -n "$(size)" ] && break; sleep 0.5; done
curl -fsS "$url/api/v1/record/log/checkpoint" -o "$work/earlier" || fail "no checkpoint"
earlier=$(sed -n 2p "$work/earlier")
# One act as the administrator: the set-up with the link the server printed, then an account.
token=$(grep -o "/setup/[0-9a-f]*" "$work/server.log" | head -1 | cut -d/ -f3)
admin=$(curl -fsS -X POST "$url/api/v1/setup" -H 'content-type: application/json' \
    -d "{\"token\":\"$token\",\"username\":\"interop-admin\",\"display_name\":\"Interop\",\"password\":\"a long password\"}" \
    | python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])') || fail "set-up"
curl -fsS -o /dev/null -X POST "$url/api/v1/accounts" -H "authorization: Bearer $admin" \
    -H 'content-type: application/json' \
    -d '{"username":"interop-delegate","display_name":"Interop","role":"delegate","organization_id":null}' \
    || fail "creating an account"
for _ in $(seq 120); do [ "$(size)" -gt "$earlier" ] 2>/dev/null && break; sleep 0.5; done
[ "$(size)" -gt "$earlier" ] 2>/dev/null || fail "no checkpoint after size $earlier"
vkey=$(curl -fsS "$url/api/v1/record/key") || fail "no verifier key"
echo "verifier key: $vkey; earlier checkpoint: size $earlier"
cd "$root/interop/tlog" && GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= \
    GOCACHE="${GOCACHE:-$work/gocache}" go run main.go "$url" "$vkey" "$work/earlier" \
    || fail "the Go check (above)"
