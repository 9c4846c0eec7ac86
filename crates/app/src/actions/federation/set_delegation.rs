//! Departmental delegations to the national assembly. An administrator makes an organization of
//! the registry stand for a departmental assembly (`set_delegation`): the national seat plan then
//! gives it seats like any organization, and those seats are filled by an election of the
//! delegates area whose electorate is the departmental assembly's seated delegates (accredited
//! titular voting delegates). The organization's members are kept equal to them
//! (`sync_members`, called when its election opens and when its vote starts); credentials,
//! check-in and recall of the elected then work as for any delegate.

use asamblea_store::{Store, Tx, on_tx};
use serde::Deserialize;
use serde_json::json;

use crate::actions::registry::require_manage_registry;
use crate::actions::sessions::rows::act;
use crate::domain::{
    AccountId, ActKind, AssemblyId, AssemblyLevel, DelegateId, MemberId, OrganizationId,
};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct SetDelegation {
    /// The departmental assembly (slug) the organization stands for.
    pub assembly: String,
}

/// Makes organization `org` the delegation of a departmental assembly with a parent.
pub async fn set_delegation(
    store: &Store,
    actor: &Actor,
    org: OrganizationId,
    input: SetDelegation,
) -> Result<(), AppError> {
    require_manage_registry(actor)?;
    let mut tx = store.begin().await?;
    let found: Option<(AssemblyId, AssemblyLevel, Option<AssemblyId>)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT id, level, parent_id FROM assemblies WHERE slug = $1")
        .bind(input.assembly.trim()).fetch_optional(&mut **c).await)?;
    let Some((assembly, level, parent)) = found else {
        return Err(AppError::invalid(
            "assembly",
            "fed-error-delegation-assembly",
        ));
    };
    if level != AssemblyLevel::Departmental || parent.is_none() {
        return Err(AppError::invalid(
            "assembly",
            "fed-error-delegation-assembly",
        ));
    }
    let row: Option<Option<AssemblyId>> = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT delegation_of FROM organizations WHERE id = $1")
        .bind(org).fetch_optional(&mut **c).await)?;
    if row.ok_or(AppError::NotFound)?.is_some() {
        return Err(AppError::Conflict {
            key: "fed-error-delegation-set",
        });
    }
    let taken: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM organizations WHERE delegation_of = $1")
        .bind(assembly).fetch_one(&mut **c).await)?;
    let members: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM members WHERE organization_id = $1")
        .bind(org).fetch_one(&mut **c).await)?;
    if taken > 0 || members > 0 {
        return Err(AppError::Conflict {
            key: "fed-error-delegation-set",
        });
    }
    on_tx!(&mut tx, c => sqlx::query("UPDATE organizations SET delegation_of = $1 WHERE id = $2")
        .bind(assembly).bind(org).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    let synced = sync_members(&mut tx, org).await?;
    tx.append(act(
        actor,
        ActKind::OrganizationDelegationSet,
        assembly,
        json!({"organization_id": org, "assembly_id": assembly, "members": synced}),
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The departmental assembly organization `org` stands for, if any.
pub(crate) async fn delegation_of(
    tx: &mut Tx,
    org: OrganizationId,
) -> Result<Option<AssemblyId>, AppError> {
    let row: Option<Option<AssemblyId>> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT delegation_of FROM organizations WHERE id = $1")
        .bind(org).fetch_optional(&mut **c).await)?;
    Ok(row.flatten())
}

/// The seated delegates of a departmental assembly as SQL: accredited titular voting delegates.
pub(crate) const SEATED: &str =
    "d.status = 'accredited' AND d.position = 'titular' AND d.seat_kind = 'voting'";

/// For a delegation organization: adds as members the departmental assembly's seated delegates
/// who are not members yet (number `D<delegate id>`, their name and account) and sets the
/// organization's membership to the number seated. Returns that number; `None` for any other
/// organization (nothing changes).
pub(crate) async fn sync_members(
    tx: &mut Tx,
    org: OrganizationId,
) -> Result<Option<i64>, AppError> {
    let Some(assembly) = delegation_of(tx, org).await? else {
        return Ok(None);
    };
    let sql = format!(
        "SELECT d.id, d.name, d.account_id FROM delegates d WHERE d.assembly_id = $1 AND {SEATED} \
         AND NOT EXISTS (SELECT 1 FROM members m WHERE m.organization_id = $2 AND m.delegate_id = d.id) ORDER BY d.id"
    );
    let missing: Vec<(DelegateId, String, Option<AccountId>)> = on_tx!(tx, c => sqlx::query_as(&sql)
        .bind(assembly).bind(org).fetch_all(&mut **c).await)?;
    for (id, name, account) in missing {
        let _: MemberId = on_tx!(tx, c => sqlx::query_scalar(
            "INSERT INTO members (organization_id, member_number, name, account_id, delegate_id) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(org).bind(format!("D{}", id.get())).bind(&name).bind(account).bind(id)
            .fetch_one(&mut **c).await)?;
    }
    let sql = format!("SELECT COUNT(*) FROM delegates d WHERE d.assembly_id = $1 AND {SEATED}");
    let seated: i64 =
        on_tx!(tx, c => sqlx::query_scalar(&sql).bind(assembly).fetch_one(&mut **c).await)?;
    on_tx!(tx, c => sqlx::query("UPDATE organizations SET membership = $1 WHERE id = $2")
        .bind(seated).bind(org).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(Some(seated))
}

/// The members of delegation organization `org` who may vote in its election now: those whose
/// departmental delegate is seated.
pub(crate) const ELECTORATE_SQL: &str = "SELECT m.id, m.member_number, m.name FROM members m \
     JOIN organizations o ON o.id = m.organization_id JOIN delegates d ON d.id = m.delegate_id \
     WHERE m.organization_id = $1 AND d.assembly_id = o.delegation_of AND d.status = 'accredited' \
     AND d.position = 'titular' AND d.seat_kind = 'voting' ORDER BY m.member_number, m.id";
