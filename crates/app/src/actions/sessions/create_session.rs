//! The presidium (or an administrator) plans a session of an assembly, with its settings:
//! speaking time, first-time speakers first, speaking quotas, supporters a motion needs.

use crate::domain::ActKind;
use asamblea_store::{Store, now_rfc3339, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::rows::{act, require_chair, text};
use crate::domain::{AssemblyId, QuotaKind, SessionId};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewSession {
    pub assembly_id: AssemblyId,
    pub title: String,
    /// When it is planned to start (free text, e.g. `2026-06-22 09:00`).
    #[serde(default)]
    pub planned_at: Option<String>,
    /// Speaking-time limit in seconds (default 180).
    #[serde(default)]
    pub speaking_seconds: Option<i64>,
    /// Delegates who have not yet spoken on an item go before those who have (default true).
    #[serde(default)]
    pub first_time_first: Option<bool>,
    /// Whose speeches the quota counts (default `none`).
    #[serde(default)]
    pub quota_kind: Option<QuotaKind>,
    /// Speeches per item per sector or organization (0 = no quota).
    #[serde(default)]
    pub quota: Option<i64>,
    /// Supporters a motion needs before it can be voted (default 0).
    #[serde(default)]
    pub min_supporters: Option<i64>,
}

/// Creates the session; returns its id.
pub async fn create_session(
    store: &Store,
    actor: &Actor,
    input: NewSession,
) -> Result<SessionId, AppError> {
    let mut tx = store.begin().await?;
    let exists: i64 = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM assemblies WHERE id = $1")
        .bind(input.assembly_id).fetch_one(&mut **c).await)?;
    if exists == 0 {
        return Err(AppError::NotFound);
    }
    require_chair(&mut tx, actor, input.assembly_id).await?;
    // Permission first, then the input (someone not allowed learns nothing about it).
    let title = text(&input.title, 200, "title", "error-ses-title-required")?;
    let seconds = input.speaking_seconds.unwrap_or(180);
    if !(10..=3600).contains(&seconds) {
        return Err(AppError::invalid(
            "speaking_seconds",
            "error-ses-speaking-seconds",
        ));
    }
    let quota_kind = input.quota_kind.unwrap_or(QuotaKind::None);
    let quota = input.quota.unwrap_or(0).clamp(0, 1000);
    let min_supporters = input.min_supporters.unwrap_or(0).clamp(0, 10_000);
    let first = input.first_time_first.unwrap_or(true);
    let planned_at = input
        .planned_at
        .map(|s| s.trim().chars().take(40).collect::<String>())
        .filter(|s| !s.is_empty());
    let id: SessionId = on_tx!(&mut tx, c => sqlx::query_scalar(
        "INSERT INTO assembly_sessions (assembly_id, title, planned_at, speaking_seconds, first_time_first, quota_kind, quota, min_supporters, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
        .bind(input.assembly_id).bind(&title).bind(&planned_at).bind(seconds).bind(i64::from(first))
        .bind(quota_kind).bind(quota).bind(min_supporters).bind(now_rfc3339()).fetch_one(&mut **c).await)?;
    tx.append(act(
        actor,
        ActKind::SessionCreated,
        input.assembly_id,
        json!({"id": id, "title": title, "planned_at": planned_at, "speaking_seconds": seconds,
               "first_time_first": first, "quota_kind": quota_kind, "quota": quota,
               "min_supporters": min_supporters}),
    ))
    .await?;
    tx.commit().await?;
    Ok(id)
}
