#!/usr/bin/env python3
"""Cross-check `asamblea apportion` against the Python `apportionment` package on seeded random
cases: `crosscheck.py ASAMBLEA_CMD [CASES] [SEED]`, e.g.

    python3 bench/apportion/crosscheck.py "target-seats/bench/release/asamblea-apportion-bench" 300

Cases where the peer reports a tie (TiesException) are skipped: the two tools break ties
differently (Asamblea: more votes first, then input order; the peer: input order) and Asamblea
reports the tie instead. Exact fractions are used where the peer supports them (all but
Huntington-Hill and modified Sainte-Laguë, which it computes in floating point).
"""
import json
import os
import random
import subprocess
import sys
import tempfile

from apportionment import methods

from peer import PEER_NAME


def main():
    cmd = sys.argv[1].split()
    cases = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    rng = random.Random(seed)
    compared = skipped = 0
    failures = []
    with tempfile.TemporaryDirectory() as d:
        for case in range(cases):
            n = rng.randint(1, 15)
            votes = [rng.choice([rng.randint(1, 50), rng.randint(1, 100_000)]) for _ in range(n)]
            seats = rng.randint(1, 120)
            path = os.path.join(d, f"c{case}.csv")
            with open(path, "w") as f:
                f.write("name,votes\n" + "".join(f"e{i},{v}\n" for i, v in enumerate(votes)))
            for method, peer in PEER_NAME.items():
                exact = method not in ("huntington-hill", "modified-sainte-lague")
                try:
                    expected = methods.compute(peer, votes, seats, fractions=exact, tiesallowed=False)
                except methods.TiesException:
                    skipped += 1
                    continue
                out = subprocess.run(
                    cmd + [path, "--seats", str(seats), "--method", method, "--format", "json"],
                    capture_output=True, text=True, check=True,
                ).stdout
                got = json.loads(out)["seats"]
                got = [got[f"e{i}"] for i in range(n)]
                compared += 1
                if got != [int(x) for x in expected]:
                    failures.append((method, votes, seats, got, expected))
    print(f"compared {compared} results, skipped {skipped} ties, {len(failures)} differences")
    for f in failures[:10]:
        print("DIFF", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
