//! Witnesses of the log (c2sp.org/tlog-witness, c2sp.org/tlog-cosignature): a witness keeps the
//! latest checkpoint it checked for each log, accepts a newer one only with a consistency proof
//! from the one it kept, and then cosigns it. A log that forks or is rewritten cannot get a
//! cosignature for the rewritten history from a witness that saw the old one.
//!
//! A cosignature is a signed-note signature line from the witness key: key id
//! `SHA-256(<name> || "\n" || 0x04 || public key)[:4]`, signature `timestamp (u64 big-endian) ||
//! Ed25519 signature` over `cosignature/v1\ntime <timestamp>\n` followed by the checkpoint body.
//! The signing and verifying are `ed25519_dalek`'s; the note lines are the `signed_note` crate's.
//!
//! Pure: the caller brings the clock (the timestamp), the files and the network.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use tlog_tiles::Hash;

/// The signature type byte of a cosignature/v1 Ed25519 key (in the key id and the vkey).
const COSIGNATURE_V1: u8 = 0x04;

/// What a witness refuses, and why (the words are for the person running it).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Refusal {
    /// The checkpoint is not signed by the log's pinned key.
    #[error("the checkpoint is not signed by the log's key: {0}")]
    BadSignature(String),
    /// The log shows fewer entries than the witness already saw: entries were removed.
    #[error(
        "REFUSED: the log now shows {new} entries but this witness already saw {old}: the log \
         was cut back or rewritten (the kept checkpoint is unchanged)"
    )]
    Shrunk { old: u64, new: u64 },
    /// Same size, another root: two different histories of the same length.
    #[error(
        "REFUSED: the log shows a different root ({new}) for the same {size} entries this witness \
         saw with root {old}: the log was rewritten (forked); keep both checkpoints as evidence"
    )]
    Forked { size: u64, old: String, new: String },
    /// The consistency proof from the kept checkpoint to the new one does not verify.
    #[error(
        "REFUSED: the log's checkpoint of {new} entries is not an extension of the {old} entries \
         this witness saw (the consistency proof fails: {detail}): the log was rewritten; keep \
         both checkpoints as evidence"
    )]
    Inconsistent { old: u64, new: u64, detail: String },
    /// Anything malformed (a proof hash, the note).
    #[error("malformed: {0}")]
    Malformed(String),
}

/// A checkpoint a witness checked: the log's name, tree size and root.
#[derive(Debug, Clone, PartialEq)]
pub struct Seen {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
}

/// Checks that `new` may follow `kept` (the witness's latest checkpoint of the same log, if
/// any), given the consistency proof from `kept.size` to `new.size` (empty when there is no
/// kept checkpoint or the sizes are equal).
pub fn check_step(kept: Option<&Seen>, new: &Seen, proof: &[Hash]) -> Result<(), Refusal> {
    let Some(kept) = kept else {
        return Ok(());
    };
    if new.size < kept.size {
        return Err(Refusal::Shrunk {
            old: kept.size,
            new: new.size,
        });
    }
    if new.size == kept.size {
        return if new.root == kept.root {
            Ok(())
        } else {
            Err(Refusal::Forked {
                size: new.size,
                old: kept.root.to_string(),
                new: new.root.to_string(),
            })
        };
    }
    if kept.size == 0 {
        return Ok(());
    }
    tlog_tiles::check_tree(&proof.to_vec(), new.size, new.root, kept.size, kept.root).map_err(|e| {
        Refusal::Inconsistent {
            old: kept.size,
            new: new.size,
            detail: e.to_string(),
        }
    })
}

/// Whether `name` may name a witness (not empty, no spaces, no '+').
pub fn name_ok(name: &str) -> bool {
    signed_note::is_key_name_valid(name)
}

/// The key id of a witness named `name` with public key `key`.
pub fn key_id(name: &str, key: &VerifyingKey) -> u32 {
    let mut material = vec![COSIGNATURE_V1];
    material.extend_from_slice(key.as_bytes());
    signed_note::key_id(name, &material)
}

