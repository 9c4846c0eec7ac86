//! Challenged ballots can never be cast (issue 14, Benaloh's challenge). A voter who checks a
//! ballot opens it with its randomness: its content is then known, so the board keeps its
//! tracking code (published: the board's page and `GET /api/v1/boards/{id}/challenges`) and the
//! SHA-256 of its ciphertexts, and refuses on cast any ballot with either — the same ballot
//! replayed, or its ciphertexts under another credential with new proofs (which whoever holds
//! the randomness can make).
//!
//! Only a challenge that checks against the board's manifest is kept (whoever can open a
//! ballot made it or was shown it), with the act `board.challenged` naming the tracking code
//! only. A ballot already on the board is not marked: it was cast before it was shown.

use asamblea_ballot_crypto::ballot::{Ballot, Manifest};
use asamblea_ballot_crypto::challenge::Challenge;
use asamblea_record::NewAct;
use asamblea_store::{Store, Tx, on_tx};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{BoardError, scope};
use crate::AppError;
use crate::domain::ActKind;

/// What became of a checked challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Noted {
    /// Kept now: the ballot can never be cast.
    Challenged,
    /// It was kept before.
    AlreadyChallenged,
    /// A ballot with this tracking code is on the board (cast before its challenge was shown).
    AlreadyCast,
}

/// SHA-256 (hex) of a ballot's ciphertexts alone, in order: what a replay under another
/// credential keeps.
pub fn ciphertexts_sha256(b: &Ballot) -> String {
    let choices: Vec<_> = b.answers.iter().map(|a| &a.choices).collect();
    let text = serde_json::to_string(&choices).unwrap_or_default();
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Checks challenge `c` against board `election_id`'s manifest and keeps it (see the module's
/// text). Refused (with the reason) if it does not check; `NotFound` without a manifest.
pub async fn note_challenge(
    store: &Store,
    election_id: &str,
    c: &Challenge,
) -> Result<Noted, BoardError> {
    let manifest = crate::queries::boards::document(store, election_id, "manifest")
        .await?
        .ok_or(AppError::NotFound)?;
    let m: Manifest =
        serde_json::from_str(&manifest).map_err(|e| AppError::Internal(e.to_string()))?;
    c.check(&m).map_err(|e| BoardError::Refused(e.0))?;
    let code = c.ballot.tracking_code();
    let ciphertexts = ciphertexts_sha256(&c.ballot);
    let mut tx = store.begin().await?;
    let on_board: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM secret_board_ballots WHERE election_id = $1 AND tracking_code = $2")
        .bind(election_id).bind(&code).fetch_one(&mut **c).await)?;
    if on_board > 0 {
        tx.rollback().await?;
        return Ok(Noted::AlreadyCast);
    }
    let inserted = on_tx!(&mut tx, c => sqlx::query(
        "INSERT INTO secret_board_challenges (election_id, tracking_code, ciphertexts_sha256) \
         VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(election_id).bind(&code).bind(&ciphertexts)
        .execute(&mut **c).await.map(|r| r.rows_affected()))?;
    if inserted == 0 {
        tx.rollback().await?;
        return Ok(Noted::AlreadyChallenged);
    }
    tx.append(NewAct {
        actor: None,
        kind: ActKind::BoardChallenged.as_str().into(),
        scope: scope(election_id),
        payload: json!({"election_id": election_id, "tracking_code": code}),
    })
    .await?;
    tx.commit().await?;
    Ok(Noted::Challenged)
}

/// Refuses a ballot that was challenged (its tracking code, or its ciphertexts).
pub(crate) async fn refuse_challenged(
    tx: &mut Tx,
    election_id: &str,
    b: &Ballot,
) -> Result<(), AppError> {
    let n: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM secret_board_challenges WHERE election_id = $1 \
         AND (tracking_code = $2 OR ciphertexts_sha256 = $3)")
        .bind(election_id).bind(b.tracking_code()).bind(ciphertexts_sha256(b))
        .fetch_one(&mut **c).await)?;
    if n > 0 {
        return Err(AppError::Conflict {
            key: "error-board-challenged",
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use asamblea_ballot_crypto::ballot::{Method, Question, encrypt_ballot};
    use asamblea_ballot_crypto::dkg::Threshold;
    use asamblea_ballot_crypto::{RistrettoPoint, Scalar, SigningKey};

    #[test]
    fn the_ciphertexts_digest_ignores_credential_signature_and_proofs() {
        let m = Manifest {
            election_id: "e".into(),
            title: "E".into(),
            questions: vec![Question {
                title: "Q".into(),
                choices: vec!["a".into(), "b".into()],
                method: Method::ChooseOne,
            }],
            trustees: Threshold { n: 1, t: 1 },
            public_key: RistrettoPoint::mul_base(&Scalar::from(7u64)),
        };
        let sel = vec![vec![1, 0]];
        let key = SigningKey::from_bytes(&[3; 32]);
        let (b, _) = encrypt_ballot(&m, &key, &sel, &mut rand::rngs::OsRng).unwrap();
        let (other, _) = encrypt_ballot(&m, &key, &sel, &mut rand::rngs::OsRng).unwrap();
        // The same ciphertexts under another credential, signature and proofs: same digest,
        // another tracking code.
        let mut replay = b.clone();
        replay.credential = [9; 32];
        replay.signature = [1; 64];
        replay.answers[0].choice_proofs = other.answers[0].choice_proofs.clone();
        assert_eq!(ciphertexts_sha256(&replay), ciphertexts_sha256(&b));
        assert_ne!(replay.tracking_code(), b.tracking_code());
        // Other ciphertexts (a new encryption of the same choice): another digest.
        assert_ne!(ciphertexts_sha256(&other), ciphertexts_sha256(&b));
    }
}
