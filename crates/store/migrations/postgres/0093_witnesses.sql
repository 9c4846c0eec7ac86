-- Witnesses of the record's log (issue 11; crates/app/src/actions/witnesses/): an administrator
-- adds a witness by its verifier key (an act), and the cosignatures it sends on the log's
-- checkpoints are kept here (each one an act too), one per witness and checkpoint.
CREATE TABLE witnesses (
    name       TEXT PRIMARY KEY,
    vkey       TEXT NOT NULL,
    added_at   TEXT NOT NULL
);

CREATE TABLE cosignatures (
    position   BIGINT NOT NULL,
    witness    TEXT NOT NULL REFERENCES witnesses(name),
    signed_at  BIGINT NOT NULL,
    line       TEXT NOT NULL,
    PRIMARY KEY (position, witness)
);
