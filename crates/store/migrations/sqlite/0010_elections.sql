-- Delegate elections by the base (and recall votes), credentials, recall. See README "Delegates".
-- How an organization recalls its delegates: by its governing body (the secretary records the
-- decision) or by a vote of its members.
ALTER TABLE organizations ADD COLUMN recall_by TEXT NOT NULL DEFAULT 'governing_body'
    CHECK (recall_by IN ('governing_body', 'members_vote'));

-- kind 'delegates': elects titular delegates and ranked substitutes; kind 'recall': a yes/no vote
-- of the members on recalling `recall_delegate_id`.
-- status: nominating -> voting -> closed. `result` is the published count (JSON).
CREATE TABLE elections (
    id INTEGER PRIMARY KEY,
    assembly_id INTEGER NOT NULL REFERENCES assemblies(id),
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    kind TEXT NOT NULL CHECK (kind IN ('delegates', 'recall')),
    method TEXT NOT NULL,
    titular_seats INTEGER NOT NULL,
    substitute_seats INTEGER NOT NULL,
    recall_delegate_id INTEGER REFERENCES delegates(id),
    status TEXT NOT NULL CHECK (status IN ('nominating', 'voting', 'closed')),
    paper_count INTEGER NOT NULL DEFAULT 0,
    voters INTEGER,
    ballot_digest TEXT,
    result TEXT,
    created_at TEXT NOT NULL,
    closed_at TEXT
) STRICT;
CREATE INDEX elections_org ON elections (organization_id, assembly_id);

CREATE TABLE election_candidates (
    id INTEGER PRIMARY KEY,
    election_id INTEGER NOT NULL REFERENCES elections(id),
    member_id INTEGER NOT NULL REFERENCES members(id),
    name TEXT NOT NULL,
    UNIQUE (election_id, member_id)
) STRICT;

-- One-time voting codes, one per member (only the SHA-256 of the code is kept).
-- WITHOUT ROWID: rows are stored in key order, never in insertion order.
CREATE TABLE voting_codes (
    election_id INTEGER NOT NULL REFERENCES elections(id),
    member_id INTEGER NOT NULL REFERENCES members(id),
    code_digest TEXT NOT NULL UNIQUE,
    PRIMARY KEY (election_id, member_id)
) STRICT, WITHOUT ROWID;

-- Who has voted (one row per member: the primary key refuses a second ballot).
CREATE TABLE election_voters (
    election_id INTEGER NOT NULL REFERENCES elections(id),
    member_id INTEGER NOT NULL REFERENCES members(id),
    PRIMARY KEY (election_id, member_id)
) STRICT, WITHOUT ROWID;

-- The ballot box: no voter, no time, no insertion order (a random 128-bit key, WITHOUT ROWID).
-- `choices`: candidate ids in order of preference, comma-separated (or 'yes' / 'no' for a recall).
CREATE TABLE ballots (
    id TEXT NOT NULL PRIMARY KEY,
    election_id INTEGER NOT NULL REFERENCES elections(id),
    choices TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX ballots_election ON ballots (election_id, choices);
