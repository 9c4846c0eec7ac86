-- The record as a transparency log (crates/record/src/tree.rs): the stored hashes of the Merkle
-- tree over the entries, in Go's sumdb/tlog numbering (stored_hash_index), appended in the same
-- transaction as each entry, so proofs and tiles are served without recomputing.
CREATE TABLE record_tree (
    idx  INTEGER PRIMARY KEY,
    hash TEXT NOT NULL
) STRICT;

-- A checkpoint's signed note (c2sp.org/tlog-checkpoint): the tree of `position` entries.
-- Empty for checkpoints signed before this migration.
ALTER TABLE checkpoints ADD COLUMN note TEXT NOT NULL DEFAULT '';
