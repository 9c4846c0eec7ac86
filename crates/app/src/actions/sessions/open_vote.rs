//! The chair opens a vote: on a motion or amendment (yes/no/abstain), on the agenda or on a
//! question of procedure (yes/no/abstain, choose one, or approval); open (roll-call) or secret;
//! with the majority and quorum that decide it.

use crate::domain::ActKind;
use asamblea_store::{Store, now_rfc3339, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::rows::{act, item, require_chair, session};
use crate::actions::boards::session_boards;
use crate::domain::{
    DelegateId, ItemId, ItemStatus, MotionId, MotionStatus, QuorumRule, SessionId, SessionStatus,
    VoteId, VoteMajority, VoteMethod, VoteSubject,
};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewVote {
    pub session_id: SessionId,
    #[serde(default)]
    pub item_id: Option<ItemId>,
    /// What the vote decides (`motion`: a motion or amendment, voted yes/no).
    pub subject: VoteSubject,
    #[serde(default)]
    pub motion_id: Option<MotionId>,
    /// The question put (defaults to the motion's title).
    #[serde(default)]
    pub question: Option<String>,
    /// How the vote is cast (default `yes_no`).
    #[serde(default)]
    pub method: Option<VoteMethod>,
    /// The options of a `choose_one` or `approval` vote.
    #[serde(default)]
    pub options: Vec<String>,
    #[serde(default)]
    pub secret: bool,
    /// The majority that decides it (default `simple` for yes/no, `plurality` among options).
    /// `plurality` (the option with the most votes wins) is for `choose_one` and `approval`
    /// only; with a named majority, the leading option needs it (see
    /// `asamblea_rules::procedure::evaluate_choice`).
    #[serde(default)]
    pub majority: Option<VoteMajority>,
    /// The quorum of the seated delegates that must be present (default `more-than-half`).
    #[serde(default)]
    pub quorum: Option<QuorumRule>,
    /// A vote to forward motion `motion_id` to the parent assembly (subject `procedure`,
    /// yes/no): carried, the chair may forward the motion (`forward_motion`).
    #[serde(default)]
    pub forward: bool,
}

/// Opens the vote; returns its id.
pub async fn open_vote(store: &Store, actor: &Actor, input: NewVote) -> Result<VoteId, AppError> {
    let mut tx = store.begin().await?;
    let s = session(&mut tx, input.session_id).await?;
    require_chair(&mut tx, actor, s.assembly_id).await?;
    let method = input.method.unwrap_or(VoteMethod::YesNo);
    if input.subject == VoteSubject::Motion
        && (method != VoteMethod::YesNo || input.motion_id.is_none())
    {
        return Err(AppError::invalid("motion_id", "error-invalid"));
    }
    if input.forward
        && (input.subject != VoteSubject::Procedure
            || method != VoteMethod::YesNo
            || input.motion_id.is_none())
    {
        return Err(AppError::invalid(
            "motion_id",
            "fed-error-forward-vote-form",
        ));
    }
    if input.forward {
        crate::actions::federation::forward_motion::may_forward(
            &mut tx,
            s.assembly_id,
            input.motion_id,
        )
        .await?;
    }
    let majority = input.majority.unwrap_or(method.default_majority());
    if !method.takes(majority) {
        return Err(AppError::invalid("majority", "error-invalid"));
    }
    let quorum = input.quorum.unwrap_or(QuorumRule::MoreThanHalf);
    let options: Vec<String> = input
        .options
        .iter()
        .map(|o| o.trim().chars().take(200).collect::<String>())
        .filter(|o| !o.is_empty())
        .collect();
    if method != VoteMethod::YesNo && !(2..=50).contains(&options.len()) {
        return Err(AppError::invalid("options", "error-ses-options"));
    }
    if s.status != SessionStatus::Open {
        return Err(AppError::Conflict {
            key: "error-ses-session-not-open",
        });
    }
    let mut item_id = input.item_id;
    let mut question = input
        .question
        .as_deref()
        .map(str::trim)
        .unwrap_or("")
        .to_string();
    if let Some(mid) = input.motion_id {
        let row: Option<(SessionId, ItemId, MotionStatus, String, i64)> = on_tx!(&mut tx, c => sqlx::query_as(
            "SELECT session_id, item_id, status, title, min_supporters FROM motions WHERE id = $1")
            .bind(mid).fetch_optional(&mut **c).await)?;
        let (msession, mitem, mstatus, mtitle, min) = row.ok_or(AppError::NotFound)?;
        if msession != s.id {
            return Err(AppError::invalid("motion_id", "error-invalid"));
        }
        if mstatus != MotionStatus::Proposed {
            return Err(AppError::Conflict {
                key: "error-ses-motion-not-proposed",
            });
        }
        let supporters: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM motion_supporters WHERE motion_id = $1")
            .bind(mid).fetch_one(&mut **c).await)?;
        if supporters < min {
            return Err(AppError::Conflict {
                key: "error-ses-not-enough-supporters",
            });
        }
        let open: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM votes WHERE motion_id = $1 AND status = 'open'")
            .bind(mid).fetch_one(&mut **c).await)?;
        if open > 0 {
            return Err(AppError::Conflict {
                key: "error-ses-vote-still-open",
            });
        }
        // Amendments are decided before what they amend (and amendments to an amendment before
        // that amendment): each still proposed must be voted on or withdrawn first.
        let pending: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM motions WHERE parent_id = $1 AND status = 'proposed'")
            .bind(mid).fetch_one(&mut **c).await)?;
        if pending > 0 {
            return Err(AppError::Conflict {
                key: "error-ses-amendments-pending",
            });
        }
        item_id = Some(mitem);
        if question.is_empty() {
            question = mtitle;
        }
    }
    if let Some(iid) = item_id {
        let it = item(&mut tx, iid).await?;
        if it.session_id != s.id {
            return Err(AppError::invalid("item_id", "error-invalid"));
        }
        if it.status != ItemStatus::Open {
            return Err(AppError::Conflict {
                key: "error-ses-item-closed",
            });
        }
    }
    if question.is_empty() || question.chars().count() > 500 {
        return Err(AppError::invalid("question", "error-ses-title-required"));
    }
    // A titular back in the hall takes their seat back now, never during an open vote.
    let open_votes: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM votes WHERE session_id = $1 AND status = 'open'")
        .bind(s.id).fetch_one(&mut **c).await)?;
    if open_votes == 0 {
        crate::actions::delegates::take_seat::return_seats(&mut tx, actor, s.id).await?;
    }
    let options_json =
        serde_json::to_string(&options).map_err(|e| AppError::Internal(e.to_string()))?;
    let id: VoteId = on_tx!(&mut tx, c => sqlx::query_scalar(
        "INSERT INTO votes (session_id, item_id, subject, motion_id, question, method, options, secret, majority, quorum, opened_at, forward) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id")
        .bind(s.id).bind(item_id).bind(input.subject).bind(input.motion_id).bind(&question)
        .bind(method).bind(&options_json).bind(i64::from(input.secret)).bind(majority).bind(quorum)
        .bind(now_rfc3339()).bind(i64::from(input.forward)).fetch_one(&mut **c).await)?;
    // An encrypted assembly's secret vote gets its own board under the assembly's key.
    let board = match (
        input.secret,
        session_boards::encrypted_key_board(&mut tx, s.assembly_id).await?,
    ) {
        (true, Some(key_board)) => Some(
            session_boards::open_vote_board(
                &mut tx,
                actor,
                s.assembly_id,
                &key_board,
                id,
                session_boards::question_of(&question, method, &options),
            )
            .await?,
        ),
        _ => None,
    };
    if let Some(iid) = item_id {
        on_tx!(&mut tx, c => sqlx::query("UPDATE agenda_items SET version = version + 1 WHERE id = $1")
            .bind(iid).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    }
    // Who holds each seat whose titular is absent, for this vote (on the record and in the
    // minutes).
    on_tx!(&mut tx, c => sqlx::query(
        "INSERT INTO vote_seat_holders (vote_id, titular_id, holder_id) \
         SELECT $1, titular_id, substitute_id FROM seat_holds WHERE session_id = $2 AND ended_at IS NULL")
        .bind(id).bind(s.id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    let held: Vec<(DelegateId, DelegateId)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT titular_id, holder_id FROM vote_seat_holders WHERE vote_id = $1 ORDER BY titular_id")
        .bind(id).fetch_all(&mut **c).await)?;
    let held: Vec<serde_json::Value> = held
        .into_iter()
        .map(|(t, h)| json!({"titular_id": t, "holder_id": h}))
        .collect();
    tx.append(act(
        actor,
        ActKind::VoteOpened,
        s.assembly_id,
        json!({"vote_id": id, "session_id": s.id, "item_id": item_id, "subject": input.subject,
               "motion_id": input.motion_id, "question": question, "method": method,
               "options": options, "secret": input.secret, "majority": majority, "quorum": quorum,
               "seats_held": held, "forward": input.forward, "board": board}),
    ))
    .await?;
    tx.commit().await?;
    Ok(id)
}
