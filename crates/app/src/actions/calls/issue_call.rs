//! The assembly (the chair, citing its resolution) or a command issues a call to action: kind,
//! scope, start, steps (24 hours, then 48, then indefinite, each with its own start or
//! condition), the demands it serves, and its text. The chair's call takes effect at once unless
//! prepared for a command to fire; a command's call is always prepared, to be armed and fired by
//! `k` of its members.

use std::collections::BTreeSet;

use asamblea_store::{Store, Tx, now_rfc3339, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::{command, is_member, may_issue, require_resolution};
use crate::actions::registry::optional_text;
use crate::actions::sessions::rows::{act, is_chair, text};
use crate::domain::{
    ActKind, AssemblyId, CallId, CallKind, CallStatus, CommandId, DemandId, ResolutionId, ScopeKind,
};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct StepInput {
    /// How long the step lasts, in hours; none: indefinite (the last step only).
    #[serde(default)]
    pub hours: Option<i64>,
    /// When the step starts (free text: a date and time), if fixed.
    #[serde(default)]
    pub starts_at: Option<String>,
    /// The condition that starts it (e.g. "si no hay respuesta en 24 horas").
    #[serde(default)]
    pub condition: Option<String>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewCall {
    pub assembly_id: AssemblyId,
    /// The command that issues it, or that will fire it when prepared by the assembly.
    #[serde(default)]
    pub command_id: Option<CommandId>,
    /// The assembly's resolution (required when the chair issues).
    #[serde(default)]
    pub resolution_id: Option<ResolutionId>,
    pub kind: CallKind,
    pub scope_kind: ScopeKind,
    /// Sector, department or organization ids, by `scope_kind` (empty for everyone).
    #[serde(default)]
    pub scope_ids: Vec<i64>,
    pub title: String,
    pub body: String,
    /// The demands of the mandate the call serves.
    #[serde(default)]
    pub demand_ids: Vec<DemandId>,
    #[serde(default)]
    pub starts_at: Option<String>,
    /// One to ten steps.
    pub steps: Vec<StepInput>,
    /// Prepared in advance, to be armed and fired later by the command.
    #[serde(default)]
    pub prepared: bool,
}

pub async fn issue_call(store: &Store, actor: &Actor, input: NewCall) -> Result<CallId, AppError> {
    let title = text(&input.title, 200, "title", "error-call-title")?;
    let body = input.body.trim().to_string();
    if body.is_empty() || body.chars().count() > 20_000 {
        return Err(AppError::invalid("body", "error-call-body"));
    }
    let starts_at = optional_text("starts_at", input.starts_at.as_deref(), 100)?;
    if input.steps.is_empty() || input.steps.len() > 10 {
        return Err(AppError::invalid("steps", "error-call-steps"));
    }
    let mut steps = Vec::new();
    for (i, s) in input.steps.iter().enumerate() {
        let last = i + 1 == input.steps.len();
        match s.hours {
            Some(h) if (1..=8760).contains(&h) => {}
            None if last => {}
            _ => return Err(AppError::invalid("steps", "error-call-steps")),
        }
        steps.push((
            s.hours,
            optional_text("steps", s.starts_at.as_deref(), 100)?,
            optional_text("steps", s.condition.as_deref(), 500)?,
        ));
    }
    let scope: BTreeSet<i64> = input.scope_ids.iter().copied().collect();
    if (input.scope_kind == ScopeKind::Everyone) != scope.is_empty() || scope.len() > 1_000 {
        return Err(AppError::invalid("scope_ids", "error-call-scope"));
    }
    let mut tx = store.begin().await?;
    let chair = is_chair(&mut tx, actor, input.assembly_id).await?;
    let cmd = match input.command_id {
        Some(id) => {
            let c = command(&mut tx, id).await?;
            if c.assembly_id != input.assembly_id {
                return Err(AppError::invalid("command_id", "error-invalid"));
            }
            Some(c)
        }
        None => None,
    };
    let member = is_member(&mut tx, actor, input.command_id).await?;
    let member_kinds = cmd.as_ref().filter(|_| member).map(|c| c.kinds.as_slice());
    if !may_issue(chair, member_kinds, input.kind) {
        return Err(AppError::Forbidden);
    }
    let status = if chair {
        let rid = input
            .resolution_id
            .ok_or(AppError::invalid("resolution_id", "error-call-resolution"))?;
        require_resolution(&mut tx, input.assembly_id, rid).await?;
        if input.prepared {
            if cmd.is_none() {
                return Err(AppError::invalid(
                    "command_id",
                    "error-call-prepared-command",
                ));
            }
            CallStatus::Prepared
        } else {
            CallStatus::Active
        }
    } else {
        CallStatus::Prepared
    };
    check_scope(&mut tx, input.scope_kind, &scope).await?;
    let demands: BTreeSet<DemandId> = input.demand_ids.iter().copied().collect();
    for &d in &demands {
        let a: Option<AssemblyId> = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT assembly_id FROM demands WHERE id = $1")
            .bind(d).fetch_optional(&mut **c).await)?;
        if a != Some(input.assembly_id) {
            return Err(AppError::invalid(
                "demand_ids",
                "error-mandate-unknown-demand",
            ));
        }
    }
    let now = now_rfc3339();
    let fired_at = (status == CallStatus::Active).then(|| now.clone());
    let scope_json =
        serde_json::to_string(&scope).map_err(|e| AppError::Internal(e.to_string()))?;
    let demands_json =
        serde_json::to_string(&demands).map_err(|e| AppError::Internal(e.to_string()))?;
    let id: CallId = on_tx!(&mut tx, c => sqlx::query_scalar(
        "INSERT INTO calls (assembly_id, command_id, resolution_id, kind, scope_kind, scope_ids, title, body, demand_ids, \
         starts_at, status, created_at, fired_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id")
        .bind(input.assembly_id).bind(input.command_id).bind(input.resolution_id).bind(input.kind)
        .bind(input.scope_kind).bind(&scope_json).bind(&title).bind(&body).bind(&demands_json)
        .bind(&starts_at).bind(status).bind(&now).bind(&fired_at).fetch_one(&mut **c).await)?;
    for (i, (hours, starts, condition)) in steps.iter().enumerate() {
        on_tx!(&mut tx, c => sqlx::query(
            "INSERT INTO call_steps (call_id, number, hours, starts_at, condition) VALUES ($1, $2, $3, $4, $5)")
            .bind(id).bind(i as i64 + 1).bind(*hours).bind(starts).bind(condition)
            .execute(&mut **c).await.map(|r| r.rows_affected()))?;
    }
    let steps_json: Vec<_> = steps
        .iter()
        .enumerate()
        .map(|(i, (h, s, c))| json!({"number": i + 1, "hours": h, "starts_at": s, "condition": c}))
        .collect();
    tx.append(act(
        actor,
        ActKind::CallIssued,
        input.assembly_id,
        json!({"call_id": id, "status": status, "kind": input.kind, "command_id": input.command_id,
               "resolution_id": input.resolution_id, "scope_kind": input.scope_kind, "scope_ids": scope,
               "title": title, "body": body, "demand_ids": demands, "starts_at": starts_at, "steps": steps_json}),
    ))
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// `Invalid` unless every id of the scope names a sector, department or organization.
async fn check_scope(tx: &mut Tx, kind: ScopeKind, ids: &BTreeSet<i64>) -> Result<(), AppError> {
    let table = match kind {
        ScopeKind::Everyone => return Ok(()),
        ScopeKind::Sectors => "SELECT COUNT(*) FROM sectors WHERE id = $1",
        ScopeKind::Departments => "SELECT COUNT(*) FROM departments WHERE id = $1",
        ScopeKind::Organizations => "SELECT COUNT(*) FROM organizations WHERE id = $1",
    };
    for &id in ids {
        let n: i64 = on_tx!(tx, c => sqlx::query_scalar(table).bind(id).fetch_one(&mut **c).await)?;
        if n == 0 {
            return Err(AppError::invalid("scope_ids", "error-call-scope"));
        }
    }
    Ok(())
}
