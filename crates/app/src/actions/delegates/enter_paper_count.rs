//! The secretary enters the result of a count made on paper (in the hall, by show of hands or with
//! paper ballots): the candidates in order with their vote totals. The first ones (as many as
//! titular seats) become delegates, the next ones ranked substitutes. The act says `paper_count`.

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, now_rfc3339, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::close_election::seat_candidates;
use super::{load_election, may_manage_delegation};
use crate::domain::{CandidateId, DelegateId, ElectionId, ElectionKind, ElectionStatus};
use crate::elections::result::{ElectionResult, PaperMethod, PaperResult, PaperTally};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct PaperLine {
    pub candidate_id: CandidateId,
    pub votes: i64,
}

/// The result of a count made on paper.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct PaperCount {
    /// Candidates in the order of the result, best first, with their votes.
    pub lines: Vec<PaperLine>,
}

/// Returns the delegate ids.
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
    let cast: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM election_voters WHERE election_id = $1")
        .bind(election_id).fetch_one(&mut **c).await)?;
    if cast > 0 {
        return Err(AppError::Conflict {
            key: "dlg-error-election-has-ballots",
        });
    }
    let candidates: Vec<(CandidateId, String)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT id, name FROM election_candidates WHERE election_id = $1")
        .bind(election_id).fetch_all(&mut **c).await)?;
    let mut seen = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let known = candidates.iter().any(|(id, _)| *id == l.candidate_id);
        let ordered = i == 0 || lines[i - 1].votes >= l.votes;
        if !known || seen.contains(&l.candidate_id) || l.votes < 0 || !ordered {
            return Err(AppError::invalid("lines", "dlg-error-paper-count"));
        }
        seen.push(l.candidate_id);
    }
    if lines.is_empty() {
        return Err(AppError::invalid("lines", "dlg-error-paper-count"));
    }
    let titular = usize::try_from(e.titular_seats).unwrap_or(0);
    let subs = usize::try_from(e.substitute_seats).unwrap_or(0);
    let ordered: Vec<(CandidateId, Option<i64>)> = lines
        .iter()
        .take(titular + subs)
        .enumerate()
        .map(|(i, l)| {
            let rank = (i >= titular).then(|| (i - titular) as i64 + 1);
            (l.candidate_id, rank)
        })
        .collect();
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
        paper: lines
            .iter()
            .map(|l| PaperTally {
                candidate_id: l.candidate_id,
                name: name(l.candidate_id),
                votes: l.votes,
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
