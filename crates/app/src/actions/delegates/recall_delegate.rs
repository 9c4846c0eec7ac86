//! The base recalls its delegate. By its governing body: the organization's secretary records the
//! decision with a reference (minutes, resolution number), if the organization recalls that way
//! (`organizations.recall_by = 'governing_body'`); otherwise by a vote of its members
//! (`open_recall_vote`, carried at `close_election`).
//!
//! In the same transaction: the delegate's status becomes `recalled`, their login sessions end (and
//! a delegate-only account's card and password are voided),
//! they leave the presence list, and the first substitute (lowest rank, not rejected or recalled)
//! takes the seat at once: position `titular`. A substitute keeps the accreditation the
//! commission gave them beforehand; one not yet accredited sits once the commission accredits
//! them (until then they do not count as seated or present).

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, Tx, on_tx};
use serde_json::json;

use super::may_manage_delegation;
use crate::domain::{
    AccountId, AssemblyId, DelegateId, DelegatePosition, DelegateStatus, ElectionId,
    OrganizationId, RecallBy, Role, SeatKind,
};
use crate::{Actor, AppError};

/// The reference kept with a recall carried by the members' vote `election` (the delegate's
/// status reason, the act's `reference`): `election:<id>`.
pub(crate) fn members_vote_reference(election: ElectionId) -> String {
    format!("election:{election}")
}

/// The members' vote a recall's reference names ([`members_vote_reference`]); `None` for a
/// governing body's reference, the text its secretary wrote.
pub fn members_vote_of(reference: &str) -> Option<ElectionId> {
    reference.strip_prefix("election:")?.parse().ok()
}

/// Who decided a recall.
#[derive(Debug, Clone, Copy)]
pub enum RecallVia {
    GoverningBody,
    MembersVote {
        election_id: ElectionId,
    },
    /// The assembly revoked the whole delegation (no substitute steps in).
    Assembly,
}

impl RecallVia {
    fn name(self) -> &'static str {
        match self {
            RecallVia::GoverningBody => "governing_body",
            RecallVia::MembersVote { .. } => "members_vote",
            RecallVia::Assembly => "assembly",
        }
    }
}

pub(crate) fn validate_reference(raw: &str) -> Result<String, AppError> {
    let r = raw.trim().to_string();
    if (1..=200).contains(&r.chars().count()) {
        Ok(r)
    } else {
        Err(AppError::invalid("reference", "dlg-error-reference"))
    }
}

/// Recall by the organization's governing body. Returns the id of the substitute now seated.
pub async fn recall_delegate(
    store: &Store,
    actor: &Actor,
    delegate_id: DelegateId,
    reference: &str,
) -> Result<Option<DelegateId>, AppError> {
    if actor.account().is_none() {
        return Err(AppError::Unauthorized {
            key: "error-login-required",
        });
    }
    let mut tx = store.begin().await?;
    let org: Option<(OrganizationId, RecallBy)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT d.organization_id, o.recall_by FROM delegates d JOIN organizations o ON o.id = d.organization_id WHERE d.id = $1")
        .bind(delegate_id).fetch_optional(&mut **c).await)?;
    let Some((org, recall_by)) = org else {
        return Err(AppError::NotFound);
    };
    if !may_manage_delegation(actor, org) {
        return Err(AppError::Forbidden);
    }
    let reference = validate_reference(reference)?;
    if recall_by != RecallBy::GoverningBody {
        return Err(AppError::Conflict {
            key: "dlg-error-recall-by-members",
        });
    }
    let seated = recall_in_tx(
        &mut tx,
        actor,
        delegate_id,
        RecallVia::GoverningBody,
        &reference,
    )
    .await?;
    tx.commit().await?;
    Ok(seated)
}

/// The seat a recall empties.
#[derive(sqlx::FromRow)]
struct Seat {
    assembly_id: AssemblyId,
    organization_id: OrganizationId,
    position: DelegatePosition,
    status: DelegateStatus,
    account_id: Option<AccountId>,
    seat_kind: SeatKind,
}

