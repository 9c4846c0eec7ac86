//! The voter's side of `asamblea-ballot-crypto`, compiled to WebAssembly for the vote page
//! (issue 14, item 4). The browser loads `web/static/ballot.wasm` (built by `scripts/build-wasm`)
//! and calls plain `extern "C"` functions over linear memory, JSON in and JSON out; no
//! wasm-bindgen. Every random byte comes from the browser's `crypto.getRandomValues`, which the
//! page passes in as the import `asamblea.random_fill(ptr, len)`.
//!
//! The logic is here as two pure functions, [`make_ballot`] and [`open_ballot`], generic over
//! the random source so that the native tests run the very code the browser runs.
//!
//! - `make_ballot`: `{"manifest", "credential", "selections"}` → the signed encrypted ballot, its
//!   tracking code, the randomness of every ciphertext (kept by the page for a challenge, never
//!   sent) and the credential used (the one given, or a fresh one when `credential` is empty).
//! - `open_ballot`: `{"manifest", "ballot", "randomness"}` → a challenged (Benaloh) ballot's
//!   choices, after checking its proofs and that the revealed randomness opens each ciphertext.
//!
//! Every answer is `{"ok": …}` or `{"error": {"field", "detail"}}`; `field` is one of
//! `input`, `manifest`, `credential`, `selections`, `ballot`, `randomness`: the page shows its
//! own translated message for it.

use asamblea_ballot_crypto::SigningKey;
use asamblea_ballot_crypto::ballot::{
    Ballot, Manifest, Randomness, Selections, audit_ballot, encrypt_ballot, verify_ballot,
};
use asamblea_ballot_crypto::codec::scalar_from_bytes;
use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

// Requests keep the manifest and the ballot as raw text, so that a refusal names the part that is
// wrong (and the module carries no `serde_json::Value`).
#[derive(Deserialize)]
struct MakeRequest<'a> {
    #[serde(borrow)]
    manifest: &'a RawValue,
    /// The credential's secret, 64 hex digits; empty: make a fresh one.
    #[serde(default)]
    credential: String,
    selections: Selections,
}

#[derive(Serialize)]
struct Made {
    ballot: Ballot,
    tracking_code: String,
    /// Per question, per choice, the ciphertext's randomness (hex scalars).
    randomness: Vec<Vec<String>>,
    /// The credential's secret (as given, or fresh) and its public part.
    credential: String,
    public_credential: String,
}

#[derive(Deserialize)]
struct OpenRequest<'a> {
    #[serde(borrow)]
    manifest: &'a RawValue,
    #[serde(borrow)]
    ballot: &'a RawValue,
    randomness: Vec<Vec<String>>,
}

#[derive(Serialize)]
struct Opened {
    selections: Selections,
    tracking_code: String,
}

/// A refusal: which input is wrong, and the library's words for it.
#[derive(Debug, PartialEq, Eq)]
pub struct Refusal {
    pub field: &'static str,
    pub detail: String,
}

fn refuse(field: &'static str, detail: impl ToString) -> Refusal {
    Refusal {
        field,
        detail: detail.to_string(),
    }
}

/// `{"ok": …}` or `{"error": {"field", "detail"}}`.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum Answer<T> {
    Ok(T),
    Error { field: &'static str, detail: String },
}

fn answer<T: Serialize>(r: Result<T, Refusal>) -> String {
    let a = match r {
        Ok(ok) => Answer::Ok(ok),
        Err(e) => Answer::Error {
            field: e.field,
            detail: e.detail,
        },
    };
    serde_json::to_string(&a)
        .unwrap_or_else(|e| format!("{{\"error\":{{\"field\":\"input\",\"detail\":\"{e}\"}}}}"))
}

/// A typed value out of a part of the request.
fn typed<T: serde::de::DeserializeOwned>(v: &RawValue, field: &'static str) -> Result<T, Refusal> {
    serde_json::from_str(v.get()).map_err(|e| refuse(field, e))
}

fn manifest(v: &RawValue) -> Result<Manifest, Refusal> {
    let m: Manifest = typed(v, "manifest")?;
    m.check().map_err(|e| refuse("manifest", e))?;
    Ok(m)
}

/// The credential's signing key from its 64 hex digits, or a fresh one from `rng`.
fn credential<R: CryptoRngCore + ?Sized>(given: &str, rng: &mut R) -> Result<SigningKey, Refusal> {
    let mut seed = [0u8; 32];
    let given = given.trim();
    if given.is_empty() {
        rng.fill_bytes(&mut seed);
    } else {
        hex::decode_to_slice(given, &mut seed)
            .map_err(|_| refuse("credential", "expected 64 hex digits"))?;
    }
    Ok(SigningKey::from_bytes(&seed))
}

fn make<R: CryptoRngCore + ?Sized>(input: &str, rng: &mut R) -> Result<Made, Refusal> {
    let req: MakeRequest = serde_json::from_str(input).map_err(|e| refuse("input", e))?;
    let m = manifest(req.manifest)?;
    let key = credential(&req.credential, rng)?;
    let (ballot, randomness) =
        encrypt_ballot(&m, &key, &req.selections, rng).map_err(|e| refuse("selections", e))?;
    Ok(Made {
        tracking_code: ballot.tracking_code(),
        ballot,
        randomness: randomness
            .iter()
            .map(|q| q.iter().map(|r| hex::encode(r.as_bytes())).collect())
            .collect(),
        credential: hex::encode(key.to_bytes()),
        public_credential: hex::encode(key.verifying_key().to_bytes()),
    })
}

