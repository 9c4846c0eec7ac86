#!/usr/bin/env python3
"""The peer: `peer.py FILE SEATS METHOD` apportions a name,votes CSV with the Python
`apportionment` package (1.0) and prints {"seats": {name: n}} as JSON. METHOD is an Asamblea
method name; droop has no peer."""
import csv
import json
import sys

from apportionment import methods

PEER_NAME = {
    "dhondt": "dhondt",
    "sainte-lague": "saintelague",
    "modified-sainte-lague": "modified_saintelague",
    "hare": "hamilton",
    "huntington-hill": "huntington",
    "adams": "adams",
}


def main():
    path, seats, method = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    exact = len(sys.argv) > 4 and sys.argv[4] == "--exact"
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    names = [r["name"] for r in rows]
    votes = [int(r["votes"]) for r in rows]
    result = methods.compute(
        PEER_NAME[method], votes, seats, fractions=exact, parties=names, tiesallowed=True
    )
    print(json.dumps({"seats": dict(zip(names, (int(x) for x in result)))}))


if __name__ == "__main__":
    main()
