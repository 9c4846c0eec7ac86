-- Nothing on SQLite. On PostgreSQL this migration drops the foreign keys of the rows a ballot
-- writer adds for every ballot (`vote_casts`, `secret_ballots`, `vote_proxies`, `ballots`,
-- `election_voters`): a per-row trigger there, an index probe here, and the test suite, which
-- runs mostly on SQLite, catches a writer that names a missing row (see the PostgreSQL file).
SELECT 1;
