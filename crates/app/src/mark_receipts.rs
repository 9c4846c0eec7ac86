//! The receipts a session ballot's mark carries, sealed (issue 15).
//!
//! A session ballot used to keep its two receipts in rows of their own in `cast_receipts`, each
//! under a random-looking key: the answer under SHA-256 of the ballot's idempotency key and of
//! who cast it, the participation under an HMAC of the vote and the delegate under the
//! instance's key (`cast_receipts.rs`). With the voter's mark and the box row, that made four
//! randomly placed rows per ballot, and so up to four pages of the write-ahead log each, in a
//! large database (BENCHMARKS.md, "The writer's checkpoints only past 40,000 pages").
//!
//! Both receipts now go into the voter's mark itself (`vote_casts.answer`,
//! `vote_casts.participation`, migration 0112), sealed with an AEAD (XChaCha20-Poly1305, a random
//! nonce each; the vote and the delegate bound as associated data, so a sealed receipt cannot be
//! moved to another mark; padded so that its length does not tell the numbers in it):
//!
//! - **The answer** (what the voter was told: the act, the place in it, how many had voted, an
//!   encrypted vote's tracking codes) under a key derived (HKDF-SHA256) from the ballot's
//!   idempotency key and who cast it. Only the one who sent that key can open it: a voter whose
//!   answer was lost sends the same form again and hears it again ([`AnswerKey`]). As before, a
//!   copy of the database, even with the instance's key, does not link a voter to their
//!   tracking codes without the key their device made.
//! - **The participation** (the act that recorded the ballot and the place in it, never how many
//!   had voted nor the tracking codes) under a key derived from the instance's key
//!   ([`ParticipationKey`]): a voter who votes again from another form hears which act recorded
//!   their participation. As with the keyed row before, a copy of the database without the
//!   instance's key does not say in which batch a delegate voted.
//!
//! The mark names the voter, as it always did (who voted is public: the record says it); what
//! is sealed in it is what the two rows held, under the same keys of protection.

use std::collections::HashMap;

use asamblea_store::{Tx, TxConn};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use rand::RngCore;
use sha2::Sha256;

use crate::AppError;
use crate::cast_receipts::Receipt;
use crate::domain::{DelegateId, VoteId};
use crate::legacy_receipts::KeptOutside;

const NONCE: usize = 24;

/// A key that seals receipts into marks: 32 bytes, derived, never stored.
#[derive(Clone)]
struct SealKey([u8; 32]);

impl SealKey {
    fn derive(secret: &[u8], salt: &[u8], info: &[u8]) -> Self {
        let mut key = [0u8; 32];
        // 32 bytes is well under HKDF-SHA256's limit of 8,160: expanding cannot fail.
        Hkdf::<Sha256>::new(Some(salt), secret)
            .expand(info, &mut key)
            .unwrap_or_default();
        SealKey(key)
    }

    fn seal(&self, kind: &str, vote: VoteId, delegate: DelegateId, receipt: &Receipt) -> Vec<u8> {
        let plain = padded(receipt);
        let mut nonce = [0u8; NONCE];
        // A random nonce from `rand`'s thread generator (cryptographically secure, seeded and
        // reseeded from the OS): no system call for each seal.
        rand::thread_rng().fill_bytes(&mut nonce);
        let aad = associated(kind, vote, delegate);
        let cipher = XChaCha20Poly1305::new((&self.0).into());
        // Encrypting into a vector cannot fail (only a buffer of fixed size could be too short).
        let sealed = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &plain,
                    aad: aad.as_bytes(),
                },
            )
            .unwrap_or_default();
        let mut out = Vec::with_capacity(NONCE + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// The receipt sealed in `blob`; `None` if it was not sealed with this key for this mark.
    fn open(&self, kind: &str, vote: VoteId, delegate: DelegateId, blob: &[u8]) -> Option<Receipt> {
        if blob.len() < NONCE {
            return None;
        }
        let (nonce, sealed) = blob.split_at(NONCE);
        let aad = associated(kind, vote, delegate);
        let plain = XChaCha20Poly1305::new((&self.0).into())
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: aad.as_bytes(),
                },
            )
            .ok()?;
        serde_json::from_slice(&plain).ok()
    }
}

/// The receipt in JSON, padded with spaces to the length it would have with every number at its
/// widest: the sealed bytes are as long as the plaintext, and the digits of the act's position,
/// of the place in it or of how many had voted would otherwise tell, by the length alone, about
/// when the mark's delegate voted.
fn padded(receipt: &Receipt) -> Vec<u8> {
    let widest = |n: Option<i64>| n.map(|_| i64::MAX);
    let width = serde_json::to_vec(&Receipt {
        position: widest(receipt.position),
        index: widest(receipt.index),
        voted: widest(receipt.voted),
        ..receipt.clone()
    })
    .map_or(0, |w| w.len());
    let mut plain = serde_json::to_vec(receipt).unwrap_or_default();
    if plain.len() < width {
        plain.resize(width, b' ');
    }
    plain
}

