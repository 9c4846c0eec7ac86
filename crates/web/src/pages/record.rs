//! `/record`: the public record, newest first, with each act's hash.

use asamblea_record::Entry;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use crate::error::{PageError, render};
use crate::page::PageCtx;
use crate::state::AppState;

const PAGE_SIZE: i64 = 50;

#[derive(Template)]
#[template(path = "record.html")]
struct RecordPage {
    page: PageCtx,
    head: Option<(i64, String)>,
    entries: Vec<Entry>,
    older: Option<i64>,
}

#[derive(Deserialize)]
pub struct RecordQuery {
    before: Option<i64>,
}

pub async fn record(
    State(state): State<AppState>,
    page: PageCtx,
    Query(q): Query<RecordQuery>,
) -> Result<Response, PageError> {
    let store = &state.store;
    let head = store.head().await.map_err(asamblea_app::AppError::from)?;
    let top = q.before.or(head.as_ref().map(|(p, _)| p + 1)).unwrap_or(1);
    let after = (top - 1 - PAGE_SIZE).max(0);
    let mut entries = store
        .entries_after(after, top - 1 - after)
        .await
        .map_err(asamblea_app::AppError::from)?;
    entries.reverse();
    let older = (after > 0).then_some(after + 1);
    Ok(render(&RecordPage {
        page,
        head,
        entries,
        older,
    }))
}
