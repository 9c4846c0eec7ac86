//! One id type per entity: an `ElectionId` can't be passed where a `DelegateId` is wanted.

crate::id_type!(
    AccountId,
    SectorId,
    DepartmentId,
    OrganizationId,
    MemberId,
    AssemblyId,
    DelegateId,
    ElectionId,
    CandidateId,
    SessionId,
    ItemId,
    SpeakerId,
    MotionId,
    ResolutionId,
    VoteId,
    // federation
    ForwardId,
    ProxyId,
);

// The mandate and calls to action (issue 13).
crate::id_type!(DemandId, PlatformId, CommandId, CallId);
