//! A seated delegate who is present votes; a teller enters the vote of a delegate without a phone
//! (marked on the record), only one the presidium marked as voting through a teller before the
//! vote opened (`set_via_teller.rs`), and never in a secret vote. One ballot per delegate: the `vote_casts` key makes a second one
//! impossible, inside the same transaction that writes the ballot.
//!
//! Open votes keep each choice with the delegate and put it on the record. Secret votes put the
//! ballot in `secret_ballots` under a random id, with no voter and no time; `vote_casts` and the
//! record only learn that the delegate has voted (the act names no voter and no actor, and carries
//! only the count). The server casts through [`crate::ballot_writer::BallotWriter`], which commits
//! the ballots that arrive together in one transaction.

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Tx, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::may_tell;
use super::rows::{act, check_version, own_delegate, roles, vote};
use crate::domain::{
    DelegateId, DelegatePosition, DelegateStatus, SeatKind, VoteId, VoteMethod, VoteStatus,
    YesNoAbstainChoice,
};
use crate::{Actor, AppError};

/// A ballot (its vote is named apart: the path of `POST /votes/{id}/ballots`).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct CastInput {
    /// `yes`, `no` or `abstain`; for `choose_one` the option's index (from 0); for `approval`
    /// the approved indices separated by commas.
    pub choice: String,
    /// A teller entering the vote of this delegate (a delegate voting leaves it out).
    #[serde(default)]
    pub delegate_id: Option<DelegateId>,
    /// The vote's version the page showed.
    #[serde(default)]
    pub version: Option<i64>,
}

/// The canonical form of a choice, or `None` if it is not valid for the vote.
pub fn normalize_choice(method: VoteMethod, options: usize, choice: &str) -> Option<String> {
    let c = choice.trim();
    match method {
        VoteMethod::YesNo => c
            .parse::<YesNoAbstainChoice>()
            .ok()
            .map(|y| y.as_str().to_string()),
        VoteMethod::ChooseOne => c
            .parse::<usize>()
            .ok()
            .filter(|i| *i < options)
            .map(|i| i.to_string()),
        VoteMethod::Approval => {
            let mut v: Vec<usize> = Vec::new();
            for p in c.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let i = p.parse::<usize>().ok().filter(|i| *i < options)?;
                if !v.contains(&i) {
                    v.push(i);
                }
            }
            v.sort_unstable();
            (!v.is_empty()).then(|| v.iter().map(usize::to_string).collect::<Vec<_>>().join(","))
        }
    }
}

