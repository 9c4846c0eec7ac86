-- Seat plans in full: voting seats (total_seats), attached seats (voice, no vote), fraternal
-- guests, a minimum of seats per organization, and each sector's share (integer weight).
ALTER TABLE seat_plans ADD COLUMN attached_seats INTEGER NOT NULL DEFAULT 0;
ALTER TABLE seat_plans ADD COLUMN fraternal_seats INTEGER NOT NULL DEFAULT 0;
ALTER TABLE seat_plans ADD COLUMN min_seats_per_org INTEGER NOT NULL DEFAULT 0;
ALTER TABLE seat_plan_sectors ADD COLUMN share INTEGER NOT NULL DEFAULT 0;
CREATE INDEX organizations_parent ON organizations (parent_id);
