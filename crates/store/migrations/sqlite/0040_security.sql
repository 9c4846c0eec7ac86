-- Security fixes (issue 11).
-- A delegate's badge: a number printed on the card and typed or scanned at the door. Not a secret:
-- it only identifies the delegate to the commission; logging in takes the card's login code.
ALTER TABLE delegates ADD COLUMN badge TEXT;
CREATE UNIQUE INDEX delegates_badge ON delegates (badge);
UPDATE delegates SET badge = upper(hex(randomblob(5))) WHERE status = 'accredited';
-- Since when a delegate votes through a teller (set by the presidium, on the record); NULL: never.
ALTER TABLE delegates ADD COLUMN via_teller_since TEXT;
-- When the account's card was last replaced, and whether the owner has yet to be told.
ALTER TABLE accounts ADD COLUMN card_replaced_at TEXT;
ALTER TABLE accounts ADD COLUMN card_notice_pending INTEGER NOT NULL DEFAULT 0;
-- Collecting a new card: the owner's phone asks (the secret stays on it; the commission sees the
-- number), the commission or an administrator approves the number for an account, the phone
-- collects the new login code once. Security state, not acts (the replacement is an act).
CREATE TABLE card_pickups (
    number TEXT PRIMARY KEY,
    secret_digest TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    account_id INTEGER REFERENCES accounts(id),
    approved_at TEXT,
    collected_at TEXT
) STRICT;
