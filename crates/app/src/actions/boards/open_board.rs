//! An administrator opens the board of a secret election with its draft (questions, trustees
//! `t` of `n`) and receives the board's tokens once: the organizer's, the credential
//! authority's and one per trustee. The database keeps only their SHA-256.

use asamblea_ballot_crypto::ballot::Manifest;
use asamblea_ballot_crypto::board::{Draft, Publisher};
use asamblea_ballot_crypto::{RistrettoPoint, Scalar};
use asamblea_record::NewAct;
use asamblea_store::{Store, Tx, on_tx};
use serde_json::json;

use super::{BoardError, publisher_name, scope, valid_election_id};
use crate::actions::registry::require_manage_registry;
use crate::domain::ActKind;
use crate::secrets::{digest, new_token};
use crate::{Actor, AppError};

/// The board's tokens, `(publisher, token)`: `organizer`, `authority`, `trustee-1` … `trustee-n`.
pub type Tokens = Vec<(String, String)>;

pub async fn open_board(store: &Store, actor: &Actor, d: Draft) -> Result<Tokens, BoardError> {
    require_manage_registry(actor)?;
    valid_election_id(&d.election_id)?;
    if d.title.trim().is_empty() || d.title.len() > 200 {
        return Err(AppError::invalid("title", "error-board-title").into());
    }
    // The questions against their methods, with a placeholder key (the trustees make the real one).
    Manifest {
        election_id: d.election_id.clone(),
        title: d.title.clone(),
        questions: d.questions.clone(),
        trustees: d.trustees,
        public_key: RistrettoPoint::mul_base(&Scalar::ONE),
    }
    .check()
    .map_err(|e| BoardError::Refused(e.to_string()))?;
    let mut publishers = vec![Publisher::Organizer, Publisher::Authority];
    publishers.extend((1..=d.trustees.n).map(Publisher::Trustee));
    let mut tx = store.begin().await?;
    let tokens = open_board_tx(&mut tx, actor, &d, &publishers, None, json!({})).await?;
    tx.commit().await?;
    Ok(tokens)
}

/// Opens a board inside `tx`: its row (with the board whose ceremony gives its key, if another's),
/// a token for each of `publishers` (their SHA-256 kept), its draft, and the act `board.opened`
/// (with `extra` fields). Returns the tokens, each to be shown once.
pub(crate) async fn open_board_tx(
    tx: &mut Tx,
    actor: &Actor,
    d: &Draft,
    publishers: &[Publisher],
    key_board: Option<&str>,
    extra: serde_json::Value,
) -> Result<Tokens, BoardError> {
    let body = serde_json::to_string(d).map_err(|e| AppError::Internal(e.to_string()))?;
    let tokens: Tokens = publishers
        .iter()
        .map(|p| (publisher_name(*p), new_token()))
        .collect();
    let inserted = on_tx!(tx, c => sqlx::query(
        "INSERT INTO secret_boards (election_id, key_board) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(&d.election_id).bind(key_board).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    if inserted == 0 {
        return Err(AppError::Conflict {
            key: "error-board-exists",
        }
        .into());
    }
    for (who, token) in &tokens {
        on_tx!(tx, c => sqlx::query(
            "INSERT INTO secret_board_tokens (election_id, publisher, token_sha256) VALUES ($1, $2, $3)")
            .bind(&d.election_id).bind(who).bind(digest(token)).execute(&mut **c).await.map(|_| ()))?;
    }
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO secret_board_documents (election_id, name, body) VALUES ($1, 'election', $2)")
        .bind(&d.election_id).bind(&body).execute(&mut **c).await.map(|_| ()))?;
    let mut payload = json!({
        "election_id": d.election_id,
        "trustees": {"n": d.trustees.n, "t": d.trustees.t},
        "questions": d.questions.len(),
        "sha256": digest(&body),
    });
    if let (Some(p), Some(e)) = (payload.as_object_mut(), extra.as_object()) {
        p.extend(e.clone());
    }
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::BoardOpened.as_str().into(),
        scope: scope(&d.election_id),
        payload,
    })
    .await?;
    Ok(tokens)
}
