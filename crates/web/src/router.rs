//! All routes, and the layers every request passes through.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{StatusCode, header};
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::state::AppState;
use crate::{api, body_limit, csrf, error, events, metrics, pages, security};

const STYLE: &str = include_str!("../static/style.css");

pub fn router(state: AppState) -> Router {
    metrics::handle();
    Router::new()
        .route("/", get(pages::home::home))
        .route("/assemblies/{slug}/seats", get(pages::seats::seats))
        .route("/record", get(pages::record::record))
        .route("/boards/{id}", get(pages::boards::board))
        .route(
            "/boards/{id}/vote",
            get(pages::boards::vote_form).post(pages::boards::vote),
        )
        .route(
            "/boards/{id}/audit",
            get(pages::board_audit::audit_form).post(pages::board_audit::audit),
        )
        // The hall's shared device (issue 14, task C).
        .route(
            "/hall/vote",
            get(pages::hall_device::form).post(pages::hall_device::enter),
        )
        .route("/hall/vote/cast", post(pages::hall_device::cast))
        // Witnesses of the record (issue 11, task 11).
        .route(
            "/record/checkpoint",
            get(pages::record_checkpoint::checkpoint),
        )
        .route(
            "/admin/witnesses",
            get(pages::admin_witnesses::list).post(pages::admin_witnesses::add),
        )
        .route(
            "/admin/witnesses/remove",
            post(pages::admin_witnesses::remove),
        )
        .route(
            "/record/how-to-verify",
            get(pages::record_checkpoint::how_to_verify),
        )
        .route(
            "/setup/{token}",
            get(pages::setup::form).post(pages::setup::submit),
        )
        .route("/login", get(pages::login::form))
        .route("/login/card", post(pages::login::with_card))
        .route("/login/password", post(pages::login::with_password))
        .route("/logout", post(pages::login::sign_out))
        .route("/account", get(pages::account::show))
        .route("/account/password", post(pages::account::change_password))
        .route(
            "/account/logout-everywhere",
            post(pages::account::logout_everywhere),
        )
        .route(
            "/card",
            get(pages::card_pickup::show).post(pages::card_pickup::start),
        )
        .route("/card/collect", post(pages::card_pickup::collect))
        .route(
            "/admin/accounts",
            get(pages::admin_accounts::list).post(pages::admin_accounts::create),
        )
        .route(
            "/admin/accounts/{id}/card",
            post(pages::admin_accounts::new_card),
        )
        .route("/lang/{code}", get(pages::lang::switch))
        .route("/events", get(events::events))
        .route("/static/style.css", get(style))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics::render))
        .merge(crate::encrypt::routes())
        .merge(pages::registry::routes())
        .merge(pages::delegates::routes())
        .merge(pages::sessions::routes())
        .merge(pages::federation::routes())
        .merge(pages::mandate::routes())
        .nest(
            "/api/v1",
            api::routes().layer(middleware::from_fn(csrf::api_cookie_writes)),
        )
        // A secret election board's documents (a tally or a record carries every ballot) have
        // their own, larger limit (issue 14; `body_limit::limit_for`).
        .nest(
            "/api/v1",
            api::board_document_routes().layer(middleware::from_fn(csrf::api_cookie_writes)),
        )
        .layer(middleware::from_fn(body_limit::limit_bodies))
        // The limits are `body_limit`'s, per address; axum's own (2 MB everywhere) is off.
        .layer(DefaultBodyLimit::disable())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            error::render_error_pages,
        ))
        .layer(middleware::from_fn(csrf::ensure_cookie))
        .layer(middleware::from_fn(security::same_origin))
        .layer(middleware::from_fn(security::headers))
        .layer(middleware::from_fn(count_requests))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn style() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
}

async fn healthz(axum::extract::State(state): axum::extract::State<AppState>) -> impl IntoResponse {
    match state.store.head().await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}

async fn count_requests(
    request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    let response = next.run(request).await;
    ::metrics::counter!("asamblea_http_requests_total", "status" => response.status().as_u16().to_string()).increment(1);
    response
}
