//! The HTTP layer of Asamblea: server-rendered pages that work without JavaScript, the JSON API
//! under `/api/v1` with its OpenAPI document, live acts over Server-Sent Events at `/events`,
//! `/healthz` and `/metrics`. Handlers parse and authorize the request, call one action or query
//! of `asamblea-app`, and render; no rule lives here.

pub mod i18n;

mod api;
mod auth;
mod body_limit;
mod coalesce;
mod cookies;
mod csrf;
mod encrypt;
mod error;
mod events;
mod extract;
mod form_fields;
mod import_jobs;
mod live;
pub mod local_time;
mod metrics;
mod page;
mod pages;
pub mod qr;
mod recent;
mod redirect;
mod router;
mod security;
mod session_cache;
mod state;
pub mod witness_push;

pub use body_limit::BODY_IDLE;
pub use router::router;
pub use state::AppState;

use std::net::SocketAddr;

/// How long a client may take to send a request's headers before the connection is closed:
/// slow clients and slowloris connections do not hold the server's connections forever
/// (RELIABILITY.md). axum's own `serve` sets no timer, so hyper's header timeout never ran.
pub const HEADER_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Serves `router(state)` on `listener` until `shutdown` resolves. Meanwhile the server signs the
/// record's head as it moves (`Store::keep_checkpointed`, at most every
/// [`asamblea_store::CHECKPOINT_EVERY`]); requests only read checkpoints. Another task sends
/// each new checkpoint to the witnesses that have a URL ([`witness_push`]).
///
/// Each connection is served by hyper with [`HEADER_READ_TIMEOUT`]; on shutdown, open
/// connections get up to 5 seconds to finish (live event streams end then).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    let store = state.store.clone();
    let checkpoints = tokio::spawn(async move {
        store
            .keep_checkpointed(asamblea_store::CHECKPOINT_EVERY)
            .await
    });
    let pusher = tokio::spawn(witness_push::keep_witnesses_posted(state.store.clone()));
    let app = router(state);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, addr) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(c) => c,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment, keep serving.
                    tracing::warn!("accept: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let svc = tower::ServiceExt::map_request(
            app.clone(),
            move |mut req: axum::http::Request<hyper::body::Incoming>| {
                req.extensions_mut()
                    .insert(axum::extract::ConnectInfo::<SocketAddr>(addr));
                req
            },
        );
        let mut builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_READ_TIMEOUT);
        let conn = builder
            .serve_connection_with_upgrades(
                TokioIo::new(stream),
                hyper_util::service::TowerToHyperService::new(svc),
            )
            .into_owned();
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), graceful.shutdown()).await;
    checkpoints.abort();
    pusher.abort();
    Ok(())
}
