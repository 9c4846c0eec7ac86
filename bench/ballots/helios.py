#!/usr/bin/env python3
"""A Helios-class group beside ristretto255: the cost of verifying the same ballots' proofs with
modular exponentiation in a 2048-bit group with a 256-bit subgroup order (Helios' parameters;
Helios' server verifies in Python with the built-in pow, as here).

A disjunctive 0/1 proof (Cramer-Damgard-Schoenmakers, as Helios' and Asamblea's) is verified
with, per allowed value, g^s * alpha^-c and y^s * (beta / g^v)^-c: 4 exponentiations with 256-bit
exponents per value. A yes/no/abstain ballot: 3 choices x 2 values + 1 value for the sum = 7
values, 28 exponentiations; choose one of 5: 5 x 2 + 2 = 12 values, 48 exponentiations.
    python3 bench/ballots/helios.py [SECONDS]
"""
import random
import sys
import time

# RFC 3526, 2048-bit MODP group (group 14): a 2048-bit safe prime. The timing of pow depends on
# the modulus' size and the exponent's, not on which prime.
P = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AACAA68FFFFFFFFFFFFFFFF",
    16,
)


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    rnd = random.Random(2026)
    bases = [rnd.randrange(2, P - 1) for _ in range(64)]
    exps = [rnd.getrandbits(256) for _ in range(64)]
    n = 0
    t0 = time.process_time()
    while time.process_time() - t0 < seconds:
        for b, e in zip(bases, exps):
            pow(b, e, P)
        n += len(bases)
    per = (time.process_time() - t0) / n
    print("Helios-class group (2048-bit p, 256-bit exponents), Python %s pow: %.0f exponentiations per CPU-second"
          % (sys.version.split()[0], 1 / per))
    print()
    print("| ballot (one question) | exponentiations to verify | ballots verified per CPU-second |")
    print("|---|---:|---:|")
    for name, exps_per_ballot in [("yes/no/abstain", 28), ("choose one of 5", 48)]:
        print("| %s | %d | %.1f |" % (name, exps_per_ballot, 1 / (per * exps_per_ballot)))


if __name__ == "__main__":
    main()
