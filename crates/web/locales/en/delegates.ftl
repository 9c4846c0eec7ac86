error-not-accredited = This person has no accepted credential for this assembly.

## Errors of elections, credentials and recall
dlg-error-already-voted = This code has already voted. Each member votes once; the first ballot is the one that counts.
dlg-error-ballot-empty = The ballot is empty: mark at least one candidate.
dlg-vote-blank = Vote blank
dlg-vote-blank-help = If you do not want to choose anyone, you may vote blank: your vote counts as cast, for nobody. Leave everything unmarked.
dlg-error-ballot-blank-marked = You marked candidates and asked to vote blank. Remove the marks to vote blank, or use “Vote”.
dlg-error-ballot-invalid = The ballot is not valid for this election.
dlg-error-ballot-same-rank = Two candidates have the same preference number. Use each number once.
dlg-error-ballot-too-many = You marked more candidates than there are seats.
dlg-error-credential-decided = The credentials commission has already decided on this credential.
dlg-error-delegate-not-active = This person is no longer a serving delegate (rejected or recalled).
dlg-error-delegation-empty = This organization has no serving delegates in the assembly.
dlg-error-election-already-candidate = This person is already a candidate in this election.
dlg-error-election-closed = This election is closed.
dlg-error-election-has-ballots = Ballots have been cast with codes: a paper count cannot be entered.
dlg-error-election-method = Choose a counting method from the list.
dlg-error-election-no-ballots = There are no valid ballots to count.
dlg-error-election-no-candidates = There are not enough candidates.
dlg-error-election-no-members = The organization has no registered members: nobody to give codes to.
dlg-error-election-no-seats = This organization has no seats in this assembly.
dlg-error-election-not-member = This person is not a member of the electing organization.
dlg-error-election-not-nominating = Nominations are closed.
dlg-error-election-not-voting = Voting is not open.
dlg-error-election-running = This organization already has an open election for this assembly.
dlg-error-election-substitutes = The number of substitutes must be between 0 and 20.
dlg-error-paper-count = Check the count: each candidate once, votes from highest to lowest, no negative numbers.
dlg-error-reason-required = Give the reason.
dlg-error-recall-by-body = This organization recalls by a vote of its members, not by its governing body.
dlg-error-recall-by-members = This organization recalls by a vote of its members: open a recall vote.
dlg-error-reference = Give the reference of the decision (minutes, resolution or vote number).
dlg-error-term-lapsed = The leadership term of this organization has lapsed: its delegation cannot be accredited until it renews its leadership.
dlg-error-voting-code = Unknown voting code. Check that you typed it correctly.

## Elections
dlg-elections-title = Delegate elections
dlg-elections-list = Elections
dlg-elections-open = Open an election
dlg-elections-open-button = Open the election
dlg-election-title = Election
dlg-election-kind = Kind
dlg-election-kind-delegates = Election of delegates
dlg-election-kind-recall = Recall vote
dlg-election-status = Status
dlg-election-status-nominating = Nominations
dlg-election-status-voting = Voting open
dlg-election-status-closed = Closed
dlg-election-seats = Titular + substitutes
dlg-election-recall-of = Recall of
dlg-election-voted = Have voted
dlg-election-paper = Paper count
dlg-election-paper-yes = Yes: the result of a paper count entered by the secretary
dlg-election-paper-help = If the election was held in a meeting with paper ballots or a show of hands, enter each candidate's votes.
dlg-election-paper-button = Enter the count
dlg-election-digest = Ballot box digest (SHA-256)
dlg-election-ballots = Ballots (anonymous)
dlg-election-result = Result
dlg-election-elected = Titular delegates elected
dlg-election-substitutes = Substitutes, in order
dlg-election-rounds = The count, round by round
dlg-election-round-action = What happened
dlg-election-candidates = Candidates
dlg-election-nominate = Nominate
dlg-election-nominate-button = Nominate
dlg-election-nominate-self = Nominate myself
dlg-election-start = Open the vote
dlg-election-start-help = A one-time code is made for every member. The list is shown only once: print it and hand each code out in person.
dlg-election-start-button = Open the vote and make the codes
dlg-election-close-button = Close the vote and count
dlg-method = Method
dlg-method-plurality = Plurality (block voting for several seats)
dlg-method-approval = Approval voting
dlg-method-scottish-stv = Single transferable vote (Scottish rules)
dlg-method-meek = Single transferable vote (Meek)
dlg-method-wigm = Single transferable vote (WIGM)
dlg-method-schulze = Schulze
dlg-method-yes-no = Yes or no
dlg-method-paper = Paper count
dlg-field-method = Counting method
dlg-field-substitutes = Substitutes
dlg-field-organization = Organization
dlg-field-name = Name
dlg-field-member-number = Member no.
dlg-field-reason = Reason
dlg-field-reference = Reference (minutes, resolution, vote)
dlg-field-account = Account
dlg-field-office = Office
dlg-save = Save

