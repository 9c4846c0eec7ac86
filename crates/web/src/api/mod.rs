//! The JSON API under `/api/v1`, described by the OpenAPI document at `/api/v1/openapi.json`.
//! It covers the same actions as the pages. Authenticate with the session cookie or with
//! `Authorization: Bearer <token>` (the token `POST /api/v1/session` returns).

mod accounts;
mod assemblies;
// Boards of verifiable secret elections (issue 14).
mod boards;
pub use boards::{DOCUMENT_LIMIT, document_routes as board_document_routes};
mod delegates;
mod doc;
mod federation;
// The hall's shared device and challenged ballots (issue 14, task C).
mod hall;
// The mandate and calls to action (issue 13).
mod mandate;
mod record;
mod record_log;
mod record_tiles;
// Witnesses of the record (issue 11, task 11).
mod record_witness;
mod registry;
mod session;
mod sessions;

use axum::Router;
use axum::routing::{delete, get, post};

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(doc::openapi))
        .route("/assemblies", get(assemblies::list))
        .route("/assemblies/{slug}/seats", get(assemblies::seats))
        .route("/record", get(record::entries))
        .route("/record/head", get(record::head))
        .route("/record/checkpoint", get(record_log::checkpoint))
        .route("/record/key", get(record_log::key))
        .route("/record/proof/inclusion", get(record_log::inclusion))
        .route("/record/proof/consistency", get(record_log::consistency))
        .route("/record/log/checkpoint", get(record_tiles::checkpoint))
        .route("/record/log/tile/{*path}", get(record_tiles::tile))
        .route("/setup", post(session::setup))
        .route("/session", post(session::login).delete(session::logout))
        .route("/me", get(accounts::me))
        .route("/me/password", post(accounts::password))
        .route(
            "/me/sessions",
            axum::routing::delete(accounts::sessions_end),
        )
        .route("/card-pickups", post(session::start_pickup))
        .route("/card-pickups/collect", post(session::collect))
        .route("/accounts", get(accounts::list).post(accounts::create))
        .route("/accounts/{id}/card", post(accounts::card))
        .merge(registry::routes())
        .merge(delegates::routes())
        .merge(sessions::routes())
        .merge(federation::routes())
        .merge(mandate::routes())
        .merge(boards::routes())
        .merge(hall::routes())
        // Witnesses of the record (issue 11, task 11).
        .route(
            "/record/witnesses",
            get(record_witness::list).post(record_witness::add),
        )
        .route("/record/witnesses/{name}", delete(record_witness::remove))
        .route("/record/cosignatures", post(record_witness::cosign))
        .route("/record/cosigned", get(record_witness::cosigned))
}
