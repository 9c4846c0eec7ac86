-- The shared device in the hall (issue 14; crates/app/src/actions/hall/). A teller gives a
-- delegate without a phone a one-time code for one open encrypted secret vote; the code is made
-- from a random nonce and a MAC under the vote's key, so issuing it writes no row about the
-- code (only the delegate's mark in `vote_casts` and the act `vote.hall_code_issued`), and
-- nothing written when it is issued can be paired with what is written when it is used.
CREATE TABLE hall_code_keys (
    vote_id INTEGER NOT NULL REFERENCES votes (id),
    mac_key TEXT NOT NULL,
    PRIMARY KEY (vote_id)
) WITHOUT ROWID, STRICT;

-- The codes used, by SHA-256 only (a code works once); keyed by the hash, so the table's order
-- is not the order of use.
CREATE TABLE hall_codes_used (
    vote_id     INTEGER NOT NULL REFERENCES votes (id),
    code_sha256 TEXT NOT NULL,
    PRIMARY KEY (vote_id, code_sha256)
) WITHOUT ROWID, STRICT;
