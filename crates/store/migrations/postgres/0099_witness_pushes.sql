-- The last push of a checkpoint to each witness with a URL (crates/app/src/witness_push.rs):
-- when, which size, and the error if it failed (NULL: cosigned). Operational state, not acts: a
-- witness that is down is retried every few minutes, which would fill the record.
CREATE TABLE witness_pushes (
    witness       TEXT PRIMARY KEY REFERENCES witnesses(name),
    attempted_at  TEXT NOT NULL,
    size          BIGINT NOT NULL,
    error         TEXT
);
