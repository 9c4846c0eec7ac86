-- The reads of each session ballot under the write lock find their rows by key (issue 15). The
-- voter's delegate was found through `delegates_assembly (assembly_id, status, position)`, which
-- SQLite's planner prefers (no statistics) to `delegates_account`: every accredited delegate of
-- the assembly was read for every ballot (about 1.1 million of the server's 1.5 million
-- instructions per ballot, callgrind, 1,000 delegates; more with more delegates). The proxies a
-- voter gave or holds, the seat a substitute holds and the holder of a titular's seat at a vote
-- were found by scanning their tables.
CREATE INDEX delegates_account_assembly ON delegates (account_id, assembly_id, status);
CREATE INDEX proxies_delegator ON proxies (delegator_id, revoked_at);
CREATE INDEX proxies_holder ON proxies (holder_id, revoked_at);
CREATE INDEX seat_holds_substitute ON seat_holds (substitute_id, ended_at);
CREATE INDEX vote_seat_holders_holder ON vote_seat_holders (vote_id, holder_id);
