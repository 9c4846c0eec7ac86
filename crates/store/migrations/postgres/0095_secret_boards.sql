-- The boards of verifiable secret elections (issue 14; crates/app/src/actions/boards/). A board
-- holds only public documents: the draft, the trustees' ceremony keys, dealings (shares sealed
-- trustee to trustee), checks, the manifest and ceremony, the credentials' public parts, the
-- encrypted tally, the decryption shares and the record. No key that decrypts a ballot and no
-- voter's name is ever here. Each publication is an act on the record, with its SHA-256.
CREATE TABLE secret_boards (
    election_id TEXT PRIMARY KEY
);

-- Who may publish what: SHA-256 of the tokens made when the board was opened (the organizer's,
-- the credential authority's, each trustee's); the tokens themselves are shown once.
CREATE TABLE secret_board_tokens (
    election_id  TEXT NOT NULL REFERENCES secret_boards (election_id),
    publisher    TEXT NOT NULL,
    token_sha256 TEXT NOT NULL,
    PRIMARY KEY (election_id, publisher)
);

-- The documents, each published once.
CREATE TABLE secret_board_documents (
    election_id TEXT NOT NULL REFERENCES secret_boards (election_id),
    name        TEXT NOT NULL,
    body        TEXT NOT NULL,
    PRIMARY KEY (election_id, name)
);

-- The ballots, one per credential, each checked before it is kept; keyed by the credential (a
-- random public key), so the table's order is not the order of casting.
CREATE TABLE secret_board_ballots (
    election_id   TEXT NOT NULL REFERENCES secret_boards (election_id),
    credential    TEXT NOT NULL,
    tracking_code TEXT NOT NULL UNIQUE,
    body          TEXT NOT NULL,
    PRIMARY KEY (election_id, credential)
);
