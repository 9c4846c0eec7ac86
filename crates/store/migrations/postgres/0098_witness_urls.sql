-- Witnesses the log pushes its checkpoints to (c2sp.org/tlog-witness add-checkpoint), and
-- witnesses removed (issue 11, task A; crates/app/src/actions/witnesses/). `url` is the witness's
-- submission prefix (NULL: the witness pulls, `asamblea witness check`); `removed_at` is when an
-- administrator removed it (act `witness.removed`): its cosignatures stay, new ones are refused.
ALTER TABLE witnesses ADD COLUMN url TEXT;
ALTER TABLE witnesses ADD COLUMN removed_at TEXT;
