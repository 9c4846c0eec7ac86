//! The server pushes its checkpoints to the witnesses that have a URL (c2sp.org/tlog-witness
//! `add-checkpoint`): a background task started by [`crate::serve`], beside the checkpointer and
//! never inside its transaction. After each new checkpoint (and every [`TICK`], for retries and
//! for checkpoints signed by another server on the same database) each witness whose latest
//! cosignature is older gets the checkpoint with the consistency proof from that size; on 409 it
//! is sent again from the size the witness answers. The cosignature it returns is kept by the
//! `accept_cosignature` action (an act). Each witness is pushed in its own task with a
//! [`PUSH_TIMEOUT`]: one that is down or slow delays nothing else and is tried again later,
//! waiting longer after each failure (up to [`MAX_RETRY`]). What to send and what is kept:
//! `asamblea_app::witness_push`.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use asamblea_app::actions::witnesses::accept_cosignature::accept_cosignature;
use asamblea_app::witness_push::{PushTarget, news_between, push_targets, record_push};
use asamblea_record::witness::{SIZE_CONTENT_TYPE, add_checkpoint_body};
use asamblea_store::Store;
use tokio::time::Instant;

/// How often the pusher looks even when this process signed nothing new.
pub const TICK: Duration = Duration::from_secs(5);
/// How long one request to a witness may take.
pub const PUSH_TIMEOUT: Duration = Duration::from_secs(10);
/// The first wait before trying a failed witness again; it doubles up to [`MAX_RETRY`].
pub const FIRST_RETRY: Duration = Duration::from_secs(5);
pub const MAX_RETRY: Duration = Duration::from_secs(300);

/// When a failed witness may be tried again, and the wait after the next failure.
#[derive(Clone, Copy)]
struct Retry {
    at: Instant,
    next_wait: Duration,
}

#[derive(Default)]
struct Pushing {
    in_flight: HashSet<String>,
    retry: HashMap<String, Retry>,
}

/// Runs until the store is closed (or the task is aborted by the server's shutdown).
pub async fn keep_witnesses_posted(store: Store) {
    let client = match reqwest::Client::builder()
        .timeout(PUSH_TIMEOUT)
        .connect_timeout(PUSH_TIMEOUT)
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "witnesses: no HTTP client, checkpoints are not pushed");
            return;
        }
    };
    let pushing = Arc::new(Mutex::new(Pushing::default()));
    let mut signed = store.watch_checkpoints();
    loop {
        if let Err(e) = round(&store, &client, &pushing).await {
            tracing::warn!(error = %e, "witnesses: reading what to push failed");
        }
        tokio::select! {
            changed = signed.changed() => if changed.is_err() { return },
            () = tokio::time::sleep(TICK) => {}
        }
    }
}

/// Starts a push to each witness that is behind, not already being pushed to, and not waiting
/// for a retry.
async fn round(
    store: &Store,
    client: &reqwest::Client,
    pushing: &Arc<Mutex<Pushing>>,
) -> Result<(), asamblea_app::AppError> {
    let Some(latest) = store.latest_note().await? else {
        return Ok(());
    };
    for target in push_targets(store).await? {
        if target.cosigned >= latest.position
            || !news_between(store, target.cosigned, latest.position).await?
        {
            continue;
        }
        {
            let Ok(mut p) = pushing.lock() else {
                return Ok(());
            };
            let waiting = p
                .retry
                .get(&target.name)
                .is_some_and(|r| r.at > Instant::now());
            if waiting || !p.in_flight.insert(target.name.clone()) {
                continue;
            }
        }
        let (store, client, pushing) = (store.clone(), client.clone(), pushing.clone());
        let (size, note) = (latest.position, latest.note.clone());
        tokio::spawn(async move {
            let outcome = push(&store, &client, &target, size, &note).await;
            let error = outcome.err();
            if let Some(e) = &error {
                tracing::warn!(witness = %target.name, size, error = %e, "witnesses: push failed");
            }
            if let Err(e) = record_push(&store, &target.name, size, error.as_deref()).await {
                tracing::warn!(witness = %target.name, error = %e, "witnesses: keeping the push's outcome failed");
            }
            if let Ok(mut p) = pushing.lock() {
                p.in_flight.remove(&target.name);
                if error.is_some() {
                    let wait = p
                        .retry
                        .get(&target.name)
                        .map_or(FIRST_RETRY, |r| r.next_wait);
                    p.retry.insert(
                        target.name.clone(),
                        Retry {
                            at: Instant::now() + wait,
                            next_wait: (wait * 2).min(MAX_RETRY),
                        },
                    );
                } else {
                    p.retry.remove(&target.name);
                }
            }
        });
    }
    Ok(())
}

/// Sends the checkpoint of `size` entries (`note`) to one witness and keeps its cosignature.
/// The error is `<kind>: <detail>`, the kind one of `unreachable`, `refused`, `conflict`,
/// `bad-answer`, `internal` (the witnesses page words each kind; the detail is the witness's).
async fn push(
    store: &Store,
    client: &reqwest::Client,
    target: &PushTarget,
    size: i64,
    note: &str,
) -> Result<(), String> {
    let url = format!("{}/add-checkpoint", target.url);
    let size_u = u64::try_from(size).map_err(|_| "internal: a negative size".to_string())?;
    let mut old = u64::try_from(target.cosigned).unwrap_or(0);
    // At most two 409s: the witness's own size, then once more if it moved meanwhile.
    for _ in 0..3 {
        let proof = if old == 0 || old >= size_u {
            Vec::new()
        } else {
            store
                .consistency_proof(size_u, old)
                .await
                .map_err(|e| format!("internal: the consistency proof from {old}: {e}"))?
        };
        let response = client
            .post(&url)
            .header("content-type", "text/plain; charset=utf-8")
            .body(add_checkpoint_body(old, &proof, note))
            .send()
            .await
            .map_err(|e| format!("unreachable: {url}: {e}"))?;
        let status = response.status();
        let is_size = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with(SIZE_CONTENT_TYPE));
        let text = response
            .text()
            .await
            .map_err(|e| format!("unreachable: {url}: {e}"))?;
        match status.as_u16() {
            200 => {
                let cosigned = format!("{note}{}", text.trim_start_matches('\n'));
                return match accept_cosignature(store, &cosigned).await {
                    Ok(_) => Ok(()),
                    Err(e) => Err(format!("bad-answer: {} ({e})", first_line(&text))),
                };
            }
            409 => {
                let theirs = text
                    .trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|_| is_size)
                    .ok_or_else(|| format!("bad-answer: 409 {}", first_line(&text)))?;
                if theirs > size_u {
                    return Err(format!(
                        "conflict: the witness cosigned {theirs} entries, more than this checkpoint's {size_u}"
                    ));
                }
                if theirs == old {
                    return Err(format!("conflict: 409 for its own size {old}"));
                }
                old = theirs;
            }
            _ => return Err(format!("refused: {status} {}", first_line(&text))),
        }
    }
    Err(format!(
        "conflict: the witness's size kept changing (last {old})"
    ))
}

/// The first line of a witness's answer, at most 200 characters.
fn first_line(text: &str) -> String {
    text.lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect()
}
