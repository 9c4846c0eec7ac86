-- Issue 15: the ballot boxes are kept in the order of their election (or vote) and choice,
-- then their random key. A batch of ballots then changes a page per choice, not a page per
-- ballot scattered by the random key (and the members' box loses its second tree, the index
-- by election and choice, which its key now is). The rows still carry no voter, no time and
-- no order of casting. The receipts kept by their key lose their rowid: one tree, not a table
-- and an index.
CREATE TABLE ballots_by_choice (
    election_id INTEGER NOT NULL REFERENCES elections(id),
    choices TEXT NOT NULL,
    id TEXT NOT NULL,
    PRIMARY KEY (election_id, choices, id)
) STRICT, WITHOUT ROWID;
INSERT INTO ballots_by_choice (election_id, choices, id)
    SELECT election_id, choices, id FROM ballots;
DROP TABLE ballots;
ALTER TABLE ballots_by_choice RENAME TO ballots;

CREATE TABLE secret_ballots_by_choice (
    vote_id INTEGER NOT NULL REFERENCES votes(id),
    ballot_id TEXT NOT NULL,
    choice TEXT NOT NULL,
    PRIMARY KEY (vote_id, choice, ballot_id)
) STRICT, WITHOUT ROWID;
INSERT INTO secret_ballots_by_choice (vote_id, ballot_id, choice)
    SELECT vote_id, ballot_id, choice FROM secret_ballots;
DROP TABLE secret_ballots;
ALTER TABLE secret_ballots_by_choice RENAME TO secret_ballots;

CREATE TABLE cast_receipts_keyed (
    key_digest TEXT NOT NULL PRIMARY KEY,
    receipt    TEXT NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO cast_receipts_keyed (key_digest, receipt) SELECT key_digest, receipt FROM cast_receipts;
DROP TABLE cast_receipts;
ALTER TABLE cast_receipts_keyed RENAME TO cast_receipts;
