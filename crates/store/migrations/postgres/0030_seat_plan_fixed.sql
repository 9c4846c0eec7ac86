-- Fixed seats: an organization whose seats are set by the plan (by statute, or by the sources,
-- like the parties of 1971), not apportioned by membership. The rest of its sector's seats go to
-- the other organizations by membership.
CREATE TABLE seat_plan_fixed (
    assembly_id BIGINT NOT NULL REFERENCES assemblies(id),
    organization_id BIGINT NOT NULL REFERENCES organizations(id),
    seats BIGINT NOT NULL CHECK (seats >= 0),
    PRIMARY KEY (assembly_id, organization_id)
);
