-- Who has voted. (On SQLite this migration rebuilds the table WITHOUT ROWID so it does not keep
-- the order of voting; PostgreSQL has no such key, see ARCHITECTURE.md on heap order.)
COMMENT ON TABLE vote_casts IS 'Who has voted in each vote (one row per delegate; a secret vote keeps no choice here).';
