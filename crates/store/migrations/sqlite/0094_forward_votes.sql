-- Federation leftovers (issue 12): a motion goes up only by a vote to forward it; every forward
-- records the vote that decided it; departmental assemblies elect their national delegations.

-- A vote to forward its motion to the parent assembly (a yes/no vote of procedure on a motion).
ALTER TABLE votes ADD COLUMN forward INTEGER NOT NULL DEFAULT 0;

-- Forwards: a motion voted to forward has no resolution (resolution_id becomes nullable); `kind`
-- says which (an adopted resolution, or a motion voted to forward); `vote_id` is the carried vote
-- that decided it (the adoption, or the vote to forward). SQLite rebuilds the table to relax the
-- NOT NULL; nothing references forwards.
CREATE TABLE forwards_0094 (
    id INTEGER PRIMARY KEY,
    from_assembly_id INTEGER NOT NULL REFERENCES assemblies(id),
    to_assembly_id INTEGER NOT NULL REFERENCES assemblies(id),
    resolution_id INTEGER UNIQUE REFERENCES resolutions(id),
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
    version INTEGER NOT NULL DEFAULT 1,
    kind TEXT NOT NULL DEFAULT 'resolution' CHECK (kind IN ('resolution', 'motion')),
    vote_id INTEGER REFERENCES votes(id)
) STRICT;
INSERT INTO forwards_0094 (id, from_assembly_id, to_assembly_id, resolution_id, session_id, motion_id, number,
    title, body, amendments, vote_result, decided_position, decided_hash, status, parent_motion_id, reason,
    forwarded_at, decided_at, version, kind, vote_id)
SELECT id, from_assembly_id, to_assembly_id, resolution_id, session_id, motion_id, number,
    title, body, amendments, vote_result, decided_position, decided_hash, status, parent_motion_id, reason,
    forwarded_at, decided_at, version, 'resolution',
    (SELECT v.id FROM votes v WHERE v.motion_id = forwards.motion_id AND v.subject = 'motion'
        AND v.status = 'closed' ORDER BY v.id DESC LIMIT 1)
FROM forwards;
DROP TABLE forwards;
ALTER TABLE forwards_0094 RENAME TO forwards;
CREATE INDEX forwards_to ON forwards (to_assembly_id, status);
CREATE INDEX forwards_from ON forwards (from_assembly_id);
CREATE UNIQUE INDEX forwards_motion ON forwards (motion_id);

-- A departmental assembly's national delegation: an organization of the national seat plan that
-- stands for departmental assembly `delegation_of`. Its members are that assembly's seated
-- delegates (`members.delegate_id`), who elect its national delegates with the elections of
-- the delegates area.
ALTER TABLE organizations ADD COLUMN delegation_of INTEGER REFERENCES assemblies(id);
ALTER TABLE members ADD COLUMN delegate_id INTEGER REFERENCES delegates(id);
CREATE UNIQUE INDEX organizations_delegation_of ON organizations (delegation_of);
