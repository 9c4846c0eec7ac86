//! Every kind of act the record holds. The record stores the name (`vote.opened`); pages show
//! the sentence `act-<name with - for . and _>` of the reader's language.

crate::text_enum! {
    /// The kind of an act on the record.
    pub enum ActKind {
        AccountCardIssued = "account.card_issued",
        AccountCardReplaced = "account.card_replaced",
        AccountCreated = "account.created",
        AccountOrganizationSet = "account.organization_set",
        AccountPasswordSet = "account.password_set",
        AssemblyCreated = "assembly.created",
        AssemblyQuorumBasisSet = "assembly.quorum_basis_set",
        AssemblySecretBallotsSet = "assembly.secret_ballots_set",
        AssemblyRoleAssigned = "assembly.role_assigned",
        AssemblyRoleRemoved = "assembly.role_removed",
        DelegateAccredited = "delegate.accredited",
        DelegateCheckedIn = "delegate.checked_in",
        DelegateRecalled = "delegate.recalled",
        DelegateRegistered = "delegate.registered",
        DelegateRejected = "delegate.rejected",
        DelegateViaTellerSet = "delegate.via_teller_set",
        DelegateSubstituteSeated = "delegate.substitute_seated",
        DelegationRevoked = "delegation.revoked",
        ElectionCancelled = "election.cancelled",
        ElectionCandidateNominated = "election.candidate_nominated",
        ElectionClosed = "election.closed",
        ElectionOpened = "election.opened",
        ElectionVotingStarted = "election.voting_started",
        MemberAdded = "member.added",
        MemberRemoved = "member.removed",
        MemberUpdated = "member.updated",
        MembersImported = "members.imported",
        MotionAdopted = "motion.adopted",
        MotionAmendmentProposed = "motion.amendment_proposed",
        MotionProposed = "motion.proposed",
        MotionRecommended = "motion.recommended",
        MotionRejected = "motion.rejected",
        MotionSupported = "motion.supported",
        MotionWithdrawn = "motion.withdrawn",
        OrganizationCreated = "organization.created",
        OrganizationRecallMethodSet = "organization.recall_method_set",
        OrganizationUpdated = "organization.updated",
        OrganizationsImported = "organizations.imported",
        ResolutionAdopted = "resolution.adopted",
        ResolutionFollowUp = "resolution.follow_up",
        SectorCreated = "sector.created",
        SeatPlanSet = "seat_plan.set",
        SessionClosed = "session.closed",
        SessionCreated = "session.created",
        SessionItemAdded = "session.item_added",
        SessionItemClosed = "session.item_closed",
        SessionItemMoved = "session.item_moved",
        SessionItemOpened = "session.item_opened",
        SessionOpened = "session.opened",
        SessionSpeakerCalled = "session.speaker_called",
        SessionSpeakerRequested = "session.speaker_requested",
        SessionSpeakerWithdrawn = "session.speaker_withdrawn",
        SessionSpeakersListClosed = "session.speakers_list_closed",
        SessionSpeakersListOpened = "session.speakers_list_opened",
        SessionSpeakersReordered = "session.speakers_reordered",
        VoteBallotCast = "vote.ballot_cast",
        VoteClosed = "vote.closed",
        VoteCounting = "vote.counting",
        VoteOpened = "vote.opened",
        // hall2 (issue 10: time zones, offices)
        AssemblyTimeZoneSet = "assembly.time_zone_set",
        // federation (issue 12)
        AssemblyFederationSet = "assembly.federation_set",
        DelegateCheckedOut = "delegate.checked_out",
        DelegateSeatHeld = "delegate.seat_held",
        DelegateSeatReturned = "delegate.seat_returned",
        ForwardAccepted = "forward.accepted",
        ForwardDeclined = "forward.declined",
        ForwardMerged = "forward.merged",
        ForwardSent = "forward.sent",
        ProxyGiven = "proxy.given",
        ProxyRevoked = "proxy.revoked",
        ResolutionDescentDecided = "resolution.descent_decided",
        // The mandate and calls to action (issue 13).
        DemandSubmitted = "demand.submitted",
        DemandsMerged = "demands.merged",
        DemandsRanked = "demands.ranked",
        MandateRuleSet = "mandate.rule_set",
        PlatformAdopted = "platform.adopted",
        CommandCreated = "command.created",
        CallIssued = "call.issued",
        CallArmed = "call.armed",
        CallConfirmed = "call.confirmed",
        CallFired = "call.fired",
        CallDisarmed = "call.disarmed",
        CallEscalated = "call.escalated",
        CallLifted = "call.lifted",
        CallAdherenceReported = "call.adherence_reported",
        // Boards of verifiable secret elections (issue 14).
        BoardOpened = "board.opened",
        BoardPublished = "board.published",
        BoardRefused = "board.refused",
        BoardBallotCast = "board.ballot_cast",
        // The hall's shared device and challenged ballots (issue 14, task C).
        BoardChallenged = "board.challenged",
        VoteHallCodeIssued = "vote.hall_code_issued",
        // Departmental delegations to the national assembly (issue 12, task 12).
        OrganizationDelegationSet = "organization.delegation_set",
        // Witnesses of the record (issue 11, task 11).
        WitnessAdded = "witness.added",
        WitnessRemoved = "witness.removed",
        CheckpointCosigned = "checkpoint.cosigned",
        // One act per batch of ballots (issue 15): the counts, and an open vote's list of who
        // voted what. (`vote.ballot_cast`, one per ballot, is kept for older records.)
        VoteBallotsCast = "vote.ballots_cast",
        ElectionBallotsCast = "election.ballots_cast",
        // A base election through an encrypted board closed to ballots (issue 14): its tally
        // waits for the trustees.
        ElectionCounting = "election.counting",
        ElectionPaperAdded = "election.paper_added",
    }
}

impl ActKind {
    /// The message id of the act's sentence, e.g. `act-vote-opened`.
    pub fn message_key(self) -> String {
        format!("act-{}", self.as_str().replace(['.', '_'], "-"))
    }
}
