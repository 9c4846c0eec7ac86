//! The chair closes a vote. The tally is counted with `asamblea_rules` (quorum and majority with
//! `procedure::evaluate`; choose-one and approval with `procedure::evaluate_choice`: plurality
//! or a majority of the leading option, a tie deciding nothing), stated with the numbers
//! it was decided on (seated, present, required), and put on the record. A secret vote also gets
//! the SHA-256 digest of its ballot box (lines `<ballot id> <choice>\n` sorted by ballot id), which
//! anyone can recompute from the published box. A motion or amendment that passes is adopted; an
//! adopted motion becomes the next numbered resolution of the assembly, its adopted amendments
//! merged into its text (`asamblea_rules::amendments`).

use crate::domain::ActKind;
use asamblea_rules::amendments::{Amendment, final_text};
use asamblea_rules::procedure::{YesNoAbstain, evaluate, evaluate_choice};
use asamblea_rules::weights::{Choice, tally_options, tally_yes_no};
use asamblea_store::{SecretTables, Store, Tx, now_rfc3339, on_tx};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::rows::{VoteRow, act, check_version, require_chair, vote};
use crate::actions::federation::set_federation::settings_tx;
use crate::domain::VoteWeight;
use crate::domain::{
    AmendmentOp, AssemblyId, ItemId, MotionId, MotionStatus, QuorumBasis, QuorumRule, ResolutionId,
    SessionId, VoteId, VoteMajority, VoteMethod, VoteStatus, VoteSubject, YesNoAbstainChoice,
};
use crate::queries::delegates::quorum_base::quorum_base_tx;
use crate::{Actor, AppError};

/// The result of a yes/no/abstain vote, as stored with the vote and put on the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct YesNoResult {
    /// Always `yes_no`.
    pub method: VoteMethod,
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
    /// Ballots cast.
    pub voted: u64,
    /// Ballots a teller entered.
    pub by_teller: i64,
    /// The members the quorum is counted over (see `quorum_basis`), and the accredited titular
    /// voting delegates present.
    pub seated: i64,
    pub present: i64,
    pub quorum: QuorumRule,
    /// What `seated` counts (the assembly's setting when the vote closed).
    #[serde(default = "QuorumBasis::before_setting")]
    pub quorum_basis: QuorumBasis,
    pub quorum_required: u64,
    pub quorum_met: bool,
    pub majority: VoteMajority,
    /// The size of the majority's base (votes cast, voting, present or seated).
    pub base: u64,
    /// Yes votes needed to pass with these numbers.
    pub required_yes: u64,
    pub passed: bool,
}

/// The result of a vote among options (choose one, or approval).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ChoiceResult {
    pub method: VoteMethod,
    pub options: Vec<String>,
    /// Votes for each option, in the order of `options`.
    pub counts: Vec<u32>,
    /// The option (index) that won, if the vote passed.
    pub winner: Option<usize>,
    /// The option with strictly more votes than every other, if there is one.
    pub leader: Option<usize>,
    /// The options tied for the most votes (then there is no leader).
    pub tied: Vec<usize>,
    pub voted: u64,
    pub by_teller: i64,
    pub seated: i64,
    pub present: i64,
    pub quorum: QuorumRule,
    /// What `seated` counts (the assembly's setting when the vote closed).
    #[serde(default = "QuorumBasis::before_setting")]
    pub quorum_basis: QuorumBasis,
    pub quorum_required: u64,
    pub quorum_met: bool,
    pub majority: VoteMajority,
    /// The size of the majority's base; none for a plurality.
    pub base: Option<u64>,
    /// Votes the leading option needed.
    pub required: u64,
    pub passed: bool,
}

/// The result of a closed vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum VoteResult {
    YesNo(YesNoResult),
    Choice(ChoiceResult),
}

