-- Federation leftovers (issue 12): a motion goes up only by a vote to forward it; every forward
-- records the vote that decided it; departmental assemblies elect their national delegations.

-- A vote to forward its motion to the parent assembly (a yes/no vote of procedure on a motion).
ALTER TABLE votes ADD COLUMN forward BIGINT NOT NULL DEFAULT 0;

-- Forwards: a motion voted to forward has no resolution; `kind` says which (an adopted
-- resolution, or a motion voted to forward); `vote_id` is the carried vote that decided it.
ALTER TABLE forwards ALTER COLUMN resolution_id DROP NOT NULL;
ALTER TABLE forwards ADD COLUMN kind TEXT NOT NULL DEFAULT 'resolution' CHECK (kind IN ('resolution', 'motion'));
ALTER TABLE forwards ADD COLUMN vote_id BIGINT REFERENCES votes(id);
UPDATE forwards SET vote_id = (SELECT v.id FROM votes v WHERE v.motion_id = forwards.motion_id
    AND v.subject = 'motion' AND v.status = 'closed' ORDER BY v.id DESC LIMIT 1);
CREATE UNIQUE INDEX forwards_motion ON forwards (motion_id);

-- A departmental assembly's national delegation: an organization of the national seat plan that
-- stands for departmental assembly `delegation_of`. Its members are that assembly's seated
-- delegates (`members.delegate_id`), who elect its national delegates with the elections of
-- the delegates area.
ALTER TABLE organizations ADD COLUMN delegation_of BIGINT REFERENCES assemblies(id);
ALTER TABLE members ADD COLUMN delegate_id BIGINT REFERENCES delegates(id);
CREATE UNIQUE INDEX organizations_delegation_of ON organizations (delegation_of);
