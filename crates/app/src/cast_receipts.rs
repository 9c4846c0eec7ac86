//! Receipts of cast ballots, kept by an idempotency key (issue 11, defect 7).
//!
//! A ballot form carries a fresh random key (made when the page is rendered, [`new_key`]); an
//! API client may send its own (`cast_key`). The ballot's transaction stores the answer, the
//! [`Receipt`], under SHA-256 of the key and of who cast it (the logged-in actor and the
//! delegate, or the voting code). A voter whose connection dropped after the commit sends the
//! same form again and hears that the ballot was recorded, with the same receipt, instead of
//! "already voted". The stored row names no voter, no time and no choice.
//!
//! A session ballot keeps both its receipts sealed in the voter's mark instead
//! (`mark_receipts.rs`): the answer for the form's key, and the participation (the act that
//! recorded the ballot) for a voter who votes again with another key; this table keeps the
//! answers to members' ballots, and the receipts of session ballots cast before that change
//! (`legacy_receipts.rs`).

use std::collections::HashMap;

use asamblea_store::Tx;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::AppError;
use crate::domain::{ElectionId, VoteId};
use crate::group_commit::{Column, Write};

/// The answer to a ballot: what was recorded (never the choice).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Receipt {
    /// The session vote the ballot was cast in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vote_id: Option<VoteId>,
    /// The election the ballot was cast in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub election_id: Option<ElectionId>,
    /// The record's position of the act of the batch this ballot was cast in
    /// (`vote.ballots_cast`, `election.ballots_cast`; older receipts: `vote.ballot_cast`, one
    /// per ballot).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<i64>,
    /// The hash of that act (check it in the record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    /// This ballot's place in its batch, from 0: in an open vote, its entry in the act's
    /// `casts`; otherwise one of the act's `ballots`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<i64>,
    /// A session vote: how many had voted, this ballot included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voted: Option<i64>,
    /// An encrypted secret vote: the tracking codes of the ballot on the vote's board (one per
    /// ballot of one a weighted ballot counts as), to find it there.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tracking_codes: Vec<String>,
    /// True when this answer repeats the one given to the same key before: the ballot was
    /// recorded then, and nothing was cast now.
    #[serde(default)]
    pub again: bool,
    /// True when this voter had already voted (another key, or a teller entered the vote):
    /// nothing was cast now; `position` and `hash` are those of the act that recorded their
    /// participation (absent for a ballot cast before receipts of participation were kept).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub already: bool,
}

/// A fresh idempotency key for a ballot form.
pub fn new_key() -> String {
    crate::secrets::new_token()
}

/// A key sent with a ballot: `None` if left out or empty; refused unless 16 to 128 letters,
/// digits, `-` or `_`.
pub fn parse_key(raw: Option<&str>) -> Result<Option<String>, AppError> {
    let Some(key) = raw.map(str::trim).filter(|k| !k.is_empty()) else {
        return Ok(None);
    };
    let ok = (16..=128).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(Some(key.to_string()))
    } else {
        Err(AppError::invalid("cast_key", "error-cast-key"))
    }
}

/// What the table keys a receipt by: SHA-256 of the key and of who cast the ballot.
pub(crate) fn key_digest(key: &str, caster: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"asamblea-cast-receipt\n");
    h.update(caster.as_bytes());
    h.update(b"\n");
    h.update(key.as_bytes());
    hex::encode(h.finalize())
}

fn parse(text: &str) -> Result<Receipt, AppError> {
    serde_json::from_str::<Receipt>(text)
        .map(|r| Receipt { again: true, ..r })
        .map_err(|e| AppError::Internal(format!("a stored receipt is unreadable: {e}")))
}

/// The receipts kept under any of `digests` (a batch's keys), marked `again`, by digest: read
/// in one statement per batch (per 500 keys on SQLite), not one per ballot.
pub(crate) async fn find_all(
    tx: &mut Tx,
    digests: &[&str],
) -> Result<HashMap<String, Receipt>, AppError> {
    let rows: Vec<(String, String)> = crate::group_commit::select_by_keys(
        tx,
        "SELECT key_digest, receipt FROM cast_receipts",
        "key_digest",
        digests,
    )
    .await?;
    rows.into_iter()
        .map(|(d, text)| Ok((d, parse(&text)?)))
        .collect()
}

/// The write that keeps a batch's receipts, each under its digest (the first one kept under a
/// digest stays), run with the batch's box (`group_commit::write_together`).
pub(crate) fn kept(kept: &[(String, Receipt)]) -> Result<Write<'static>, AppError> {
    let texts = kept
        .iter()
        .map(|(_, r)| serde_json::to_string(r))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| AppError::Internal(format!("cannot write a receipt: {e}")))?;
    Ok(Write::Insert {
        into: "cast_receipts (key_digest, receipt)",
        columns: vec![
            Column::Text(kept.iter().map(|(d, _)| d.clone()).collect()),
            Column::Text(texts),
        ],
        tail: "ON CONFLICT (key_digest) DO NOTHING",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(parse_key(None).ok(), Some(None));
        assert_eq!(parse_key(Some("  ")).ok(), Some(None));
        let k = new_key();
        assert_eq!(parse_key(Some(&k)).ok(), Some(Some(k.clone())));
        assert!(parse_key(Some("short")).is_err());
        assert!(parse_key(Some("a b c d e f g h i j k")).is_err());
        assert_ne!(key_digest(&k, "user:1"), key_digest(&k, "user:2"));
    }
}
