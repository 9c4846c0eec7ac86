//! Verifying the record as a log: the chain, every stored checkpoint (not only the latest), the
//! tree rebuilt from the entries (trusting no stored hash), and earlier checkpoints someone kept.

use crate::Store;
use crate::error::StoreError;
use asamblea_record::tree::{TreeBuilder, check_against, open_note, public_key_of};
use asamblea_record::{BreakReason, Broken, ChainVerifier, VerifyReport, verify_checkpoint};
use std::collections::HashMap;

impl Store {
    /// Verifies the chain, every stored checkpoint and each of `against` (earlier checkpoint
    /// notes kept outside the database), with the verifier key `vkey` (pinned by the caller;
    /// the database's recorded key if `None`).
    ///
    /// Every stored checkpoint must be signed with that key, match the entry at its position,
    /// and (if it has a note) sign the root of the tree rebuilt from the entries. Each note of
    /// `against` must verify with the key and its root must be the rebuilt tree's root at its
    /// size: a record edited, re-hashed and re-signed (with any key), with its checkpoints
    /// deleted or not, fails.
    pub async fn verify_log(
        &self,
        vkey: Option<&str>,
        against: &[String],
    ) -> Result<VerifyReport, StoreError> {
        let vkey = vkey
            .map(str::to_string)
            .unwrap_or_else(|| self.verifier_key());
        let expected = public_key_of(&vkey).unwrap_or_default();
        let checkpoints = self.all_checkpoints().await?;
        if vkey.is_empty() && !checkpoints.is_empty() {
            return Err(StoreError::NoPublicKey);
        }
        let bad = |position: i64, detail: String| -> StoreError {
            Broken {
                position,
                reason: BreakReason::BadCheckpoint { detail },
            }
            .into()
        };
        let mut at: HashMap<i64, String> = HashMap::new();
        for (cp, _) in &checkpoints {
            if cp.public_key != expected {
                return Err(bad(
                    cp.position,
                    format!("signed by {} and not by the key {vkey}", cp.public_key),
                ));
            }
            verify_checkpoint(cp).map_err(|e| bad(cp.position, e.to_string()))?;
            at.insert(cp.position, cp.hash.clone());
        }
        let mut verifier = ChainVerifier::new();
        let mut tree = TreeBuilder::default();
        self.walk(&mut verifier, i64::MAX, |entry| {
            tree.push(entry)?;
            if let Some(hash) = at.get(&entry.position)
                && *hash != entry.hash
            {
                return Err(bad(
                    entry.position,
                    format!(
                        "a checkpoint signed hash {hash} but the entry now has {}",
                        entry.hash
                    ),
                ));
            }
            Ok(())
        })
        .await?;
        let mut report = verifier.finish();
        for (cp, note) in &checkpoints {
            if cp.position > report.last_position {
                return Err(bad(
                    cp.position,
                    format!(
                        "a checkpoint signed position {} but the record ends at {}",
                        cp.position, report.last_position
                    ),
                ));
            }
            if note.is_empty() {
                continue;
            }
            let signed = open_note(note, &vkey).map_err(|e| bad(cp.position, e))?;
            if signed.size != cp.position as u64 || tree.root(signed.size) != Some(signed.root) {
                return Err(bad(
                    cp.position,
                    "the checkpoint's note does not sign the tree of the entries".into(),
                ));
            }
        }
        check_against(&tree, against, &vkey).map_err(|e| bad(0, e))?;
        report.checkpoint = checkpoints.into_iter().last().map(|(cp, _)| cp);
        Ok(report)
    }
}
