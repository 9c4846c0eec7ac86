//! PostgreSQL notifications: a background task LISTENs on `asamblea_record` and forwards the
//! committed positions (the notification payload) to the store's broadcast channel.

use crate::error::StoreError;
use crate::postgres::CONNECT_TIMEOUT;
use sqlx::postgres::PgListener;
use std::time::Duration;
use tokio::sync::broadcast;

/// The channel every append notifies (payload: the position, in decimal).
pub const CHANNEL: &str = "asamblea_record";

/// Connects a listener (so notifications sent after this returns are not missed) and spawns
/// the task that forwards them.
pub(crate) async fn spawn_listener(
    pool: &sqlx::PgPool,
    notify: broadcast::Sender<i64>,
) -> Result<tokio::task::JoinHandle<()>, StoreError> {
    let mut listener = tokio::time::timeout(CONNECT_TIMEOUT, async {
        let mut l = PgListener::connect_with(pool).await?;
        l.listen(CHANNEL).await?;
        Ok::<_, sqlx::Error>(l)
    })
    .await
    .map_err(|_| StoreError::Unreachable {
        target: "LISTEN connection".to_string(),
        detail: "timed out".to_string(),
    })??;
    Ok(tokio::spawn(async move {
        loop {
            match listener.recv().await {
                Ok(n) => match n.payload().parse::<i64>() {
                    Ok(position) => {
                        // No receivers is fine.
                        let _ = notify.send(position);
                    }
                    Err(_) => tracing::warn!(payload = n.payload(), "odd asamblea_record payload"),
                },
                Err(e) => {
                    // `recv` reconnects on the next call; notifications in between are lost,
                    // which subscribers tolerate (they read from their last position).
                    tracing::warn!(error = %e, "LISTEN asamblea_record failed; retrying");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
    }))
}
