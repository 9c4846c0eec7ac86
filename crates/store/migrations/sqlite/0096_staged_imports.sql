-- A members' file between its preview and its confirmation on the pages (issue 15): a register
-- of 200,000 rows is kept here rather than sent back and forth inside the page. Only its
-- uploader reads it back; it is deleted by its import (in the import's transaction) or after a
-- day. Not an act: nothing in the registry changes until the import, which is one.
CREATE TABLE staged_imports (
    id              INTEGER PRIMARY KEY,
    token           TEXT NOT NULL UNIQUE,
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    account_id      INTEGER NOT NULL REFERENCES accounts(id),
    body            TEXT NOT NULL,
    created_unix    INTEGER NOT NULL
) STRICT;