/// Recalls inside an open transaction; returns the substitute seated in the delegate's place.
pub(crate) async fn recall_in_tx(
    tx: &mut Tx,
    actor: &Actor,
    delegate_id: DelegateId,
    via: RecallVia,
    reference: &str,
) -> Result<Option<DelegateId>, AppError> {
    let row: Option<Seat> = on_tx!(tx, c => sqlx::query_as(
        "SELECT assembly_id, organization_id, position, status, account_id, seat_kind FROM delegates WHERE id = $1")
        .bind(delegate_id).fetch_optional(&mut **c).await)?;
    let Some(Seat {
        assembly_id,
        organization_id: org,
        position,
        status,
        account_id,
        seat_kind,
    }) = row
    else {
        return Err(AppError::NotFound);
    };
    if !status.holds_mandate() {
        return Err(AppError::Conflict {
            key: "dlg-error-delegate-not-active",
        });
    }
    on_tx!(tx, c => sqlx::query("UPDATE delegates SET status = $1, status_reason = $2 WHERE id = $3")
        .bind(DelegateStatus::Recalled).bind(reference).bind(delegate_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    on_tx!(tx, c => sqlx::query("DELETE FROM attendance WHERE delegate_id = $1")
        .bind(delegate_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    let mut sessions_ended = 0u64;
    if let Some(account) = account_id {
        // The account keeps no other seat in this assembly: its sessions end.
        tx.logins_changed();
        sessions_ended = on_tx!(tx, c => sqlx::query("DELETE FROM login_sessions WHERE account_id = $1")
            .bind(account).execute(&mut **c).await.map(|r| r.rows_affected()))?;
        // A delegate-only account with no other serving seat cannot log in again: its card and
        // password are voided (the commission prints a new card if the person is accredited anew).
        tx.logins_changed();
        on_tx!(tx, c => sqlx::query(
            "UPDATE accounts SET card_code_digest = NULL, password_hash = NULL WHERE id = $1 AND role = $3 \
             AND NOT EXISTS (SELECT 1 FROM delegates WHERE account_id = $1 AND id <> $2 AND status IN ($4, $5))")
            .bind(account).bind(delegate_id).bind(Role::Delegate)
            .bind(DelegateStatus::Elected).bind(DelegateStatus::Accredited).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    }
    let election_id = match via {
        RecallVia::MembersVote { election_id } => Some(election_id),
        _ => None,
    };
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::DelegateRecalled.as_str().into(),
        scope: format!("assembly:{assembly_id}"),
        payload: json!({
            "delegate_id": delegate_id, "organization_id": org, "via": via.name(),
            "reference": reference, "election_id": election_id, "sessions_ended": sessions_ended,
        }),
    })
    .await?;
    if position != DelegatePosition::Titular || matches!(via, RecallVia::Assembly) {
        return Ok(None);
    }
    let sub: Option<(DelegateId, DelegateStatus)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id, status FROM delegates WHERE assembly_id = $1 AND organization_id = $2 AND position = $3 \
         AND seat_kind = $4 AND status IN ($5, $6) ORDER BY substitute_rank, id LIMIT 1")
        .bind(assembly_id).bind(org).bind(DelegatePosition::Substitute).bind(seat_kind)
        .bind(DelegateStatus::Elected).bind(DelegateStatus::Accredited).fetch_optional(&mut **c).await)?;
    let Some((sub_id, sub_status)) = sub else {
        return Ok(None);
    };
    on_tx!(tx, c => sqlx::query("UPDATE delegates SET position = $1, substitute_rank = NULL WHERE id = $2")
        .bind(DelegatePosition::Titular).bind(sub_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::DelegateSubstituteSeated.as_str().into(),
        scope: format!("assembly:{assembly_id}"),
        payload: json!({
            "delegate_id": sub_id, "replaces": delegate_id, "organization_id": org,
            "accredited": sub_status == DelegateStatus::Accredited,
        }),
    })
    .await?;
    Ok(Some(sub_id))
}
