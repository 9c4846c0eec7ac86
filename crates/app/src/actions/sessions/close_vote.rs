//! The chair closes a vote. The tally is counted with `asamblea_rules` (quorum and majority with
//! `procedure::evaluate`; choose-one and approval with `procedure::evaluate_choice`: plurality
//! or a majority of the leading option, a tie deciding nothing), stated with the numbers
//! it was decided on (seated, present, required), and put on the record. A secret vote also gets
//! the SHA-256 digest of its ballot box (lines `<ballot id> <choice>\n` sorted by ballot id), which
//! anyone can recompute from the published box. A motion or amendment that passes is adopted; an
//! adopted motion becomes the next numbered resolution of the assembly, its adopted amendments
//! merged into its text.

use std::str::FromStr;

use asamblea_rules::procedure::{Majority, YesNoAbstain, evaluate, evaluate_choice};
use asamblea_store::{SecretTables, Store, Tx, now_rfc3339, on_tx};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::cast_vote::vote_row;
use super::common::{act, check_version, require_chair};
use super::open_vote::{parse_choice_majority, parse_quorum};
use super::text::{Amendment, Op, final_text};
use crate::{Actor, AppError};

/// What closing a vote decided.
#[derive(Debug, Clone)]
pub struct Closed {
    pub result: Value,
    pub passed: bool,
    /// The number of the resolution the vote adopted, if any.
    pub resolution: Option<i64>,
}

/// Seated voting delegates of the assembly, and how many of them are present.
pub(crate) async fn seated_present(tx: &mut Tx, assembly_id: i64) -> Result<(i64, i64), AppError> {
    let row: (i64, i64) = on_tx!(tx, c => sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN a.delegate_id IS NULL THEN 0 ELSE 1 END), 0) AS BIGINT) \
         FROM delegates d LEFT JOIN attendance a ON a.delegate_id = d.id AND a.assembly_id = d.assembly_id \
         WHERE d.assembly_id = $1 AND d.status = 'accredited' AND d.position = 'titular' AND d.seat_kind = 'voting'")
        .bind(assembly_id).fetch_one(&mut **c).await)?;
    Ok(row)
}

/// The digest of a ballot box: SHA-256 over `<ballot id> <choice>\n` lines sorted by ballot id.
pub fn ballot_box_digest(ballots: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = ballots.iter().collect();
    sorted.sort();
    let mut h = Sha256::new();
    for (id, choice) in sorted {
        h.update(format!("{id} {choice}\n").as_bytes());
    }
    hex::encode(h.finalize())
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(e.to_string())
}

