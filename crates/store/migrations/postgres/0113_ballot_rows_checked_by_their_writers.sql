-- The rows a ballot writer adds for every ballot no longer carry foreign keys on PostgreSQL
-- (issue 15, BENCHMARKS.md, twelfth session). PostgreSQL checks a foreign key by a trigger per
-- inserted row, a query that also locks the row it finds (FOR KEY SHARE, one more WAL record):
-- three per ballot here, a member's or a delegate's, and about a tenth of a session batch's
-- time under the record's lock. Dropped alone (same binary, same run), members at 64 clients
-- went 6,716 / 6,701 -> 7,295 / 7,378 ballots/s.
--
-- What still holds every reference (ARCHITECTURE.md, invariant 11): each of these rows is
-- written by a transaction that read, under the record's lock, the vote or election and the
-- delegate or member it names (a ballot naming anything else is refused, never written); votes,
-- elections and delegates are never deleted, and a member is deleted only when they hold no
-- seat and no voting code (`voting_codes` keeps its foreign key to `members`, and a member's
-- mark comes from their code). SQLite keeps these foreign keys: there a check is an index probe,
-- and the test suite, which runs mostly on SQLite, catches a writer that names a missing row.
ALTER TABLE vote_casts
    DROP CONSTRAINT IF EXISTS vote_casts_vote_id_fkey,
    DROP CONSTRAINT IF EXISTS vote_casts_delegate_id_fkey;
ALTER TABLE secret_ballots DROP CONSTRAINT IF EXISTS secret_ballots_vote_id_fkey;
ALTER TABLE vote_proxies
    DROP CONSTRAINT IF EXISTS vote_proxies_vote_id_fkey,
    DROP CONSTRAINT IF EXISTS vote_proxies_delegator_id_fkey,
    DROP CONSTRAINT IF EXISTS vote_proxies_holder_id_fkey;
ALTER TABLE ballots DROP CONSTRAINT IF EXISTS ballots_election_id_fkey;
ALTER TABLE election_voters
    DROP CONSTRAINT IF EXISTS election_voters_election_id_fkey,
    DROP CONSTRAINT IF EXISTS election_voters_member_id_fkey;
