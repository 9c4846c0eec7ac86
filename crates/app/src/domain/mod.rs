//! The domain's vocabulary: every closed set of names (statuses, kinds, methods, majorities,
//! roles, choices) as an enum, and every entity's id as its own type. Each type is stored, sent
//! and documented the same way (see [`text_enum!`](crate::text_enum) and
//! [`id_type!`](crate::id_type)), so a wrong value fails to parse at the edge with a message that
//! lists the valid ones, and the OpenAPI document lists them too.

mod text;
mod unchecked;

pub mod accounts;
pub mod acts;
pub mod delegates;
pub mod federation;
pub mod ids;
pub mod mandate;
pub mod registry;
pub mod sessions;

pub use accounts::Role;
pub use acts::ActKind;
pub use delegates::{
    AssemblyRole, BallotStyle, DelegatePosition, DelegateStatus, ElectionKind, ElectionMethod,
    ElectionStatus, RecallBy, RecallChoice, SeatKind,
};
pub use federation::{DescentDecision, ForwardKind, ForwardStatus, ProxyScope, VoteWeight};
pub use ids::*;
pub use mandate::{
    Adherence, CallKind, CallStatus, ConfirmPurpose, RankingMethod, RankingWeight, ScopeKind,
};
pub use registry::{ApportionMethod, AssemblyLevel, OrganizationKind};
pub use sessions::{
    AmendmentOp, FollowUp, ItemStatus, MotionStatus, QuorumBasis, QuorumRule, QuotaKind,
    Recommendation, SecretBallots, SessionStatus, SpeakerKind, SpeakerStatus, VoteMajority,
    VoteMethod, VoteStatus, VoteSubject, YesNoAbstainChoice,
};
pub use text::{IntBool, UnknownValue};
pub use unchecked::Unchecked;
