//! Offline verification of an exported record (JSON lines).
//!
//! An export is one [`Entry`] per line in JSON, in position order, optionally followed by one
//! final line `{"checkpoint":{"position":..,"hash":..,"public_key":..,"signature":..}}` that
//! must name the last entry and carry a valid signature. Empty lines are ignored.

use crate::chain::{BreakReason, Broken, ChainVerifier, VerifyReport};
use crate::checkpoint::{Checkpoint, verify_checkpoint};
use crate::entry::Entry;
use serde::{Deserialize, Serialize};
use std::io::BufRead;

/// The final line of an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckpointLine {
    /// The signed head.
    pub checkpoint: Checkpoint,
}

/// Verifies an exported record read line by line, in constant memory (one line at a time).
///
/// Returns the report (with the checkpoint, if the file had one) or the first bad position.
/// A line that is neither an entry nor the checkpoint is reported as
/// [`BreakReason::BadLine`] with its line number, at the position that was expected there.
pub fn verify_export(reader: impl BufRead) -> Result<VerifyReport, Broken> {
    verify_export_with(reader, |_| Ok(()))
}

/// [`verify_export`], calling `each` on every entry after it is checked (e.g. to rebuild the
/// tree).
pub fn verify_export_with(
    mut reader: impl BufRead,
    mut each: impl FnMut(&Entry) -> Result<(), Broken>,
) -> Result<VerifyReport, Broken> {
    let mut verifier = ChainVerifier::new();
    let mut checkpoint: Option<Checkpoint> = None;
    let mut line = String::new();
    let mut line_no: u64 = 0;
    loop {
        line.clear();
        line_no += 1;
        let n = reader.read_line(&mut line).map_err(|e| {
            verifier.broken_here(BreakReason::BadLine {
                line: line_no,
                detail: format!("cannot read: {e}"),
            })
        })?;
        if n == 0 {
            break;
        }
        let text = line.trim();
        if text.is_empty() {
            continue;
        }
        let bad_line = |detail: String| BreakReason::BadLine {
            line: line_no,
            detail,
        };
        if checkpoint.is_some() {
            return Err(verifier.broken_here(bad_line(
                "content after the final checkpoint line".to_string(),
            )));
        }
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| verifier.broken_here(bad_line(format!("not JSON: {e}"))))?;
        let is_checkpoint = value
            .as_object()
            .is_some_and(|o| o.contains_key("checkpoint"));
        if is_checkpoint {
            let cp: CheckpointLine = serde_json::from_value(value).map_err(|e| {
                verifier.broken_here(bad_line(format!("not a checkpoint line: {e}")))
            })?;
            checkpoint = Some(cp.checkpoint);
            continue;
        }
        let entry: Entry = serde_json::from_value(value)
            .map_err(|e| verifier.broken_here(bad_line(format!("not a record entry: {e}"))))?;
        verifier.push(&entry)?;
        each(&entry)?;
    }
    let mut report = verifier.finish();
    if let Some(cp) = checkpoint {
        check_checkpoint_matches(&report, &cp)?;
        report.checkpoint = Some(cp);
    }
    Ok(report)
}

/// Checks that `cp` signs exactly the last entry of `report` and that its signature verifies.
/// The error's position is the first position the checkpoint disagrees about.
pub fn check_checkpoint_matches(report: &VerifyReport, cp: &Checkpoint) -> Result<(), Broken> {
    let last = report.last_position;
    let bad = |position: i64, detail: String| Broken {
        position,
        reason: BreakReason::BadCheckpoint { detail },
    };
    if cp.position > last {
        return Err(bad(
            last + 1,
            format!(
                "signs position {} but the record ends at {last}",
                cp.position
            ),
        ));
    }
    if cp.position < last {
        return Err(bad(
            cp.position + 1,
            format!(
                "signs position {} but the record goes on to {last}",
                cp.position
            ),
        ));
    }
    if cp.hash != report.last_hash {
        return Err(bad(
            last,
            format!(
                "signs hash {} but entry {last} has hash {}",
                cp.hash, report.last_hash
            ),
        ));
    }
    verify_checkpoint(cp).map_err(|e| bad(last, e.to_string()))
}
