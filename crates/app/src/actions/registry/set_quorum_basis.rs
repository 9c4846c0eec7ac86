//! An administrator sets what an assembly's votes count their quorum over: the voting seats of
//! the seat plan (the default), the seats filled, or the accredited delegates. Votes closed
//! before keep the basis they were counted on (it is stored in their result).

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::require_manage_registry;
use crate::domain::{AssemblyId, QuorumBasis, Unchecked};
use crate::{Actor, AppError};

/// The quorum basis of an assembly.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct QuorumBasisInput {
    /// Checked after the permission.
    #[schema(value_type = QuorumBasis)]
    pub quorum_basis: Unchecked<QuorumBasis>,
}

/// Administrators only ([`super::may_manage_registry`]).
pub async fn set_quorum_basis(
    store: &Store,
    actor: &Actor,
    slug: &str,
    input: QuorumBasisInput,
) -> Result<(), AppError> {
    require_manage_registry(actor)?;
    let basis = input.quorum_basis.check("quorum_basis", "error-invalid")?;
    let mut tx = store.begin().await?;
    let id: Option<AssemblyId> = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT id FROM assemblies WHERE slug = $1")
        .bind(slug).fetch_optional(&mut **c).await)?;
    let id = id.ok_or(AppError::NotFound)?;
    on_tx!(&mut tx, c => sqlx::query("UPDATE assemblies SET quorum_basis = $1 WHERE id = $2")
        .bind(basis).bind(id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::AssemblyQuorumBasisSet.as_str().into(),
        scope: format!("assembly:{id}"),
        payload: json!({"assembly_id": id, "quorum_basis": basis}),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}
