-- The registry (sectors, departments, organizations) and assemblies with their seat plans.
CREATE TABLE sectors (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    colour TEXT NOT NULL
) STRICT;

CREATE TABLE departments (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE organizations (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES organizations(id),
    name TEXT NOT NULL,
    short_name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('confederation', 'federation', 'union', 'party', 'other')),
    sector_id INTEGER NOT NULL REFERENCES sectors(id),
    department_id INTEGER REFERENCES departments(id),
    membership INTEGER NOT NULL CHECK (membership >= 0),
    term_from TEXT,
    term_to TEXT,
    illustrative INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE assemblies (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('national', 'departmental')),
    department_id INTEGER REFERENCES departments(id),
    parent_id INTEGER REFERENCES assemblies(id)
) STRICT;

CREATE TABLE seat_plans (
    assembly_id INTEGER PRIMARY KEY REFERENCES assemblies(id),
    total_seats INTEGER NOT NULL CHECK (total_seats > 0),
    method TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE seat_plan_sectors (
    assembly_id INTEGER NOT NULL REFERENCES assemblies(id),
    sector_id INTEGER NOT NULL REFERENCES sectors(id),
    seats INTEGER NOT NULL CHECK (seats >= 0),
    PRIMARY KEY (assembly_id, sector_id)
) STRICT;

CREATE TABLE seat_allocations (
    assembly_id INTEGER NOT NULL REFERENCES assemblies(id),
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    seats INTEGER NOT NULL CHECK (seats >= 0),
    PRIMARY KEY (assembly_id, organization_id)
) STRICT;
