//! The secretary closes the vote. The ballot box is counted with the election's method
//! (`asamblea_rules::count`, see `crate::elections::count`), the result with its rounds is
//! published, and in the same transaction the elected become titular delegates and the next ones
//! ranked substitutes (`insert_delegate`). A recall vote is decided with
//! `asamblea_rules::procedure` (simple majority of the votes cast, with more than half of the
//! members voting) and, if carried, recalls the delegate at once. The act `election.closed`
//! carries the tally, the number of voters and the SHA-256 of the sorted ballot box; never a voter.
//! An election through an encrypted board closes to ballots only: its result waits for the
//! trustees (`actions::boards::election_boards`).

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_rules::procedure::{Majority, Quorum, YesNoAbstain, evaluate};
use asamblea_store::{SecretTables, Store, Tx, now_rfc3339, on_tx};
use serde_json::json;

use super::recall_delegate::{RecallVia, members_vote_reference, recall_in_tx};
use super::register_delegate::{NewDelegate, insert_delegate};
use super::seats_held::{member_holds_place, titulars_holding};
use super::{ElectionRow, load_election, may_manage_delegation};
use crate::domain::{
    AccountId, CandidateId, DelegateId, ElectionId, ElectionKind, ElectionStatus, MemberId,
    RecallChoice, SeatKind,
};
use crate::elections::ballot_box::{ballot_box_digest, ranking_of};
use crate::elections::count::count_delegates;
use crate::elections::result::{ElectionResult, RecallResult};
use crate::{Actor, AppError};

/// What a close produced.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Closed {
    pub election_id: ElectionId,
    pub voters: i64,
    pub ballot_digest: String,
    /// Delegate ids created (titular first, then substitutes in rank order).
    pub delegates: Vec<DelegateId>,
    /// Recall votes: whether the recall was carried.
    pub recalled: Option<bool>,
    /// An encrypted election: closed to ballots, its result waits for the trustees (then
    /// `ballot_digest` is empty and no one is seated yet).
    pub counting: bool,
}

pub async fn close_election(
    store: &Store,
    actor: &Actor,
    election_id: ElectionId,
) -> Result<Closed, AppError> {
    if actor.account().is_none() {
        return Err(AppError::Unauthorized {
            key: "error-login-required",
        });
    }
    let mut tx = store.begin().await?;
    let e = load_election(&mut tx, election_id).await?;
    if !may_manage_delegation(actor, e.organization_id) {
        return Err(AppError::Forbidden);
    }
    if e.status != ElectionStatus::Voting {
        return Err(AppError::Conflict {
            key: "dlg-error-election-not-voting",
        });
    }
    let voters: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM election_voters WHERE election_id = $1")
        .bind(election_id).fetch_one(&mut **c).await)?;
    if let Some(board) = &e.board {
        // Encrypted: the tally is published; the trustees decrypt it (`election_boards`).
        crate::actions::boards::election_boards::close(&mut tx, actor, &e, board, voters).await?;
        tx.commit().await?;
        return Ok(Closed {
            election_id,
            voters,
            ballot_digest: String::new(),
            delegates: Vec::new(),
            recalled: None,
            counting: true,
        });
    }
    let ballots: Vec<String> = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT choices FROM ballots WHERE election_id = $1 ORDER BY choices")
        .bind(election_id).fetch_all(&mut **c).await)?;
    let digest = ballot_box_digest(&ballots);
    let (result, delegates, recalled) = match e.kind {
        ElectionKind::Recall => {
            let (result, seated) = close_recall(&mut tx, actor, &e, &ballots, voters).await?;
            let passed = result.passed;
            (ElectionResult::Recall(result), seated, Some(passed))
        }
        ElectionKind::Delegates => {
            let (result, delegates) = close_delegates(&mut tx, actor, &e, &ballots).await?;
            (result, delegates, None)
        }
    };
    let result_text =
        serde_json::to_string(&result).map_err(|e| AppError::Internal(e.to_string()))?;
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE elections SET status = $1, voters = $2, ballot_digest = $3, result = $4, closed_at = $5 WHERE id = $6")
        .bind(ElectionStatus::Closed).bind(voters).bind(&digest).bind(&result_text).bind(now_rfc3339()).bind(election_id)
        .execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::ElectionClosed.as_str().into(),
        scope: format!("assembly:{}", e.assembly_id),
        payload: json!({
            "election_id": election_id, "organization_id": e.organization_id, "kind": e.kind,
            "voters": voters, "ballots": ballots.len(), "ballot_digest": digest,
            "paper_count": false, "result": result, "delegate_ids": delegates,
        }),
    })
    .await?;
    tx.commit().await?;
    // The votes are counted and published; now the tables forget the order they came in.
    if let Err(err) = store
        .forget_write_order(SecretTables::Election(election_id.get()))
        .await
    {
        tracing::warn!(%err, %election_id, "could not rewrite the ballot box in key order");
    }
    Ok(Closed {
        election_id,
        voters,
        ballot_digest: digest,
        delegates,
        recalled,
        counting: false,
    })
}

