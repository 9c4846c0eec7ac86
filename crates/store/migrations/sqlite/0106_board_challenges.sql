-- Challenged ballots (issue 14, Benaloh's challenge): a ballot opened with its randomness on
-- `/boards/ID/audit`, `POST /api/v1/boards/ID/challenges` or `asamblea election audit` against
-- a server is kept here by its tracking code and the SHA-256 of its ciphertexts, and a ballot
-- with either is refused on cast (a challenged ballot can never be cast).
CREATE TABLE secret_board_challenges (
    election_id        TEXT NOT NULL REFERENCES secret_boards (election_id),
    tracking_code      TEXT NOT NULL,
    ciphertexts_sha256 TEXT NOT NULL,
    PRIMARY KEY (election_id, tracking_code)
) STRICT;
CREATE INDEX secret_board_challenges_ciphertexts
    ON secret_board_challenges (election_id, ciphertexts_sha256);
