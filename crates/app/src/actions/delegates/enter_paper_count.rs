//! The secretary enters the result of a count made on paper (in the hall, by show of hands or with
//! paper ballots): the candidates with their vote totals, in any order. The ones with most votes
//! (as many as titular seats) become delegates, the next ones ranked substitutes; a tie at a cut
//! is drawn by lot by the count engine (`crate::elections::count::count_paper`), with the tie and
//! the seed published, never decided by the order of the lines. The act says `paper_count`.
//! In an election through an encrypted board the paper count does not replace the vote: entered
//! while it is open (once), it is added to the decrypted totals (act `election.paper_added`).

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, Tx, now_rfc3339, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::close_election::{seat_candidates, seat_order};
use super::{ElectionRow, load_election, may_manage_delegation};
use crate::domain::{CandidateId, DelegateId, ElectionId, ElectionKind, ElectionStatus};
use crate::elections::count::count_paper;
use crate::elections::result::{ElectionResult, PaperMethod, PaperResult, PaperTally, PaperTie};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct PaperLine {
    pub candidate_id: CandidateId,
    pub votes: i64,
}

/// The result of a count made on paper.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct PaperCount {
    /// Candidates with their votes, in any order (the result orders them by votes; a tie at a
    /// cut is drawn by lot, with its seed published).
    pub lines: Vec<PaperLine>,
}

async fn candidates_of(
    tx: &mut Tx,
    election_id: ElectionId,
) -> Result<Vec<(CandidateId, String)>, AppError> {
    Ok(on_tx!(tx, c => sqlx::query_as(
        "SELECT id, name FROM election_candidates WHERE election_id = $1")
        .bind(election_id).fetch_all(&mut **c).await)?)
}

/// The lines as votes per candidate: each a candidate of the election, once, with votes from 0;
/// at least one vote in all.
fn checked_lines(
    candidates: &[(CandidateId, String)],
    lines: &[PaperLine],
) -> Result<Vec<(CandidateId, u64)>, AppError> {
    let mut seen = Vec::new();
    let mut votes = Vec::new();
    for l in lines {
        let known = candidates.iter().any(|(id, _)| *id == l.candidate_id);
        let Ok(v) = u64::try_from(l.votes) else {
            return Err(AppError::invalid("lines", "dlg-error-paper-count"));
        };
        if !known || seen.contains(&l.candidate_id) {
            return Err(AppError::invalid("lines", "dlg-error-paper-count"));
        }
        seen.push(l.candidate_id);
        votes.push((l.candidate_id, v));
    }
    if lines.is_empty() || votes.iter().all(|(_, v)| *v == 0) {
        return Err(AppError::invalid("lines", "dlg-error-paper-count"));
    }
    Ok(votes)
}

/// An election through an encrypted board, while its vote is open: the hall's paper count is
/// kept (`elections.paper_lines`, once) with its act `election.paper_added`, to be added to the
/// decrypted totals (`actions::boards::election_boards::decrypted`).
async fn add_paper_lines(
    tx: &mut Tx,
    actor: &Actor,
    e: &ElectionRow,
    lines: &[PaperLine],
) -> Result<(), AppError> {
    if e.status != ElectionStatus::Voting {
        return Err(AppError::Conflict {
            key: "dlg-error-election-not-voting",
        });
    }
    checked_lines(&candidates_of(tx, e.id).await?, lines)?;
    let text = serde_json::to_string(lines).map_err(|err| AppError::Internal(err.to_string()))?;
    let set = on_tx!(tx, c => sqlx::query(
        "UPDATE elections SET paper_lines = $1 WHERE id = $2 AND paper_lines IS NULL")
        .bind(&text).bind(e.id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    if set == 0 {
        return Err(AppError::Conflict {
            key: "dlg-error-paper-added",
        });
    }
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::ElectionPaperAdded.as_str().into(),
        scope: format!("assembly:{}", e.assembly_id),
        payload: json!({"election_id": e.id, "organization_id": e.organization_id, "lines": lines}),
    })
    .await?;
    Ok(())
}

/// Returns the delegate ids (none for an encrypted election, whose paper count waits for the
/// decrypted totals).
pub async fn enter_paper_count(
    store: &Store,
    actor: &Actor,
    election_id: ElectionId,
    input: PaperCount,
) -> Result<Vec<DelegateId>, AppError> {
    let lines = input.lines;
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
    if e.kind != ElectionKind::Delegates || e.status == ElectionStatus::Closed {
        return Err(AppError::Conflict {
            key: "dlg-error-election-closed",
        });
    }
    if e.board.is_some() {
        // An encrypted election: the paper count is added to the decrypted totals.
        add_paper_lines(&mut tx, actor, &e, &lines).await?;
        tx.commit().await?;
        return Ok(Vec::new());
    }
    let cast: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM election_voters WHERE election_id = $1")
        .bind(election_id).fetch_one(&mut **c).await)?;
    if cast > 0 {
        return Err(AppError::Conflict {
            key: "dlg-error-election-has-ballots",
        });
    }
    let candidates = candidates_of(&mut tx, election_id).await?;
    let votes = checked_lines(&candidates, &lines)?;
    let titular = usize::try_from(e.titular_seats).unwrap_or(0);
    let subs = usize::try_from(e.substitute_seats).unwrap_or(0);
    let counted = count_paper(&candidates, &votes, titular, subs)?;
    let ordered = seat_order(&counted.titular, &counted.substitutes);
    // The lines as published: the elected in order, then the others by votes (then id).
    let mut published: Vec<(CandidateId, i64)> =
        lines.iter().map(|l| (l.candidate_id, l.votes)).collect();
    published.sort_by_key(|&(c, v)| {
        let place = ordered
            .iter()
            .position(|(o, _)| *o == c)
            .unwrap_or(usize::MAX);
        (place, std::cmp::Reverse(v), c)
    });
    let delegates = seat_candidates(&mut tx, actor, &e, &ordered).await?;
    let name = |id: CandidateId| {
        candidates
            .iter()
            .find(|(c, _)| *c == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let result = ElectionResult::Paper(PaperResult {
        method: PaperMethod::Paper,
        paper: published
            .iter()
            .map(|&(candidate_id, votes)| PaperTally {
                candidate_id,
                name: name(candidate_id),
                votes,
            })
            .collect(),
        ties: std::iter::once(&counted.count)
            .chain(&counted.substitute_counts)
            .flat_map(|c| {
                c.ties.iter().map(|t| PaperTie {
                    tie: t.clone(),
                    seed: c.seed.clone(),
                })
            })
            .collect(),
        titular: ordered
            .iter()
            .filter(|(_, r)| r.is_none())
            .map(|(c, _)| *c)
            .collect(),
        substitutes: ordered
            .iter()
            .filter(|(_, r)| r.is_some())
            .map(|(c, _)| *c)
            .collect(),
    });
    let text = serde_json::to_string(&result).map_err(|e| AppError::Internal(e.to_string()))?;
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE elections SET status = $1, paper_count = 1, result = $2, closed_at = $3 WHERE id = $4")
        .bind(ElectionStatus::Closed).bind(&text).bind(now_rfc3339()).bind(election_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::ElectionClosed.as_str().into(),
        scope: format!("assembly:{}", e.assembly_id),
        payload: json!({
            "election_id": election_id, "organization_id": e.organization_id, "kind": ElectionKind::Delegates,
            "paper_count": true, "result": result, "delegate_ids": delegates,
        }),
    })
    .await?;
    tx.commit().await?;
    Ok(delegates)
}