/// The witness's verifier key as the log pins it: `<name>+<key id hex>+<base64(0x04 || key)>`.
pub fn witness_vkey(name: &str, key: &VerifyingKey) -> String {
    let mut material = vec![COSIGNATURE_V1];
    material.extend_from_slice(key.as_bytes());
    format!(
        "{name}+{:08x}+{}",
        key_id(name, key),
        BASE64.encode(material)
    )
}

/// A witness's name and public key from its verifier key (see [`witness_vkey`]); `None` if it is
/// not one (wrong type byte, key id not matching, bad name).
pub fn parse_witness_vkey(vkey: &str) -> Option<(String, VerifyingKey)> {
    let mut parts = vkey.trim().splitn(3, '+');
    let name = parts.next()?;
    let id = parts.next()?;
    let material = BASE64.decode(parts.next()?).ok()?;
    if !signed_note::is_key_name_valid(name) || material.len() != 33 {
        return None;
    }
    if material[0] != COSIGNATURE_V1 {
        return None;
    }
    let key = VerifyingKey::from_bytes(material[1..].try_into().ok()?).ok()?;
    (u32::from_str_radix(id, 16).ok()? == key_id(name, &key) && id.len() == 8)
        .then(|| (name.to_string(), key))
}

fn message(timestamp: u64, body: &[u8]) -> Vec<u8> {
    let mut m = format!("cosignature/v1\ntime {timestamp}\n").into_bytes();
    m.extend_from_slice(body);
    m
}

/// The cosignature line (`— <name> <base64>\n`) of the witness `name` with `key` on the
/// checkpoint whose body (the note text, without signature lines) is `body`, at `timestamp`
/// (seconds since the epoch).
pub fn cosign(key: &SigningKey, name: &str, body: &[u8], timestamp: u64) -> String {
    let signature = key.sign(&message(timestamp, body));
    let mut bytes = key_id(name, &key.verifying_key()).to_be_bytes().to_vec();
    bytes.extend_from_slice(&timestamp.to_be_bytes());
    bytes.extend_from_slice(&signature.to_bytes());
    format!("\u{2014} {name} {}\n", BASE64.encode(bytes))
}

/// Checks a cosignature `line` by the witness `name` with `key` on the checkpoint `body`;
/// returns its timestamp.
pub fn verify_cosignature(
    line: &str,
    name: &str,
    key: &VerifyingKey,
    body: &[u8],
) -> Result<u64, String> {
    let rest = line
        .trim_end_matches('\n')
        .strip_prefix("\u{2014} ")
        .ok_or("a cosignature line starts with \"— \"")?;
    let (line_name, b64) = rest
        .split_once(' ')
        .ok_or("a cosignature line is \"— <name> <base64>\"")?;
    if line_name != name {
        return Err(format!("the line is signed by {line_name}, not {name}"));
    }
    let bytes = BASE64
        .decode(b64)
        .map_err(|_| "the signature is not base64")?;
    if bytes.len() != 4 + 8 + 64 {
        return Err("a cosignature is 76 bytes (key id, timestamp, Ed25519 signature)".into());
    }
    if bytes[..4] != key_id(name, key).to_be_bytes() {
        return Err("the key id is not this witness's".into());
    }
    let timestamp = u64::from_be_bytes(bytes[4..12].try_into().map_err(|_| "timestamp")?);
    if timestamp > i64::MAX as u64 {
        return Err("the timestamp is out of range".into());
    }
    let signature = ed25519_dalek::Signature::from_bytes(
        bytes[12..].try_into().map_err(|_| "signature length")?,
    );
    key.verify_strict(&message(timestamp, body), &signature)
        .map_err(|_| "the cosignature does not verify".to_string())?;
    Ok(timestamp)
}

/// The body of a signed note (its text up to and including the blank line's preceding
/// newline, without signature lines), and its signature lines.
pub fn split_note(note: &str) -> Option<(&str, Vec<&str>)> {
    let at = note.find("\n\n")?;
    let body = &note[..=at];
    let sigs = note[at + 2..].lines().filter(|l| !l.is_empty()).collect();
    Some((body, sigs))
}