fn associated(kind: &str, vote: VoteId, delegate: DelegateId) -> String {
    format!("asamblea {kind} v1\nvote:{vote}\ndelegate:{delegate}")
}

/// Seals the answer to a ballot sent with an idempotency key, for the one who sent it: derived
/// from the key and from who cast the ballot (`cast_vote::caster`), in the request, before the
/// ballot is queued.
#[derive(Clone)]
pub(crate) struct AnswerKey(SealKey);

impl AnswerKey {
    pub(crate) fn derive(cast_key: &str, caster: &str) -> Self {
        AnswerKey(SealKey::derive(
            cast_key.as_bytes(),
            caster.as_bytes(),
            b"asamblea cast answer",
        ))
    }

    pub(crate) fn seal(&self, vote: VoteId, delegate: DelegateId, receipt: &Receipt) -> Vec<u8> {
        self.0.seal("cast answer", vote, delegate, receipt)
    }

    /// The answer sealed in a mark with this key, marked `again`; `None` if the mark's was
    /// sealed with another key (another form) or none. (An answer from before receipts were
    /// sealed in marks is found by its key's digest: `Mark::kept_outside`.)
    pub(crate) fn open(&self, vote: VoteId, delegate: DelegateId, mark: &Mark) -> Option<Receipt> {
        let receipt = self
            .0
            .open("cast answer", vote, delegate, mark.answer.as_deref()?)?;
        Some(Receipt {
            again: true,
            ..receipt
        })
    }
}

/// Seals participations, for the server: derived from the instance's signing key.
pub(crate) struct ParticipationKey(SealKey);

impl ParticipationKey {
    pub(crate) fn derive(instance: &asamblea_store::SigningKey) -> Self {
        ParticipationKey(SealKey::derive(
            &instance.to_bytes(),
            b"asamblea",
            b"asamblea participation receipt",
        ))
    }

    /// Seals the participation of `receipt` (its act and place: not how many had voted, nor the
    /// tracking codes, which would lead from the voter to their ballot on the board).
    pub(crate) fn seal(&self, vote: VoteId, delegate: DelegateId, receipt: &Receipt) -> Vec<u8> {
        let participation = Receipt {
            vote_id: Some(vote),
            position: receipt.position,
            hash: receipt.hash.clone(),
            index: receipt.index,
            ..Receipt::default()
        };
        self.0.seal("participation", vote, delegate, &participation)
    }

    /// The answer to a delegate who had voted: "already", with the act that recorded their
    /// participation when the mark carries it or it was kept outside (`legacy_receipts.rs`);
    /// not for a mark made by a hall's code.
    pub(crate) fn already(
        key: Option<&Self>,
        vote: VoteId,
        delegate: DelegateId,
        mark: &Mark,
    ) -> Receipt {
        let kept = key
            .zip(mark.participation.as_deref())
            .and_then(|(k, blob)| k.0.open("participation", vote, delegate, blob))
            .or_else(|| mark.kept_outside.as_ref()?.participation());
        Receipt {
            vote_id: Some(vote),
            already: true,
            again: false,
            voted: None,
            tracking_codes: Vec::new(),
            ..kept.unwrap_or_default()
        }
    }
}

/// The receipts sealed for one mark, as the writer writes it.
#[derive(Clone, Default)]
pub(crate) struct Sealed {
    /// For the form that sent the ballot ([`AnswerKey`]); none without an idempotency key.
    pub answer: Option<Vec<u8>>,
    /// For the server ([`ParticipationKey`]); none on a store opened without the instance's key.
    pub participation: Option<Vec<u8>>,
}

/// A voter's mark as the writer reads it: the receipts sealed in it.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub(crate) struct Mark {
    pub vote_id: i64,
    pub delegate_id: i64,
    pub answer: Option<Vec<u8>>,
    pub participation: Option<Vec<u8>>,
    /// The receipts of a mark made before they were sealed in marks (`legacy_receipts.rs`),
    /// once the writer has looked for them.
    #[sqlx(skip)]
    pub kept_outside: Option<KeptOutside>,
}

