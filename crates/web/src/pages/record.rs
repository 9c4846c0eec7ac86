//! `/record`: the public record, newest first, with each act's hash.

use asamblea_app::domain::AssemblyId;
use asamblea_app::queries::assemblies::{home_time_zone, time_zones};
use asamblea_record::Entry;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

use crate::error::{PageError, render};
use crate::extract::Query;
use crate::page::PageCtx;
use crate::state::AppState;

const PAGE_SIZE: i64 = 50;

#[derive(Template)]
#[template(path = "record.html")]
struct RecordPage {
    page: PageCtx,
    head: Option<(i64, String)>,
    entries: Vec<Row>,
    older: Option<i64>,
}

/// An entry as a reader sees it: what happened and who did it in their language, beside the
/// stored kind and actor.
struct Row {
    e: Entry,
    what: String,
    who: Option<String>,
    /// When, in the zone of the act's assembly (else the instance's) and the reader's language.
    at: String,
}

fn row(page: &PageCtx, zone: &str, e: Entry) -> Row {
    let what = page.i18n.act_sentence(&e.kind);
    let who = e.actor.as_deref().map(|a| match a.split_once(':') {
        Some(("account", id)) => page.i18n.t_args(
            "record-actor-account",
            &[("id", id.parse::<i64>().unwrap_or_default().into())],
        ),
        _ if a == "setup" => page.i18n.t("record-actor-setup"),
        _ if a == "system" => page.i18n.t("record-actor-system"),
        _ => a.to_string(),
    });
    let at = page.i18n.date_time(&e.recorded_at, zone);
    Row { e, what, who, at }
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
    let home = home_time_zone(store).await?;
    let zones = time_zones(store).await?;
    let entries = entries
        .into_iter()
        .map(|e| {
            let zone = e
                .scope
                .strip_prefix("assembly:")
                .and_then(|id| id.parse().ok())
                .and_then(|id| zones.get(&AssemblyId(id)))
                .unwrap_or(&home);
            row(&page, zone, e)
        })
        .collect();
    let older = (after > 0).then_some(after + 1);
    Ok(render(&RecordPage {
        page,
        head,
        entries,
        older,
    }))
}
