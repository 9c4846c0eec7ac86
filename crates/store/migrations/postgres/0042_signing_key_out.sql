-- The instance's signing key leaves the database (it lives in a key file, see
-- crates/store/src/key_file.rs, which moved it there before this migration ran). Only the public
-- key stays, under 'public_key', recorded when a server first starts with its key file.
DELETE FROM instance WHERE key = 'signing_key';
