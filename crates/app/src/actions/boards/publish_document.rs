//! A publisher (trustee, credential authority, organizer) publishes one document on a board,
//! showing its board token. The server checks it ([`super::checks`]) and keeps it, once, with
//! the act `board.published` (the document's name, its publisher and SHA-256). A document the
//! checks refuse is refused with the reason and the refusal is an act too (`board.refused`,
//! naming the publisher), so a trustee sending garbage is named on the record.

use asamblea_ballot_crypto::board::Document;
use asamblea_record::NewAct;
use asamblea_store::{Store, Tx, on_tx};
use serde_json::json;

use super::checks::{Known, check_document};
use super::{BoardError, publisher_name, scope};
use crate::AppError;
use crate::domain::ActKind;
use crate::secrets::digest;

/// The largest document kept (a record of some thousand ballots; a bigger election publishes
/// its record elsewhere and the board keeps the tally).
pub const MAX_DOCUMENT: usize = 64 * 1024 * 1024;

/// The board's documents, read in `tx`, with its ballots' tracking codes if `with_codes` (only
/// the tally's check needs them; a ballot's does not, so casting stays one read per ballot).
pub(super) async fn known(
    tx: &mut Tx,
    election_id: &str,
    with_codes: bool,
) -> Result<Known, BoardError> {
    let docs: Vec<(String, String)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT name, body FROM secret_board_documents WHERE election_id = $1")
        .bind(election_id).fetch_all(&mut **c).await)?;
    let codes: Vec<String> = if with_codes {
        on_tx!(tx, c => sqlx::query_scalar(
            "SELECT tracking_code FROM secret_board_ballots WHERE election_id = $1")
            .bind(election_id).fetch_all(&mut **c).await)?
    } else {
        Vec::new()
    };
    Ok(Known {
        documents: docs.into_iter().collect(),
        tracking_codes: codes.into_iter().collect(),
    })
}

pub async fn publish_document(
    store: &Store,
    election_id: &str,
    name: &str,
    token: Option<&str>,
    body: &str,
) -> Result<(), BoardError> {
    let doc = Document::parse(name).ok_or(AppError::NotFound)?;
    let publisher = publisher_name(doc.publisher());
    if body.len() > MAX_DOCUMENT {
        return Err(BoardError::Refused(format!(
            "{name} is larger than {MAX_DOCUMENT} bytes"
        )));
    }
    let mut tx = store.begin().await?;
    let kept: Option<String> = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT token_sha256 FROM secret_board_tokens WHERE election_id = $1 AND publisher = $2")
        .bind(election_id).bind(&publisher).fetch_optional(&mut **c).await)?;
    let Some(kept) = kept else {
        return Err(AppError::NotFound.into());
    };
    if token.map(digest) != Some(kept) {
        return Err(AppError::Unauthorized {
            key: "error-board-token",
        }
        .into());
    }
    // A board keyed by another's ceremony (a secret vote's) takes from its trustees only their
    // decryption shares: the ceremony is the key board's.
    let keyed: Option<Option<String>> = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT key_board FROM secret_boards WHERE election_id = $1")
        .bind(election_id).fetch_optional(&mut **c).await)?;
    if matches!(keyed, Some(Some(_))) && !matches!(doc, Document::Share(_)) {
        return Err(BoardError::Refused(format!(
            "{name}: this vote's board takes only decryption shares; its ceremony is the assembly's key board's"
        )));
    }
    let known = known(&mut tx, election_id, doc == Document::Tally).await?;
    if known.documents.contains_key(name) {
        return Err(AppError::Conflict {
            key: "error-board-published",
        }
        .into());
    }
    if let Err(reason) = check_document(doc, body, &known) {
        tx.append(NewAct {
            actor: None,
            kind: ActKind::BoardRefused.as_str().into(),
            scope: scope(election_id),
            payload: json!({"election_id": election_id, "document": name,
                "publisher": publisher, "reason": reason}),
        })
        .await?;
        tx.commit().await?;
        return Err(BoardError::Refused(reason));
    }
    on_tx!(&mut tx, c => sqlx::query(
        "INSERT INTO secret_board_documents (election_id, name, body) VALUES ($1, $2, $3)")
        .bind(election_id).bind(name).bind(body).execute(&mut **c).await.map(|_| ()))?;
    tx.append(NewAct {
        actor: None,
        kind: ActKind::BoardPublished.as_str().into(),
        scope: scope(election_id),
        payload: json!({"election_id": election_id, "document": name,
            "publisher": publisher, "sha256": digest(body)}),
    })
    .await?;
    if let Document::Share(_) = doc {
        // A secret vote's board: the `t`-th share decrypts the tally and records the result.
        super::session_boards::decrypted(&mut tx, election_id).await?;
    }
    tx.commit().await?;
    Ok(())
}
