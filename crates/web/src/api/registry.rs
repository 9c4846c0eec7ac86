//! API of the registry area. Add each handler's `#[utoipa::path]` to [`Doc`] below.

use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}

/// The OpenAPI paths of this area (merged into the document in `doc.rs`).
#[derive(utoipa::OpenApi)]
#[openapi(paths())]
pub struct Doc;
