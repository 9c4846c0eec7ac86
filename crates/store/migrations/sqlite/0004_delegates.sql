-- Members of base organizations, delegates and their presence: the shared ground of the
-- registry (members), delegate elections, credentials, recall, and sessions.
CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    member_number TEXT NOT NULL,
    name TEXT NOT NULL,
    phone TEXT,
    email TEXT,
    account_id INTEGER REFERENCES accounts(id),
    UNIQUE (organization_id, member_number)
) STRICT;

-- A person holding (or waiting for) a seat of an organization in an assembly.
-- seat_kind: voting, attached (voice, no vote), fraternal (guest).
-- position: titular, or substitute with a rank (1 = first to step in).
-- status: elected -> accredited | rejected; accredited -> recalled; substitute -> titular when seated.
CREATE TABLE delegates (
    id INTEGER PRIMARY KEY,
    assembly_id INTEGER NOT NULL REFERENCES assemblies(id),
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    member_id INTEGER REFERENCES members(id),
    account_id INTEGER REFERENCES accounts(id),
    name TEXT NOT NULL,
    seat_kind TEXT NOT NULL DEFAULT 'voting' CHECK (seat_kind IN ('voting', 'attached', 'fraternal')),
    position TEXT NOT NULL DEFAULT 'titular' CHECK (position IN ('titular', 'substitute')),
    substitute_rank INTEGER,
    status TEXT NOT NULL DEFAULT 'elected' CHECK (status IN ('elected', 'accredited', 'rejected', 'recalled')),
    status_reason TEXT,
    election_id INTEGER,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX delegates_assembly ON delegates (assembly_id, status, position);
CREATE INDEX delegates_account ON delegates (account_id);

-- Who is in the hall: checked in by the card's code at the door.
CREATE TABLE attendance (
    assembly_id INTEGER NOT NULL REFERENCES assemblies(id),
    delegate_id INTEGER NOT NULL REFERENCES delegates(id),
    checked_in_at TEXT NOT NULL,
    PRIMARY KEY (assembly_id, delegate_id)
) STRICT;

-- Offices within one assembly: the presidium (chairs sessions), the credentials commission,
-- tellers (enter votes of delegates without a phone).
CREATE TABLE assembly_roles (
    assembly_id INTEGER NOT NULL REFERENCES assemblies(id),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    role TEXT NOT NULL CHECK (role IN ('presidium', 'credentials', 'teller')),
    PRIMARY KEY (assembly_id, account_id, role)
) STRICT;
