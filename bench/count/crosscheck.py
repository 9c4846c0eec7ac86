"""Cross-checks `asamblea count` against independent implementations on seeded random profiles.

    python crosscheck.py --asamblea "BIN count" --tallystick BIN --stv-rs BIN [--seed S]
                         [--profiles N] [--methods irv,schulze,scottish-stv,meek,wigm]
                         [--work DIR] [--mismatch-dir DIR] [--report FILE.json]

Run it with the Python of the peers' venv (/work/shared/peers/install.sh), which has pref_voting;
bench/count/crosscheck.sh builds everything and calls it. Same seed, same profiles, same report.

Profiles: 3 to 9 candidates, 5 to 300 ballot lines (a quarter of them weighted 2 to 9; in one
profile in eight every line weighs 1 to 1000), complete or truncated strict rankings drawn from a
Plackett-Luce model as in gen/main.rs (same SplitMix64), with a random strength ratio from 0.55 to 1
so that close contests are common. Seats: 1 (irv, schulze), 1 to 3 (scottish-stv), 1 to 4 (meek,
wigm), always fewer than the candidates. Each profile is a BLT file with Droop's `[nick ...]` line
(as gen/main.rs writes), read by asamblea, stv-rs and tallystick.

Peers, per method (see CROSSCHECK.md for what each one is and how it differs):
  irv           tallystick 0.4.3 (full elimination order), pref_voting instant_runoff (winner,
                elimination order and the first-preference tallies of every round)
  schulze       tallystick 0.4.3 (winning votes; full ranking), pref_voting beat_path with the
                winning-votes strength (winners, pairwise counts, defeat relation)
  scottish-stv  pref_voting stv_scottish (elected set), prf-ref (exact, round by round)
  meek          stv-rs 0.5.1 --arithmetic fixed9 (elected set; round events; tallies within a
                tolerance, its rounding differs), prf-ref (exact, round by round)
  wigm          prf-ref (exact, round by round), pref_voting stv_wig (elected set; a related but
                different rule: exact arithmetic, quota N/(k+1), surpluses of a stage together)
prf-ref is a direct transcription, in this file, of the published rules (PR Foundation reference
Meek and WIGM; Scottish SSI 2007/42 rules 45-52), in integer fixed point. It is independent of
Asamblea's code but is not a third-party implementation: it settles rounding questions only.

Ties: when Asamblea's count meets a tie (`ties` in its JSON, broken by an earlier stage or by lot;
for the STV rules also when prf-ref meets one), every way of breaking the ties is tried (for IRV
also excluding the tied candidates together, as tallystick and pref_voting do). If all ways give
the same result, the tie is "moot" and the results are compared (rounds are not, as the tie may
have been broken another way). Otherwise the case is "tie, not compared", never an agreement.
Schulze: a tie for first place is "tie, not compared"; ties below are compared as ties (weak
orders). A case where only the peer meets a tie (several winners, a lot drawn, stv-rs's "Break
tie") is counted apart as "peer tie". Every disagreement, peer tie and difference in the rounds
is saved with its BLT file under --mismatch-dir.
"""

import argparse
import json
import os
import random
import shlex
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict

MASK = (1 << 64) - 1
METHODS = ["irv", "schulze", "scottish-stv", "meek", "wigm"]


class SplitMix64:
    """The generator of gen/main.rs."""

    def __init__(self, seed):
        self.s = seed & MASK

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & MASK
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def unit(self):
        return (self.next() >> 11) / float(1 << 53)

    def below(self, n):
        return self.next() % n


# ---------------------------------------------------------------------------------------------
# Profiles