impl VoteResult {
    pub fn passed(&self) -> bool {
        match self {
            VoteResult::YesNo(r) => r.passed,
            VoteResult::Choice(r) => r.passed,
        }
    }
    pub fn quorum_met(&self) -> bool {
        match self {
            VoteResult::YesNo(r) => r.quorum_met,
            VoteResult::Choice(r) => r.quorum_met,
        }
    }
    /// Accredited titular voting delegates present at the close.
    pub fn present(&self) -> i64 {
        match self {
            VoteResult::YesNo(r) => r.present,
            VoteResult::Choice(r) => r.present,
        }
    }
    /// The members the quorum was counted over.
    pub fn seated(&self) -> i64 {
        match self {
            VoteResult::YesNo(r) => r.seated,
            VoteResult::Choice(r) => r.seated,
        }
    }
    /// What `seated` counts.
    pub fn quorum_basis(&self) -> QuorumBasis {
        match self {
            VoteResult::YesNo(r) => r.quorum_basis,
            VoteResult::Choice(r) => r.quorum_basis,
        }
    }
    /// Delegates that had to be present.
    pub fn quorum_required(&self) -> u64 {
        match self {
            VoteResult::YesNo(r) => r.quorum_required,
            VoteResult::Choice(r) => r.quorum_required,
        }
    }
}

/// What closing a vote decided.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VoteClosed {
    /// The result; none while an encrypted vote waits for its trustees (`counting`).
    pub result: Option<VoteResult>,
    pub passed: bool,
    /// The number of the resolution the vote adopted, if any.
    pub resolution: Option<i64>,
    /// Closed to ballots, its encrypted tally published: waiting for `t` trustees' decryption
    /// shares before the result is recorded (an encrypted secret vote).
    #[serde(default)]
    pub counting: bool,
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

/// Seated and present in ballot units. Where a delegation votes with its seats: the plan's seats,
/// and the seats of the delegations with someone present. Otherwise the quorum base's numbers,
/// the present counting also the standing proxies of absent delegators held by present delegates
/// (their votes come with the holder's ballot).
async fn weighted_base(
    tx: &mut Tx,
    assembly: AssemblyId,
    members: i64,
    present: i64,
) -> Result<(i64, i64), AppError> {
    let settings = settings_tx(tx, assembly).await?;
    if settings.vote_weight == VoteWeight::Delegation {
        let (seats, present_seats): (i64, i64) = on_tx!(tx, c => sqlx::query_as(
            "SELECT CAST(COALESCE(SUM(s.seats), 0) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN EXISTS ( \
               SELECT 1 FROM delegates d JOIN attendance t ON t.delegate_id = d.id AND t.assembly_id = d.assembly_id \
               WHERE d.assembly_id = s.assembly_id AND d.organization_id = s.organization_id AND d.status = 'accredited' \
               AND d.seat_kind = 'voting') THEN s.seats ELSE 0 END), 0) AS BIGINT) \
             FROM seat_allocations s WHERE s.assembly_id = $1")
            .bind(assembly).fetch_one(&mut **c).await)?;
        return Ok((seats.max(present_seats), present_seats));
    }
    let carried: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM proxies p WHERE p.assembly_id = $1 AND p.revoked_at IS NULL \
         AND EXISTS (SELECT 1 FROM attendance t WHERE t.assembly_id = p.assembly_id AND t.delegate_id = p.holder_id) \
         AND NOT EXISTS (SELECT 1 FROM attendance t WHERE t.assembly_id = p.assembly_id AND t.delegate_id = p.delegator_id)")
        .bind(assembly).fetch_one(&mut **c).await)?;
    let present = present + carried;
    Ok((members.max(present), present))
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(e.to_string())
}

/// What the close fixed besides the ballots: the quorum's numbers and who voted through a
/// teller. An encrypted vote keeps it (`votes.counting`) until its trustees have decrypted.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Base {
    pub seated: i64,
    pub present: i64,
    pub by_teller: i64,
    pub quorum_basis: QuorumBasis,
    /// An encrypted vote: the trustees whose shares decrypt its tally.
    #[serde(default)]
    pub trustees_needed: u32,
}

/// The counts a vote is decided on.
pub(crate) enum Counts {
    YesNo(YesNoAbstain),
    /// Per option, and the number of ballots (in units of one).
    Options {
        votes: Vec<u32>,
        ballots: u32,
    },
}

