//! The hall's shared device casts the ballot of whoever holds a one-time code (see the module
//! [`super`]). No account: the code decides. A wrong code, or one used before, is refused with
//! its reason and counts as a failed guess from the device's address (as card and voting codes
//! do, `throttle`; none from the hall's own network, where the codes' 79 bits are the defence).
//!
//! The ballot is the device's (`ballot_json`, encrypted in the browser under a fresh credential,
//! checked as any device ballot of the vote: proofs, an unused credential, never a challenged
//! ballot) or, from a page without JavaScript, the server encrypts the choice (and so saw it).
//! The cryptography (the device's proofs checked, or the choice encrypted) is done before the
//! transaction, on tokio's blocking pool, for the vote the code is found for by a read
//! (`prepared_ballot.rs`), never under the write lock. In one transaction: the code is found
//! again and seen unused, the prepared ballot is taken if it was made for that vote's board
//! (`prepared_ballot::fitting`; else refused, nothing written), a device's credential is seen
//! unused and never challenged, the code's SHA-256 is kept as used, the ballot goes on the
//! vote's board, and the act `board.ballot_cast` names its tracking code only.

use asamblea_record::NewAct;
use asamblea_store::{Store, Tx, on_read, on_tx};
use serde_json::json;

use crate::actions::boards::prepared_ballot::{OpenVotes, Prepared, fitting, prepare};
use crate::actions::boards::scope;
use crate::actions::boards::session_boards::{credential_unused, keep_ballot, selections_of};
use crate::actions::sessions::cast_vote::{choice_refused, normalize_choice};
use crate::actions::sessions::rows::{VoteRow, vote};
use crate::ballot_writer::BallotWriter;
use crate::domain::{ActKind, VoteId};
use crate::throttle::{self, Subject};
use crate::{AppError, secrets};

/// What the device sends.
pub enum HallBallot<'a> {
    /// A board ballot the device encrypted (JSON).
    Device(&'a str),
    /// A choice as `POST /votes/{id}/ballots` takes it; the server encrypts it.
    Choice(&'a str),
}

/// A ballot cast on the device.
#[derive(Debug, Clone)]
pub struct HallCast {
    pub vote_id: VoteId,
    pub board: String,
    pub tracking_code: String,
}

fn wrong_code() -> AppError {
    AppError::Unauthorized {
        key: "error-hall-code",
    }
}

fn used_code() -> AppError {
    AppError::Conflict {
        key: "error-hall-code-used",
    }
}

/// The keys of the hall codes of the open encrypted votes.
const OPEN_KEYS: &str = "SELECT k.vote_id, k.mac_key FROM hall_code_keys k JOIN votes v ON v.id = k.vote_id \
     WHERE v.status = 'open' AND v.board IS NOT NULL ORDER BY k.vote_id";

/// The vote of `keys` canonical code `code` was made for.
fn vote_of(keys: &[(VoteId, String)], code: &str) -> Option<VoteId> {
    keys.iter()
        .find(|(v, k)| super::holds(k, *v, code))
        .map(|(v, _)| *v)
}

/// The open vote canonical code `code` was made for, and the code's SHA-256; refused if it was
/// made for none or was used.
async fn open_code(tx: &mut Tx, code: &str) -> Result<(VoteRow, String), AppError> {
    let code = super::normalize(code).ok_or_else(wrong_code)?;
    let keys: Vec<(VoteId, String)> =
        on_tx!(tx, c => sqlx::query_as(OPEN_KEYS).fetch_all(&mut **c).await)?;
    let vote_id = vote_of(&keys, &code).ok_or_else(wrong_code)?;
    let hash = secrets::digest(&code);
    let used: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM hall_codes_used WHERE vote_id = $1 AND code_sha256 = $2")
        .bind(vote_id).bind(&hash).fetch_one(&mut **c).await)?;
    if used > 0 {
        return Err(used_code());
    }
    Ok((vote(tx, vote_id).await?, hash))
}

