-- Secret session votes through an encrypted board (issue 14; crates/app/src/actions/boards/,
-- actions/sessions/{open_vote,cast_vote,close_vote}.rs). An assembly keeps its secret ballots
-- `plaintext` (the default: the server could read them) or `encrypted`: its trustees ran one key
-- ceremony on the assembly's key board, and each secret vote gets its own board whose ballots
-- only `t` of the trustees together can decrypt (the tally, never a ballot).
ALTER TABLE assemblies ADD COLUMN secret_ballots TEXT NOT NULL DEFAULT 'plaintext'
    CHECK (secret_ballots IN ('plaintext', 'encrypted'));
-- The board of the assembly's key ceremony (set with `encrypted`; kept when the assembly goes
-- back to `plaintext`, so the trustees' keys serve again if it returns).
ALTER TABLE assemblies ADD COLUMN key_board TEXT REFERENCES secret_boards (election_id);
-- A board whose key is another board's ceremony (a secret vote's board: its assembly's key board).
ALTER TABLE secret_boards ADD COLUMN key_board TEXT REFERENCES secret_boards (election_id);
-- An encrypted secret vote's board. Closed, such a vote has no result until `t` trustees have
-- published their decryption shares; `counting` holds meanwhile what the close fixed (the
-- quorum's numbers, who voted through a teller), as JSON.
ALTER TABLE votes ADD COLUMN board TEXT REFERENCES secret_boards (election_id);
ALTER TABLE votes ADD COLUMN counting TEXT;
