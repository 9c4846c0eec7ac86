//! The HTTP layer of Asamblea: server-rendered pages that work without JavaScript, the JSON API
//! under `/api/v1` with its OpenAPI document, live acts over Server-Sent Events at `/events`,
//! `/healthz` and `/metrics`. Handlers parse and authorize the request, call one action or query
//! of `asamblea-app`, and render; no rule lives here.

pub mod i18n;

mod api;
mod auth;
mod body_limit;
mod cookies;
mod csrf;
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
mod redirect;
mod router;
mod security;
mod state;

pub use router::router;
pub use state::AppState;

use std::net::SocketAddr;

/// Serves `router(state)` on `listener` until `shutdown` resolves. Meanwhile the server signs the
/// record's head as it moves (`Store::keep_checkpointed`, at most every
/// [`asamblea_store::CHECKPOINT_EVERY`]); requests only read checkpoints.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let store = state.store.clone();
    let checkpoints = tokio::spawn(async move {
        store
            .keep_checkpointed(asamblea_store::CHECKPOINT_EVERY)
            .await
    });
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    checkpoints.abort();
    served
}