## Voting codes
dlg-codes-title = Voting codes
dlg-codes-print-once = This list is shown only once. Print it now and hand each code to its member.
dlg-codes-how = Each member opens /vote on their phone, types their code and votes. A code works once and the vote is secret.

## Voting
dlg-vote-title = Vote
dlg-vote-code = Voting code
dlg-vote-code-help = Type the code your organization's secretary gave you.
dlg-vote-open = Show the ballot
dlg-vote-ballot-title = Ballot
dlg-vote-help-rank = Number the candidates in order of preference: 1 for your favourite, 2 for the next… You may leave out the ones you do not want.
dlg-vote-help-plurality = Mark up to { $seats ->
    [one] one candidate
   *[other] { $seats } candidates
}.
dlg-vote-help-approval = Mark every candidate you approve of.
dlg-vote-help-recall = Answer yes or no.
dlg-vote-recall-question = Recall this delegate's mandate?
dlg-vote-yes = Yes, recall
dlg-vote-no = No
dlg-vote-cast = Vote
dlg-vote-done-title = Vote received
dlg-vote-done = Your ballot is in the box. Nothing ties it to you: not your name, not your code, not the time.
dlg-vote-secret-note = The vote is secret from other people, other delegates and the public: the ballot is kept with no name and no time, and only the fact that you have voted is recorded. It is not secret from whoever holds the server's database files, its write-ahead log or its backups: they can link ballots to voters.
dlg-vote-see-election = See the election

## Delegates and credentials
dlg-delegates-title = Delegates
dlg-delegate-position = Position
dlg-delegate-status = Status
dlg-delegate-history = Public history
dlg-position-titular = Titular
dlg-position-substitute = Substitute
dlg-position-substitute-rank = Substitute no. { $rank }
dlg-status-elected = Elected, no credential yet
dlg-status-accredited = Credential accepted
dlg-status-rejected = Credential rejected
dlg-status-recalled = Recalled
dlg-credentials-help = As the credentials commission, accept or reject each credential. Accepting prints the credential card with its code.
dlg-credentials-accept = Accept
dlg-credentials-reject = Reject
dlg-credentials-card = New card
dlg-roles-title = Offices of the assembly
dlg-roles-assign = Assign
dlg-office-credentials = Credentials commission
dlg-office-presidium = Presidium
dlg-office-teller = Teller

## Acts in a delegate's history
dlg-act-delegate-registered = Registered as a delegate
dlg-act-election-closed = Elected
dlg-act-delegate-accredited = Credential accepted
dlg-act-delegate-rejected = Credential rejected
dlg-act-delegate-checked-in = Checked in
dlg-act-delegate-recalled = Recalled
dlg-act-delegate-substitute-seated = Took the seat as titular
dlg-act-delegation-revoked = The assembly revoked the whole delegation
# How a delegate's seat changed hands, and what a recall refers to (the delegate's history).
dlg-via-governing-body = by decision of its governing body
dlg-via-members-vote = by a vote of its members
dlg-via-assembly = by the assembly
dlg-via-commission = by the credentials commission
dlg-via-check-in = on checking in
dlg-reference-election = election #{ $id }

## Door and presence
dlg-door-title = Door: check-in
dlg-door-check-in = Check in
dlg-door-welcome = Welcome, { $name }. Checked in.
dlg-door-already = { $name } was already present.
dlg-presence-title = Presence and quorum
dlg-presence-present = Present
dlg-presence-summary = { $present } present of { $seated } accredited titular delegates.
dlg-presence-quorum-met = There is quorum: { $required } present needed of { $members } { $basis }.
dlg-presence-quorum-not-met = No quorum: { $required } must be present of { $members } { $basis }.
dlg-presence-reload = This page refreshes itself every 15 seconds.

