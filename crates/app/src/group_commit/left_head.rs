//! The record's head as a ballot writer left it (issue 15): what a writer keeps from one batch
//! to the next (`sessions/batch_known.rs`, `delegates/batch_known.rs`) is trusted only as far as
//! the record shows what was recorded since. The head is known only after a batch committed;
//! while a batch runs it is forgotten, so that one that fails leaves nothing to trust.

use asamblea_store::{Since, Tx};

use crate::AppError;

/// The head a writer's last batch left: its last act, or, if it recorded nothing, the head it
/// found at its start.
#[derive(Default)]
pub(crate) struct LeftHead {
    left: Option<(i64, String)>,
    /// The head found at the running batch's start, if it was reached from where it was left.
    seen: Option<(i64, String)>,
}

impl LeftHead {
    /// At a batch's start, under the write lock: the entries recorded after the head the
    /// writer left (none: nothing else was recorded), fewer than `limit`; `None` when there is
    /// nothing to trust: the writer's first batch, one after a failed batch, `limit` entries or
    /// more, or a head not where the writer left it. The read also brings what the batch's
    /// first act needs (`Tx::since`).
    pub(crate) async fn recorded_since(
        &mut self,
        tx: &mut Tx,
        limit: i64,
    ) -> Result<Option<Vec<Since>>, AppError> {
        self.seen = None;
        let Some((position, hash)) = self.left.take() else {
            return Ok(None);
        };
        let rows = tx.since(Some(position), limit).await?;
        let reached = (rows.len() as i64) < limit
            && rows
                .first()
                .is_some_and(|r| r.position == position && r.hash == hash);
        if !reached {
            return Ok(None);
        }
        self.seen = rows.last().map(|r| (r.position, r.hash.clone()));
        Ok(Some(rows.into_iter().skip(1).collect()))
    }

    /// After the batch committed: the head is its last act (`last`: position and hash), or the
    /// one found at its start if it recorded nothing.
    pub(crate) fn committed(&mut self, last: Option<(i64, String)>) {
        self.left = last.or(self.seen.take());
    }
}
