//! Random tokens, card codes and password hashes. No primitive is written here: randomness comes
//! from the OS, hashing from `sha2` and `argon2`.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::rngs::OsRng;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};

/// A 256-bit random token, hex-encoded (session cookies, set-up links).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// SHA-256 of a high-entropy secret, hex; what the database keeps instead of the secret.
pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Letters and digits that cannot be confused when read aloud or typed on a phone.
pub(crate) const CARD_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A login code for a credential card: 12 symbols (about 59 bits), shown as `XXXX-XXXX-XXXX`.
pub fn new_card_code() -> String {
    let s = symbols(12);
    format!("{}-{}-{}", &s[0..4], &s[4..8], &s[8..12])
}

pub(crate) fn symbols(n: usize) -> String {
    let mut rng = OsRng;
    (0..n)
        .map(|_| CARD_ALPHABET[rng.gen_range(0..CARD_ALPHABET.len())] as char)
        .collect()
}

/// A pickup number (`XXXX-XXXX`): what the owner's phone shows to the commission. Not a secret.
pub fn new_pickup_number() -> String {
    let s = symbols(8);
    format!("{}-{}", &s[0..4], &s[4..8])
}

/// A delegate's badge number (`XXXX-XXXX`), printed on the card and typed or scanned at the door.
/// Not a secret (it is no login); random so that a typing error finds nobody.
pub fn new_badge() -> String {
    new_pickup_number()
}

/// A typed card code in canonical form: upper case, without spaces or dashes.
pub fn normalize_card_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// An argon2id hash in PHC format.
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// [`hash_password`] on tokio's blocking threads. Argon2 takes tens of milliseconds of CPU on
/// purpose; run here, it stalls no async worker (and so no ballot or page) meanwhile. Call it
/// before opening a write transaction, never inside one.
pub async fn hash_password_async(password: &str) -> Result<String, String> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| e.to_string())?
}

/// [`verify_password`] on tokio's blocking threads (see [`hash_password_async`]).
pub async fn verify_password_async(password: &str, phc: &str) -> bool {
    let (password, phc) = (password.to_owned(), phc.to_owned());
    tokio::task::spawn_blocking(move || verify_password(&password, &phc))
        .await
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_codes_have_the_printed_shape_and_normalize() {
        let code = new_card_code();
        assert_eq!(code.len(), 14);
        assert_eq!(normalize_card_code(&code.to_lowercase()).len(), 12);
        assert_eq!(normalize_card_code(" abcd-efgh jkmn "), "ABCDEFGHJKMN");
    }

    #[test]
    fn passwords_verify_only_themselves() {
        let h = hash_password("correct horse").unwrap();
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("wrong horse", &h));
        assert!(!verify_password("x", "not a hash"));
    }
}
