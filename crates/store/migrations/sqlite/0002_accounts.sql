-- Accounts, login sessions, login throttling and the one-time set-up token.
-- Sessions and throttling counters are security state, not assembly state: they are not acts.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'secretary', 'delegate')),
    organization_id INTEGER,
    password_hash TEXT,
    card_code_digest TEXT UNIQUE,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE login_sessions (
    token_digest TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    at TEXT NOT NULL
) STRICT;
CREATE INDEX login_failures_subject ON login_failures (subject, at);

CREATE TABLE setup_tokens (
    token_digest TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
) STRICT;
