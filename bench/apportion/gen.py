#!/usr/bin/env python3
"""Seeded generator of apportionment inputs: `gen.py ENTRIES SEED > seats.csv`.

Votes follow a heavy-tailed (log-normal) distribution, like party or union sizes: a few large
entries and many small ones. Same ENTRIES and SEED, same file.
"""
import random
import sys


def votes(entries, seed):
    rng = random.Random(seed)
    return [max(1, int(rng.lognormvariate(9, 1.6))) for _ in range(entries)]


def main():
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    print("name,votes")
    for i, v in enumerate(votes(entries, seed)):
        print(f"e{i},{v}")


if __name__ == "__main__":
    main()
