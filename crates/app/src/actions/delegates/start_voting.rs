//! The secretary starts the vote: every member of the organization gets a one-time voting code,
//! returned once as a printable list (only their SHA-256 is kept). Nominations close. It cannot be
//! undone, so the secretary confirms it (`confirm`; without it: refused, nothing changes). In an
//! assembly whose secret ballots are encrypted, a plurality or approval election's board opens
//! (`actions::boards::election_boards`).

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, on_tx};
use serde::Serialize;
use serde_json::json;

use super::{load_election, may_manage_delegation};
use crate::domain::{ElectionId, ElectionKind, ElectionStatus, MemberId};
use crate::secrets::{digest, new_card_code, normalize_card_code};
use crate::{Actor, AppError};

/// A member's voting code, to hand out on paper.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VotingCode {
    pub member_id: MemberId,
    pub member_number: String,
    pub name: String,
    pub code: String,
}

pub async fn start_voting(
    store: &Store,
    actor: &Actor,
    election_id: ElectionId,
    confirm: bool,
) -> Result<Vec<VotingCode>, AppError> {
    let mut tx = store.begin().await?;
    let e = load_election(&mut tx, election_id).await?;
    if actor.account().is_none() {
        return Err(AppError::Unauthorized {
            key: "error-login-required",
        });
    }
    if !may_manage_delegation(actor, e.organization_id) {
        return Err(AppError::Forbidden);
    }
    if e.status != ElectionStatus::Nominating {
        return Err(AppError::Conflict {
            key: "dlg-error-election-not-nominating",
        });
    }
    if !confirm {
        return Err(AppError::invalid(
            "confirm",
            "dlg-error-election-confirm-start",
        ));
    }
    if e.kind == ElectionKind::Delegates {
        let n: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM election_candidates WHERE election_id = $1")
            .bind(election_id).fetch_one(&mut **c).await)?;
        if n == 0 {
            return Err(AppError::Conflict {
                key: "dlg-error-election-no-candidates",
            });
        }
    }
    // A departmental assembly's delegation: its voters are the assembly's seated delegates.
    let delegation =
        crate::actions::federation::set_delegation::sync_members(&mut tx, e.organization_id)
            .await?;
    let sql = if delegation.is_some() {
        crate::actions::federation::set_delegation::ELECTORATE_SQL
    } else {
        "SELECT id, member_number, name FROM members WHERE organization_id = $1 ORDER BY member_number, id"
    };
    let members: Vec<(MemberId, String, String)> = on_tx!(&mut tx, c => sqlx::query_as(sql)
        .bind(e.organization_id).fetch_all(&mut **c).await)?;
    if members.is_empty() {
        return Err(AppError::Conflict {
            key: "dlg-error-election-no-members",
        });
    }
    let mut codes = Vec::with_capacity(members.len());
    for (member_id, member_number, name) in members {
        let code = new_card_code();
        let d = digest(&normalize_card_code(&code));
        on_tx!(&mut tx, c => sqlx::query("INSERT INTO voting_codes (election_id, member_id, code_digest) VALUES ($1, $2, $3)")
            .bind(election_id).bind(member_id).bind(&d).execute(&mut **c).await.map(|r| r.rows_affected()))?;
        codes.push(VotingCode {
            member_id,
            member_number,
            name,
            code,
        });
    }
    // An encrypted assembly: plurality and approval ballots go on the election's own board.
    let board = crate::actions::boards::election_boards::open(&mut tx, actor, &e).await?;
    on_tx!(&mut tx, c => sqlx::query("UPDATE elections SET status = $1 WHERE id = $2")
        .bind(ElectionStatus::Voting).bind(election_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::ElectionVotingStarted.as_str().into(),
        scope: format!("assembly:{}", e.assembly_id),
        payload: json!({"election_id": election_id, "electorate": codes.len(), "board": board}),
    })
    .await?;
    tx.commit().await?;
    Ok(codes)
}
