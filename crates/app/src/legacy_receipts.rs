//! The receipts of session ballots cast before they were sealed in the voter's mark (migration
//! 0112, `mark_receipts.rs`): a vote open across the upgrade.
//!
//! Such a ballot kept its two receipts in rows of `cast_receipts`: the answer under SHA-256 of
//! the form's key and of who cast it (`cast_receipts::key_digest`, the key its jobs carry), the
//! participation under an HMAC of the vote and the delegate under the instance's key
//! ([`participation_digest`]). Neither can be moved into the mark: the answer's key is known
//! only to the form that sent it. So the writer reads them where they are, for the marks that
//! carry neither receipt, in one statement for the batch; a voter whose answer was lost across
//! the upgrade still hears that the ballot was recorded, with its receipt, and one who votes
//! again hears which act recorded their participation.

use std::collections::HashMap;

use asamblea_store::{SigningKey, Tx};
use sha2::Sha256;

use crate::AppError;
use crate::cast_receipts::{self, Receipt};
use crate::domain::{DelegateId, VoteId};
use crate::mark_receipts::Mark;

/// The receipts a mark made before migration 0112 kept outside it, as the writer found them.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct KeptOutside {
    /// The answers, by the digest of the key they were kept under.
    answers: HashMap<String, Receipt>,
    /// The act that recorded the mark's participation.
    participation: Option<Receipt>,
}

impl KeptOutside {
    /// The answer kept for the form whose key's digest is `receipt_key`, marked `again`.
    pub(crate) fn answer(&self, receipt_key: Option<&str>) -> Option<Receipt> {
        self.answers.get(receipt_key?).cloned()
    }

    /// The act that recorded the participation.
    pub(crate) fn participation(&self) -> Option<Receipt> {
        self.participation.clone()
    }
}

/// What the table kept a participation receipt under: HMAC-SHA256, under the instance's
/// signing key, of the vote and the delegate whose participation it records.
pub(crate) fn participation_digest(
    key: &SigningKey,
    vote_id: VoteId,
    delegate: DelegateId,
) -> Result<String, AppError> {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<Sha256>::new_from_slice(&key.to_bytes())
        .map_err(|e| AppError::Internal(format!("participation receipt: {e}")))?;
    mac.update(b"asamblea participation receipt v1\n");
    mac.update(format!("vote:{vote_id}\ndelegate:{delegate}").as_bytes());
    Ok(hex::encode(mac.finalize().into_bytes()))
}

/// Finds the receipts kept outside the marks of `asked` that carry none sealed (made before
/// migration 0112, or by a hall's code, which keeps none): `asked` is each ballot's vote,
/// delegate and key digest. One statement, and none when no such mark is asked about.
pub(crate) async fn find(
    tx: &mut Tx,
    instance: Option<&SigningKey>,
    asked: &[(VoteId, DelegateId, Option<&str>)],
    marks: &mut HashMap<(VoteId, DelegateId), Mark>,
) -> Result<(), AppError> {
    let unsealed =
        |m: &Mark| m.answer.is_none() && m.participation.is_none() && m.kept_outside.is_none();
    let asked: Vec<_> = asked
        .iter()
        .filter(|(vote, delegate, _)| marks.get(&(*vote, *delegate)).is_some_and(unsealed))
        .collect();
    if asked.is_empty() {
        return Ok(());
    }
    let mut digests: Vec<String> = Vec::new();
    let mut participations: HashMap<(VoteId, DelegateId), String> = HashMap::new();
    for &&(vote, delegate, key) in &asked {
        digests.extend(key.map(str::to_string));
        if let Some(k) = instance
            && !participations.contains_key(&(vote, delegate))
        {
            participations.insert((vote, delegate), participation_digest(k, vote, delegate)?);
        }
    }
    digests.extend(participations.values().cloned());
    let refs: Vec<&str> = digests.iter().map(String::as_str).collect();
    let found = cast_receipts::find_all(tx, &refs).await?;
    for &&(vote, delegate, key) in &asked {
        let Some(mark) = marks.get_mut(&(vote, delegate)) else {
            continue;
        };
        let kept = mark.kept_outside.get_or_insert_default();
        if let Some(k) = key
            && let Some(answer) = found.get(k)
        {
            kept.answers.insert(k.to_string(), answer.clone());
        }
        if let Some(digest) = participations.get(&(vote, delegate)) {
            kept.participation = found.get(digest).map(|r| Receipt {
                again: false,
                ..r.clone()
            });
        }
    }
    Ok(())
}
