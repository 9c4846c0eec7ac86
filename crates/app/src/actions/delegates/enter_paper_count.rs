//! The secretary enters the result of a count made on paper (in the hall, by show of hands or with
//! paper ballots): the candidates in order with their vote totals. The first ones (as many as
//! titular seats) become delegates, the next ones ranked substitutes. The act says `paper_count`.

use asamblea_record::NewAct;
use asamblea_store::{Store, now_rfc3339, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::close_election::seat_candidates;
use super::{acts_for_organization, load_election};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct PaperLine {
    pub candidate_id: i64,
    pub votes: i64,
}

/// `lines`: the candidates in the order of the result, best first. Returns the delegate ids.
pub async fn enter_paper_count(
    store: &Store,
    actor: &Actor,
    election_id: i64,
    lines: Vec<PaperLine>,
) -> Result<Vec<i64>, AppError> {
    if actor.account().is_none() {
        return Err(AppError::Unauthorized {
            key: "error-login-required",
        });
    }
    let mut tx = store.begin().await?;
    let e = load_election(&mut tx, election_id).await?;
    if !acts_for_organization(actor, e.organization_id) {
        return Err(AppError::Forbidden);
    }
    if e.kind != "delegates" || e.status == "closed" {
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
    let candidates: Vec<(i64, String)> = on_tx!(&mut tx, c => sqlx::query_as(
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
    let ordered: Vec<(i64, Option<i64>)> = lines
        .iter()
        .take(titular + subs)
        .enumerate()
        .map(|(i, l)| {
            let rank = (i >= titular).then(|| (i - titular) as i64 + 1);
            (l.candidate_id, rank)
        })
        .collect();
    let delegates = seat_candidates(&mut tx, actor, &e, &ordered).await?;
    let name = |id: i64| {
        candidates
            .iter()
            .find(|(c, _)| *c == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let result = json!({
        "method": "paper",
        "paper": lines.iter().map(|l| json!({"candidate_id": l.candidate_id, "name": name(l.candidate_id), "votes": l.votes})).collect::<Vec<_>>(),
        "titular": ordered.iter().filter(|(_, r)| r.is_none()).map(|(c, _)| *c).collect::<Vec<_>>(),
        "substitutes": ordered.iter().filter(|(_, r)| r.is_some()).map(|(c, _)| *c).collect::<Vec<_>>(),
    });
    let text = serde_json::to_string(&result).map_err(|e| AppError::Internal(e.to_string()))?;
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE elections SET status = 'closed', paper_count = 1, result = $1, closed_at = $2 WHERE id = $3")
        .bind(&text).bind(now_rfc3339()).bind(election_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: "election.closed".into(),
        scope: format!("assembly:{}", e.assembly_id),
        payload: json!({
            "election_id": election_id, "organization_id": e.organization_id, "kind": "delegates",
            "paper_count": true, "result": result, "delegate_ids": delegates,
        }),
    })
    .await?;
    tx.commit().await?;
    Ok(delegates)
}
