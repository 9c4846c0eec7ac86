-- The time zone an assembly's times are shown in (an IANA name). Times stay stored in UTC
-- (RFC 3339); pages, the minutes and their PDF convert for display only.
ALTER TABLE assemblies ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'America/La_Paz';
