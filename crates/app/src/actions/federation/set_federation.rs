//! An administrator sets an assembly's federation settings: whether a substitute takes an absent
//! titular's seat at its own check-in, whether proxies are allowed (to the same organization or to
//! any delegate) and how many one delegate may hold, and what a ballot weighs (one, or its
//! delegation's seats). Not while a vote of the assembly is open; proxies and delegation weight
//! do not go together (a delegation already votes with all its seats).

use asamblea_store::{Store, on_tx};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::actions::registry::require_manage_registry;
use crate::actions::sessions::rows::act;
use crate::domain::{ActKind, AssemblyId, IntBool, ProxyScope, VoteWeight};
use crate::{Actor, AppError};

/// The federation settings of an assembly.
#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct FederationSettings {
    /// A substitute who checks in takes the seat of an absent titular of the organization.
    #[sqlx(try_from = "IntBool")]
    pub substitutes_at_check_in: bool,
    pub proxies: ProxyScope,
    /// How many proxies one delegate may hold (1 to 10).
    pub proxy_cap: i64,
    pub vote_weight: VoteWeight,
}

/// Administrators only.
pub async fn set_federation(
    store: &Store,
    actor: &Actor,
    assembly: AssemblyId,
    input: FederationSettings,
) -> Result<(), AppError> {
    require_manage_registry(actor)?;
    if !(1..=10).contains(&input.proxy_cap) {
        return Err(AppError::invalid("proxy_cap", "fed-error-proxy-cap"));
    }
    if input.proxies != ProxyScope::Off && input.vote_weight == VoteWeight::Delegation {
        return Err(AppError::invalid(
            "vote_weight",
            "fed-error-weight-and-proxies",
        ));
    }
    let mut tx = store.begin().await?;
    let open: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM votes v JOIN assembly_sessions s ON s.id = v.session_id WHERE s.assembly_id = $1 AND v.status = 'open'")
        .bind(assembly).fetch_one(&mut **c).await)?;
    if open > 0 {
        return Err(AppError::Conflict {
            key: "fed-error-vote-open",
        });
    }
    let changed = on_tx!(&mut tx, c => sqlx::query(
        "UPDATE assemblies SET substitutes_at_check_in = $1, proxies = $2, proxy_cap = $3, vote_weight = $4 WHERE id = $5")
        .bind(i64::from(input.substitutes_at_check_in)).bind(input.proxies).bind(input.proxy_cap)
        .bind(input.vote_weight).bind(assembly).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    if changed == 0 {
        return Err(AppError::NotFound);
    }
    if input.proxies == ProxyScope::Off {
        // Proxies switched off: those standing lapse.
        on_tx!(&mut tx, c => sqlx::query(
            "UPDATE proxies SET revoked_at = $1 WHERE assembly_id = $2 AND revoked_at IS NULL")
            .bind(asamblea_store::now_rfc3339()).bind(assembly).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    }
    tx.append(act(
        actor,
        ActKind::AssemblyFederationSet,
        assembly,
        json!({"assembly_id": assembly, "substitutes_at_check_in": input.substitutes_at_check_in,
               "proxies": input.proxies, "proxy_cap": input.proxy_cap, "vote_weight": input.vote_weight}),
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The columns of [`FederationSettings`] in `assemblies`, each after `$table` (`""`, or an
/// alias and a dot): read alone ([`settings_tx`], `queries::federation::settings`) and with a
/// batch's votes (`sessions::rows::votes`).
macro_rules! settings_columns {
    ($table:literal) => {
        concat!(
            $table,
            "substitutes_at_check_in, ",
            $table,
            "proxies, ",
            $table,
            "proxy_cap, ",
            $table,
            "vote_weight"
        )
    };
}
pub(crate) use settings_columns;

/// The settings of an assembly inside a transaction.
pub(crate) async fn settings_tx(
    tx: &mut asamblea_store::Tx,
    assembly: AssemblyId,
) -> Result<FederationSettings, AppError> {
    let row: Option<FederationSettings> = on_tx!(tx, c => sqlx::query_as(
        concat!("SELECT ", settings_columns!(""), " FROM assemblies WHERE id = $1"))
        .bind(assembly).fetch_optional(&mut **c).await)?;
    row.ok_or(AppError::NotFound)
}