fn open(input: &str) -> Result<Opened, Refusal> {
    let req: OpenRequest = serde_json::from_str(input).map_err(|e| refuse("input", e))?;
    let m = manifest(req.manifest)?;
    let ballot: Ballot = typed(req.ballot, "ballot")?;
    verify_ballot(&m, &m.fingerprint(), &ballot).map_err(|e| refuse("ballot", e))?;
    let randomness: Randomness = req
        .randomness
        .iter()
        .map(|q| {
            q.iter()
                .map(|h| {
                    let mut b = [0u8; 32];
                    hex::decode_to_slice(h, &mut b).ok()?;
                    scalar_from_bytes(b)
                })
                .collect::<Option<Vec<_>>>()
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| refuse("randomness", "expected canonical scalars in hex"))?;
    let selections = audit_ballot(&m, &ballot, &randomness).map_err(|e| refuse("randomness", e))?;
    Ok(Opened {
        selections,
        tracking_code: ballot.tracking_code(),
    })
}

/// Makes a signed encrypted ballot (see the crate's documentation); the answer as JSON.
pub fn make_ballot<R: CryptoRngCore + ?Sized>(input: &str, rng: &mut R) -> String {
    answer(make(input, rng))
}

/// Opens a challenged ballot (see the crate's documentation); the answer as JSON.
pub fn open_ballot(input: &str) -> String {
    answer(open(input))
}

/// The functions the page calls. Memory protocol: the page asks `alloc(len)` for room, writes
/// its UTF-8 JSON there and calls `make_ballot(ptr, len)` or `open_ballot(ptr, len)`, which take
/// the input (and free it) and return the answer's length; the answer is at `output_ptr()` until
/// the next call.
#[cfg(target_arch = "wasm32")]
mod exports {
    use std::cell::RefCell;

    #[link(wasm_import_module = "asamblea")]
    unsafe extern "C" {
        /// Fills `len` bytes at `ptr` with `crypto.getRandomValues`.
        fn random_fill(ptr: *mut u8, len: usize);
    }

    /// The browser's `crypto.getRandomValues`, a cryptographic random source.
    struct BrowserRng;

    impl rand_core::RngCore for BrowserRng {
        fn next_u32(&mut self) -> u32 {
            let mut b = [0u8; 4];
            self.fill_bytes(&mut b);
            u32::from_le_bytes(b)
        }
        fn next_u64(&mut self) -> u64 {
            let mut b = [0u8; 8];
            self.fill_bytes(&mut b);
            u64::from_le_bytes(b)
        }
        fn fill_bytes(&mut self, dest: &mut [u8]) {
            // getRandomValues fills at most 65,536 bytes a call.
            for chunk in dest.chunks_mut(65_536) {
                // SAFETY: the import writes exactly `chunk.len()` bytes at `chunk`'s pointer.
                unsafe { random_fill(chunk.as_mut_ptr(), chunk.len()) }
            }
        }
        fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
            self.fill_bytes(dest);
            Ok(())
        }
    }

    impl rand_core::CryptoRng for BrowserRng {}

    thread_local! {
        static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }

    /// Room for `len` bytes of input.
    #[unsafe(no_mangle)]
    pub extern "C" fn alloc(len: usize) -> *mut u8 {
        let mut v = Vec::<u8>::with_capacity(len);
        let p = v.as_mut_ptr();
        std::mem::forget(v);
        p
    }

    /// Takes back the input the page wrote at `ptr` (from `alloc(len)`), as text.
    ///
    /// # Safety
    /// `ptr` comes from `alloc(len)` and `len` bytes were written there.
    unsafe fn take_input(ptr: *mut u8, len: usize) -> String {
        // SAFETY: the caller's contract: `ptr` is `alloc(len)`'s, with `len` bytes written.
        let bytes = unsafe { Vec::from_raw_parts(ptr, len, len) };
        String::from_utf8_lossy(&bytes).into_owned()
    }

    fn give(answer: String) -> usize {
        let len = answer.len();
        OUTPUT.with(|o| *o.borrow_mut() = answer.into_bytes());
        len
    }

    /// The last answer's first byte.
    #[unsafe(no_mangle)]
    pub extern "C" fn output_ptr() -> *const u8 {
        OUTPUT.with(|o| o.borrow().as_ptr())
    }

    /// # Safety
    /// `ptr` comes from `alloc(len)` and `len` bytes of UTF-8 were written there.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn make_ballot(ptr: *mut u8, len: usize) -> usize {
        // SAFETY: the caller's contract.
        let input = unsafe { take_input(ptr, len) };
        give(super::make_ballot(&input, &mut BrowserRng))
    }

    /// # Safety
    /// `ptr` comes from `alloc(len)` and `len` bytes of UTF-8 were written there.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn open_ballot(ptr: *mut u8, len: usize) -> usize {
        // SAFETY: the caller's contract.
        let input = unsafe { take_input(ptr, len) };
        give(super::open_ballot(&input))
    }
}

#[cfg(test)]
mod tests;
