-- The record of acts: append-only, hash-chained (see ARCHITECTURE.md).
CREATE TABLE record (
    position    BIGINT PRIMARY KEY,
    recorded_at TEXT NOT NULL,
    actor       TEXT,
    kind        TEXT NOT NULL,
    scope       TEXT NOT NULL,
    payload     TEXT NOT NULL,  -- canonical JSON
    prev        TEXT NOT NULL,
    hash        TEXT NOT NULL
);

CREATE INDEX record_scope_position ON record (scope, position);

-- Nothing in the product updates or deletes the record; make a mistake loud.
CREATE FUNCTION asamblea_record_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the record is append-only';
END
$$;

CREATE TRIGGER record_no_update_delete BEFORE UPDATE OR DELETE ON record
    FOR EACH ROW EXECUTE FUNCTION asamblea_record_append_only();

CREATE TRIGGER record_no_truncate BEFORE TRUNCATE ON record
    FOR EACH STATEMENT EXECUTE FUNCTION asamblea_record_append_only();

-- Instance-wide settings (key/value); holds the Ed25519 signing key under 'signing_key'.
CREATE TABLE instance (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Signed checkpoints of the record's head.
CREATE TABLE checkpoints (
    position   BIGINT PRIMARY KEY,
    hash       TEXT NOT NULL,
    public_key TEXT NOT NULL,
    signature  TEXT NOT NULL,
    created_at TEXT NOT NULL
);
