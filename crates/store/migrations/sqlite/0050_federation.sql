-- Federation (issue 12): departmental assemblies forward resolutions up to their parent, the
-- parent's resolutions go down with each departmental decision on them, substitutes hold the
-- seats of absent titulars for a session, proxies and vote weights as assembly settings.

-- Settings of an assembly: a substitute takes a seat at its own check-in; proxies (off, within
-- the same organization, or to any delegate) and how many one delegate may hold; whether a
-- ballot weighs one (delegate) or its delegation's seats (delegation: one ballot per delegation).
ALTER TABLE assemblies ADD COLUMN substitutes_at_check_in INTEGER NOT NULL DEFAULT 0;
ALTER TABLE assemblies ADD COLUMN proxies TEXT NOT NULL DEFAULT 'off'
    CHECK (proxies IN ('off', 'same_organization', 'any'));
ALTER TABLE assemblies ADD COLUMN proxy_cap INTEGER NOT NULL DEFAULT 1;
ALTER TABLE assemblies ADD COLUMN vote_weight TEXT NOT NULL DEFAULT 'delegate'
    CHECK (vote_weight IN ('delegate', 'delegation'));

-- A resolution forwarded by a departmental assembly to its parent, with what anyone needs to
-- check it: origin, final text, amendments and vote (JSON), the record position and hash of the
-- act that adopted it. status: pending -> accepted (put on an agenda as a motion) | merged
-- (with others into one motion) | declined (with a reason).
CREATE TABLE forwards (
    id INTEGER PRIMARY KEY,
    from_assembly_id INTEGER NOT NULL REFERENCES assemblies(id),
    to_assembly_id INTEGER NOT NULL REFERENCES assemblies(id),
    resolution_id INTEGER NOT NULL UNIQUE REFERENCES resolutions(id),
    session_id INTEGER NOT NULL REFERENCES assembly_sessions(id),
    motion_id INTEGER NOT NULL REFERENCES motions(id),
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    amendments TEXT NOT NULL,
    vote_result TEXT NOT NULL,
    decided_position INTEGER NOT NULL,
    decided_hash TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'merged', 'declined')),
    parent_motion_id INTEGER REFERENCES motions(id),
    reason TEXT,
    forwarded_at TEXT NOT NULL,
    decided_at TEXT,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX forwards_to ON forwards (to_assembly_id, status);
CREATE INDEX forwards_from ON forwards (from_assembly_id);

-- A departmental assembly's decision on a resolution of its parent (going down).
CREATE TABLE descent_decisions (
    assembly_id INTEGER NOT NULL REFERENCES assemblies(id),
    resolution_id INTEGER NOT NULL REFERENCES resolutions(id),
    decision TEXT NOT NULL CHECK (decision IN ('adopted', 'noted', 'objected')),
    reason TEXT,
    decided_at TEXT NOT NULL,
    PRIMARY KEY (assembly_id, resolution_id)
) STRICT;

-- A substitute holding the seat of an absent titular of the same organization in a session.
-- ended_at is set when the titular takes the seat back (at the next vote opened) or the
-- session closes.
CREATE TABLE seat_holds (
    id INTEGER PRIMARY KEY,
    assembly_id INTEGER NOT NULL REFERENCES assemblies(id),
    session_id INTEGER NOT NULL REFERENCES assembly_sessions(id),
    titular_id INTEGER NOT NULL REFERENCES delegates(id),
    substitute_id INTEGER NOT NULL REFERENCES delegates(id),
    since TEXT NOT NULL,
    ended_at TEXT
) STRICT;
CREATE INDEX seat_holds_session ON seat_holds (session_id, ended_at);

-- Who held each seat at a vote when not its titular: the substitute, fixed when the vote opened.
CREATE TABLE vote_seat_holders (
    vote_id INTEGER NOT NULL REFERENCES votes(id),
    titular_id INTEGER NOT NULL REFERENCES delegates(id),
    holder_id INTEGER NOT NULL REFERENCES delegates(id),
    PRIMARY KEY (vote_id, titular_id)
) STRICT;

-- A standing proxy: the delegator does not vote; the holder's ballot carries the vote.
CREATE TABLE proxies (
    id INTEGER PRIMARY KEY,
    assembly_id INTEGER NOT NULL REFERENCES assemblies(id),
    delegator_id INTEGER NOT NULL REFERENCES delegates(id),
    holder_id INTEGER NOT NULL REFERENCES delegates(id),
    given_at TEXT NOT NULL,
    revoked_at TEXT
) STRICT;
CREATE INDEX proxies_assembly ON proxies (assembly_id, revoked_at);

-- The proxies a ballot carried (fixed when it was cast): "X, also for Y".
CREATE TABLE vote_proxies (
    vote_id INTEGER NOT NULL REFERENCES votes(id),
    delegator_id INTEGER NOT NULL REFERENCES delegates(id),
    holder_id INTEGER NOT NULL REFERENCES delegates(id),
    PRIMARY KEY (vote_id, delegator_id)
) STRICT;

-- A ballot's weight: 1, plus the proxies it carries; or its delegation's seats. (A secret
-- ballot of weight w goes into the box as w ballots of weight one, so no weight singles it out.)
ALTER TABLE vote_casts ADD COLUMN weight INTEGER NOT NULL DEFAULT 1;
