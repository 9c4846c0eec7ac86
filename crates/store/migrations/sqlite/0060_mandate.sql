-- The mandate and calls to action (issue 13): demands of the base organizations and their
-- rankings, the platforms adopted by resolution, commands, calls with their steps, the k-of-n
-- confirmations that fire or disarm a prepared call, and adherence reports.
-- WITHOUT ROWID: the key is given (the assembly), never numbered.
CREATE TABLE mandate_settings (
    assembly_id INTEGER PRIMARY KEY REFERENCES assemblies(id),
    method TEXT NOT NULL DEFAULT 'schulze' CHECK (method IN ('schulze', 'approval')),
    weighting TEXT NOT NULL DEFAULT 'equal' CHECK (weighting IN ('equal', 'seats', 'members')),
    version INTEGER NOT NULL DEFAULT 1
) STRICT, WITHOUT ROWID;

-- organization_id NULL: a demand made by merging others (merged_into points at it).
CREATE TABLE demands (
    id INTEGER PRIMARY KEY,
    assembly_id INTEGER NOT NULL REFERENCES assemblies(id),
    organization_id INTEGER REFERENCES organizations(id),
    body TEXT NOT NULL,
    category TEXT NOT NULL,
    support INTEGER NOT NULL DEFAULT 0 CHECK (support >= 0),
    merged_into INTEGER REFERENCES demands(id),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX demands_assembly ON demands (assembly_id);

-- An organization's ranking of the demands (rank 1 first; equal ranks allowed; for approval,
-- every listed demand is approved).
CREATE TABLE demand_ballots (
    assembly_id INTEGER NOT NULL REFERENCES assemblies(id),
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    demand_id INTEGER NOT NULL REFERENCES demands(id),
    rank INTEGER NOT NULL CHECK (rank >= 1),
    PRIMARY KEY (assembly_id, organization_id, demand_id)
) STRICT;

CREATE TABLE platforms (
    id INTEGER PRIMARY KEY,
    assembly_id INTEGER NOT NULL REFERENCES assemblies(id),
    number INTEGER NOT NULL,
    resolution_id INTEGER NOT NULL UNIQUE REFERENCES resolutions(id),
    act_position INTEGER NOT NULL,
    adopted_at TEXT NOT NULL,
    UNIQUE (assembly_id, number)
) STRICT;

CREATE TABLE platform_items (
    platform_id INTEGER NOT NULL REFERENCES platforms(id),
    position INTEGER NOT NULL,
    demand_id INTEGER REFERENCES demands(id),
    body TEXT NOT NULL,
    PRIMARY KEY (platform_id, position)
) STRICT;

-- kinds: JSON array of the call kinds the mandating resolution lets the command issue.
CREATE TABLE commands (
    id INTEGER PRIMARY KEY,
    assembly_id INTEGER NOT NULL REFERENCES assemblies(id),
    resolution_id INTEGER NOT NULL REFERENCES resolutions(id),
    name TEXT NOT NULL,
    threshold INTEGER NOT NULL CHECK (threshold >= 1),
    window_seconds INTEGER NOT NULL CHECK (window_seconds > 0),
    kinds TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE command_members (
    command_id INTEGER NOT NULL REFERENCES commands(id),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    PRIMARY KEY (command_id, account_id)
) STRICT;

-- scope_ids and demand_ids: JSON arrays of ids. round: bumped at each arming, firing and
-- disarming, so confirmations of an earlier round never count again.
CREATE TABLE calls (
    id INTEGER PRIMARY KEY,
    assembly_id INTEGER NOT NULL REFERENCES assemblies(id),
    command_id INTEGER REFERENCES commands(id),
    resolution_id INTEGER REFERENCES resolutions(id),
    kind TEXT NOT NULL CHECK (kind IN ('strike', 'march', 'occupation', 'blockade', 'assembly')),
    scope_kind TEXT NOT NULL CHECK (scope_kind IN ('everyone', 'sectors', 'departments', 'organizations')),
    scope_ids TEXT NOT NULL DEFAULT '[]',
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    demand_ids TEXT NOT NULL DEFAULT '[]',
    starts_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('prepared', 'armed', 'active', 'lifted')),
    current_step INTEGER NOT NULL DEFAULT 1,
    round INTEGER NOT NULL DEFAULT 1,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    fired_at TEXT,
    lifted_at TEXT
) STRICT;
CREATE INDEX calls_assembly ON calls (assembly_id);

-- hours NULL: indefinite.
CREATE TABLE call_steps (
    call_id INTEGER NOT NULL REFERENCES calls(id),
    number INTEGER NOT NULL CHECK (number >= 1),
    hours INTEGER CHECK (hours > 0),
    starts_at TEXT,
    condition TEXT,
    PRIMARY KEY (call_id, number)
) STRICT;

-- confirmed_at: seconds since the Unix epoch (the firing window is counted in seconds).
CREATE TABLE call_confirmations (
    call_id INTEGER NOT NULL REFERENCES calls(id),
    round INTEGER NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('fire', 'disarm')),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    confirmed_at INTEGER NOT NULL,
    PRIMARY KEY (call_id, round, purpose, account_id)
) STRICT;

CREATE TABLE adherence_reports (
    call_id INTEGER NOT NULL REFERENCES calls(id),
    step INTEGER NOT NULL,
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    status TEXT NOT NULL CHECK (status IN ('joined', 'partly', 'not')),
    members INTEGER NOT NULL DEFAULT 0 CHECK (members >= 0),
    places TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (call_id, step, organization_id)
) STRICT;