pub async fn close_vote(
    store: &Store,
    actor: &Actor,
    vote_id: VoteId,
    version: Option<i64>,
) -> Result<VoteClosed, AppError> {
    let mut tx = store.begin().await?;
    let v = vote(&mut tx, vote_id).await?;
    require_chair(&mut tx, actor, v.assembly_id).await?;
    if v.status != VoteStatus::Open {
        return Err(AppError::Conflict {
            key: "error-ses-vote-closed",
        });
    }
    check_version(version, v.version)?;
    let qb = quorum_base_tx(&mut tx, v.assembly_id).await?;
    // Seated and present in the units ballots weigh (`weighted_base`).
    let (seated, present) = weighted_base(&mut tx, v.assembly_id, qb.members, qb.present).await?;
    let by_teller: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM vote_casts WHERE vote_id = $1 AND by_teller = 1")
        .bind(v.id).fetch_one(&mut **c).await)?;
    let base = Base {
        seated,
        present,
        by_teller,
        quorum_basis: qb.basis,
        trustees_needed: 0,
    };
    let secret = v.secret;
    if let Some(board) = &v.board {
        // Encrypted: the tally is published, the trustees decrypt it (`decrypted`).
        let trustees_needed =
            crate::actions::boards::session_boards::publish_tally(&mut tx, board).await?;
        let base = Base {
            trustees_needed,
            ..base
        };
        let counting = serde_json::to_string(&base).map_err(internal)?;
        on_tx!(&mut tx, c => sqlx::query(
            "UPDATE votes SET status = 'closed', closed_at = $1, counting = $2, version = version + 1 WHERE id = $3")
            .bind(now_rfc3339()).bind(&counting).bind(v.id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
        bump_item(&mut tx, v.item_id).await?;
        tx.append(act(
            actor,
            ActKind::VoteCounting,
            v.assembly_id,
            json!({"vote_id": v.id, "board": board, "seated": seated, "present": present,
                   "quorum_basis": base.quorum_basis, "trustees_needed": trustees_needed}),
        ))
        .await?;
        tx.commit().await?;
        return Ok(VoteClosed {
            result: None,
            passed: false,
            resolution: None,
            counting: true,
        });
    }
    let (choices, digest): (Vec<(String, i64)>, Option<String>) = if secret {
        // Every ballot in the box weighs one (a heavier ballot went in as several).
        let box_: Vec<(String, String)> = on_tx!(&mut tx, c => sqlx::query_as(
            "SELECT ballot_id, choice FROM secret_ballots WHERE vote_id = $1 ORDER BY ballot_id")
            .bind(v.id).fetch_all(&mut **c).await)?;
        let d = ballot_box_digest(&box_);
        (box_.into_iter().map(|(_, c)| (c, 1)).collect(), Some(d))
    } else {
        let rows: Vec<(Option<String>, i64)> = on_tx!(&mut tx, c => sqlx::query_as(
            "SELECT choice, weight FROM vote_casts WHERE vote_id = $1")
            .bind(v.id).fetch_all(&mut **c).await)?;
        (
            rows.into_iter()
                .filter_map(|(c, w)| c.map(|c| (c, w)))
                .collect(),
            None,
        )
    };
    let voted = choices.len() as u64;
    let counts = if v.method == VoteMethod::YesNo {
        let ballots: Vec<(Choice, i64)> = choices
            .iter()
            .map(|(c, w)| {
                let choice = match c.parse::<YesNoAbstainChoice>() {
                    Ok(YesNoAbstainChoice::Yes) => Choice::Yes,
                    Ok(YesNoAbstainChoice::No) => Choice::No,
                    _ => Choice::Abstain,
                };
                (choice, *w)
            })
            .collect();
        Counts::YesNo(tally_yes_no(&ballots).map_err(internal)?)
    } else {
        let ballots: Vec<(Vec<usize>, i64)> = choices
            .iter()
            .map(|(c, w)| {
                (
                    c.split(',')
                        .filter_map(|p| p.parse::<usize>().ok())
                        .collect(),
                    *w,
                )
            })
            .collect();
        let (votes, ballots) = tally_options(v.option_list().len(), &ballots).map_err(internal)?;
        Counts::Options { votes, ballots }
    };
    let closed = record_result(&mut tx, actor, &v, &base, counts, voted, digest).await?;
    tx.commit().await?;
    if secret {
        // The votes are counted and published; now the tables forget the order they came in.
        if let Err(err) = store
            .forget_write_order(SecretTables::SessionVote(vote_id.get()))
            .await
        {
            tracing::warn!(%err, vote_id = vote_id.get(), "could not rewrite the ballot box in key order");
        }
    }
    Ok(closed)
}

async fn bump_item(tx: &mut Tx, item: Option<ItemId>) -> Result<(), AppError> {
    if let Some(iid) = item {
        on_tx!(tx, c => sqlx::query("UPDATE agenda_items SET version = version + 1 WHERE id = $1")
            .bind(iid).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Decides the vote from its counts with the rules of `asamblea_rules`, stores the result (and
/// the box's digest), appends `vote.closed` and decides its motion: when the chair closes it,
/// or (an encrypted vote) when the `t`-th trustee's decryption share came in.
pub(crate) async fn record_result(
    tx: &mut Tx,
    actor: &Actor,
    v: &VoteRow,
    base: &Base,
    counts: Counts,
    voted: u64,
    digest: Option<String>,
) -> Result<VoteClosed, AppError> {
    let quorum = v.quorum.rule();
    let seated_u = u32::try_from(base.seated).map_err(internal)?;
    let present_u = u32::try_from(base.present).map_err(internal)?;
    let (seated, present, by_teller) = (base.seated, base.present, base.by_teller);
    let result = match counts {
        Counts::YesNo(t) => {
            let majority = v
                .majority
                .rule()
                .ok_or_else(|| internal("a yes/no vote decided by plurality"))?;
            let o = evaluate(&t, seated_u, present_u, majority, quorum).map_err(internal)?;
            VoteResult::YesNo(YesNoResult {
                method: v.method,
                yes: t.yes,
                no: t.no,
                abstain: t.abstain,
                voted,
                by_teller,
                seated,
                present,
                quorum: v.quorum,
                quorum_basis: base.quorum_basis,
                quorum_required: o.quorum_required,
                quorum_met: o.quorum_met,
                majority: v.majority,
                base: o.base,
                required_yes: o.required_yes,
                passed: o.passed,
            })
        }
        Counts::Options { votes, ballots } => {
            let o = evaluate_choice(
                &votes,
                ballots,
                seated_u,
                present_u,
                v.majority.rule(),
                quorum,
            )
            .map_err(internal)?;
            VoteResult::Choice(ChoiceResult {
                method: v.method,
                options: v.option_list(),
                counts: votes,
                winner: o.passed.then_some(o.leader).flatten(),
                leader: o.leader,
                tied: o.tied,
                voted,
                by_teller,
                seated,
                present,
                quorum: v.quorum,
                quorum_basis: base.quorum_basis,
                quorum_required: o.quorum_required,
                quorum_met: o.quorum_met,
                majority: v.majority,
                base: o.base,
                required: o.required,
                passed: o.passed,
            })
        }
    };
    let passed = result.passed();
    let now = now_rfc3339();
    let result_text = serde_json::to_string(&result).map_err(internal)?;
    on_tx!(tx, c => sqlx::query(
        "UPDATE votes SET status = 'closed', closed_at = COALESCE(closed_at, $1), result = $2, digest = $3, \
         counting = NULL, version = version + 1 WHERE id = $4")
        .bind(&now).bind(&result_text).bind(&digest).bind(v.id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    bump_item(tx, v.item_id).await?;
    let mut payload =
        json!({"vote_id": v.id, "result": result, "secret": v.secret, "digest": digest});
    if let Some(board) = &v.board {
        payload["board"] = json!(board);
    }
    tx.append(act(actor, ActKind::VoteClosed, v.assembly_id, payload))
        .await?;
    let mut resolution = None;
    if let (Some(mid), VoteSubject::Motion) = (v.motion_id, v.subject) {
        resolution =
            decide_motion(tx, actor, v.assembly_id, v.session_id, mid, passed, &now).await?;
    }
    Ok(VoteClosed {
        result: Some(result),
        passed,
        resolution,
        counting: false,
    })
}

async fn decide_motion(
    tx: &mut Tx,
    actor: &Actor,
    assembly_id: AssemblyId,
    session_id: SessionId,
    motion_id: MotionId,
    passed: bool,
    now: &str,
) -> Result<Option<i64>, AppError> {
    let status = if passed {
        MotionStatus::Adopted
    } else {
        MotionStatus::Rejected
    };
    on_tx!(tx, c => sqlx::query(
        "UPDATE motions SET status = $1, version = version + 1, \
         adopted_seq = CASE WHEN $1 = 'adopted' THEN (SELECT CAST(COALESCE(MAX(adopted_seq), 0) + 1 AS BIGINT) FROM motions WHERE session_id = $2) ELSE NULL END \
         WHERE id = $3")
        .bind(status).bind(session_id).bind(motion_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    let (parent, title, body, item_id): (Option<MotionId>, String, String, ItemId) = on_tx!(tx, c => sqlx::query_as(
        "SELECT parent_id, title, body, item_id FROM motions WHERE id = $1")
        .bind(motion_id).fetch_one(&mut **c).await)?;
    tx.append(act(
        actor,
        if passed {
            ActKind::MotionAdopted
        } else {
            ActKind::MotionRejected
        },
        assembly_id,
        json!({"motion_id": motion_id}),
    ))
    .await?;
    if !passed || parent.is_some() {
        return Ok(None);
    }
    // The item's adopted amendments; the merge keeps those that reach this motion.
    let rows: Vec<(MotionId, MotionId, AmendmentOp, i64, String, i64)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id, parent_id, op, paragraph, body, CAST(COALESCE(adopted_seq, 0) AS BIGINT) FROM motions \
         WHERE item_id = $1 AND parent_id IS NOT NULL AND status = 'adopted' AND op IS NOT NULL AND paragraph IS NOT NULL")
        .bind(item_id).fetch_all(&mut **c).await)?;
    let amendments: Vec<Amendment<MotionId>> = rows
        .into_iter()
        .filter_map(|(id, p, op, n, text, seq)| {
            Some(Amendment {
                id,
                parent: if p == motion_id { None } else { Some(p) },
                op: op.rule(),
                paragraph: usize::try_from(n).ok()?,
                text,
                adopted: true,
                seq,
            })
        })
        .collect();
    let final_body = final_text(&body, &amendments);
    let number: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT CAST(COALESCE(MAX(number), 0) + 1 AS BIGINT) FROM resolutions WHERE assembly_id = $1")
        .bind(assembly_id).fetch_one(&mut **c).await)?;
    let rid: ResolutionId = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO resolutions (assembly_id, number, motion_id, session_id, title, body, adopted_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
        .bind(assembly_id).bind(number).bind(motion_id).bind(session_id).bind(&title).bind(&final_body)
        .bind(now).fetch_one(&mut **c).await)?;
    tx.append(act(
        actor,
        ActKind::ResolutionAdopted,
        assembly_id,
        json!({"resolution_id": rid, "number": number, "motion_id": motion_id, "title": title, "text": final_body}),
    ))
    .await?;
    Ok(Some(number))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(ballot_box_digest(&a), ballot_box_digest(&b));
        assert_eq!(ballot_box_digest(&[]).len(), 64);
    }

    #[test]
    fn results_read_back_as_their_kind() {
        let yes_no = r#"{"method":"yes_no","yes":3,"no":1,"abstain":0,"voted":4,"by_teller":0,
            "seated":10,"present":6,"quorum":"more-than-half","quorum_required":6,"quorum_met":true,
            "majority":"simple","base":4,"required_yes":3,"passed":true}"#;
        let r: VoteResult = serde_json::from_str(yes_no).unwrap();
        assert!(matches!(r, VoteResult::YesNo(_)) && r.passed());
        let choice = r#"{"method":"choose_one","options":["A","B"],"counts":[2,2],"winner":null,
            "leader":null,"tied":[0,1],"voted":4,"by_teller":0,"seated":10,"present":6,
            "quorum":"more-than-half","quorum_required":6,"quorum_met":true,"majority":"plurality",
            "base":null,"required":1,"passed":false}"#;
        let r: VoteResult = serde_json::from_str(choice).unwrap();
        assert!(matches!(r, VoteResult::Choice(_)) && !r.passed());
        // A result stored before the quorum basis was a setting was counted over the accredited.
        assert_eq!(r.quorum_basis(), QuorumBasis::Accredited);
        // Written back, a result has the same fields it was read from, and its basis.
        let back: serde_json::Value = serde_json::to_value(&r).unwrap();
        let mut orig: serde_json::Value = serde_json::from_str(choice).unwrap();
        orig["quorum_basis"] = "accredited".into();
        assert_eq!(back, orig);
    }
}
