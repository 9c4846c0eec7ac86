//! Proxies, where the assembly allows them (`set_federation`): a seated titular voting delegate
//! gives a proxy to another who is present (of the same organization, or of any, per the
//! setting), at most the assembly's cap per holder; no chains (a holder cannot give one, a
//! delegator cannot hold one); not while a vote of the assembly is open. While it stands the
//! delegator cannot vote and the holder's ballot carries the delegator's vote (`cast_vote`).

use asamblea_store::{Store, Tx, now_rfc3339, on_tx};
use serde::Deserialize;
use serde_json::json;

use crate::actions::federation::set_federation::settings_tx;
use crate::actions::sessions::rows::{act, own_delegate};
use crate::domain::{
    ActKind, AssemblyId, DelegateId, DelegatePosition, DelegateStatus, OrganizationId, ProxyId,
    ProxyScope, SeatKind,
};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct GiveProxy {
    /// The delegate who will vote for the actor.
    pub holder_id: DelegateId,
}

/// The actor's own delegate gives a proxy to `holder_id`; returns the proxy's id.
pub async fn give_proxy(
    store: &Store,
    actor: &Actor,
    assembly: AssemblyId,
    input: GiveProxy,
) -> Result<ProxyId, AppError> {
    let mut tx = store.begin().await?;
    let settings = settings_tx(&mut tx, assembly).await?;
    let Some(me) = own_delegate(&mut tx, actor, assembly).await? else {
        return Err(AppError::Forbidden);
    };
    if settings.proxies == ProxyScope::Off {
        return Err(AppError::Conflict {
            key: "fed-error-proxies-off",
        });
    }
    if input.holder_id == me.id {
        return Err(AppError::invalid("holder_id", "fed-error-proxy-self"));
    }
    let holder: Option<(OrganizationId, DelegatePosition, DelegateStatus, SeatKind)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT organization_id, position, status, seat_kind FROM delegates WHERE id = $1 AND assembly_id = $2")
        .bind(input.holder_id).bind(assembly).fetch_optional(&mut **c).await)?;
    let holder_org = match holder {
        Some((org, DelegatePosition::Titular, DelegateStatus::Accredited, SeatKind::Voting)) => org,
        _ => return Err(AppError::invalid("holder_id", "fed-error-proxy-holder")),
    };
    if settings.proxies == ProxyScope::SameOrganization && holder_org != me.organization_id {
        return Err(AppError::invalid("holder_id", "fed-error-proxy-other-org"));
    }
    let present: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM attendance WHERE assembly_id = $1 AND delegate_id = $2")
        .bind(assembly).bind(input.holder_id).fetch_one(&mut **c).await)?;
    if present == 0 {
        return Err(AppError::Conflict {
            key: "fed-error-proxy-absent",
        });
    }
    if standing(&mut tx, "delegator_id", me.id).await? > 0 {
        return Err(AppError::Conflict {
            key: "fed-error-proxy-given",
        });
    }
    if standing(&mut tx, "delegator_id", input.holder_id).await? > 0
        || standing(&mut tx, "holder_id", me.id).await? > 0
    {
        return Err(AppError::Conflict {
            key: "fed-error-proxy-chain",
        });
    }
    if standing(&mut tx, "holder_id", input.holder_id).await? >= settings.proxy_cap {
        return Err(AppError::Conflict {
            key: "fed-error-proxy-cap-reached",
        });
    }
    require_no_open_vote(&mut tx, assembly).await?;
    let id: ProxyId = on_tx!(&mut tx, c => sqlx::query_scalar(
        "INSERT INTO proxies (assembly_id, delegator_id, holder_id, given_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(assembly).bind(me.id).bind(input.holder_id).bind(now_rfc3339()).fetch_one(&mut **c).await)?;
    tx.append(act(
        actor,
        ActKind::ProxyGiven,
        assembly,
        json!({"proxy_id": id, "delegator_id": me.id, "holder_id": input.holder_id}),
    ))
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Standing proxies whose `column` (`delegator_id` or `holder_id`) is `delegate`.
pub(crate) async fn standing(
    tx: &mut Tx,
    column: &'static str,
    delegate: DelegateId,
) -> Result<i64, AppError> {
    let sql = if column == "holder_id" {
        "SELECT COUNT(*) FROM proxies WHERE holder_id = $1 AND revoked_at IS NULL"
    } else {
        "SELECT COUNT(*) FROM proxies WHERE delegator_id = $1 AND revoked_at IS NULL"
    };
    Ok(on_tx!(tx, c => sqlx::query_scalar(sql).bind(delegate).fetch_one(&mut **c).await)?)
}

/// Refuses while a vote of the assembly is open: proxies change between votes.
pub(crate) async fn require_no_open_vote(
    tx: &mut Tx,
    assembly: AssemblyId,
) -> Result<(), AppError> {
    let open: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM votes v JOIN assembly_sessions s ON s.id = v.session_id WHERE s.assembly_id = $1 AND v.status = 'open'")
        .bind(assembly).fetch_one(&mut **c).await)?;
    if open > 0 {
        Err(AppError::Conflict {
            key: "fed-error-vote-open",
        })
    } else {
        Ok(())
    }
}