/// Parses a checkpoint body (origin, size, base64 root) into what a witness keeps.
pub fn parse_checkpoint(body: &str) -> Result<Seen, Refusal> {
    let cp = tlog_tiles::Checkpoint::from_bytes(body.as_bytes())
        .map_err(|e| Refusal::Malformed(e.to_string()))?;
    Ok(Seen {
        origin: cp.origin().to_string(),
        size: cp.size(),
        root: *cp.hash(),
    })
}

/// Decodes proof hashes given in base64.
pub fn decode_proof(hashes: &[String]) -> Result<Vec<Hash>, Refusal> {
    hashes
        .iter()
        .map(|h| Hash::parse_hash(h).map_err(|_| Refusal::Malformed(format!("proof hash {h}"))))
        .collect()
}

/// The most consistency proof lines an add-checkpoint request may carry (c2sp.org/tlog-witness).
pub const MAX_PROOF_LINES: usize = 63;

/// The content type of a witness's 409 answer: its latest cosigned size, in decimal.
pub const SIZE_CONTENT_TYPE: &str = "text/x.tlog.size";

/// A parsed `POST <prefix>/add-checkpoint` body: `old N`, the consistency proof, the note.
#[derive(Debug, Clone, PartialEq)]
pub struct AddCheckpoint {
    pub old: u64,
    pub proof: Vec<Hash>,
    /// The checkpoint as a signed note (with every signature it came with).
    pub note: String,
}

/// The body of an add-checkpoint request (what a log sends a witness).
pub fn add_checkpoint_body(old: u64, proof: &[Hash], note: &str) -> String {
    let mut body = format!("old {old}\n");
    for h in proof {
        body.push_str(&h.to_string());
        body.push('\n');
    }
    body.push('\n');
    body.push_str(note);
    body
}

/// A decimal with no leading zeroes ("0" alone for zero), as the protocol writes sizes.
fn strict_decimal(s: &str) -> Option<u64> {
    let ok =
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    if ok { s.parse().ok() } else { None }
}

/// Parses an add-checkpoint request body; an error says what is malformed (400).
pub fn parse_add_checkpoint(body: &str) -> Result<AddCheckpoint, String> {
    let (first, mut rest) = body
        .split_once('\n')
        .ok_or("the body starts with a line \"old <size>\"")?;
    let old = first
        .strip_prefix("old ")
        .and_then(strict_decimal)
        .ok_or("the first line is \"old <size>\" (a decimal with no leading zeroes)")?;
    let mut proof = Vec::new();
    loop {
        let (line, after) = rest
            .split_once('\n')
            .ok_or("an empty line ends the consistency proof")?;
        rest = after;
        if line.is_empty() {
            break;
        }
        if proof.len() == MAX_PROOF_LINES {
            return Err(format!("at most {MAX_PROOF_LINES} consistency proof lines"));
        }
        proof.push(
            Hash::parse_hash(line)
                .map_err(|_| format!("proof line {}: not a base64 hash", proof.len() + 2))?,
        );
    }
    Ok(AddCheckpoint {
        old,
        proof,
        note: rest.to_string(),
    })
}

/// How a witness answers an add-checkpoint request it does not cosign
/// (c2sp.org/tlog-witness: the HTTP status of each).
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// 400: malformed, or `old` larger than the checkpoint's size.
    BadRequest(String),
    /// 403: no valid signature by a key this witness trusts for the origin.
    Forbidden(String),
    /// 404: a log this witness does not know.
    UnknownLog(String),
    /// 409: `old` is not the size this witness last cosigned (which it answers).
    Conflict(u64),
    /// 422: not consistent with what this witness cosigned (or a bad empty tree, or a proof
    /// where none belongs).
    Unprocessable(String),
}

impl Answer {
    /// The HTTP status code of this answer.
    pub fn status(&self) -> u16 {
        match self {
            Answer::BadRequest(_) => 400,
            Answer::Forbidden(_) => 403,
            Answer::UnknownLog(_) => 404,
            Answer::Conflict(_) => 409,
            Answer::Unprocessable(_) => 422,
        }
    }
}

