-- What a vote's quorum is counted over, per assembly: the voting seats of the seat plan (the
-- default), the seats filled (titular voting delegates elected or accredited), or the accredited
-- titular voting delegates (how quorum was counted before this setting).
ALTER TABLE assemblies ADD COLUMN quorum_basis TEXT NOT NULL DEFAULT 'plan_seats'
    CHECK (quorum_basis IN ('plan_seats', 'filled_seats', 'accredited'));
