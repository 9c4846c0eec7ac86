#!/usr/bin/env bash
# Disk-full trial on SQLite (RELIABILITY.md). Needs root (mounts a 3 MB tmpfs).
# usage: scripts/disk-full-trial.sh PATH-TO-ASAMBLEA [PORT]
# Fills the data directory with accounts until a write is refused, tries three more writes,
# reads a page while full, gives the file system 10 MB, writes again, checks that every
# acknowledged account is there and that `asamblea record verify` passes.
set -uo pipefail
BIN=$1; PORT=${2:-18193}; DIR=$(mktemp -d /tmp/asamblea-full.XXXX); URL=http://127.0.0.1:$PORT
mount -t tmpfs -o size=3m tmpfs "$DIR" || exit 2
"$BIN" serve --data-dir "$DIR" --listen 127.0.0.1:$PORT > "$DIR.log" 2>&1 & PID=$!
trap 'kill $PID 2>/dev/null; sleep 1; umount "$DIR"; rm -f "$DIR.log" "$DIR.acked"; rmdir "$DIR"' EXIT
for _ in $(seq 50); do grep -q listening "$DIR.log" && break; sleep 0.2; done
TOKEN=$(grep -o "/setup/[A-Za-z0-9_-]*" "$DIR.log" | head -1 | cut -d/ -f3)
ADMIN=$(curl -s -X POST $URL/api/v1/setup -H 'content-type: application/json' -d "{\"token\":\"$TOKEN\",\"username\":\"admin\",\"display_name\":\"A\",\"password\":\"a long password\"}" | python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])')
add() { curl -s -o "$DIR.last" -w "%{http_code}" -X POST $URL/api/v1/accounts -H "authorization: Bearer $ADMIN" -H 'content-type: application/json' -d "{\"username\":\"$1\",\"display_name\":\"$(head -c 110 /dev/zero | tr '\0' x)\",\"role\":\"delegate\",\"organization_id\":null}"; }
: > "$DIR.acked"
for i in $(seq 100 9000); do
  code=$(add user$i)
  if [ "$code" = 201 ]; then echo user$i >> "$DIR.acked"; else echo "refused at write $i: $code $(cat "$DIR.last")"; break; fi
done
echo "acknowledged before full: $(wc -l < "$DIR.acked")"
echo "three more writes while full: $(add again1) $(add again2) $(add again3)"
echo "a page read while full: $(curl -s -o /dev/null -w '%{http_code}' $URL/record)"
mount -o remount,size=10m "$DIR"
echo "a write after space returned: $(add resumed1)"
curl -s $URL/api/v1/accounts -H "authorization: Bearer $ADMIN" | python3 -c '
import json,sys
names={a["username"] for a in json.load(sys.stdin)}
acked=[l.strip() for l in open(sys.argv[1])]
lost=[a for a in acked if a not in names]
print("acknowledged", len(acked), "lost", len(lost), "resumed:", "resumed1" in names)' "$DIR.acked"
kill $PID; wait $PID 2>/dev/null
"$BIN" record verify --data-dir "$DIR" 2>&1 | tail -1 | cut -c1-100
