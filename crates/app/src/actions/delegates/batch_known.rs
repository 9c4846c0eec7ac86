//! What the members' ballot writer keeps from one batch to the next (issue 15): the elections
//! its ballots were for, each with its candidates, while nothing but its own acts was recorded.
//!
//! Every change of an election or of its candidates is an act, in the transaction that makes
//! it (ARCHITECTURE.md). So at a batch's start, under the write lock, the writer reads what was
//! recorded since the head it left (`Tx::since`, which also brings the head and the hashes the
//! batch's act needs, so the read costs no round trip of its own): when that is its own last
//! act alone, nothing was changed and the elections it read are as they were; any other act,
//! a failed batch, or a head not where the writer left it, and they are read again. The
//! election's row and candidates were two statements per batch.

use std::collections::HashMap;

use asamblea_store::Tx;

use super::ElectionRow;
use crate::AppError;
use crate::domain::{CandidateId, ElectionId};

/// An election's row and its candidates' ids, as the writer's checks read them.
pub(crate) type ElectionAndCandidates = (ElectionRow, Vec<CandidateId>);

/// What the members' writer keeps (one per writer, `group_commit::start`).
#[derive(Default)]
pub(crate) struct KnownElections {
    /// The record's head as the writer last left it; `None` while a batch runs, so one that
    /// fails leaves nothing to trust.
    head: Option<(i64, String)>,
    /// The head read at the running batch's start, when it was where the writer left it.
    seen: Option<(i64, String)>,
    elections: HashMap<ElectionId, ElectionAndCandidates>,
}

impl KnownElections {
    /// At a batch's start, under the write lock: forgets the elections unless nothing but the
    /// writer's own last act is in the record since it left it.
    pub(crate) async fn begin(&mut self, tx: &mut Tx) -> Result<(), AppError> {
        let head = self.head.take();
        let quiet = match &head {
            Some((position, hash)) => {
                let rows = tx.since(Some(*position), 2).await?;
                matches!(rows.as_slice(), [only] if only.position == *position && only.hash == *hash)
            }
            None => false,
        };
        if !quiet {
            self.elections.clear();
        }
        self.seen = head.filter(|_| quiet);
        Ok(())
    }

    /// The elections kept, for the batch's checks to use and add to.
    pub(crate) fn take(&mut self) -> HashMap<ElectionId, ElectionAndCandidates> {
        std::mem::take(&mut self.elections)
    }

    /// After the batch committed: the elections as its checks knew them, and the head it left
    /// (its last act, or where it found the head if it recorded nothing).
    pub(crate) fn committed(
        &mut self,
        elections: HashMap<ElectionId, ElectionAndCandidates>,
        last: Option<(i64, String)>,
    ) {
        self.elections = elections;
        self.head = last.or(self.seen.take());
    }
}