/// Checks the ballot and records who voted inside `tx`; the caller puts the secret ballot (if
/// any) in the box and appends the act before committing. Every refusal happens before the
/// first write.
pub(crate) async fn cast_in_tx(
    tx: &mut Tx,
    actor: &Actor,
    vote_id: VoteId,
    input: &CastInput,
) -> Result<Cast, AppError> {
    let v = vote(tx, vote_id).await?;
    let mine = own_delegate(tx, actor, v.assembly_id).await?;
    // The delegate voted for, as one row: its seat, whether it was marked as voting through a
    // teller before this vote opened, and whether it is present.
    let Some(target) = input.delegate_id.or(mine.as_ref().map(|d| d.id)) else {
        return Err(AppError::Forbidden);
    };
    let row: Option<(DelegateStatus, DelegatePosition, SeatKind, i64, i64)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT d.status, d.position, d.seat_kind, \
         CAST(CASE WHEN d.via_teller_since IS NOT NULL AND d.via_teller_since < v.opened_at THEN 1 ELSE 0 END AS BIGINT), \
         CAST((SELECT COUNT(*) FROM attendance t WHERE t.assembly_id = d.assembly_id AND t.delegate_id = d.id) AS BIGINT) \
         FROM delegates d, votes v WHERE d.id = $1 AND d.assembly_id = $2 AND v.id = $3")
        .bind(target).bind(v.assembly_id).bind(v.id).fetch_optional(&mut **c).await)?;
    let (delegate_id, by_teller) = match (input.delegate_id, &mine) {
        (None, Some(d)) => (d.id, false),
        (None, None) => return Err(AppError::Forbidden),
        (Some(id), Some(d)) if d.id == id => (id, false),
        (Some(id), _) => {
            if !may_tell(&roles(tx, actor, v.assembly_id).await?) {
                return Err(AppError::invalid("delegate_id", "error-ses-vote-for-other"));
            }
            if v.secret {
                return Err(AppError::invalid("delegate_id", "error-ses-teller-secret"));
            }
            // Only for a delegate marked as voting through a teller before this vote opened.
            if row.as_ref().is_none_or(|r| r.3 != 1) {
                return Err(AppError::invalid("delegate_id", "error-ses-not-via-teller"));
            }
            (id, true)
        }
    };
    if v.status != VoteStatus::Open {
        return Err(AppError::Conflict {
            key: "error-ses-vote-closed",
        });
    }
    check_version(input.version, v.version)?;
    let present = match row {
        Some((DelegateStatus::Accredited, DelegatePosition::Titular, SeatKind::Voting, _, p)) => p,
        _ => {
            return Err(AppError::Conflict {
                key: "error-ses-not-seated",
            });
        }
    };
    if present == 0 {
        return Err(AppError::Conflict {
            key: "error-ses-not-present",
        });
    }
    let choice = normalize_choice(v.method, v.option_list().len(), &input.choice)
        .ok_or(AppError::invalid("choice", "error-ses-choice"))?;
    let secret = v.secret;
    let open_choice = if secret { None } else { Some(choice.clone()) };
    // The key (vote, delegate) refuses a second ballot, even one racing this one.
    let inserted = on_tx!(tx, c => sqlx::query(
        "INSERT INTO vote_casts (vote_id, delegate_id, choice, by_teller) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
        .bind(v.id).bind(delegate_id).bind(&open_choice).bind(i64::from(by_teller))
        .execute(&mut **c).await.map(|r| r.rows_affected()))?;
    if inserted == 0 {
        return Err(AppError::Conflict {
            key: "error-ses-already-voted",
        });
    }
    let ballot = secret.then(|| SecretBallot {
        vote_id: v.id,
        ballot_id: crate::secrets::new_token(),
        choice: choice.clone(),
    });
    let voted: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM vote_casts WHERE vote_id = $1")
        .bind(v.id).fetch_one(&mut **c).await)?;
    let mut a = if secret {
        act(
            actor,
            ActKind::VoteBallotCast,
            v.assembly_id,
            json!({"vote_id": v.id, "voted": voted}),
        )
    } else {
        act(
            actor,
            ActKind::VoteBallotCast,
            v.assembly_id,
            json!({"vote_id": v.id, "voted": voted, "delegate_id": delegate_id, "choice": choice, "by_teller": by_teller}),
        )
    };
    if secret {
        a.actor = None;
    }
    Ok(Cast {
        voted,
        act: a,
        ballot,
    })
}

/// A ballot for the box of a secret vote: a random id and the choice, nothing else.
pub(crate) struct SecretBallot {
    vote_id: VoteId,
    ballot_id: String,
    choice: String,
}

impl SecretBallot {
    /// Puts the ballot in the box.
    pub(crate) async fn insert(&self, tx: &mut Tx) -> Result<(), AppError> {
        on_tx!(tx, c => sqlx::query(
            "INSERT INTO secret_ballots (vote_id, ballot_id, choice) VALUES ($1, $2, $3)")
            .bind(self.vote_id).bind(&self.ballot_id).bind(&self.choice).execute(&mut **c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }
}

/// What [`cast_in_tx`] decided, for the caller to write.
pub(crate) struct Cast {
    /// How many have voted, this ballot included.
    pub voted: i64,
    /// The `vote.ballot_cast` act (no voter and no actor for a secret vote).
    pub act: NewAct,
    /// For a secret vote, the ballot the caller puts in the box.
    pub ballot: Option<SecretBallot>,
}

#[cfg(test)]
mod tests {
    use super::normalize_choice;
    use crate::domain::VoteMethod::{Approval, ChooseOne, YesNo};

    #[test]
    fn choices() {
        assert_eq!(normalize_choice(YesNo, 0, " yes ").as_deref(), Some("yes"));
        assert_eq!(normalize_choice(YesNo, 0, "maybe"), None);
        assert_eq!(normalize_choice(ChooseOne, 3, "2").as_deref(), Some("2"));
        assert_eq!(normalize_choice(ChooseOne, 3, "3"), None);
        assert_eq!(
            normalize_choice(Approval, 3, "2, 0,2").as_deref(),
            Some("0,2")
        );
        assert_eq!(normalize_choice(Approval, 3, ""), None);
        assert_eq!(normalize_choice(Approval, 3, "0,7"), None);
    }
}
