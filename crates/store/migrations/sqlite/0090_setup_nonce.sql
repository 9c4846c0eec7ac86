-- The one-time set-up link is derived from the instance's signing key and this random nonce,
-- so every server of one database (each given the same key file) prints the same valid link.
ALTER TABLE setup_tokens ADD COLUMN nonce TEXT NOT NULL DEFAULT '';
