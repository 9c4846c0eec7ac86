-- Base elections with voting codes through an encrypted board (issue 14;
-- crates/app/src/actions/boards/election_boards.rs). When the election's assembly keeps its
-- secret ballots `encrypted` and the method is plurality or approval, starting the vote opens
-- the election's board under the assembly's key; a member's ballot goes there under a fresh
-- credential, never into `ballots`. Closed, the election has no result until `t` trustees have
-- published their decryption shares; `counting` holds meanwhile what the close fixed (the
-- number of voters, the trustees needed), as JSON.
ALTER TABLE elections ADD COLUMN board TEXT REFERENCES secret_boards (election_id);
ALTER TABLE elections ADD COLUMN counting TEXT;
-- A count made on paper in the hall for an encrypted election (the secretary's lines,
-- `[{"candidate_id", "votes"}]`, act `election.paper_added`): added to the decrypted totals.
ALTER TABLE elections ADD COLUMN paper_lines TEXT;