/// The marks of `pairs` (vote, delegate) that exist, in one statement per batch (a `VALUES`
/// list on SQLite, two arrays on PostgreSQL).
pub(crate) async fn marks(
    tx: &mut Tx,
    pairs: &[(VoteId, DelegateId)],
) -> Result<HashMap<(VoteId, DelegateId), Mark>, AppError> {
    const SELECT: &str = "SELECT c.vote_id, c.delegate_id, c.answer, c.participation \
         FROM b JOIN vote_casts c ON c.vote_id = b.vote_id AND c.delegate_id = b.delegate_id";
    if pairs.is_empty() {
        return Ok(HashMap::new());
    }
    let mut rows: Vec<Mark> = Vec::new();
    match tx.conn() {
        TxConn::Sqlite(c) => {
            // At most 999 parameters in a statement on older SQLite: 400 pairs at a time.
            for chunk in pairs.chunks(400) {
                let values = vec!["(?, ?)"; chunk.len()].join(", ");
                let sql = format!("WITH b (vote_id, delegate_id) AS (VALUES {values}) {SELECT}");
                let q = chunk.iter().fold(sqlx::query_as(&sql), |q, (v, d)| {
                    q.bind(v.get()).bind(d.get())
                });
                rows.extend(q.fetch_all(&mut **c).await?);
            }
        }
        TxConn::Postgres(c) => {
            let votes: Vec<i64> = pairs.iter().map(|p| p.0.get()).collect();
            let delegates: Vec<i64> = pairs.iter().map(|p| p.1.get()).collect();
            rows = sqlx::query_as(&format!(
                "WITH b (vote_id, delegate_id) AS \
                 (SELECT * FROM UNNEST($1::BIGINT[], $2::BIGINT[])) {SELECT}"
            ))
            .bind(votes)
            .bind(delegates)
            .fetch_all(&mut **c)
            .await?;
        }
    }
    Ok(rows
        .into_iter()
        .map(|m| ((VoteId(m.vote_id), DelegateId(m.delegate_id)), m))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn receipt() -> Receipt {
        Receipt {
            vote_id: Some(VoteId(7)),
            position: Some(42),
            hash: Some("ab".repeat(32)),
            index: Some(3),
            voted: Some(120),
            tracking_codes: vec!["T-1".into()],
            ..Receipt::default()
        }
    }

    #[test]
    fn an_answer_opens_only_with_the_key_and_caster_that_sealed_it_and_only_in_its_mark() {
        let key = AnswerKey::derive("form-key-0123456789", "user:1");
        let (v, d) = (VoteId(7), DelegateId(9));
        let mark = Mark {
            answer: Some(key.seal(v, d, &receipt())),
            ..Mark::default()
        };
        let opened = key.open(v, d, &mark).expect("the same key opens it");
        assert_eq!(
            opened,
            Receipt {
                again: true,
                ..receipt()
            }
        );
        let other_form = AnswerKey::derive("form-key-9876543210", "user:1");
        assert!(other_form.open(v, d, &mark).is_none());
        let other_caster = AnswerKey::derive("form-key-0123456789", "user:2");
        assert!(other_caster.open(v, d, &mark).is_none());
        assert!(
            key.open(v, DelegateId(10), &mark).is_none(),
            "moved to another mark"
        );
        assert!(
            key.open(VoteId(8), d, &mark).is_none(),
            "moved to another vote"
        );
        // The sealed bytes do not carry the receipt in clear.
        let blob = mark.answer.as_deref().unwrap_or_default();
        assert!(!blob.windows(3).any(|w| w == b"T-1"));
    }

    #[test]
    fn a_sealed_receipt_is_as_long_early_or_late_in_the_record() {
        let (v, d) = (VoteId(7), DelegateId(9));
        let early = Receipt {
            position: Some(9),
            index: Some(0),
            voted: Some(1),
            ..receipt()
        };
        let late = Receipt {
            position: Some(123_456_789_012),
            index: Some(499),
            voted: Some(10_000),
            ..receipt()
        };
        let answer = AnswerKey::derive("form-key-0123456789", "user:1");
        assert_eq!(
            answer.seal(v, d, &early).len(),
            answer.seal(v, d, &late).len()
        );
        let instance = asamblea_store::SigningKey::from_bytes(&[5u8; 32]);
        let participation = ParticipationKey::derive(&instance);
        assert_eq!(
            participation.seal(v, d, &early).len(),
            participation.seal(v, d, &late).len()
        );
        // The padding does not change what opens.
        let mark = Mark {
            answer: Some(answer.seal(v, d, &early)),
            ..Mark::default()
        };
        assert_eq!(
            answer.open(v, d, &mark),
            Some(Receipt {
                again: true,
                ..early
            })
        );
    }

    #[test]
    fn a_participation_says_the_act_never_the_count_nor_the_tracking_codes() {
        let signing = asamblea_store::SigningKey::from_bytes(&[5u8; 32]);
        let key = ParticipationKey::derive(&signing);
        let (v, d) = (VoteId(7), DelegateId(9));
        let mark = Mark {
            participation: Some(key.seal(v, d, &receipt())),
            ..Mark::default()
        };
        let already = ParticipationKey::already(Some(&key), v, d, &mark);
        assert!(already.already && !already.again);
        assert_eq!((already.position, already.index), (Some(42), Some(3)));
        assert_eq!(already.hash, receipt().hash);
        assert_eq!(already.voted, None);
        assert!(already.tracking_codes.is_empty());
        // Another instance's key (or none) opens nothing: "already", without the act.
        let other = ParticipationKey::derive(&asamblea_store::SigningKey::from_bytes(&[6u8; 32]));
        let blind = ParticipationKey::already(Some(&other), v, d, &mark);
        assert!(blind.already && blind.position.is_none());
        assert!(
            ParticipationKey::already(None, v, d, &mark)
                .position
                .is_none()
        );
        // An answer's key does not open a participation, nor the reverse.
        let answer = AnswerKey::derive("form-key-0123456789", "user:1");
        let swapped = Mark {
            answer: mark.participation.clone(),
            ..Mark::default()
        };
        assert!(answer.open(v, d, &swapped).is_none());
    }
}
