-- Sessions of an assembly: agenda, speakers, motions and amendments, votes (open and secret),
-- numbered resolutions. Versions on sessions, items and votes let forms detect a stale page.
CREATE TABLE assembly_sessions (
    id INTEGER PRIMARY KEY,
    assembly_id INTEGER NOT NULL REFERENCES assemblies(id),
    title TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'open', 'closed')),
    planned_at TEXT,
    opened_at TEXT,
    closed_at TEXT,
    speaking_seconds INTEGER NOT NULL DEFAULT 180,
    first_time_first INTEGER NOT NULL DEFAULT 1,
    quota_kind TEXT NOT NULL DEFAULT 'none' CHECK (quota_kind IN ('none', 'sector', 'organization')),
    quota INTEGER NOT NULL DEFAULT 0,
    min_supporters INTEGER NOT NULL DEFAULT 0,
    current_item_id INTEGER,
    closed_position INTEGER,
    closed_hash TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX assembly_sessions_assembly ON assembly_sessions (assembly_id);

CREATE TABLE agenda_items (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES assembly_sessions(id),
    ordinal INTEGER NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    planned_start TEXT,
    planned_minutes INTEGER,
    links TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'open', 'closed')),
    list_open INTEGER NOT NULL DEFAULT 1,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX agenda_items_session ON agenda_items (session_id, ordinal);

-- kind: for, against, other, order (a point of order). status: waiting, speaking, done, withdrawn.
CREATE TABLE speakers (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES agenda_items(id),
    delegate_id INTEGER NOT NULL REFERENCES delegates(id),
    kind TEXT NOT NULL CHECK (kind IN ('for', 'against', 'other', 'order')),
    status TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'speaking', 'done', 'withdrawn')),
    manual_rank INTEGER,
    requested_at TEXT NOT NULL,
    started_at TEXT,
    ended_at TEXT,
    limit_seconds INTEGER NOT NULL
) STRICT;
CREATE INDEX speakers_item ON speakers (item_id, status);

-- A motion (parent_id NULL) or an amendment to a motion or to another amendment.
-- op/paragraph/body of an amendment: replace, insert (after paragraph n; 0 = at the start) or
-- delete numbered paragraph n of its parent's text.
CREATE TABLE motions (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES assembly_sessions(id),
    item_id INTEGER NOT NULL REFERENCES agenda_items(id),
    parent_id INTEGER REFERENCES motions(id),
    by_delegate_id INTEGER REFERENCES delegates(id),
    by_organization_id INTEGER REFERENCES organizations(id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    op TEXT CHECK (op IN ('replace', 'insert', 'delete')),
    paragraph INTEGER,
    min_supporters INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'withdrawn', 'adopted', 'rejected')),
    recommendation TEXT CHECK (recommendation IN ('adopt', 'reject')),
    recommended_by TEXT,
    adopted_seq INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX motions_item ON motions (item_id);

CREATE TABLE motion_supporters (
    motion_id INTEGER NOT NULL REFERENCES motions(id),
    delegate_id INTEGER NOT NULL REFERENCES delegates(id),
    PRIMARY KEY (motion_id, delegate_id)
) STRICT;

CREATE TABLE resolutions (
    id INTEGER PRIMARY KEY,
    assembly_id INTEGER NOT NULL REFERENCES assemblies(id),
    number INTEGER NOT NULL,
    motion_id INTEGER NOT NULL UNIQUE REFERENCES motions(id),
    session_id INTEGER NOT NULL REFERENCES assembly_sessions(id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    follow_up TEXT NOT NULL DEFAULT 'adopted' CHECK (follow_up IN ('adopted', 'in_progress', 'done', 'not_done')),
    adopted_at TEXT NOT NULL,
    UNIQUE (assembly_id, number)
) STRICT;

-- subject: motion (also amendments), agenda, procedure. method: yes_no, choose_one, approval.
CREATE TABLE votes (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES assembly_sessions(id),
    item_id INTEGER REFERENCES agenda_items(id),
    subject TEXT NOT NULL CHECK (subject IN ('motion', 'agenda', 'procedure')),
    motion_id INTEGER REFERENCES motions(id),
    question TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('yes_no', 'choose_one', 'approval')),
    options TEXT NOT NULL DEFAULT '[]',
    secret INTEGER NOT NULL DEFAULT 0,
    majority TEXT NOT NULL DEFAULT 'simple',
    quorum TEXT NOT NULL DEFAULT 'more-than-half',
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    opened_at TEXT NOT NULL,
    closed_at TEXT,
    result TEXT,
    digest TEXT,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX votes_session ON votes (session_id);

-- Who has voted (one row each; the UNIQUE key makes a second ballot impossible). For an open
-- vote the choice is here; for a secret vote it is NULL and the ballot lies in secret_ballots.
CREATE TABLE vote_casts (
    vote_id INTEGER NOT NULL REFERENCES votes(id),
    delegate_id INTEGER NOT NULL REFERENCES delegates(id),
    choice TEXT,
    by_teller INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (vote_id, delegate_id)
) STRICT;

-- The ballot box of a secret vote: keyed by a random id, no voter, no time, no rowid (so no
-- insertion order).
CREATE TABLE secret_ballots (
    vote_id INTEGER NOT NULL REFERENCES votes(id),
    ballot_id TEXT NOT NULL,
    choice TEXT NOT NULL,
    PRIMARY KEY (vote_id, ballot_id)
) STRICT, WITHOUT ROWID;
