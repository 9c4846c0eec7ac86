//! A member is nominated in an election of their organization: by the organization's secretary
//! (or an administrator), or by themself (an account linked to the member row). A member who
//! already holds a delegate place in the assembly is refused. The secretary may nominate several
//! members at once (`nominate_candidates`).

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::seats_held::member_holds_place;
use super::{load_election, may_nominate};
use crate::domain::{
    AccountId, CandidateId, ElectionId, ElectionKind, ElectionStatus, MemberId, OrganizationId,
};
use crate::{Actor, AppError};

/// Who is nominated.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct Nomination {
    pub member_id: MemberId,
}

/// Returns the candidate's id. Nominating someone twice is refused.
pub async fn nominate_candidate(
    store: &Store,
    actor: &Actor,
    election_id: ElectionId,
    input: Nomination,
) -> Result<CandidateId, AppError> {
    let ids = nominate_candidates(store, actor, election_id, &[input.member_id]).await?;
    ids.first()
        .copied()
        .ok_or_else(|| AppError::Internal("a nomination without a candidate".into()))
}

/// Nominates several members at once, in one transaction: all of them or (on the first refusal)
/// none. Returns the candidates' ids in the order given. An empty list is refused.
pub async fn nominate_candidates(
    store: &Store,
    actor: &Actor,
    election_id: ElectionId,
    members: &[MemberId],
) -> Result<Vec<CandidateId>, AppError> {
    let Some(account) = actor.account() else {
        return Err(AppError::Unauthorized {
            key: "error-login-required",
        });
    };
    if members.is_empty() {
        return Err(AppError::invalid("member_id", "dlg-error-nominate-none"));
    }
    let mut tx = store.begin().await?;
    let e = load_election(&mut tx, election_id).await?;
    let mut ids = Vec::with_capacity(members.len());
    for &member_id in members {
        let member: Option<(OrganizationId, String, Option<AccountId>)> = on_tx!(&mut tx, c => sqlx::query_as(
            "SELECT organization_id, name, account_id FROM members WHERE id = $1")
            .bind(member_id).fetch_optional(&mut **c).await)?;
        let Some((org, name, member_account)) = member else {
            return Err(AppError::invalid("member_id", "error-not-found"));
        };
        if !may_nominate(actor, e.organization_id, member_account) {
            return Err(AppError::Forbidden);
        }
        let self_nominated = member_account == Some(account.id);
        if org != e.organization_id {
            return Err(AppError::invalid(
                "member_id",
                "dlg-error-election-not-member",
            ));
        }
        if e.kind != ElectionKind::Delegates || e.status != ElectionStatus::Nominating {
            return Err(AppError::Conflict {
                key: "dlg-error-election-not-nominating",
            });
        }
        let taken: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM election_candidates WHERE election_id = $1 AND member_id = $2")
            .bind(election_id).bind(member_id).fetch_one(&mut **c).await)?;
        if taken > 0 {
            return Err(AppError::Conflict {
                key: "dlg-error-election-already-candidate",
            });
        }
        if member_holds_place(&mut tx, e.assembly_id, member_id).await? {
            return Err(AppError::Conflict {
                key: "dlg-error-election-already-delegate",
            });
        }
        let id: CandidateId = on_tx!(&mut tx, c => sqlx::query_scalar(
            "INSERT INTO election_candidates (election_id, member_id, name) VALUES ($1, $2, $3) RETURNING id")
            .bind(election_id).bind(member_id).bind(&name).fetch_one(&mut **c).await)?;
        tx.append(NewAct {
            actor: actor.record_name(),
            kind: ActKind::ElectionCandidateNominated.as_str().into(),
            scope: format!("assembly:{}", e.assembly_id),
            payload: json!({"election_id": election_id, "candidate_id": id, "member_id": member_id,
                            "name": name, "self_nominated": self_nominated}),
        })
        .await?;
        ids.push(id);
    }
    tx.commit().await?;
    Ok(ids)
}
