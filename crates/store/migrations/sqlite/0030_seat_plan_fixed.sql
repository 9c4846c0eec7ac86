-- Fixed seats: an organization whose seats are set by the plan (by statute, or by the sources,
-- like the parties of 1971), not apportioned by membership. The rest of its sector's seats go to
-- the other organizations by membership.
CREATE TABLE seat_plan_fixed (
    assembly_id INTEGER NOT NULL REFERENCES assemblies(id),
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    seats INTEGER NOT NULL CHECK (seats >= 0),
    PRIMARY KEY (assembly_id, organization_id)
) STRICT;
