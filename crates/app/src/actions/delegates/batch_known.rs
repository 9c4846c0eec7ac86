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
use crate::group_commit::LeftHead;

/// An election's row and its candidates' ids, as the writer's checks read them.
pub(crate) type ElectionAndCandidates = (ElectionRow, Vec<CandidateId>);

/// What the members' writer keeps (one per writer, `group_commit::start`).
#[derive(Default)]
pub(crate) struct KnownElections {
    /// The record's head as the writer's last batch left it.
    head: LeftHead,
    elections: HashMap<ElectionId, ElectionAndCandidates>,
}

impl KnownElections {
    /// At a batch's start, under the write lock: forgets the elections unless nothing was
    /// recorded since the writer's last batch.
    pub(crate) async fn begin(&mut self, tx: &mut Tx) -> Result<(), AppError> {
        // Nothing recorded since: the read shows the head where it was left, and only that.
        let since = self.head.recorded_since(tx, 2).await?;
        if !since.is_some_and(|later| later.is_empty()) {
            self.elections.clear();
        }
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
        self.head.committed(last);
    }
}
