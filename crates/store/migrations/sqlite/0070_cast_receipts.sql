-- Answers to ballots already cast, kept by the idempotency key their form or API call carried
-- (issue 11, defect 7; crates/app/src/cast_receipts.rs): a voter whose connection dropped after
-- the commit sends the same key again and hears that the ballot was recorded, with its receipt.
-- The key is SHA-256(key, who cast it): nothing here names a voter, a time or a choice.
CREATE TABLE cast_receipts (
    key_digest TEXT PRIMARY KEY,
    receipt    TEXT NOT NULL
) STRICT;
