//! A member casts a secret ballot with their one-time voting code.
//!
//! In one transaction: the code is resolved to (election, member); a row in `election_voters`
//! marks the member as having voted (its primary key refuses a second ballot, even from two tabs
//! at once); the ballot goes into `ballots` under a random 128-bit key, with no voter, no time and
//! no sequence. No act is appended per ballot (the time of an act would link it to a voter); the
//! close records the number of voters and the digest of the ballot box.

use asamblea_store::{Store, on_tx};
use serde::Deserialize;

use super::random_id;
use crate::AppError;
use crate::cast_receipts::{self, Receipt};
use crate::domain::{
    CandidateId, ElectionId, ElectionKind, ElectionMethod, ElectionStatus, MemberId, RecallChoice,
};
use crate::elections::ballot_box::{BLANK, ranking_text};
use crate::secrets::{digest, normalize_card_code};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct CastBallot {
    /// The one-time voting code.
    pub code: String,
    /// Candidate ids in order of preference (plurality: up to the number of seats; approval: every
    /// approved candidate), `["blank"]` for a blank ballot (elections of delegates), or
    /// `["yes"]` / `["no"]` in a recall vote.
    pub choices: Vec<String>,
    /// An idempotency key (16 to 128 letters, digits, `-`, `_`; a fresh one per ballot): sent
    /// again with the same code after a lost answer, it gets the same receipt instead of
    /// "already voted".
    #[serde(default)]
    pub cast_key: Option<String>,
}

/// Returns the receipt (the election's id; `again` if this key's ballot was recorded before).
/// There is no actor: the code is the voter's only credential, and nothing ties it to the ballot.
/// Wrong codes are throttled per `address` (growing delays, `crate::throttle`).
pub async fn cast_ballot(
    store: &Store,
    input: CastBallot,
    address: &str,
) -> Result<Receipt, AppError> {
    let cast_key = cast_receipts::parse_key(input.cast_key.as_deref())?;
    let code = normalize_card_code(&input.code);
    if code.len() != 12 {
        return Err(AppError::Unauthorized {
            key: "dlg-error-voting-code",
        });
    }
    let subject = crate::throttle::Subject::Code { address };
    let mut tx = store.begin().await?;
    crate::throttle::check(&mut tx, &subject).await?;
    let found: Option<(ElectionId, MemberId)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT election_id, member_id FROM voting_codes WHERE code_digest = $1")
        .bind(digest(&code)).fetch_optional(&mut **c).await)?;
    let Some((election_id, member_id)) = found else {
        crate::throttle::record_failure(&mut tx, &subject).await?;
        tx.commit().await?;
        return Err(AppError::Unauthorized {
            key: "dlg-error-voting-code",
        });
    };
    let receipt_key =
        cast_key.map(|k| cast_receipts::key_digest(&k, &format!("election-code:{code}")));
    if let Some(key) = &receipt_key
        && let Some(receipt) = cast_receipts::find_in(&mut tx, key).await?
    {
        tx.rollback().await?;
        return Ok(receipt);
    }
    let e = super::load_election(&mut tx, election_id).await?;
    if e.status != ElectionStatus::Voting {
        return Err(AppError::Conflict {
            key: "dlg-error-election-not-voting",
        });
    }
    let choices = match e.kind {
        ElectionKind::Recall => match input.choices.as_slice() {
            [c] => c
                .parse::<RecallChoice>()
                .map_err(|_| AppError::invalid("choices", "dlg-error-ballot-invalid"))?
                .as_str()
                .to_string(),
            _ => return Err(AppError::invalid("choices", "dlg-error-ballot-invalid")),
        },
        ElectionKind::Delegates => {
            let candidates: Vec<CandidateId> = on_tx!(&mut tx, c => sqlx::query_scalar(
                "SELECT id FROM election_candidates WHERE election_id = $1")
                .bind(election_id).fetch_all(&mut **c).await)?;
            let mut ids: Vec<CandidateId> = Vec::new();
            let blank = input.choices.iter().any(|c| c.trim() == BLANK);
            for raw in &input.choices {
                if raw.trim().is_empty() || raw.trim() == BLANK {
                    continue;
                }
                let id: CandidateId = raw
                    .trim()
                    .parse()
                    .map_err(|_| AppError::invalid("choices", "dlg-error-ballot-invalid"))?;
                if !candidates.contains(&id) || ids.contains(&id) {
                    return Err(AppError::invalid("choices", "dlg-error-ballot-invalid"));
                }
                ids.push(id);
            }
            // A blank ballot is cast on purpose (the choice `blank`, alone), never by omission.
            if blank && !ids.is_empty() {
                return Err(AppError::invalid(
                    "choices",
                    "dlg-error-ballot-blank-marked",
                ));
            }
            if ids.is_empty() && !blank {
                return Err(AppError::invalid("choices", "dlg-error-ballot-empty"));
            }
            if e.method == ElectionMethod::Plurality && ids.len() as i64 > e.titular_seats {
                return Err(AppError::invalid("choices", "dlg-error-ballot-too-many"));
            }
            ranking_text(&ids)
        }
    };
    let inserted = on_tx!(&mut tx, c => sqlx::query(
        "INSERT INTO election_voters (election_id, member_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(election_id).bind(member_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    if inserted == 0 {
        return Err(AppError::Conflict {
            key: "dlg-error-already-voted",
        });
    }
    on_tx!(&mut tx, c => sqlx::query("INSERT INTO ballots (id, election_id, choices) VALUES ($1, $2, $3)")
        .bind(random_id()).bind(election_id).bind(&choices).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    let receipt = Receipt {
        election_id: Some(election_id),
        ..Receipt::default()
    };
    if let Some(key) = &receipt_key {
        cast_receipts::keep(&mut tx, key, &receipt).await?;
    }
    tx.commit().await?;
    Ok(receipt)
}
