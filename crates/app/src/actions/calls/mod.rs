//! Actions of commands and calls to action. An assembly creates a command (a small body with
//! named members, mandated by a resolution that says which kinds of call it may issue and how
//! many of its members must confirm a firing, `k` of `n`, within a window). The assembly (the
//! chair, citing a resolution) or a command issues a call; a call can be prepared in advance and
//! armed, then fired (or disarmed) when `k` members confirm within the window
//! (`asamblea_rules::trigger`); an active call is escalated step by step or lifted; each base
//! organization in its scope reports its adherence.
//!
//! Who may do what is decided here ([`may_issue`], [`may_steer`], [`may_confirm`]); the pages ask
//! the same functions.

pub mod arm_call;
pub mod confirm_call;
pub mod create_command;
pub mod escalate_call;
pub mod issue_call;
pub mod lift_call;
pub mod report_adherence;

use asamblea_store::{Tx, on_tx};

use crate::domain::{
    AccountId, AssemblyId, CallId, CallKind, CallStatus, CommandId, OrganizationId, ResolutionId,
    ScopeKind,
};
use crate::{Actor, AppError};

/// Whether the actor may issue a call of `kind`: the chair (on the assembly's resolution), or a
/// member of a command whose mandate includes `kind` (a command's call is always prepared, to be
/// fired by `k` of its members).
pub fn may_issue(chair: bool, member_kinds: Option<&[CallKind]>, kind: CallKind) -> bool {
    chair || member_kinds.is_some_and(|k| k.contains(&kind))
}

/// Whether the actor may arm, escalate or lift a call: the chair, or a member of the call's
/// command.
pub fn may_steer(chair: bool, command_member: bool) -> bool {
    chair || command_member
}

/// Whether the actor may confirm a firing or a disarming: members of the call's command only
/// (not the chair as such: the command holds the trigger).
pub fn may_confirm(command_member: bool) -> bool {
    command_member
}

/// A call as the actions read it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct CallRow {
    pub assembly_id: AssemblyId,
    pub command_id: Option<CommandId>,
    pub scope_kind: ScopeKind,
    pub scope_ids: String,
    /// Carried by the acts of the call, so that each announces what it is about.
    pub title: String,
    pub status: CallStatus,
    pub current_step: i64,
    pub round: i64,
}

impl CallRow {
    pub fn scope_list(&self) -> Vec<i64> {
        serde_json::from_str(&self.scope_ids).unwrap_or_default()
    }
}

pub(crate) async fn call(tx: &mut Tx, id: CallId) -> Result<CallRow, AppError> {
    let row: Option<CallRow> = on_tx!(tx, c => sqlx::query_as(
        "SELECT assembly_id, command_id, scope_kind, scope_ids, title, status, current_step, round \
         FROM calls WHERE id = $1")
        .bind(id).fetch_optional(&mut **c).await)?;
    row.ok_or(AppError::NotFound)
}

/// A command as the actions read it: its assembly, threshold, window and kinds.
#[derive(Debug, Clone)]
pub(crate) struct CommandRow {
    pub assembly_id: AssemblyId,
    pub threshold: i64,
    pub window_seconds: i64,
    pub kinds: Vec<CallKind>,
}

pub(crate) async fn command(tx: &mut Tx, id: CommandId) -> Result<CommandRow, AppError> {
    let row: Option<(AssemblyId, i64, i64, String)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT assembly_id, threshold, window_seconds, kinds FROM commands WHERE id = $1")
        .bind(id).fetch_optional(&mut **c).await)?;
    let (assembly_id, threshold, window_seconds, kinds) = row.ok_or(AppError::NotFound)?;
    Ok(CommandRow {
        assembly_id,
        threshold,
        window_seconds,
        kinds: serde_json::from_str(&kinds).unwrap_or_default(),
    })
}

/// Whether the actor's account is a member of the command.
pub(crate) async fn is_member(
    tx: &mut Tx,
    actor: &Actor,
    command_id: Option<CommandId>,
) -> Result<bool, AppError> {
    let (Some(a), Some(cmd)) = (actor.account(), command_id) else {
        return Ok(false);
    };
    let n: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM command_members WHERE command_id = $1 AND account_id = $2")
        .bind(cmd).bind(a.id).fetch_one(&mut **c).await)?;
    Ok(n > 0)
}

/// The actor's account id, for rows that name who confirmed.
pub(crate) fn account_id(actor: &Actor) -> Result<AccountId, AppError> {
    actor.account().map(|a| a.id).ok_or(AppError::Forbidden)
}

/// `Invalid` unless the resolution is one of the assembly's.
pub(crate) async fn require_resolution(
    tx: &mut Tx,
    assembly_id: AssemblyId,
    id: ResolutionId,
) -> Result<i64, AppError> {
    let n: Option<(AssemblyId, i64)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT assembly_id, number FROM resolutions WHERE id = $1")
        .bind(id).fetch_optional(&mut **c).await)?;
    match n {
        Some((a, number)) if a == assembly_id => Ok(number),
        _ => Err(AppError::invalid("resolution_id", "error-call-resolution")),
    }
}

/// Whether an organization (its sector and department) is in a call's scope.
pub fn in_scope(
    kind: ScopeKind,
    ids: &[i64],
    org: OrganizationId,
    sector: i64,
    department: Option<i64>,
) -> bool {
    match kind {
        ScopeKind::Everyone => true,
        ScopeKind::Sectors => ids.contains(&sector),
        ScopeKind::Departments => department.is_some_and(|d| ids.contains(&d)),
        ScopeKind::Organizations => ids.contains(&org.get()),
    }
}

/// Bumps a call's version (pages send it back; the dashboard re-reads).
pub(crate) async fn bump(tx: &mut Tx, id: CallId) -> Result<(), AppError> {
    on_tx!(tx, c => sqlx::query("UPDATE calls SET version = version + 1 WHERE id = $1")
        .bind(id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_issues_steers_and_confirms() {
        let kinds = [CallKind::Strike];
        assert!(may_issue(true, None, CallKind::March));
        assert!(may_issue(false, Some(&kinds), CallKind::Strike));
        assert!(!may_issue(false, Some(&kinds), CallKind::March));
        assert!(!may_issue(false, None, CallKind::Strike));
        assert!(may_steer(true, false) && may_steer(false, true) && !may_steer(false, false));
        assert!(may_confirm(true) && !may_confirm(false));
    }

    #[test]
    fn scopes() {
        let o = OrganizationId(7);
        assert!(in_scope(ScopeKind::Everyone, &[], o, 1, None));
        assert!(in_scope(ScopeKind::Sectors, &[1, 2], o, 2, None));
        assert!(!in_scope(ScopeKind::Sectors, &[1], o, 2, Some(1)));
        assert!(in_scope(ScopeKind::Departments, &[3], o, 2, Some(3)));
        assert!(!in_scope(ScopeKind::Departments, &[3], o, 2, None));
        assert!(in_scope(ScopeKind::Organizations, &[7], o, 2, None));
        assert!(!in_scope(ScopeKind::Organizations, &[8], o, 2, None));
    }
}
