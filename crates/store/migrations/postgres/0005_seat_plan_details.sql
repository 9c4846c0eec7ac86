-- Seat plans in full: voting seats (total_seats), attached seats (voice, no vote), fraternal
-- guests, a minimum of seats per organization, and each sector's share (integer weight).
ALTER TABLE seat_plans ADD COLUMN attached_seats BIGINT NOT NULL DEFAULT 0;
ALTER TABLE seat_plans ADD COLUMN fraternal_seats BIGINT NOT NULL DEFAULT 0;
ALTER TABLE seat_plans ADD COLUMN min_seats_per_org BIGINT NOT NULL DEFAULT 0;
ALTER TABLE seat_plan_sectors ADD COLUMN share BIGINT NOT NULL DEFAULT 0;
CREATE INDEX organizations_parent ON organizations (parent_id);