/// The origin (first line) of a checkpoint note, if it has one.
pub fn note_origin(note: &str) -> Option<&str> {
    note.split_once('\n')
        .map(|(origin, _)| origin)
        .filter(|o| !o.is_empty())
}

/// What a witness decides on an add-checkpoint request `req` for a log whose trusted verifier
/// keys are `vkeys` (empty: an unknown log) and of which it last cosigned `kept` (`None`: never).
/// `Ok` is the checkpoint to keep and cosign, with its body (the note's text without signatures);
/// the caller keeps it (durably) before answering.
pub fn decide(
    req: &AddCheckpoint,
    vkeys: &[String],
    kept: Option<&Seen>,
) -> Result<(Seen, String), Answer> {
    let origin = note_origin(&req.note)
        .ok_or_else(|| Answer::BadRequest("the checkpoint has no origin line".into()))?;
    if vkeys.is_empty() {
        return Err(Answer::UnknownLog(format!("unknown log {origin}")));
    }
    let mut verifiers: Vec<Box<dyn signed_note::Verifier>> = Vec::new();
    for vkey in vkeys {
        let v = signed_note::StandardVerifier::new(vkey)
            .map_err(|e| Answer::Forbidden(format!("the log key {vkey}: {e}")))?;
        verifiers.push(Box::new(v));
    }
    let note = signed_note::Note::from_bytes(req.note.as_bytes())
        .map_err(|e| Answer::BadRequest(format!("not a signed note: {e}")))?;
    note.verify(&signed_note::VerifierList::new(verifiers))
        .map_err(|e| Answer::Forbidden(format!("the log's signature: {e}")))?;
    let body = std::str::from_utf8(note.text())
        .map_err(|_| Answer::BadRequest("the note is not UTF-8".into()))?
        .to_string();
    let new = parse_checkpoint(&body).map_err(|e| Answer::BadRequest(e.to_string()))?;
    if new.origin != origin {
        return Err(Answer::BadRequest("the checkpoint's origin line".into()));
    }
    if req.old > new.size {
        return Err(Answer::BadRequest(format!(
            "old size {} is larger than the checkpoint's {}",
            req.old, new.size
        )));
    }
    let kept_size = kept.map_or(0, |k| k.size);
    if req.old != kept_size {
        return Err(Answer::Conflict(kept_size));
    }
    if new.size == 0 && new.root != tlog_tiles::EMPTY_HASH {
        return Err(Answer::Unprocessable(
            "a checkpoint of size 0 has the empty tree's root".into(),
        ));
    }
    if req.old == 0 && !req.proof.is_empty() {
        return Err(Answer::Unprocessable(
            "no consistency proof belongs with old size 0".into(),
        ));
    }
    check_step(kept, &new, &req.proof).map_err(|r| Answer::Unprocessable(r.to_string()))?;
    Ok((new, body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::{TreeReader, sign_note, stored_hashes_for, verifier_key};
    use std::collections::HashMap;

    fn tree(leaves: &[&str]) -> HashMap<u64, Hash> {
        let mut stored = HashMap::new();
        for (n, leaf) in leaves.iter().enumerate() {
            for (i, h) in stored_hashes_for(n as u64, leaf.as_bytes(), &stored).expect("hash") {
                stored.insert(i, h);
            }
        }
        stored
    }

    fn root(stored: &HashMap<u64, Hash>, size: u64) -> Hash {
        tlog_tiles::tree_hash(size, &TreeReader::over(stored)).expect("root")
    }

    /// A cosignature verifies with the witness's key over the same body only; the vkey parses
    /// back to the same name and key; a note with the cosignature appended still opens with
    /// the log's key (the log's readers ignore signatures they do not know).
    #[test]
    fn cosignature_round_trip() {
        let log = SigningKey::from_bytes(&[1u8; 32]);
        let witness = SigningKey::from_bytes(&[2u8; 32]);
        let stored = tree(&["a", "b", "c"]);
        let note = sign_note(&log, 3, root(&stored, 3)).expect("note");
        let (body, sigs) = split_note(&note).expect("split");
        assert_eq!(sigs.len(), 1);
        let line = cosign(&witness, "w.example/1", body.as_bytes(), 1_700_000_000);
        let ts = verify_cosignature(
            &line,
            "w.example/1",
            &witness.verifying_key(),
            body.as_bytes(),
        )
        .expect("verifies");
        assert_eq!(ts, 1_700_000_000);
        let other_body = body.replace("\n3\n", "\n4\n");
        assert!(
            verify_cosignature(
                &line,
                "w.example/1",
                &witness.verifying_key(),
                other_body.as_bytes()
            )
            .is_err()
        );
        assert!(
            verify_cosignature(&line, "w.example/1", &log.verifying_key(), body.as_bytes())
                .is_err()
        );
        let vkey = witness_vkey("w.example/1", &witness.verifying_key());
        let (name, key) = parse_witness_vkey(&vkey).expect("parse");
        assert_eq!(name, "w.example/1");
        assert_eq!(key, witness.verifying_key());
        assert!(parse_witness_vkey(&verifier_key(&log.verifying_key())).is_none());
        let cosigned = format!("{note}{line}");
        let opened =
            crate::tree::open_note(&cosigned, &verifier_key(&log.verifying_key())).expect("open");
        assert_eq!(opened.size, 3);
    }

    /// An honest extension passes with its proof; a rewritten history of the same or a larger
    /// size, or a shorter one, is refused.
    #[test]
    fn witness_refuses_rewrites() {
        let honest = tree(&["a", "b", "c", "d", "e"]);
        let kept = Seen {
            origin: "o".into(),
            size: 3,
            root: root(&honest, 3),
        };
        let next = Seen {
            origin: "o".into(),
            size: 5,
            root: root(&honest, 5),
        };
        let proof = tlog_tiles::prove_tree(5, 3, &TreeReader::over(&honest)).expect("proof");
        check_step(Some(&kept), &next, &proof).expect("honest");
        check_step(None, &next, &[]).expect("first sight");
        check_step(Some(&next), &next, &[]).expect("same");

        let rewritten = tree(&["a", "B", "c", "d", "e"]);
        let forged = Seen {
            origin: "o".into(),
            size: 5,
            root: root(&rewritten, 5),
        };
        let proof = tlog_tiles::prove_tree(5, 3, &TreeReader::over(&rewritten)).expect("proof");
        assert!(matches!(
            check_step(Some(&kept), &forged, &proof),
            Err(Refusal::Inconsistent { old: 3, new: 5, .. })
        ));
        assert!(matches!(
            check_step(Some(&next), &forged, &[]),
            Err(Refusal::Forked { size: 5, .. })
        ));
        assert!(matches!(
            check_step(Some(&next), &kept, &[]),
            Err(Refusal::Shrunk { old: 5, new: 3 })
        ));
    }

    /// The add-checkpoint request of c2sp.org/tlog-witness: each refusal has the status the
    /// specification gives it, and nothing inconsistent is accepted.
    #[test]
    fn add_checkpoint_answers() {
        let log = SigningKey::from_bytes(&[1u8; 32]);
        let vkeys = vec![verifier_key(&log.verifying_key())];
        let honest = tree(&["a", "b", "c", "d", "e"]);
        let note3 = sign_note(&log, 3, root(&honest, 3)).expect("note");
        let note5 = sign_note(&log, 5, root(&honest, 5)).expect("note");
        let proof = tlog_tiles::prove_tree(5, 3, &TreeReader::over(&honest)).expect("proof");

        // The body round-trips; strict sizes; at most 63 proof lines.
        let body = add_checkpoint_body(3, &proof, &note5);
        let req = parse_add_checkpoint(&body).expect("parse");
        assert_eq!(
            (req.old, req.proof.clone(), req.note.as_str()),
            (3, proof.clone(), note5.as_str())
        );
        assert!(parse_add_checkpoint(&format!("old 03\n\n{note5}")).is_err());
        assert!(parse_add_checkpoint(&format!("old -1\n\n{note5}")).is_err());
        assert!(parse_add_checkpoint(&format!("old 3\nnot-a-hash\n\n{note5}")).is_err());
        assert!(parse_add_checkpoint(&format!("old 3\n{note5}")).is_err());
        let many = add_checkpoint_body(3, &vec![proof[0]; 64], &note5);
        assert!(parse_add_checkpoint(&many).is_err());

        // First sight (old 0), then the honest step with its proof.
        let first = parse_add_checkpoint(&add_checkpoint_body(0, &[], &note3)).expect("parse");
        let (seen3, body3) = decide(&first, &vkeys, None).expect("first");
        assert_eq!(seen3.size, 3);
        assert_eq!(Some(body3.as_str()), split_note(&note3).map(|(b, _)| b));
        let (seen5, _) = decide(&req, &vkeys, Some(&seen3)).expect("consistent");
        // The same checkpoint again (old = size) is cosigned again.
        let again = parse_add_checkpoint(&add_checkpoint_body(5, &[], &note5)).expect("parse");
        decide(&again, &vkeys, Some(&seen5)).expect("same");

        // 404 unknown log; 403 another key or a bad signature; 400 old above the size.
        assert_eq!(
            decide(&req, &[], Some(&seen3))
                .map(|_| ())
                .unwrap_err()
                .status(),
            404
        );
        // Trusted for this origin: only another key (the note carries no signature of it).
        let other = [verifier_key(
            &SigningKey::from_bytes(&[9u8; 32]).verifying_key(),
        )];
        assert_eq!(
            decide(&req, &other, Some(&seen3))
                .map(|_| ())
                .unwrap_err()
                .status(),
            403
        );
        let tampered = note5.replace(&root(&honest, 5).to_string(), &root(&honest, 4).to_string());
        let bad = parse_add_checkpoint(&add_checkpoint_body(3, &proof, &tampered)).expect("parse");
        assert_eq!(
            decide(&bad, &vkeys, Some(&seen3))
                .map(|_| ())
                .unwrap_err()
                .status(),
            403
        );
        let above = parse_add_checkpoint(&add_checkpoint_body(9, &[], &note5)).expect("parse");
        assert_eq!(
            decide(&above, &vkeys, Some(&seen3))
                .map(|_| ())
                .unwrap_err()
                .status(),
            400
        );

        // 409 with the kept size when old is not it (also before the first cosignature).
        assert_eq!(
            decide(&req, &vkeys, None).map(|_| ()).unwrap_err(),
            Answer::Conflict(0)
        );
        assert_eq!(
            decide(&first, &vkeys, Some(&seen3))
                .map(|_| ())
                .unwrap_err(),
            Answer::Conflict(3)
        );

        // 422: a proof with old 0; a rewritten history (same size or longer).
        let stray = parse_add_checkpoint(&add_checkpoint_body(0, &proof, &note5)).expect("parse");
        assert_eq!(
            decide(&stray, &vkeys, None)
                .map(|_| ())
                .unwrap_err()
                .status(),
            422
        );
        let rewritten = tree(&["a", "B", "c", "d", "e"]);
        let forged5 = sign_note(&log, 5, root(&rewritten, 5)).expect("note");
        let forged_proof =
            tlog_tiles::prove_tree(5, 3, &TreeReader::over(&rewritten)).expect("proof");
        let forged =
            parse_add_checkpoint(&add_checkpoint_body(3, &forged_proof, &forged5)).expect("parse");
        assert_eq!(
            decide(&forged, &vkeys, Some(&seen3))
                .map(|_| ())
                .unwrap_err()
                .status(),
            422
        );
        let forked = parse_add_checkpoint(&add_checkpoint_body(5, &[], &forged5)).expect("parse");
        assert_eq!(
            decide(&forked, &vkeys, Some(&seen5))
                .map(|_| ())
                .unwrap_err()
                .status(),
            422
        );
        // A checkpoint of size 0 must carry the empty tree's root.
        let zero = sign_note(&log, 0, root(&honest, 1)).expect("note");
        let zero = parse_add_checkpoint(&add_checkpoint_body(0, &[], &zero)).expect("parse");
        assert_eq!(
            decide(&zero, &vkeys, None)
                .map(|_| ())
                .unwrap_err()
                .status(),
            422
        );
    }
}
