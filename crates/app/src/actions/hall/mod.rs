//! The shared device in the hall (issue 14): a delegate without a phone votes in an encrypted
//! secret session vote on a device the assembly lays out (`/hall/vote`, no login), with a
//! one-time code a teller gives them ([`issue_hall_code`]); the device encrypts the ballot (or,
//! without JavaScript, the server does and the page says so) and casts it on the vote's board
//! ([`cast_hall_ballot`]).
//!
//! A code is 16 symbols: 8 random ones (the nonce) and 8 of an HMAC-SHA256 of the vote and the
//! nonce under the vote's own random key (`hall_code_keys`). So issuing a code writes nothing
//! about it: the delegate's mark (`vote_casts`) and the act `vote.hall_code_issued` name the
//! delegate, no code. Using it writes the code's SHA-256 (`hall_codes_used`: a code works once)
//! beside the ballot; no row written when it was issued matches it, in a table, in the WAL or
//! in PostgreSQL's `xmin`. A code is for its vote only, and only while that vote is open.

pub mod cast_hall_ballot;
pub mod issue_hall_code;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::domain::VoteId;
use crate::secrets::{CARD_ALPHABET, symbols};

/// Symbols of the nonce, and of the tag.
const HALF: usize = 8;

/// The tag of `nonce` for vote `vote` under `key` (hex): 8 symbols of the HMAC.
fn tag(key: &str, vote: VoteId, nonce: &str) -> Option<String> {
    let key = hex::decode(key).ok()?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
    mac.update(b"asamblea/hall-code/v1\0");
    mac.update(&vote.get().to_be_bytes());
    mac.update(nonce.as_bytes());
    let out = mac.finalize().into_bytes();
    let mut n = u64::from_be_bytes(out[..8].try_into().ok()?);
    let base = CARD_ALPHABET.len() as u64;
    Some(
        (0..HALF)
            .map(|_| {
                let c = CARD_ALPHABET[(n % base) as usize] as char;
                n /= base;
                c
            })
            .collect(),
    )
}

/// A new code for vote `vote` under its key, shown as `XXXX-XXXX-XXXX-XXXX`.
pub(crate) fn new_code(key: &str, vote: VoteId) -> Option<String> {
    let nonce = symbols(HALF);
    let s = format!("{nonce}{}", tag(key, vote, &nonce)?);
    Some(format!(
        "{}-{}-{}-{}",
        &s[0..4],
        &s[4..8],
        &s[8..12],
        &s[12..16]
    ))
}

/// A typed code in canonical form (upper case, no spaces or dashes), if it can be one.
pub fn normalize(typed: &str) -> Option<String> {
    let c = crate::secrets::normalize_card_code(typed);
    (c.len() == 2 * HALF && c.bytes().all(|b| CARD_ALPHABET.contains(&b))).then_some(c)
}

/// Whether canonical code `code` was made for vote `vote` under `key` (compared in time that
/// does not depend on where it differs).
pub(crate) fn holds(key: &str, vote: VoteId, code: &str) -> bool {
    let (nonce, given) = code.split_at(HALF);
    let Some(want) = tag(key, vote, nonce) else {
        return false;
    };
    want.len() == given.len()
        && want
            .bytes()
            .zip(given.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_holds_for_its_vote_and_key_only() {
        let key = crate::secrets::new_token();
        let other = crate::secrets::new_token();
        let v = VoteId(7);
        let shown = new_code(&key, v).unwrap();
        assert_eq!(shown.len(), 19, "{shown}");
        let code = normalize(&shown.to_lowercase()).unwrap();
        assert!(holds(&key, v, &code));
        assert!(!holds(&key, VoteId(8), &code));
        assert!(!holds(&other, v, &code));
        // One symbol changed, in the nonce or in the tag: refused.
        for i in [0, 15] {
            let mut b = code.clone().into_bytes();
            b[i] = if b[i] == b'A' { b'B' } else { b'A' };
            assert!(!holds(&key, v, &String::from_utf8(b).unwrap()));
        }
        assert_eq!(normalize("ABCD-EFGH"), None);
        assert_eq!(normalize("ABCD-EFGH-JKMN-PQR0"), None, "0 is not a symbol");
        assert!(normalize(" abcd efgh jkmn pqrs ").is_some());
    }
}
