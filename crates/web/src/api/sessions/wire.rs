//! The sessions API on the wire: the request bodies that are not an action's input (those are
//! the app's own: `NewSession`, `NewItem`, `SpeakInput`, `NewMotion`, `Recommend`, `NewVote`,
//! `CastInput`), and every answer, each with its OpenAPI schema. The shapes are the API's
//! published ones: flags kept as INTEGER columns stay `0`/`1`, a vote's `secret` is a boolean.

use asamblea_app::actions::sessions::close_vote::VoteResult;
use asamblea_app::domain::{
    FollowUp, ItemId, MotionId, QuorumRule, SessionId, SpeakerId, VoteId, VoteMajority, VoteMethod,
    VoteStatus, VoteSubject,
};
use asamblea_app::queries::sessions::view::{
    ItemView, MotionView, RollCallRow, SessionView, SpeakerView, VoteView,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

// ---- requests -----------------------------------------------------------------------------

/// The version of the session, item or vote the client last saw (stale → 409).
#[derive(Deserialize, ToSchema, Default)]
pub struct VersionBody {
    #[serde(default)]
    pub version: Option<i64>,
}

/// Close a session: the version last seen, and `confirm` to close with business pending.
#[derive(Deserialize, ToSchema, Default)]
pub struct CloseBody {
    #[serde(default)]
    pub version: Option<i64>,
    /// Close although items or motions are pending (else 409 `error-ses-close-pending`).
    #[serde(default)]
    pub confirm: bool,
}

/// Move an agenda item or a waiting speaker one place up or down.
#[derive(Deserialize, ToSchema)]
pub struct MoveBody {
    pub up: bool,
    /// The item's version.
    #[serde(default)]
    pub version: Option<i64>,
}

/// Open (`true`) or close the speakers' list.
#[derive(Deserialize, ToSchema)]
pub struct ListBody {
    pub open: bool,
    #[serde(default)]
    pub version: Option<i64>,
}

/// How a resolution is being carried out.
#[derive(Deserialize, ToSchema)]
pub struct FollowUpBody {
    pub follow_up: FollowUp,
}

// ---- answers ------------------------------------------------------------------------------

/// Done: `{"ok": true}`.
#[derive(Serialize, ToSchema)]
pub struct Done {
    pub ok: bool,
}

impl Done {
    pub const OK: Done = Done { ok: true };
}

/// The id of what was created (a session, item, request to speak, motion or vote).
#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

/// A session closed: the record position of its closing act (the minutes cite it).
#[derive(Serialize, ToSchema)]
pub struct SessionClosed {
    pub position: i64,
}

/// The speaker now on the floor; none when the list was empty.
#[derive(Serialize, ToSchema)]
pub struct NextSpeaker {
    pub speaker_id: Option<SpeakerId>,
}

/// The supporters a motion has now.
#[derive(Serialize, ToSchema)]
pub struct Supporters {
    pub supporters: i64,
}

/// A ballot counted: how many have voted now.
#[derive(Serialize, ToSchema)]
pub struct BallotCast {
    /// How many had voted, this ballot included.
    pub voted: i64,
    /// The receipt: the record's position of the `vote.ballots_cast` act of the batch this
    /// ballot was cast in.
    pub record_position: Option<i64>,
    /// The receipt: the hash of that act.
    pub record_hash: Option<String>,
    /// The receipt: this ballot's place in that act's batch, from 0 (in an open vote, its entry
    /// in the act's `casts`).
    pub record_index: Option<i64>,
    /// True when the same `cast_key` was answered before: the ballot was recorded then, and
    /// nothing was cast now.
    pub again: bool,
    /// An encrypted secret vote: the tracking codes of the ballot on the vote's board
    /// (`GET /api/v1/boards/{board}/ballots/{code}`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tracking_codes: Vec<String>,
}

/// A vote as the session, the item and the vote answers list it.
#[derive(Serialize, ToSchema)]
pub struct VoteSummary {
    pub id: VoteId,
    pub session_id: SessionId,
    pub item_id: Option<ItemId>,
    pub subject: VoteSubject,
    pub motion_id: Option<MotionId>,
    /// A vote on an amendment: the motion it amends (`motion_id` is the amendment).
    pub amends: Option<MotionId>,
    pub question: String,
    pub method: VoteMethod,
    pub options: Vec<String>,
    pub secret: bool,
    pub majority: VoteMajority,
    pub quorum: QuorumRule,
    pub status: VoteStatus,
    /// How many have voted.
    pub voted: i64,
    /// Once closed: the result, with the numbers it was decided on.
    pub result: Option<VoteResult>,
    /// A closed secret vote: SHA-256 of its ballot box (an encrypted one: of its board's record).
    pub digest: Option<String>,
    pub version: i64,
    /// An encrypted secret vote: its board (`/api/v1/boards/ID`, the page `/boards/ID`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub board: Option<String>,
    /// An encrypted vote closed to ballots, waiting for its trustees: decryption shares in,
    /// and needed. The result comes once `shares == trustees_needed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counting: Option<Counting>,
}

/// An encrypted vote waiting for its trustees.
#[derive(Serialize, ToSchema)]
pub struct Counting {
    pub shares: i64,
    pub trustees_needed: i64,
}

impl From<&VoteView> for VoteSummary {
    fn from(v: &VoteView) -> Self {
        VoteSummary {
            id: v.id,
            session_id: v.session_id,
            item_id: v.item_id,
            subject: v.subject,
            motion_id: v.motion_id,
            amends: v.amends,
            question: v.question.clone(),
            method: v.method,
            options: v.option_list(),
            secret: v.secret,
            majority: v.majority,
            quorum: v.quorum,
            status: v.status,
            voted: v.voted,
            result: v.result(),
            digest: v.digest.clone(),
            version: v.version,
            board: v.board.clone(),
            counting: v
                .waiting_for_trustees()
                .map(|(shares, trustees_needed)| Counting {
                    shares,
                    trustees_needed,
                }),
        }
    }
}

/// A session with its agenda and votes.
#[derive(Serialize, ToSchema)]
pub struct SessionState {
    pub session: SessionView,
    pub items: Vec<ItemView>,
    pub votes: Vec<VoteSummary>,
}

/// The speaker on the floor and when their time runs out (RFC 3339).
#[derive(Serialize, ToSchema)]
pub struct Floor {
    pub speaker: SpeakerView,
    pub ends_at: Option<String>,
}

/// An agenda item: the floor, the waiting list in speaking order, those who spoke, the motions
/// and amendments, the votes.
#[derive(Serialize, ToSchema)]
pub struct ItemState {
    pub item: ItemView,
    pub floor: Option<Floor>,
    pub waiting: Vec<SpeakerView>,
    pub done: Vec<SpeakerView>,
    pub motions: Vec<MotionView>,
    pub votes: Vec<VoteSummary>,
}

/// A vote; once closed, an open vote adds its roll-call (by name, and counted by organization
/// and by sector), a secret vote who voted and its ballot box.
#[derive(Serialize, ToSchema)]
pub struct VoteState {
    #[serde(flatten)]
    pub vote: VoteSummary,
    /// A closed secret vote: the names of those who voted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voters: Option<Vec<String>>,
    /// A closed secret vote: `[ballot id, choice]`, sorted by ballot id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ballot_box: Option<Vec<(String, String)>>,
    /// A closed open vote: `[organization, choice, count]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_organization: Option<Vec<(String, String, i64)>>,
    /// A closed open vote: `[sector, choice, count]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_sector: Option<Vec<(String, String, i64)>>,
    /// A closed open vote: who voted how.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roll_call: Option<Vec<RollCallRow>>,
}

/// The current state a refusal shows (a session, an item or a vote, by the action refused).
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum CurrentState {
    Session(SessionState),
    Item(ItemState),
    Vote(VoteState),
}

/// A refusal because the state moved on (409): the reason and the current state.
#[derive(Serialize, ToSchema)]
pub struct StaleRefusal {
    /// The message key, e.g. `error-ses-stale`.
    pub error: String,
    /// The message in English.
    pub message: String,
    pub current: Option<CurrentState>,
    /// "Already voted" (`error-ses-already-voted`): the record's position of the act that
    /// recorded this voter's participation (their ballot's act; in a secret vote the act that
    /// says one more voted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record_position: Option<i64>,
    /// The hash of that act.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record_hash: Option<String>,
}