async fn close_delegates(
    tx: &mut Tx,
    actor: &Actor,
    e: &ElectionRow,
    ballots: &[String],
) -> Result<(ElectionResult, Vec<DelegateId>), AppError> {
    let candidates: Vec<(CandidateId, String)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id, name FROM election_candidates WHERE election_id = $1 ORDER BY id")
        .bind(e.id).fetch_all(&mut **c).await)?;
    let parsed: Vec<Vec<CandidateId>> = ballots.iter().map(|b| ranking_of(b)).collect();
    let outcome = count_delegates(
        e.method,
        &candidates,
        &parsed,
        usize::try_from(e.titular_seats).unwrap_or(0),
        usize::try_from(e.substitute_seats).unwrap_or(0),
    )?;
    let ordered = seat_order(&outcome.titular, &outcome.substitutes);
    let delegates = seat_candidates(tx, actor, e, &ordered).await?;
    Ok((ElectionResult::Counted(outcome), delegates))
}

/// The elected in seating order: the titular delegates, then the substitutes with their ranks
/// from 1 (`(candidate, None)` for a titular, `(candidate, Some(rank))` for a substitute).
pub(crate) fn seat_order(
    titular: &[CandidateId],
    substitutes: &[CandidateId],
) -> Vec<(CandidateId, Option<i64>)> {
    titular
        .iter()
        .map(|&c| (c, None))
        .chain(
            substitutes
                .iter()
                .enumerate()
                .map(|(i, &c)| (c, Some(i as i64 + 1))),
        )
        .collect()
}

/// Registers candidates as delegates: `(candidate id, substitute rank)` in order. Refused if a
/// candidate already holds a delegate place in the assembly, or if the titulars would exceed the
/// organization's seats (both can have changed since the election opened).
pub(crate) async fn seat_candidates(
    tx: &mut Tx,
    actor: &Actor,
    e: &ElectionRow,
    ordered: &[(CandidateId, Option<i64>)],
) -> Result<Vec<DelegateId>, AppError> {
    let seats: Option<i64> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT seats FROM seat_allocations WHERE assembly_id = $1 AND organization_id = $2")
        .bind(e.assembly_id).bind(e.organization_id).fetch_optional(&mut **c).await)?;
    let titulars = ordered.iter().filter(|(_, rank)| rank.is_none()).count() as i64;
    if titulars_holding(tx, e.assembly_id, e.organization_id).await? + titulars > seats.unwrap_or(0)
    {
        return Err(AppError::Conflict {
            key: "dlg-error-election-no-vacancy",
        });
    }
    let mut delegates = Vec::new();
    for &(candidate, rank) in ordered {
        let (member_id, name, account_id): (MemberId, String, Option<AccountId>) = on_tx!(tx, c => sqlx::query_as(
            "SELECT m.id, c.name, m.account_id FROM election_candidates c JOIN members m ON m.id = c.member_id WHERE c.id = $1")
            .bind(candidate).fetch_one(&mut **c).await)?;
        if member_holds_place(tx, e.assembly_id, member_id).await? {
            return Err(AppError::Conflict {
                key: "dlg-error-election-already-delegate",
            });
        }
        let id = insert_delegate(
            tx,
            actor,
            &NewDelegate {
                assembly_id: e.assembly_id,
                organization_id: e.organization_id,
                name,
                member_id: Some(member_id),
                account_id,
                seat_kind: SeatKind::Voting,
                substitute_rank: rank,
                election_id: Some(e.id),
            },
        )
        .await?;
        delegates.push(id);
    }
    Ok(delegates)
}

/// Decides a recall vote; returns its result and the substitute seated, if it was carried.
pub(crate) async fn close_recall(
    tx: &mut Tx,
    actor: &Actor,
    e: &ElectionRow,
    ballots: &[String],
    voters: i64,
) -> Result<(RecallResult, Vec<DelegateId>), AppError> {
    let answered = |choice: RecallChoice| {
        ballots
            .iter()
            .filter(|b| b.parse::<RecallChoice>() == Ok(choice))
            .count() as u32
    };
    let (yes, no) = (answered(RecallChoice::Yes), answered(RecallChoice::No));
    let electorate: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM voting_codes WHERE election_id = $1")
        .bind(e.id).fetch_one(&mut **c).await)?;
    let electorate = u32::try_from(electorate).unwrap_or(u32::MAX);
    let voting = u32::try_from(voters).unwrap_or(u32::MAX).min(electorate);
    let tally = YesNoAbstain {
        yes,
        no,
        abstain: 0,
    };
    let out = evaluate(
        &tally,
        electorate,
        voting,
        Majority::SIMPLE,
        Quorum::MORE_THAN_HALF,
    )
    .map_err(|err| AppError::Internal(err.to_string()))?;
    let delegate_id = e.recall_delegate_id.ok_or(AppError::NotFound)?;
    let mut seated = Vec::new();
    if out.passed
        && let Some(sub) = recall_in_tx(
            tx,
            actor,
            delegate_id,
            RecallVia::MembersVote { election_id: e.id },
            &members_vote_reference(e.id),
        )
        .await?
    {
        seated.push(sub);
    }
    let result = RecallResult {
        recall_delegate_id: delegate_id,
        yes,
        no,
        electorate,
        quorum_required: out.quorum_required,
        quorum_met: out.quorum_met,
        required_yes: out.required_yes,
        passed: out.passed,
        majority: Majority::SIMPLE.to_string(),
        quorum: Quorum::MORE_THAN_HALF.to_string(),
    };
    Ok((result, seated))
}
