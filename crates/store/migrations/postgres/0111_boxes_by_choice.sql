-- Issue 15: the ballot boxes' keys begin with their election (or vote) and choice, then the
-- random key, as on SQLite (where the key is the table's order): a batch of ballots changes
-- an index page per choice, not one per ballot; the members' box's index by election and
-- choice is its key now. The heap keeps no order either way beyond a batch's shuffle.
ALTER TABLE ballots DROP CONSTRAINT ballots_pkey;
DROP INDEX ballots_election;
ALTER TABLE ballots ADD PRIMARY KEY (election_id, choices, id);
ALTER TABLE secret_ballots DROP CONSTRAINT secret_ballots_pkey;
ALTER TABLE secret_ballots ADD PRIMARY KEY (vote_id, choice, ballot_id);
