-- Who has voted, stored in key order (WITHOUT ROWID) so that the table does not keep the order in
-- which delegates voted.
CREATE TABLE vote_casts_unordered (
    vote_id INTEGER NOT NULL REFERENCES votes(id),
    delegate_id INTEGER NOT NULL REFERENCES delegates(id),
    choice TEXT,
    by_teller INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (vote_id, delegate_id)
) STRICT, WITHOUT ROWID;
INSERT INTO vote_casts_unordered (vote_id, delegate_id, choice, by_teller)
    SELECT vote_id, delegate_id, choice, by_teller FROM vote_casts;
DROP TABLE vote_casts;
ALTER TABLE vote_casts_unordered RENAME TO vote_casts;