def gen_profile(seed, method, k):
    """Profile `k` of `method`: dict with n, seats, kind, ratio and lines [(weight, [cands])]."""
    rng = SplitMix64(seed * 1_000_003 + METHODS.index(method) * 100_000 + k)
    n = 3 + rng.below(7)
    nlines = 5 + rng.below(296)
    kind = "complete" if rng.below(2) == 0 else "truncated"
    ratio = 0.55 + 0.45 * rng.unit()
    if method in ("irv", "schulze"):
        seats = 1
    elif method == "scottish-stv":
        seats = 1 + rng.below(min(3, n - 1))
    else:
        seats = 1 + rng.below(min(4, n - 1))
    # One profile in eight has heavy weights (1 to 1000 per line): Meek's roundings then add up
    # past omega, which reaches its "stable surplus" ending.
    heavy = rng.below(8) == 0
    strength = [ratio**i for i in range(n)]
    # Candidates get their strengths in a random order, so the strongest is not always c1.
    perm = list(range(n))
    for i in range(n - 1, 0, -1):
        j = rng.below(i + 1)
        perm[i], perm[j] = perm[j], perm[i]
    strength = [strength[perm[c]] for c in range(n)]
    lines = []
    for _ in range(nlines):
        w = 1 + rng.below(1000) if heavy else 1 if rng.below(4) else 2 + rng.below(8)
        length = n if kind == "complete" else 1 + rng.below(n)
        left = list(range(n))
        order = []
        for _ in range(length):
            total = sum(strength[c] for c in left)
            x = rng.unit() * total
            pick = len(left) - 1
            for i, c in enumerate(left):
                if x < strength[c]:
                    pick = i
                    break
                x -= strength[c]
            left[pick], left[-1] = left[-1], left[pick]
            order.append(left.pop())
        lines.append((w, order))
    return {"n": n, "seats": seats, "kind": kind, "ratio": ratio, "heavy": heavy, "lines": lines}


def write_blt(path, p, title):
    n = p["n"]
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"{n} {p['seats']}\n")
        f.write("[nick " + " ".join(f"c{c + 1}" for c in range(n)) + "]\n")
        for w, order in p["lines"]:
            f.write(f"{w} " + " ".join(f"c{c + 1}" for c in order) + " 0\n")
        f.write("0\n")
        for c in range(n):
            f.write(f'"Candidate {c + 1}"\n')
        f.write(f'"{title}"\n')


def name(c):
    return f"Candidate {c + 1}"


def index(nm):
    return int(nm.split()[-1]) - 1


def fixed(s):
    """'12.345' -> 12345 (the integer in units of the last decimal)."""
    return int(s.replace(".", ""))


# ---------------------------------------------------------------------------------------------
# prf-ref: the published rules, transcribed (integer fixed point)


