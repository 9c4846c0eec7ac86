//! The presidium adds an item to a session's agenda (at the end), with a planned time and links.

use crate::domain::ActKind;
use asamblea_store::{Store, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::rows::{act, bump_session, require_chair, session, text};
use crate::domain::{ItemId, SessionId, SessionStatus};
use crate::{Actor, AppError};

/// A new agenda item (its session is named apart: the path of `POST /sessions/{id}/items`).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewItem {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Planned start (free text, e.g. `10:30`).
    #[serde(default)]
    pub planned_start: Option<String>,
    #[serde(default)]
    pub planned_minutes: Option<i64>,
    /// Attachments as links, one per line (http or https).
    #[serde(default)]
    pub links: Option<String>,
}

/// Adds the item to session `session_id`; returns its id.
pub async fn add_agenda_item(
    store: &Store,
    actor: &Actor,
    session_id: SessionId,
    input: NewItem,
) -> Result<ItemId, AppError> {
    let mut tx = store.begin().await?;
    let s = session(&mut tx, session_id).await?;
    require_chair(&mut tx, actor, s.assembly_id).await?;
    let title = text(&input.title, 200, "title", "error-ses-title-required")?;
    let description: String = input
        .description
        .unwrap_or_default()
        .trim()
        .chars()
        .take(4000)
        .collect();
    let planned_start = input
        .planned_start
        .map(|s| s.trim().chars().take(40).collect::<String>())
        .filter(|s| !s.is_empty());
    let minutes = input
        .planned_minutes
        .filter(|m| *m > 0)
        .map(|m| m.min(24 * 60));
    let mut links = Vec::new();
    for l in input
        .links
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        if !(l.starts_with("https://") || l.starts_with("http://"))
            || l.len() > 500
            || l.contains(char::is_whitespace)
        {
            return Err(AppError::invalid("links", "error-ses-link"));
        }
        links.push(l.to_string());
    }
    let links = links.join("\n");
    if s.status == SessionStatus::Closed {
        return Err(AppError::Conflict {
            key: "error-ses-session-closed",
        });
    }
    let ordinal: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT CAST(COALESCE(MAX(ordinal), 0) + 1 AS BIGINT) FROM agenda_items WHERE session_id = $1")
        .bind(s.id).fetch_one(&mut **c).await)?;
    let id: ItemId = on_tx!(&mut tx, c => sqlx::query_scalar(
        "INSERT INTO agenda_items (session_id, ordinal, title, description, planned_start, planned_minutes, links) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
        .bind(s.id).bind(ordinal).bind(&title).bind(&description).bind(&planned_start).bind(minutes)
        .bind(&links).fetch_one(&mut **c).await)?;
    bump_session(&mut tx, s.id).await?;
    tx.append(act(
        actor,
        ActKind::SessionItemAdded,
        s.assembly_id,
        json!({"session_id": s.id, "item_id": id, "ordinal": ordinal, "title": title,
               "planned_start": planned_start, "planned_minutes": minutes, "links": links}),
    ))
    .await?;
    tx.commit().await?;
    Ok(id)
}