pub async fn close_vote(
    store: &Store,
    actor: &Actor,
    vote_id: i64,
    version: Option<i64>,
) -> Result<Closed, AppError> {
    let mut tx = store.begin().await?;
    let v = vote_row(&mut tx, vote_id).await?;
    require_chair(&mut tx, actor, v.assembly_id).await?;
    if v.status != "open" {
        return Err(AppError::Conflict {
            key: "error-ses-vote-closed",
        });
    }
    check_version(version, v.version)?;
    let (seated, present) = seated_present(&mut tx, v.assembly_id).await?;
    let secret = v.secret == 1;
    let (choices, digest): (Vec<String>, Option<String>) = if secret {
        let box_: Vec<(String, String)> = on_tx!(&mut tx, c => sqlx::query_as(
            "SELECT ballot_id, choice FROM secret_ballots WHERE vote_id = $1 ORDER BY ballot_id")
            .bind(v.id).fetch_all(&mut **c).await)?;
        let d = ballot_box_digest(&box_);
        (box_.into_iter().map(|(_, c)| c).collect(), Some(d))
    } else {
        let rows: Vec<(Option<String>,)> = on_tx!(&mut tx, c => sqlx::query_as(
            "SELECT choice FROM vote_casts WHERE vote_id = $1")
            .bind(v.id).fetch_all(&mut **c).await)?;
        (rows.into_iter().filter_map(|(c,)| c).collect(), None)
    };
    let by_teller: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM vote_casts WHERE vote_id = $1 AND by_teller = 1")
        .bind(v.id).fetch_one(&mut **c).await)?;
    let quorum = parse_quorum(&v.quorum).ok_or_else(|| internal("bad quorum"))?;
    let seated_u = u32::try_from(seated).map_err(internal)?;
    let present_u = u32::try_from(present).map_err(internal)?;
    let (result, passed) = if v.method == "yes_no" {
        let mut t = YesNoAbstain::default();
        for c in &choices {
            match c.as_str() {
                "yes" => t.yes += 1,
                "no" => t.no += 1,
                _ => t.abstain += 1,
            }
        }
        let majority = Majority::from_str(&v.majority).map_err(internal)?;
        let o = evaluate(&t, seated_u, present_u, majority, quorum).map_err(internal)?;
        (
            json!({"method": "yes_no", "yes": t.yes, "no": t.no, "abstain": t.abstain,
                   "voted": choices.len(), "by_teller": by_teller, "seated": seated, "present": present,
                   "quorum": v.quorum, "quorum_required": o.quorum_required, "quorum_met": o.quorum_met,
                   "majority": v.majority, "base": o.base, "required_yes": o.required_yes, "passed": o.passed}),
            o.passed,
        )
    } else {
        let options: Vec<String> = serde_json::from_str(&v.options).map_err(internal)?;
        let mut counts = vec![0u32; options.len()];
        for c in &choices {
            for i in c.split(',').filter_map(|p| p.parse::<usize>().ok()) {
                if let Some(n) = counts.get_mut(i) {
                    *n += 1;
                }
            }
        }
        let majority =
            parse_choice_majority(&v.majority).ok_or_else(|| internal("bad majority"))?;
        let ballots = u32::try_from(choices.len()).map_err(internal)?;
        let o = evaluate_choice(&counts, ballots, seated_u, present_u, majority, quorum)
            .map_err(internal)?;
        (
            json!({"method": v.method, "options": options, "counts": counts, "winner": o.passed.then_some(o.leader).flatten(),
                   "leader": o.leader, "tied": o.tied,
                   "voted": choices.len(), "by_teller": by_teller, "seated": seated, "present": present,
                   "quorum": v.quorum, "quorum_required": o.quorum_required, "quorum_met": o.quorum_met,
                   "majority": v.majority, "base": o.base, "required": o.required, "passed": o.passed}),
            o.passed,
        )
    };
    let now = now_rfc3339();
    let result_text = serde_json::to_string(&result).map_err(internal)?;
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE votes SET status = 'closed', closed_at = $1, result = $2, digest = $3, version = version + 1 WHERE id = $4")
        .bind(&now).bind(&result_text).bind(&digest).bind(v.id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    if let Some(iid) = v.item_id {
        on_tx!(&mut tx, c => sqlx::query("UPDATE agenda_items SET version = version + 1 WHERE id = $1")
            .bind(iid).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    }
    tx.append(act(
        actor,
        "vote.closed",
        v.assembly_id,
        json!({"vote_id": v.id, "result": result, "secret": secret, "digest": digest}),
    ))
    .await?;
    let mut resolution = None;
    if let (Some(mid), "motion") = (v.motion_id, v.subject.as_str()) {
        resolution = decide_motion(
            &mut tx,
            actor,
            v.assembly_id,
            v.session_id,
            mid,
            passed,
            &now,
        )
        .await?;
    }
    tx.commit().await?;
    if secret {
        // The votes are counted and published; now the tables forget the order they came in.
        if let Err(err) = store.forget_write_order(SecretTables::SessionVotes).await {
            tracing::warn!(%err, vote_id, "could not rewrite the ballot box in key order");
        }
    }
    Ok(Closed {
        result,
        passed,
        resolution,
    })
}

async fn decide_motion(
    tx: &mut Tx,
    actor: &Actor,
    assembly_id: i64,
    session_id: i64,
    motion_id: i64,
    passed: bool,
    now: &str,
) -> Result<Option<i64>, AppError> {
    let status = if passed { "adopted" } else { "rejected" };
    on_tx!(tx, c => sqlx::query(
        "UPDATE motions SET status = $1, version = version + 1, \
         adopted_seq = CASE WHEN $1 = 'adopted' THEN (SELECT CAST(COALESCE(MAX(adopted_seq), 0) + 1 AS BIGINT) FROM motions WHERE session_id = $2) ELSE NULL END \
         WHERE id = $3")
        .bind(status).bind(session_id).bind(motion_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    let (parent, title, body, item_id): (Option<i64>, String, String, i64) = on_tx!(tx, c => sqlx::query_as(
        "SELECT parent_id, title, body, item_id FROM motions WHERE id = $1")
        .bind(motion_id).fetch_one(&mut **c).await)?;
    tx.append(act(
        actor,
        if passed {
            "motion.adopted"
        } else {
            "motion.rejected"
        },
        assembly_id,
        json!({"motion_id": motion_id}),
    ))
    .await?;
    if !passed || parent.is_some() {
        return Ok(None);
    }
    let rows: Vec<(i64, i64, String, i64, String, i64)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id, parent_id, op, paragraph, body, CAST(COALESCE(adopted_seq, 0) AS BIGINT) FROM motions \
         WHERE item_id = $1 AND parent_id IS NOT NULL AND status = 'adopted' AND op IS NOT NULL AND paragraph IS NOT NULL")
        .bind(item_id).fetch_all(&mut **c).await)?;
    let amendments: Vec<Amendment> = rows
        .into_iter()
        .filter_map(|(id, p, op, n, text, seq)| {
            Some(Amendment {
                id,
                parent: if p == motion_id { None } else { Some(p) },
                op: Op::parse(&op)?,
                paragraph: usize::try_from(n).ok()?,
                text,
                adopted: true,
                seq,
            })
        })
        .collect();
    let amendments = reachable(&amendments, motion_id);
    let final_body = final_text(&body, &amendments);
    let number: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT CAST(COALESCE(MAX(number), 0) + 1 AS BIGINT) FROM resolutions WHERE assembly_id = $1")
        .bind(assembly_id).fetch_one(&mut **c).await)?;
    let rid: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO resolutions (assembly_id, number, motion_id, session_id, title, body, adopted_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
        .bind(assembly_id).bind(number).bind(motion_id).bind(session_id).bind(&title).bind(&final_body)
        .bind(now).fetch_one(&mut **c).await)?;
    tx.append(act(
        actor,
        "resolution.adopted",
        assembly_id,
        json!({"resolution_id": rid, "number": number, "motion_id": motion_id, "title": title, "text": final_body}),
    ))
    .await?;
    Ok(Some(number))
}

/// The amendments that reach the motion (directly, or through adopted amendments).
fn reachable(all: &[Amendment], _motion_id: i64) -> Vec<Amendment> {
    let mut keep: Vec<Amendment> = all.iter().filter(|a| a.parent.is_none()).cloned().collect();
    loop {
        let ids: Vec<i64> = keep.iter().map(|a| a.id).collect();
        let more: Vec<Amendment> = all
            .iter()
            .filter(|a| a.parent.is_some_and(|p| ids.contains(&p)) && !ids.contains(&a.id))
            .cloned()
            .collect();
        if more.is_empty() {
            return keep;
        }
        keep.extend(more);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn digest_is_order_free() {
        let a = vec![
            ("b".to_string(), "yes".to_string()),
            ("a".to_string(), "no".to_string()),
        ];
        let b = vec![
            ("a".to_string(), "no".to_string()),
            ("b".to_string(), "yes".to_string()),
        ];
        assert_eq!(super::ballot_box_digest(&a), super::ballot_box_digest(&b));
        assert_eq!(super::ballot_box_digest(&[]).len(), 64);
    }
}