def ceil_div(a, b):
    return -((-a) // b)


def ref_meek(p, choose=None):
    """PR Foundation reference Meek (steps A, B.1-B.4, C). Rounds as Asamblea reports them:
    first preferences, then one entry per round B (tallies at the end of its iteration), then
    C's distribution if C elects anyone."""
    n, seats = p["n"], p["seats"]
    one, omega = 10**9, 10**3
    lines = p["lines"]
    kf = [one] * n
    hopeful = set(range(n))
    elected = []
    total = sum(w for w, _ in lines) * one
    quota = total // (seats + 1) + 1
    first = [0] * n
    for w, o in lines:
        first[o[0]] += w * one
    rounds = [{"tallies": first, "quota": quota, "exhausted": 0, "elected": [], "excluded": []}]
    tie = False

    def distribute():
        votes = [0] * n
        excess = 0
        for w, o in lines:
            weight = one
            for c in o:
                k = kf[c]
                if k == 0:
                    continue
                keep = ceil_div(weight * k, one)  # w * kf, 9 decimals, rounded up
                votes[c] += keep * w
                weight -= keep
                if weight <= 0:
                    break
            excess += weight * w
        return votes, excess

    while len(hopeful) > seats - len(elected) and len(elected) < seats:  # B.1
        last = total
        newly = []
        while True:
            votes, excess = distribute()  # B.2.a
            quota = sum(votes) // (seats + 1) + 1  # B.2.b
            won = sorted((c for c in hopeful if votes[c] >= quota), key=lambda c: (-votes[c], c))
            for c in won:  # B.2.c
                hopeful.discard(c)
                elected.append(c)
            newly += won
            surplus = max(0, sum(votes[c] - quota for c in elected))  # B.2.d
            if won:  # B.2.e
                stop = "elected"
                break
            if surplus < omega:
                stop = "omega"
                break
            if surplus >= last:
                stop = "stable"
                break
            last = surplus
            for c in elected:  # B.2.f: kf * q (rounded up), then / v (rounded up)
                kf[c] = ceil_div(ceil_div(kf[c] * quota, one) * one, votes[c])
        rnd = {"tallies": votes, "quota": quota, "exhausted": excess, "elected": newly,
               "excluded": []}
        rounds.append(rnd)
        if stop == "elected":
            continue
        low = min(votes[c] for c in hopeful)  # B.3
        tied = sorted(c for c in hopeful if votes[c] <= low + surplus)
        tie = tie or len(tied) > 1
        out = choose(tied) if choose and len(tied) > 1 else tied[0]
        hopeful.discard(out)
        kf[out] = 0
        rnd["excluded"] = [out]
    if len(elected) < seats and hopeful:  # C
        votes, excess = distribute()
        rest = sorted(hopeful, key=lambda c: (-votes[c], c))
        elected += rest
        rounds.append({"tallies": votes, "quota": quota, "exhausted": excess, "elected": rest,
                       "excluded": []})
    return {"elected": elected, "rounds": rounds, "tie": tie}


def ref_gregory(p, variant, choose=None):
    """PR Foundation reference WIGM (single defeats, B.2 not used) or the Scottish rules
    (SSI 2007/42 sch. 1 rules 45-52). Rounds as Asamblea reports them: first preferences, then
    one entry per surplus transfer or exclusion, then one if the continuing candidates fill the
    remaining seats."""
    n, seats = p["n"], p["seats"]
    scottish = variant == "scottish-stv"
    one = 10**5 if scottish else 10**4
    valid = sum(w for w, _ in p["lines"])
    quota = (valid // (seats + 1) + 1) * one if scottish else valid * one // (seats + 1) + 1
    # parcels: [count, prefs, position, value]
    parcels = [[w, o, 0, one] for w, o in p["lines"]]
    votes = [0] * n
    for w, o in p["lines"]:
        votes[o[0]] += w * one
    hopeful = set(range(n))
    elected, pending = [], []
    rounds = []
    tie = False

    def elect():
        won = sorted((c for c in hopeful if votes[c] >= quota), key=lambda c: (-votes[c], c))
        for c in won:
            hopeful.discard(c)
            elected.append(c)
            pending.append(c)
        return won

    def move(frm, value):
        moved = 0
        for pc in parcels:
            cnt, o, pos, v = pc
            if pos < 0 or o[pos] != frm:
                continue
            nv = value(v)
            moved += nv * cnt
            k = pos + 1
            while k < len(o) and o[k] not in hopeful:
                k += 1
            if k < len(o) and nv > 0:
                pc[2], pc[3] = k, nv
                votes[o[k]] += nv * cnt
            else:
                pc[2] = -1  # exhausted
        return moved

    def record(el, ex):
        rounds.append({"tallies": list(votes), "quota": quota, "elected": el, "excluded": ex})

    record(elect(), [])
    while True:
        if len(elected) >= seats:
            break
        if len(elected) + len(hopeful) <= seats:
            rest = sorted(hopeful, key=lambda c: (-votes[c], c))
            elected.extend(rest)
            hopeful.clear()
            if rest:
                record(rest, [])
            break
        if pending:
            high = max(votes[c] for c in pending)
            tied = sorted(c for c in pending if votes[c] == high)
            tie = tie or len(tied) > 1
            frm = choose(tied) if choose and len(tied) > 1 else tied[0]
            pending.remove(frm)
            surplus = votes[frm] - quota
            if surplus <= 0:
                continue
            total = votes[frm]
            if scottish:  # rule 48(3): value x surplus / total, truncated to 5 decimals
                move(frm, lambda v: surplus * v // total)
            else:  # B.3 with D.4: each product and quotient truncated to 4 decimals
                move(frm, lambda v: (v * surplus // one) * one // total)
            votes[frm] = quota
            record(elect(), [])
        else:
            low = min(votes[c] for c in hopeful)
            tied = sorted(c for c in hopeful if votes[c] == low)
            tie = tie or len(tied) > 1
            out = choose(tied) if choose and len(tied) > 1 else tied[0]
            hopeful.discard(out)
            move(out, lambda v: v)
            votes[out] = 0
            record(elect(), [out])
    return {"elected": elected, "rounds": rounds, "tie": tie}


def explore(run, limit=512):
    """Every outcome of `run(choose)` over all the ways `choose(options)` can pick at the ties
    the run meets (depth first, re-running from the start); None after `limit` runs."""
    outcomes, stack, runs = set(), [[]], 0
    while stack:
        prefix = stack.pop()
        runs += 1
        if runs > limit:
            return None
        taken = []

        def choose(options):
            if len(taken) < len(prefix):
                j = prefix[len(taken)]
            else:
                j = 0
                stack.extend(taken + [k] for k in range(1, len(options)))
            taken.append(j)
            return options[j]

        outcomes.add(run(choose))
    return outcomes


def irv_outcomes(p):
    """Every IRV winner reachable by breaking the ties for last place any way: excluding any one
    of the tied candidates, or all of them together (tallystick's and pref_voting's way)."""
    memo = {}

    def go(cont):
        if cont in memo:
            return memo[cont]
        t = dict.fromkeys(cont, 0)
        active = 0
        for w, o in p["lines"]:
            for c in o:
                if c in cont:
                    t[c] += w
                    active += w
                    break
        majority = [c for c in cont if 2 * t[c] > active]
        if len(cont) == 1 or majority:
            res = set(majority or cont)
        else:
            low = min(t.values())
            tied = [c for c in cont if t[c] == low]
            opts = [frozenset([c]) for c in tied]
            if 1 < len(tied) < len(cont):
                opts.append(frozenset(tied))
            res = set().union(*(go(cont - o) for o in opts))
        memo[cont] = res
        return res

    return go(frozenset(range(p["n"])))


def tie_state(a, p, method):
    """None if our count met no tie (nor, for the STV rules, did prf-ref); "moot" if it met ties
    but every way of breaking them leads to the same result, so the result can be compared;
    "decisive" otherwise (counted as "tie, not compared")."""
    if method == "schulze":
        return "decisive" if len(schulze_weak(a)[0][0]) > 1 else None
    if method == "irv":
        if not our_tie(a):
            return None
        return "moot" if len(irv_outcomes(p)) == 1 else "decisive"
    ref = ref_meek if method == "meek" else lambda q, choose=None: ref_gregory(q, method, choose)
    if not our_tie(a) and not ref(p)["tie"]:
        return None
    outs = explore(lambda choose: frozenset(ref(p, choose)["elected"]))
    return "moot" if outs is not None and len(outs) == 1 else "decisive"


# ---------------------------------------------------------------------------------------------
# Peers


def pv_profile(p, extended=False):
    from pref_voting.profiles_with_ties import ProfileWithTies

    rankings = [{c: r + 1 for r, c in enumerate(o)} for _, o in p["lines"]]
    prof = ProfileWithTies(rankings, rcounts=[w for w, _ in p["lines"]],
                           candidates=list(range(p["n"])))
    if extended:
        prof.use_extended_strict_preference()
    return prof


class Lot:
    """A `rng` for pref_voting that records whether a lot was drawn."""

    def __init__(self):
        self.drawn = 0
        self.r = random.Random(0)

    def choice(self, seq):
        self.drawn += 1
        return self.r.choice(seq)


def run_stvrs(stvrs, path):
    out = subprocess.run([stvrs, "--arithmetic", "fixed9", "--input", path, "meek",
                          "--parallel", "no"], capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip()[-300:])
    return parse_stvrs(out.stdout)


def parse_stvrs(text):
    """stv-rs's Droop-style transcript -> rounds [{elected, excluded, tallies, quota}], the
    candidates elected and defeated by step C, and whether a tie was broken."""
    rounds, tie = [], False
    rest_elected, rest_defeated, elected = [], [], []
    cur, section = None, ""
    for line in text.splitlines():
        if line.startswith("Round "):
            cur = {"elected": [], "excluded": [], "tallies": {}, "quota": None}
            rounds.append(cur)
        elif line.startswith("Action: "):
            act = line[len("Action: "):]
            if act.startswith("Elect remaining: "):
                rest_elected.append(index(act.split(": ", 1)[1]))
            elif act.startswith("Defeat remaining: "):
                rest_defeated.append(index(act.split(": ", 1)[1]))
            elif act.startswith("Elect: "):
                cur["elected"].append(index(act[len("Elect: "):]))
            elif act.startswith("Defeat ("):
                cur["excluded"].append(index(act.rsplit("): ", 1)[1]))
            elif act.startswith("Break tie"):
                tie = True
            section = act
        elif line.startswith("\tQuota: ") and cur is not None and section.startswith("Iterate"):
            cur["quota"] = fixed(line.split(": ")[1])
        elif line.startswith("\tElected: ") and section == "Count Complete":
            elected.append(index(line.split(":", 1)[1].strip().rpartition(" (")[0]))
        elif cur is not None and (line.startswith("\tElected: ") or line.startswith("\tHopeful: ")
                                  or line.startswith("\tDefeated:")):
            # The tallies printed with a round's election or defeat are those at the end of
            # its iteration (a defeated candidate still shows the votes it had).
            if section.startswith("Elect: ") or section.startswith("Defeat ("):
                body = line.split(":", 1)[1].strip()
                names, _, val = body.rpartition(" (")
                for nm in names.split(", "):
                    cur["tallies"][index(nm)] = fixed(val.rstrip(")"))
    return {"rounds": rounds, "rest_elected": rest_elected, "rest_defeated": rest_defeated,
            "elected": elected, "tie": tie}


def run_tallystick(bin_, method, paths):
    """{path: {candidate: rank}} for many files in one process."""
    res = {}
    for i in range(0, len(paths), 200):
        out = subprocess.run([bin_, method] + paths[i:i + 200], capture_output=True, text=True,
                             check=True, timeout=600)
        for line in out.stdout.splitlines():
            path, _, pairs = line.partition("\t")
            res[path] = {int(c): int(r) for c, r in (x.split(":") for x in pairs.split())}
    return res


# ---------------------------------------------------------------------------------------------
# Comparisons. Each returns (status, detail): status is agree / disagree / tie / peer-tie.
# `rounds` in the detail is True when the rounds were compared and agree, False when they
# differ, absent when the peer gives none.


def our_tie(a):
    return bool(a["ties"])



def weak_order(rank):
    """{cand: rank} -> [sorted group, ...] best first."""
    groups = defaultdict(list)
    for c, r in rank.items():
        groups[r].append(c)
    return [sorted(groups[r]) for r in sorted(groups)]


def cmp_irv_tallystick(a, p, t, ts):
    # tallystick numbers ranks from the number of candidates, so after a batch elimination the
    # best rank is not 0: only the order of the ranks is used.
    order = [g for g in reversed(weak_order(t))]
    winners = order[-1]
    ours = [index(x) for x in a["elected"]]
    detail = {"peer": winners, "ours": ours}
    if ts is None:
        # Elimination order: ours (one per round) against tallystick's ranks (one per rank);
        # ours stops at a majority, so only the candidates it excluded are compared.
        excl = [index(x) for r in a["rounds"] for x in r["excluded"]]
        detail["rounds"] = all(len(g) == 1 for g in order[:len(excl)]) and \
            [g[0] for g in order[:len(excl)]] == excl
    return verdict(ts, len(winners) != 1, winners == ours), detail


def cmp_irv_pv(a, p, ts):
    """Winner; round by round: pref_voting's first-preference tallies of the candidates still in
    (ProfileWithTies.tops_scores) with its own order of elimination, against each of our rounds."""
    from pref_voting.iterative_methods import instant_runoff_with_explanation

    prof = pv_profile(p)
    winners, elim = instant_runoff_with_explanation(prof)
    ours = [index(x) for x in a["elected"]]
    detail = {"peer": list(winners), "ours": ours, "elim": elim}
    n_excl = sum(len(r["excluded"]) for r in a["rounds"])
    peer_tie = len(winners) != 1 or any(len(g) > 1 for g in elim[:n_excl])
    if ts is None and not peer_tie:
        left = list(range(p["n"]))
        same = True
        for i, r in enumerate(a["rounds"]):
            scores = prof.tops_scores(curr_cands=sorted(left), score_type="approval")
            ours_t = {index(k): int(v) for k, v in r["tallies"].items() if index(k) in left}
            if any(scores.get(c, 0) != ours_t.get(c, 0) for c in left):
                same = False
            ex = [index(x) for x in r["excluded"]]
            if ex:
                if i >= len(elim) or elim[i] != ex:
                    same = False
                    break
                left = [c for c in left if c not in ex]
        detail["rounds"] = same
    return verdict(ts, len(winners) != 1, list(winners) == ours), detail


def schulze_weak(a):
    """Our Schulze result as a weak order, from our own pairwise counts (winning votes): first the
    candidates no one beats by strongest path, then those no remaining candidate beats, and so
    on. Asamblea elects from the first group by lot and reports that tie; the weak order itself
    involves no lot. Also returns each candidate's number of Schulze wins (round 1's tallies)."""
    names_ = list(a["pairwise"].keys())
    n = len(names_)
    d = [[0 if x == y else int(a["pairwise"][names_[x]][names_[y]]) for y in range(n)]
         for x in range(n)]
    p = [[d[x][y] if d[x][y] > d[y][x] else 0 for y in range(n)] for x in range(n)]
    for k in range(n):
        for i in range(n):
            if i == k:
                continue
            for j in range(n):
                if j not in (i, k):
                    p[i][j] = max(p[i][j], min(p[i][k], p[k][j]))
    left = set(range(n))
    layers = []
    while left:
        layer = sorted(c for c in left if not any(p[b][c] > p[c][b] for b in left))
        layer = layer or sorted(left)
        layers.append(sorted(index(names_[c]) for c in layer))
        left -= set(layer)
    wins = {index(k): int(v) for k, v in a["rounds"][0]["tallies"].items()}
    return layers, wins


def first_place_reported(a, layers):
    """Whether our result reports exactly the first group: one candidate elected without a tie,
    or a tie for first place (the first tie drawn, which chose our first) among all of them."""
    first = layers[0]
    if len(first) == 1:
        return index(a["ranking"][0]) == first[0] and \
            (not a["ties"] or index(a["ties"][0]["chosen"]) != first[0])
    t = a["ties"][0] if a["ties"] else None
    return t is not None and sorted(index(x) for x in t["between"]) == first \
        and index(t["chosen"]) == index(a["ranking"][0])


def cmp_schulze_tallystick(a, p, t, ts):
    """The winner against tallystick's first place; "rounds" is the whole weak order (ties
    included, so no lot is involved) against tallystick's `ranked()`."""
    ours_weak, _ = schulze_weak(a)
    theirs = weak_order(t)
    detail = {"ours": [index(x) for x in a["ranking"]], "ours_weak": ours_weak,
              "peer_weak": theirs,
              "rounds": ours_weak == theirs and first_place_reported(a, ours_weak)}
    return verdict(ts, len(theirs[0]) > 1, ours_weak[0] == theirs[0]), detail


def cmp_schulze_pv(a, p, ts):
    """Winner against pref_voting's beat_path winners; round by round (one round): the pairwise
    counts and each candidate's number of Schulze wins (out-degree of pref_voting's defeat
    relation); and our ranking must extend that relation."""
    from pref_voting.margin_based_methods import beat_path, beat_path_defeat

    prof = pv_profile(p, extended=True)
    winners = beat_path(prof, strength_function=prof.support)
    defeat = beat_path_defeat(prof, strength_function=prof.support)
    n = p["n"]
    pw = a["pairwise"]
    same_pairs = all(pw[name(x)][name(y)] == prof.support(x, y)
                     for x in range(n) for y in range(n) if x != y)
    ours_weak, wins = schulze_weak(a)
    same_wins = all(defeat.out_degree(c) == wins[c] for c in range(n))
    ours = [index(x) for x in a["ranking"]]
    pos = {c: i for i, c in enumerate(ours)}
    consistent = all(pos[x] < pos[y] for x, y in defeat.edges())
    detail = {"peer": list(winners), "ours": ours, "ours_weak": ours_weak,
              "rounds": same_pairs and same_wins and consistent,
              "pairwise_same": same_pairs, "wins_same": same_wins,
              "ranking_extends_defeats": consistent}
    return verdict(ts, len(winners) != 1, list(winners) == ours_weak[0]), detail


def verdict(ts, peer_tie, same):
    """decisive tie on our side -> "tie"; a tie only the peer met -> "peer-tie"; else the
    comparison. With a moot tie the peer's own tie is expected and the results are compared."""
    if ts == "decisive":
        return "tie"
    if peer_tie and ts is None:
        return "peer-tie"
    return "agree" if same else "disagree"


def cmp_sets(a, peer_elected, peer_tie, ts, extra=None):
    ours = sorted(index(x) for x in a["elected"])
    peer = sorted(peer_elected)
    d = {"peer": peer, "ours": ours}
    d.update(extra or {})
    if ts is not None:  # the tie may have been broken another way: rounds not compared
        for key in ("rounds", "max_tally_diff_1e-9", "first_round_difference"):
            d.pop(key, None)
    return verdict(ts, peer_tie, peer == ours), d


def our_rounds(a):
    out = []
    for r in a["rounds"]:
        out.append({"tallies": {index(k): fixed(v) for k, v in r["tallies"].items()},
                    "quota": fixed(r["quota"]) if r["quota"] is not None else None,
                    "exhausted": fixed(r["exhausted"]),
                    "elected": sorted(index(x) for x in r["elected"]),
                    "excluded": sorted(index(x) for x in r["excluded"])})
    return out


def first_round_difference(ours, ref, keys):
    """Index and description of the first round where `ours` and `ref` differ, or None."""
    for i in range(max(len(ours), len(ref))):
        if i >= len(ours) or i >= len(ref):
            return i, f"round count {len(ours)} vs {len(ref)}"
        o, r = ours[i], ref[i]
        t = {c: v for c, v in enumerate(r["tallies"])}
        if any(o["tallies"].get(c, 0) != t.get(c, 0) for c in set(t) | set(o["tallies"])):
            diff = {c: (o["tallies"].get(c, 0), t.get(c, 0)) for c in t
                    if o["tallies"].get(c, 0) != t.get(c, 0)}
            return i, f"tallies (ours, ref) {diff}"
        for k in keys:
            rv = sorted(r[k]) if isinstance(r[k], list) else r[k]
            if o[k] != rv:
                return i, f"{k}: ours {o[k]} ref {rv}"
    return None


def cmp_ref(a, p, method, ts):
    ref = ref_meek(p) if method == "meek" else ref_gregory(p, method)
    keys = ["quota", "exhausted", "elected", "excluded"] if method == "meek" else \
        ["quota", "elected", "excluded"]
    diff = first_round_difference(our_rounds(a), ref["rounds"], keys)
    return cmp_sets(a, ref["elected"], ref["tie"], ts,
                    {"rounds": diff is None, "first_round_difference": diff})


def cmp_stvrs(a, s, ts):
    """Elected sets; round by round: the same candidates elected and defeated in each round B,
    and the largest difference in a tally or the quota (units of 1e-9) over all rounds."""
    ours = our_rounds(a)
    same_events, max_diff = True, 0
    b = ours[1:]
    # Asamblea's step C round (remaining candidates elected) has no "Round" header in stv-rs.
    if b and a["rounds"][-1]["action"].startswith("remaining"):
        c_round = b.pop()
        if sorted(c_round["elected"]) != sorted(s["rest_elected"]):
            same_events = False
    elif s["rest_elected"]:
        same_events = False
    if len(b) != len(s["rounds"]):
        same_events = False
    for o, r in zip(b, s["rounds"]):
        if sorted(r["elected"]) != o["elected"] or sorted(r["excluded"]) != o["excluded"]:
            same_events = False
        for c, v in r["tallies"].items():
            max_diff = max(max_diff, abs(o["tallies"].get(c, 0) - v))
        if r["quota"] is not None:
            max_diff = max(max_diff, abs(o["quota"] - r["quota"]))
    return cmp_sets(a, s["elected"], s["tie"], ts,
                    {"rounds": same_events, "max_tally_diff_1e-9": max_diff})


# ---------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--asamblea", required=True,
                    help="command that counts, e.g. 'target/release/asamblea count' or the "
                    "light bench/count/cli binary 'asamblea-count-bench'")
    ap.add_argument("--tallystick", required=True)
    ap.add_argument("--stv-rs", dest="stvrs", required=True)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--profiles", type=int, default=500, help="profiles per method")
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--work", default="/tmp/crosscheck-work")
    ap.add_argument("--mismatch-dir", default="/tmp/crosscheck-mismatch")
    ap.add_argument("--report", default=None, help="write every case's result as JSON here")
    args = ap.parse_args()

    methods = [m for m in args.methods.split(",") if m]
    asamblea = shlex.split(args.asamblea)
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    os.makedirs(args.mismatch_dir, exist_ok=True)
    counts = defaultdict(Counter)  # (method, peer) -> status -> n
    rounds = defaultdict(Counter)  # (method, peer) -> rounds same/differ
    cases = []
    t0 = time.time()
    for method in methods:
        profiles, paths, ours = [], [], []
        for k in range(args.profiles):
            p = gen_profile(args.seed, method, k)
            path = os.path.join(args.work, f"{method}-{k:04d}.blt")
            write_blt(path, p, f"crosscheck seed {args.seed} {method} {k}")
            out = subprocess.run(asamblea + [path, "--method", method, "--seats",
                                  str(p["seats"]), "--format", "json"],
                                 capture_output=True, text=True, timeout=120)
            if out.returncode != 0:
                raise SystemExit(f"asamblea failed on {path}: {out.stderr}")
            profiles.append(p)
            paths.append(path)
            ours.append(json.loads(out.stdout))
        tsk = {}
        if method in ("irv", "schulze"):
            tsk = run_tallystick(args.tallystick, method, paths)
        for k, (p, path, a) in enumerate(zip(profiles, paths, ours)):
            results = []
            ts = None
            try:
                ts = tie_state(a, p, method)
                if method == "irv":
                    results.append(("tallystick", cmp_irv_tallystick(a, p, tsk[path], ts)))
                    results.append(("pref_voting", cmp_irv_pv(a, p, ts)))
                elif method == "schulze":
                    results.append(("tallystick", cmp_schulze_tallystick(a, p, tsk[path], ts)))
                    results.append(("pref_voting", cmp_schulze_pv(a, p, ts)))
                elif method == "scottish-stv":
                    from pref_voting.proportional_methods import stv_scottish

                    lot = Lot()
                    won = stv_scottish(pv_profile(p), num_seats=p["seats"], rng=lot)
                    results.append(("pref_voting", cmp_sets(a, won, lot.drawn > 0, ts)))
                    results.append(("prf-ref", cmp_ref(a, p, method, ts)))
                elif method == "meek":
                    results.append(("stv-rs", cmp_stvrs(a, run_stvrs(args.stvrs, path), ts)))
                    results.append(("prf-ref", cmp_ref(a, p, method, ts)))
                elif method == "wigm":
                    from pref_voting.proportional_methods import stv_wig

                    results.append(("prf-ref", cmp_ref(a, p, method, ts)))
                    won = stv_wig(pv_profile(p), num_seats=p["seats"])
                    results.append(("pref_voting stv_wig", cmp_sets(a, won, False, ts)))
            except Exception as e:  # a peer failing is reported, not hidden
                results.append(("error", ("error", {"error": repr(e)})))
            for peer, (status, detail) in results:
                counts[(method, peer)][status] += 1
                if ts == "moot" and status in ("agree", "disagree"):
                    counts[(method, peer)]["moot"] += 1
                if "rounds" in detail and status in ("agree", "disagree"):
                    rounds[(method, peer)]["same" if detail["rounds"] else "differ"] += 1
                case = {"method": method, "peer": peer, "profile": k, "status": status, "tie": ts,
                        "seats": p["seats"], "candidates": p["n"], "kind": p["kind"],
                        "heavy": p["heavy"],
                        "file": path,
                        **{("peer_result" if x == "peer" else x): y for x, y in detail.items()}}
                cases.append(case)
                bad_rounds = detail.get("rounds") is False and status in ("agree", "disagree")
                if status in ("disagree", "peer-tie", "error") or bad_rounds:
                    tag = status if status != "agree" else "rounds"
                    dst = os.path.join(args.mismatch_dir,
                                       f"{method}-{peer.split()[0]}-{tag}-{k:04d}")
                    shutil.copy(path, dst + ".blt")
                    with open(dst + ".txt", "w", encoding="utf-8") as f:
                        json.dump({"case": case, "asamblea": a}, f, indent=1, default=str)
        print(f"{method}: {len(profiles)} profiles, {time.time() - t0:.0f} s", file=sys.stderr)

    print(f"Seed {args.seed}, {args.profiles} profiles per method; counted with "
          f"`{os.path.basename(asamblea[0])}`, {time.time() - t0:.0f} s.\n")
    print("| method | peer | compared | agree | disagree | of which after a moot tie | "
          "tie, not compared | peer tie | rounds compared | rounds agree |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for (method, peer), c in counts.items():
        r = rounds[(method, peer)]
        rc = r["same"] + r["differ"]
        print(f"| {method} | {peer} | {c['agree'] + c['disagree']} | {c['agree']} | "
              f"{c['disagree']} | {c['moot']} | {c['tie']} | {c['peer-tie']} | "
              f"{rc if rc else '-'} | {r['same'] if rc else '-'} |"
              + (f" errors: {c['error']}" if c["error"] else ""))
    diffs = [c["max_tally_diff_1e-9"] for c in cases if "max_tally_diff_1e-9" in c]
    if diffs:
        print(f"\nstv-rs tallies and quotas, over the {len(diffs)} meek profiles compared round by "
              f"round: identical to the last decimal in {sum(d == 0 for d in diffs)}, largest "
              f"difference {max(diffs)}e-9.")
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            json.dump(cases, f, indent=1, default=str)


if __name__ == "__main__":
    main()
