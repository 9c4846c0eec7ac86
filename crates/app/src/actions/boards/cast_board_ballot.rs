//! A voter's device casts an encrypted ballot on a board. No account and no token: the ballot is
//! signed by its credential, which must be among the issued ones, and its proofs must hold
//! ([`super::checks::check_ballot`]). One ballot per credential (a second is refused). The act
//! `board.ballot_cast` carries the tracking code only: the server does not know whose
//! credential it is (the credential authority handed them out).

use asamblea_ballot_crypto::ballot::Ballot;
use asamblea_record::NewAct;
use asamblea_store::{Store, on_read, on_tx};
use serde_json::json;

use super::checks::{CLOSED, Known, check_ballot};
use super::{BoardError, scope};
use crate::AppError;
use crate::domain::ActKind;

/// Returns the ballot's tracking code. The proofs are checked before the write transaction
/// (against the board's documents read through the read pool: a published document never
/// changes), so the write lock is held only to see that the box is still open (no tally yet) and
/// that the credential has no ballot yet.
pub async fn cast_board_ballot(
    store: &Store,
    election_id: &str,
    ballot: &Ballot,
) -> Result<String, BoardError> {
    if !crate::queries::boards::exists(store, election_id).await? {
        return Err(AppError::NotFound.into());
    }
    let known = documents(store, election_id).await?;
    let b = ballot.clone();
    let checked = tokio::task::spawn_blocking(move || check_ballot(&b, &known).map(|()| b))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let ballot = checked.map_err(BoardError::Refused)?;
    let code = ballot.tracking_code();
    let credential = hex::encode(ballot.credential);
    let body = serde_json::to_string(&ballot).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut tx = store.begin().await?;
    let closed: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM secret_board_documents WHERE election_id = $1 AND name = 'tally'")
        .bind(election_id).fetch_one(&mut **c).await)?;
    if closed > 0 {
        return Err(BoardError::Refused(CLOSED.into()));
    }
    super::challenges::refuse_challenged(&mut tx, election_id, &ballot).await?;
    let inserted = on_tx!(&mut tx, c => sqlx::query(
        "INSERT INTO secret_board_ballots (election_id, credential, tracking_code, body) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
        .bind(election_id).bind(&credential).bind(&code).bind(&body)
        .execute(&mut **c).await.map(|r| r.rows_affected()))?;
    if inserted == 0 {
        return Err(AppError::Conflict {
            key: "error-board-voted",
        }
        .into());
    }
    tx.append(NewAct {
        actor: None,
        kind: ActKind::BoardBallotCast.as_str().into(),
        scope: scope(election_id),
        payload: json!({"election_id": election_id, "tracking_code": code}),
    })
    .await?;
    tx.commit().await?;
    Ok(code)
}

/// The board's documents, read through the read pool (no ballots' tracking codes).
async fn documents(store: &Store, election_id: &str) -> Result<Known, AppError> {
    let docs: Vec<(String, String)> = on_read!(store, pool => sqlx::query_as(
        "SELECT name, body FROM secret_board_documents WHERE election_id = $1")
        .bind(election_id).fetch_all(pool).await)?;
    Ok(Known {
        documents: docs.into_iter().collect(),
        tracking_codes: Default::default(),
    })
}

/// The server encrypts for a voter whose device cannot (a page without JavaScript): the voter
/// gives their credential (64 hex digits) and their choices (per question, 0 or 1 per choice),
/// the server makes the ballot and casts it as [`cast_board_ballot`] would. Such a ballot is
/// private from other people, not from the server, which saw the choices (the page says so);
/// it is on the board under its tracking code like any other. Returns the tracking code.
pub async fn encrypt_and_cast(
    store: &Store,
    election_id: &str,
    credential: &str,
    selections: &asamblea_ballot_crypto::ballot::Selections,
) -> Result<String, BoardError> {
    use asamblea_ballot_crypto::SigningKey;
    use asamblea_ballot_crypto::ballot::{Manifest, encrypt_ballot};
    let mut seed = [0u8; 32];
    hex::decode_to_slice(credential.trim(), &mut seed)
        .map_err(|_| AppError::invalid("credential", "error-board-credential"))?;
    let key = SigningKey::from_bytes(&seed);
    let manifest = crate::queries::boards::document(store, election_id, "manifest")
        .await?
        .ok_or(AppError::Conflict {
            key: "error-board-not-open",
        })?;
    let m: Manifest =
        serde_json::from_str(&manifest).map_err(|e| AppError::Internal(e.to_string()))?;
    let (ballot, _randomness) = encrypt_ballot(&m, &key, selections, &mut rand::rngs::OsRng)
        .map_err(|e| BoardError::Refused(e.to_string()))?;
    cast_board_ballot(store, election_id, &ballot).await
}
