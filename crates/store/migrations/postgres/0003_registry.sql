-- The registry (sectors, departments, organizations) and assemblies with their seat plans.
CREATE TABLE sectors (
    id BIGSERIAL PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    colour TEXT NOT NULL
);

CREATE TABLE departments (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE organizations (
    id BIGSERIAL PRIMARY KEY,
    parent_id BIGINT REFERENCES organizations(id),
    name TEXT NOT NULL,
    short_name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('confederation', 'federation', 'union', 'party', 'other')),
    sector_id BIGINT NOT NULL REFERENCES sectors(id),
    department_id BIGINT REFERENCES departments(id),
    membership BIGINT NOT NULL CHECK (membership >= 0),
    term_from TEXT,
    term_to TEXT,
    illustrative BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE assemblies (
    id BIGSERIAL PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('national', 'departmental')),
    department_id BIGINT REFERENCES departments(id),
    parent_id BIGINT REFERENCES assemblies(id)
);

CREATE TABLE seat_plans (
    assembly_id BIGINT PRIMARY KEY REFERENCES assemblies(id),
    total_seats BIGINT NOT NULL CHECK (total_seats > 0),
    method TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE seat_plan_sectors (
    assembly_id BIGINT NOT NULL REFERENCES assemblies(id),
    sector_id BIGINT NOT NULL REFERENCES sectors(id),
    seats BIGINT NOT NULL CHECK (seats >= 0),
    PRIMARY KEY (assembly_id, sector_id)
);

CREATE TABLE seat_allocations (
    assembly_id BIGINT NOT NULL REFERENCES assemblies(id),
    organization_id BIGINT NOT NULL REFERENCES organizations(id),
    seats BIGINT NOT NULL CHECK (seats >= 0),
    PRIMARY KEY (assembly_id, organization_id)
);
