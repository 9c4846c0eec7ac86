# The sentence that stands for each kind of act on the public record (domain::ActKind).

act-account-card-issued = A new card was issued for an account
act-account-created = An account was created
act-account-organization-set = An account was assigned to an organization
act-account-password-set = An account chose its password
act-assembly-created = An assembly was created
act-assembly-role-assigned = An office in the assembly was assigned
act-assembly-role-removed = An office in the assembly was removed
act-delegate-accredited = A delegate's credentials were accepted
act-delegate-checked-in = A delegate checked in
act-delegate-recalled = A delegate was recalled by their base
act-delegate-registered = A delegate was registered
act-delegate-rejected = A delegate's credentials were rejected
act-delegate-substitute-seated = A substitute took the seat
act-delegation-revoked = The assembly revoked a delegation
act-election-candidate-nominated = A candidate was nominated
act-election-closed = An election closed and its result was published
act-election-opened = An election was opened
act-election-voting-started = Voting started in an election
act-member-added = A member was added
act-member-removed = A member was removed
act-member-updated = A member's details were updated
act-members-imported = A register of members was imported
act-motion-adopted = A motion was adopted
act-motion-amendment-proposed = An amendment was proposed
act-motion-proposed = A motion was proposed
act-motion-recommended = The presidium made a recommendation on a motion
act-motion-rejected = A motion was rejected
act-motion-supported = A delegate supported a motion
act-motion-withdrawn = A motion was withdrawn
act-organization-created = An organization was registered
act-organization-recall-method-set = An organization set how it recalls its delegates
act-organization-updated = An organization's details were updated
act-organizations-imported = Organizations were imported
act-resolution-adopted = A resolution was adopted
act-resolution-follow-up = A resolution's follow-up was updated
act-sector-created = A sector was created
act-seat-plan-set = The seat plan was set
act-session-closed = A session was closed
act-session-created = A session was called
act-session-item-added = An item was added to the agenda
act-session-item-closed = An agenda item was closed
act-session-item-moved = The agenda was reordered
act-session-item-opened = An agenda item was opened
act-session-opened = A session was opened
act-session-speaker-called = A speaker was given the floor
act-session-speaker-requested = A delegate asked to speak
act-session-speaker-withdrawn = A speaker withdrew their request
act-session-speakers-list-closed = The speakers' list was closed
act-session-speakers-list-opened = The speakers' list was opened
act-session-speakers-reordered = The chair reordered the speakers' list
act-vote-ballot-cast = A ballot was cast
act-vote-ballots-cast = Ballots were cast in a vote
act-election-ballots-cast = Members cast ballots in an election with their voting codes
act-vote-closed = A vote closed and its result was published
act-vote-counting = A secret vote closed to ballots; its encrypted tally waits for the trustees
act-election-counting = An election closed to ballots; its encrypted tally waits for the trustees
act-election-paper-added = A count made on paper was entered, to be added to an encrypted election's decrypted totals
act-vote-opened = A vote was opened

record-actor-account = account no. { $id }
record-actor-setup = set-up link
record-actor-system = the server
act-assembly-quorum-basis-set = The basis of the assembly's quorum was set
act-assembly-secret-ballots-set = How the assembly's secret ballots are kept was set
act-election-cancelled = An election was cancelled
# hall2 (issue 10: time zones, offices)
act-assembly-time-zone-set = The assembly's time zone was set

# federation (issue 12)
act-assembly-federation-set = The assembly's federation settings were set (substitutes, proxies, vote weight)
act-delegate-checked-out = A delegate left the hall
act-delegate-seat-held = A substitute took the seat of an absent titular
act-delegate-seat-returned = A titular took their seat back
act-forward-accepted = The parent assembly put a forwarded resolution on its agenda
act-forward-declined = The parent assembly declined a forwarded resolution
act-forward-merged = The parent assembly merged forwarded resolutions into one motion
act-forward-sent = A departmental assembly forwarded a resolution
act-proxy-given = A delegate gave their proxy to another
act-proxy-revoked = A delegate revoked their proxy
act-resolution-descent-decided = A departmental assembly decided on a resolution of its parent assembly
# The mandate and calls to action (issue 13).
act-demand-submitted = An organization submitted a demand
act-demands-merged = Identical demands were merged
act-demands-ranked = An organization ranked the demands
act-mandate-rule-set = The rule ranking the demands was set
act-platform-adopted = The adopted platform was recorded
act-command-created = A command was created
act-call-issued = A call to action was issued
act-call-armed = A call was armed
act-call-confirmed = A command member confirmed
act-call-fired = The call was fired
act-call-disarmed = The call was disarmed
act-call-escalated = The call moved to its next step
act-call-lifted = The call was lifted
act-call-adherence-reported = An organization reported its adherence
# Boards of verifiable secret elections (issue 14).
act-board-opened = The board of a secret election was opened
act-board-published = A document was published on a secret election's board
act-board-refused = The board refused a document, naming its publisher
act-board-ballot-cast = An encrypted ballot was cast on a secret election's board

# Departmental delegations to the national assembly (issue 12).
act-organization-delegation-set = An organization became a departmental assembly's delegation
# Witnesses of the record (issue 11, task 11).
act-witness-added = A witness of the record was added
act-witness-removed = A witness of the record was removed
act-checkpoint-cosigned = A witness cosigned a checkpoint of the record