/// A refused code: counted as a failed guess (committed), other refusals roll back.
async fn refuse<T>(mut tx: Tx, e: AppError, address: &str) -> Result<T, AppError> {
    let guess = matches!(
        e,
        AppError::Unauthorized {
            key: "error-hall-code"
        } | AppError::Conflict {
            key: "error-hall-code-used"
        }
    );
    if guess {
        throttle::record_failure(&mut tx, &Subject::Code { address }).await?;
        tx.commit().await?;
    } else {
        tx.rollback().await?;
    }
    Err(e)
}

/// The vote a code is for, without using it (the device then shows that vote's ballot).
pub async fn hall_vote(store: &Store, code: &str, address: &str) -> Result<VoteId, AppError> {
    let subject = Subject::Code { address };
    throttle::check_before(store, &subject).await?;
    let mut tx = store.begin().await?;
    throttle::check(&mut tx, &subject).await?;
    match open_code(&mut tx, code).await {
        Ok((v, _)) => {
            tx.rollback().await?;
            Ok(v.id)
        }
        Err(e) => refuse(tx, e, address).await,
    }
}

/// The ballot for the vote `code` is for, checked or encrypted before the transaction (a read
/// finds the vote; `None` if it finds none, or the ballot cannot be made: the transaction then
/// gives the refusal).
async fn prepared(
    store: &Store,
    votes: &OpenVotes,
    code: &str,
    ballot: &HallBallot<'_>,
) -> Option<Prepared> {
    let code = super::normalize(code)?;
    let keys: Vec<(VoteId, String)> =
        on_read!(store, pool => sqlx::query_as(OPEN_KEYS).fetch_all(pool).await).ok()?;
    let vote_id = vote_of(&keys, &code)?;
    let (device, choice) = match ballot {
        HallBallot::Device(json) => (Some(*json), ""),
        HallBallot::Choice(choice) => (None, *choice),
    };
    prepare(store, votes, vote_id, device, choice).await
}

/// Casts the ballot of the holder of `code` (see the module's text). The open votes' boards
/// and manifests are those the server's session ballot writer `casts` keeps (read once per
/// vote, not per ballot).
pub async fn cast_hall_ballot(
    store: &Store,
    casts: &BallotWriter,
    code: &str,
    address: &str,
    ballot: HallBallot<'_>,
) -> Result<HallCast, AppError> {
    let subject = Subject::Code { address };
    throttle::check_before(store, &subject).await?;
    let prepared = prepared(store, casts.open_votes(), code, &ballot).await;
    let mut tx = store.begin().await?;
    throttle::check(&mut tx, &subject).await?;
    let (v, hash) = match open_code(&mut tx, code).await {
        Ok(found) => found,
        Err(e) => return refuse(tx, e, address).await,
    };
    let board = v
        .board
        .clone()
        .ok_or_else(|| AppError::Internal("a hall code for a vote with no board".into()))?;
    let b = match ballot {
        HallBallot::Device(_) => {
            let b = fitting(prepared, &board, true, &Vec::new())?;
            credential_unused(&mut tx, &board, &b).await?;
            b
        }
        HallBallot::Choice(choice) => {
            let options = v.option_list().len();
            let choice = normalize_choice(v.method, options, choice)
                .ok_or_else(|| choice_refused(v.method, choice))?;
            fitting(
                prepared,
                &board,
                false,
                &selections_of(v.method, options, &choice),
            )?
        }
    };
    let first = on_tx!(&mut tx, c => sqlx::query(
        "INSERT INTO hall_codes_used (vote_id, code_sha256) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(v.id).bind(&hash).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    if first == 0 {
        return refuse(tx, used_code(), address).await;
    }
    keep_ballot(&mut tx, &board, &b).await?;
    let tracking_code = b.tracking_code.clone();
    tx.append(NewAct {
        actor: None,
        kind: ActKind::BoardBallotCast.as_str().into(),
        scope: scope(&board),
        payload: json!({"election_id": board, "tracking_code": tracking_code}),
    })
    .await?;
    tx.commit().await?;
    Ok(HallCast {
        vote_id: v.id,
        board,
        tracking_code,
    })
}
