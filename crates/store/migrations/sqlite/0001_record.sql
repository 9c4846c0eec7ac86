-- The record of acts: append-only, hash-chained (see ARCHITECTURE.md).
CREATE TABLE record (
    position    INTEGER PRIMARY KEY,
    recorded_at TEXT NOT NULL,
    actor       TEXT,
    kind        TEXT NOT NULL,
    scope       TEXT NOT NULL,
    payload     TEXT NOT NULL,  -- canonical JSON
    prev        TEXT NOT NULL,
    hash        TEXT NOT NULL
) STRICT;

CREATE INDEX record_scope_position ON record (scope, position);

-- Nothing in the product updates or deletes the record; make a mistake loud.
CREATE TRIGGER record_no_update BEFORE UPDATE ON record
BEGIN
    SELECT RAISE(ABORT, 'the record is append-only');
END;

CREATE TRIGGER record_no_delete BEFORE DELETE ON record
BEGIN
    SELECT RAISE(ABORT, 'the record is append-only');
END;

-- Instance-wide settings (key/value); holds the Ed25519 signing key under 'signing_key'.
CREATE TABLE instance (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Signed checkpoints of the record's head.
CREATE TABLE checkpoints (
    position   INTEGER PRIMARY KEY,
    hash       TEXT NOT NULL,
    public_key TEXT NOT NULL,
    signature  TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