## Recall
dlg-recall-title = Recall the mandate
dlg-recall-method-title = How this organization recalls its delegates
dlg-recall-by-governing-body = By decision of its governing body (the secretary records it)
dlg-recall-by-members-vote = By a vote of its members
dlg-recall-help-body = Record the governing body's decision with its reference. The first substitute takes the seat at once.
dlg-recall-help-vote = This organization recalls by a vote of its members: a yes/no vote with codes is opened.
dlg-recall-button = Recall
dlg-recall-vote-button = Open the recall vote
dlg-result-void = No valid ballot: { $ballots ->
    [0] none was cast.
    [one] the one ballot cast was blank.
   *[other] all { $ballots } ballots cast were blank.
} Nobody was elected; the seats stay vacant for another election.
dlg-recall-result-carried = Recall carried: { $yes } yes, { $no } no.
dlg-recall-result-lost = Recall not carried: { $yes } yes, { $no } no.
dlg-revoke-title = Revoke a whole delegation
dlg-revoke-help = By vote of the assembly. Every delegate and substitute of the organization loses the mandate; the organization elects anew.
dlg-revoke-button = Revoke the delegation
dlg-error-election-no-vacancy = This organization has no vacant titular seats in this assembly: its titulars in office already hold all its seats.
dlg-error-election-already-delegate = This person already holds a delegate place in this assembly: they cannot be a candidate nor hold a second place.
dlg-election-ties = Ties
dlg-election-tie-lot = Round { $round }: tie between { $between }; decided by lot (seed { $seed }): { $chosen }.
dlg-election-tie-earlier = Round { $round }: tie between { $between }; decided by the votes of an earlier round: { $chosen }.

## A ballot sent again after its answer was lost (cast receipts)
dlg-vote-done-again = Your ballot was already recorded the first time you sent it; it was not counted again.
# hall2: the offices of an assembly (/assemblies/{slug}/offices)
dlg-offices-title = Offices of the assembly
dlg-offices-nobody = Nobody holds this office.
dlg-offices-remove = Remove { $name } from the office
dlg-offices-assign = Name someone to an office
dlg-office-about-presidium = Chairs the sessions: agenda, floor, votes.
dlg-office-about-credentials = Accepts or rejects credentials, prints cards and keeps the door (check-in).
dlg-office-about-teller = Enters the votes of delegates without a phone.
dlg-round-first-preferences = first preferences
dlg-round-reach-quota = candidates reach the quota
dlg-round-fill-remaining = continuing candidates fill the remaining seats
dlg-round-lowest-excluded = no majority: lowest excluded
dlg-round-strongest-path = pairwise wins by strongest path
dlg-round-surplus = surplus of { $name } transferred
dlg-round-excluded = { $name } excluded
# issue 10 (task 10a): cancelling an election, confirming the vote, several nominations, count steps
dlg-election-status-cancelled = Cancelled
dlg-election-status-counting = Counting: waiting for the trustees
dlg-election-cancelled-line = Election cancelled on { $at }. Reason: { $reason }. No vote counts and nobody is seated.
dlg-election-cancel = Cancel the election
dlg-election-cancel-help = If the election was opened by mistake. It stays on the record with its reason; ballots cast are not counted and nobody is seated. Another one can then be opened.
dlg-field-cancel-reason = Reason
dlg-election-cancel-button = Cancel the election
dlg-error-election-cancelled = This election was cancelled.
dlg-error-election-confirm-start = Tick the box to confirm that the vote opens: nominations close and it cannot be undone.
dlg-election-start-confirm = I confirm: nominations close with { $candidates } { $candidates ->
    [one] candidate
   *[other] candidates
} and the codes are handed out. It cannot be undone.
dlg-election-nominate-help = Tick everyone who stands and press Nominate once. Only people not yet candidates are listed.
dlg-election-nominate-nobody = No members to nominate (those already candidates or delegates are not listed).
dlg-error-nominate-none = Tick at least one person.
dlg-election-round = Round
dlg-round-block-vote = block vote
dlg-round-approvals = approvals
dlg-round-first-round-majority = first round: majority of valid votes
dlg-round-first-round-sole = first round: sole candidate
dlg-round-first-round-runoff = first round: no majority, a runoff is needed
dlg-round-majority = majority
dlg-round-last-candidate = last candidate
dlg-round-omega-defeated = surplus below omega: lowest defeated
dlg-round-stable-defeated = stable surplus: lowest defeated
