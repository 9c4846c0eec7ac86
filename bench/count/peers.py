"""Counts a BLT file with a peer implementation, to time it and cross-check the winners.

    python peers.py PEER METHOD SEATS FILE.blt

PEER/METHOD: pref_voting scottish-stv|meek|irv, pyrankvote irv|stv, svvamp irv.
Prints the elected candidates' names (sorted) on one line. Reading and parsing the file is part
of the timed process, as it is for `asamblea count`. Identical ballots are merged first (Counter),
the same shortcut Asamblea's parser takes.
"""

import sys
from collections import Counter


def read_blt(path):
    with open(path, encoding="utf-8") as f:
        lines = [l.split("#")[0].strip() for l in f]
    lines = [l for l in lines if l]
    n, seats = map(int, lines[0].split())
    i = 1
    nick = {}
    while lines[i].startswith("["):
        words = lines[i][1:-1].split()
        if words[0] == "nick":
            nick = {w: k for k, w in enumerate(words[1:])}
        i += 1
    counts = Counter()
    while lines[i] != "0":
        toks = lines[i].split()
        w = int(toks[0])
        order = tuple(nick[t] if t in nick else int(t) - 1 for t in toks[1:-1])
        counts[order] += w
        i += 1
    names = [l.strip('"') for l in lines[i + 1 : i + 1 + n]]
    return n, seats, names, counts


def main():
    peer, method, seats, path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    n, _, names, counts = read_blt(path)
    orders = list(counts.keys())
    weights = [counts[o] for o in orders]
    if peer == "pref_voting":
        from pref_voting.profiles_with_ties import ProfileWithTies
        import pref_voting.proportional_methods as pm
        import pref_voting.iterative_methods as im

        rankings = [{c: r + 1 for r, c in enumerate(o)} for o in orders]
        prof = ProfileWithTies(rankings, rcounts=weights, candidates=list(range(n)))
        if method == "scottish-stv":
            winners = pm.stv_scottish(prof, num_seats=seats)
        elif method == "meek":
            winners = pm.stv_meek(prof, num_seats=seats)
        elif method == "irv":
            winners = im.instant_runoff(prof)
        else:
            raise SystemExit(f"{peer} has no {method}")
    elif peer == "pyrankvote":
        import pyrankvote
        from pyrankvote import Candidate, Ballot

        cands = [Candidate(nm) for nm in names]
        ballots = []
        for o, w in zip(orders, weights):
            b = Ballot(ranked_candidates=[cands[c] for c in o])
            ballots.extend([b] * w)
        if method == "irv":
            res = pyrankvote.instant_runoff_voting(cands, ballots)
        else:
            res = pyrankvote.single_transferable_vote(cands, ballots, number_of_seats=seats)
        winners = [names.index(c.name) for c in res.get_winners()]
    elif peer == "svvamp":
        import numpy as np
        import svvamp

        full = [o for o in orders if len(o) == n]
        if len(full) != len(orders):
            raise SystemExit("svvamp needs complete rankings")
        rk = np.repeat(np.array(full), weights, axis=0)
        prof = svvamp.Profile(preferences_rk=rk, labels_candidates=names)
        winners = [svvamp.RuleIRV()(prof).w_]
    else:
        raise SystemExit(f"unknown peer {peer}")
    print(", ".join(sorted(names[w] for w in winners)))


if __name__ == "__main__":
    main()
