//! The server's checkpoints: the head of the record, signed by the instance's key shortly after it
//! moves. Readers (`GET /api/v1/record/head`) only read the latest one; nothing signs or writes on
//! a reader's behalf.

use std::time::Duration;

use tokio::sync::broadcast::error::RecvError;
use tokio::time::Instant;

use crate::Store;

/// How often, at most, a server signs a new head.
pub const CHECKPOINT_EVERY: Duration = Duration::from_secs(10);

impl Store {
    /// Signs the head whenever it has moved past the latest checkpoint: at once after a quiet
    /// spell, then at most once per `every` (the acts committed meanwhile are covered by the
    /// next checkpoint, at most `every` later). Starts by signing an unsigned head left by an
    /// earlier run. Runs until the store is closed; a failure is logged and tried again at the
    /// next commit.
    pub async fn keep_checkpointed(&self, every: Duration) {
        let mut commits = self.subscribe();
        let mut signed = match self.latest_checkpoint().await {
            Ok(cp) => cp.map_or(0, |cp| cp.position),
            Err(e) => {
                tracing::warn!(error = %e, "checkpoints: reading the latest failed");
                0
            }
        };
        let mut last_signed: Option<Instant> = None;
        loop {
            match self.head().await {
                Ok(Some((position, hash))) if position > signed => {
                    match self.checkpoint_at(position, &hash).await {
                        Ok(_) => {
                            signed = position;
                            last_signed = Some(Instant::now());
                        }
                        Err(e) => tracing::warn!(error = %e, "checkpoints: signing failed"),
                    }
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "checkpoints: reading the head failed"),
            }
            // Wait for an act past the signed head.
            loop {
                match commits.recv().await {
                    Ok(p) if p <= signed => continue,
                    Ok(_) | Err(RecvError::Lagged(_)) => break,
                    Err(RecvError::Closed) => return,
                }
            }
            if let Some(at) = last_signed {
                tokio::time::sleep_until(at + every).await;
            }
        }
    }
}
