-- A session ballot's two receipts, sealed in the voter's mark instead of two randomly keyed rows
-- of `cast_receipts` (issue 15; crates/app/src/mark_receipts.rs): `answer` under a key derived
-- from the ballot's idempotency key and who cast it, `participation` under a key derived from
-- the instance's key. Both NULL in marks made before, or by a hall's code.
ALTER TABLE vote_casts ADD COLUMN answer BYTEA;
ALTER TABLE vote_casts ADD COLUMN participation BYTEA;
