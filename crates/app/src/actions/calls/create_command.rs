//! The assembly creates a command (the 1971 "Political Command") by resolution: a name, named
//! members (accounts), the kinds of call it may issue, and how many of its members (`k` of `n`)
//! must confirm within how many minutes to fire or disarm a prepared call. The chair records it,
//! citing the resolution.

use std::collections::BTreeSet;

use asamblea_rules::trigger::valid_threshold;
use asamblea_store::{Store, now_rfc3339, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::require_resolution;
use crate::actions::registry::required_text;
use crate::actions::sessions::rows::{act, require_chair};
use crate::domain::{AccountId, ActKind, AssemblyId, CallKind, CommandId, ResolutionId};
use crate::{Actor, AppError};

/// The longest firing window a resolution may set: a week.
pub const MAX_WINDOW_MINUTES: i64 = 7 * 24 * 60;

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewCommand {
    pub assembly_id: AssemblyId,
    /// The resolution that creates the command and gives its powers.
    pub resolution_id: ResolutionId,
    pub name: String,
    /// The members' accounts (at most 50).
    pub member_ids: Vec<AccountId>,
    /// `k`: members who must confirm to fire or disarm a call (1..=n).
    pub threshold: i64,
    /// The window within which the `k` confirmations must fall, in minutes.
    pub window_minutes: i64,
    /// The kinds of call the command may issue.
    pub kinds: Vec<CallKind>,
}

pub async fn create_command(
    store: &Store,
    actor: &Actor,
    input: NewCommand,
) -> Result<CommandId, AppError> {
    let name = required_text("name", &input.name, 120)?;
    let members: BTreeSet<AccountId> = input.member_ids.iter().copied().collect();
    if members.is_empty() || members.len() != input.member_ids.len() || members.len() > 50 {
        return Err(AppError::invalid("member_ids", "error-call-members"));
    }
    let k = usize::try_from(input.threshold).unwrap_or(0);
    if !valid_threshold(k, members.len()) {
        return Err(AppError::invalid("threshold", "error-call-threshold"));
    }
    if !(1..=MAX_WINDOW_MINUTES).contains(&input.window_minutes) {
        return Err(AppError::invalid("window_minutes", "error-call-window"));
    }
    let kinds: BTreeSet<CallKind> = input.kinds.iter().copied().collect();
    let mut tx = store.begin().await?;
    require_chair(&mut tx, actor, input.assembly_id).await?;
    let resolution_number =
        require_resolution(&mut tx, input.assembly_id, input.resolution_id).await?;
    for &m in &members {
        let n: i64 = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM accounts WHERE id = $1")
            .bind(m).fetch_one(&mut **c).await)?;
        if n == 0 {
            return Err(AppError::invalid("member_ids", "error-call-members"));
        }
    }
    let kinds_json =
        serde_json::to_string(&kinds).map_err(|e| AppError::Internal(e.to_string()))?;
    let id: CommandId = on_tx!(&mut tx, c => sqlx::query_scalar(
        "INSERT INTO commands (assembly_id, resolution_id, name, threshold, window_seconds, kinds, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
        .bind(input.assembly_id).bind(input.resolution_id).bind(&name).bind(input.threshold)
        .bind(input.window_minutes * 60).bind(&kinds_json).bind(now_rfc3339()).fetch_one(&mut **c).await)?;
    for &m in &members {
        on_tx!(&mut tx, c => sqlx::query("INSERT INTO command_members (command_id, account_id) VALUES ($1, $2)")
            .bind(id).bind(m).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    }
    tx.append(act(
        actor,
        ActKind::CommandCreated,
        input.assembly_id,
        json!({"command_id": id, "name": name, "resolution_id": input.resolution_id,
               "resolution_number": resolution_number, "members": members,
               "threshold": input.threshold, "window_seconds": input.window_minutes * 60, "kinds": kinds}),
    ))
    .await?;
    tx.commit().await?;
    Ok(id)
}
