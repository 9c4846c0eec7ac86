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
use crate::actions::boards::session_boards;
use crate::actions::delegates::give_proxy::standing;
use crate::actions::federation::set_federation::settings_tx;
use crate::domain::{
    AssemblyId, DelegateId, DelegatePosition, DelegateStatus, OrganizationId, SeatKind, VoteId,
    VoteMethod, VoteStatus, VoteWeight, YesNoAbstainChoice,
};
use crate::{Actor, AppError};
use asamblea_ballot_crypto::ballot::Ballot;

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
    /// An idempotency key (16 to 128 letters, digits, `-`, `_`; a fresh one per ballot): sent
    /// again after a lost answer, it gets the same receipt instead of "already voted".
    #[serde(default)]
    pub cast_key: Option<String>,
    /// An encrypted secret vote (the assembly's secret ballots are `encrypted`): the ballot the
    /// voter's device encrypted, a board ballot as JSON (docs/election-record.md), under a fresh
    /// credential; `choice` is then ignored. Without it the server encrypts `choice` (and so
    /// sees it). A ballot that weighs more than one is encrypted by the server.
    #[serde(default)]
    pub ballot_json: Option<String>,
}

/// Who casts a ballot, for its receipt's key: the vote, the actor and the delegate voted for.
pub(crate) fn caster(actor: &Actor, vote_id: VoteId, input: &CastInput) -> String {
    format!(
        "vote:{vote_id}:{}:{:?}",
        actor.record_name().unwrap_or_default(),
        input.delegate_id
    )
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
) -> Result<Casting, AppError> {
    let v = vote(tx, vote_id).await?;
    let mine = match own_delegate(tx, actor, v.assembly_id).await? {
        Some(d) => Some(d.id),
        // A substitute holding a seat for this vote votes in the titular's place.
        None => holder_for(tx, actor, v.id).await?,
    };
    let (delegate_id, by_teller) = match (input.delegate_id, mine) {
        (None, Some(d)) => (d, false),
        (None, None) => return Err(AppError::Forbidden),
        (Some(id), Some(d)) if d == id => (id, false),
        (Some(id), _) => {
            if !may_tell(&roles(tx, actor, v.assembly_id).await?) {
                return Err(AppError::invalid("delegate_id", "error-ses-vote-for-other"));
            }
            if v.secret {
                return Err(AppError::invalid("delegate_id", "error-ses-teller-secret"));
            }
            // Only for a delegate marked as voting through a teller before this vote opened.
            let marked: i64 = on_tx!(tx, c => sqlx::query_scalar(
                "SELECT COUNT(*) FROM delegates d, votes v WHERE d.id = $1 AND v.id = $2 \
                 AND d.via_teller_since IS NOT NULL AND d.via_teller_since < v.opened_at")
                .bind(id).bind(v.id).fetch_one(&mut **c).await)?;
            if marked == 0 {
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
    let device = input
        .ballot_json
        .as_deref()
        .map(str::trim)
        .filter(|j| !j.is_empty());
    if device.is_some() && v.board.is_none() {
        return Err(AppError::invalid(
            "ballot_json",
            "error-ses-ballot-json-plain",
        ));
    }
    let seated: Option<(DelegateStatus, DelegatePosition, SeatKind, OrganizationId)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT status, position, seat_kind, organization_id FROM delegates WHERE id = $1 AND assembly_id = $2")
        .bind(delegate_id).bind(v.assembly_id).fetch_optional(&mut **c).await)?;
    // Who holds which seat at this vote was fixed when it opened (`vote_seat_holders`).
    let held_by: Option<DelegateId> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT holder_id FROM vote_seat_holders WHERE vote_id = $1 AND titular_id = $2")
        .bind(v.id).bind(delegate_id).fetch_optional(&mut **c).await)?;
    let holds_for: Option<DelegateId> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT titular_id FROM vote_seat_holders WHERE vote_id = $1 AND holder_id = $2")
        .bind(v.id).bind(delegate_id).fetch_optional(&mut **c).await)?;
    let organization = match seated {
        Some((DelegateStatus::Accredited, DelegatePosition::Titular, SeatKind::Voting, org)) => {
            if held_by.is_some() {
                return Err(AppError::Conflict {
                    key: "fed-error-seat-held-by-substitute",
                });
            }
            org
        }
        Some((DelegateStatus::Accredited, DelegatePosition::Substitute, SeatKind::Voting, org))
            if holds_for.is_some() =>
        {
            org
        }
        _ => {
            return Err(AppError::Conflict {
                key: "error-ses-not-seated",
            });
        }
    };
    if standing(tx, "delegator_id", delegate_id).await? > 0 {
        return Err(AppError::Conflict {
            key: "fed-error-gave-proxy",
        });
    }
    let present: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM attendance WHERE assembly_id = $1 AND delegate_id = $2")
        .bind(v.assembly_id).bind(delegate_id).fetch_one(&mut **c).await)?;
    if present == 0 {
        return Err(AppError::Conflict {
            key: "error-ses-not-present",
        });
    }
    let choice = match device {
        Some(_) => String::new(),
        None => normalize_choice(v.method, v.option_list().len(), &input.choice)
            .ok_or(AppError::invalid("choice", "error-ses-choice"))?,
    };
    let weight = ballot_weight(tx, v.id, v.assembly_id, organization, delegate_id).await?;
    let secret = v.secret;
    // An encrypted vote: the board's ballots, checked or made before anything is written.
    let board_ballots = match (&v.board, device) {
        (Some(_), Some(_)) if weight.weight > 1 => {
            return Err(AppError::invalid(
                "ballot_json",
                "error-ses-ballot-json-weight",
            ));
        }
        (Some(board), Some(json)) => Some((
            board.clone(),
            vec![session_boards::check_device_ballot(tx, board, json).await?],
        )),
        (Some(board), None) => {
            let sel = session_boards::selections_of(v.method, v.option_list().len(), &choice);
            Some((
                board.clone(),
                session_boards::encrypt(tx, board, &sel, weight.weight).await?,
            ))
        }
        (None, _) => None,
    };
    let tracking_codes: Vec<String> = board_ballots
        .iter()
        .flat_map(|(_, bs)| bs.iter().map(Ballot::tracking_code))
        .collect();
    let open_choice = if secret { None } else { Some(choice.clone()) };
    // The key (vote, delegate) refuses a second ballot, even one racing this one.
    let inserted = on_tx!(tx, c => sqlx::query(
        "INSERT INTO vote_casts (vote_id, delegate_id, choice, by_teller, weight) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING")
        .bind(v.id).bind(delegate_id).bind(&open_choice).bind(i64::from(by_teller)).bind(weight.weight)
        .execute(&mut **c).await.map(|r| r.rows_affected()))?;
    if inserted == 0 {
        // "Already voted": the caller answers with the receipt of their participation.
        return Ok(Casting::Already { delegate_id });
    }
    for delegator in &weight.also_for {
        on_tx!(tx, c => sqlx::query(
            "INSERT INTO vote_proxies (vote_id, delegator_id, holder_id) VALUES ($1, $2, $3)")
            .bind(v.id).bind(*delegator).bind(delegate_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    }
    let ballot = match board_ballots {
        Some((board, ballots)) => Some(SecretBallot::Board { board, ballots }),
        None => secret.then(|| SecretBallot::Plain {
            vote_id: v.id,
            ballot_id: crate::secrets::new_token(),
            choice: choice.clone(),
            weight: weight.weight,
        }),
    };
    // The number of voters so far, kept with the ballots (migration 0097): one row updated,
    // not the vote's ballots counted again for each ballot.
    let voted: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "UPDATE votes SET cast_count = cast_count + 1 WHERE id = $1 RETURNING cast_count")
        .bind(v.id).fetch_one(&mut **c).await)?;
    let mut a = if secret && !tracking_codes.is_empty() {
        // The ballot's tracking codes (found on the vote's board), no voter.
        act(
            actor,
            ActKind::VoteBallotCast,
            v.assembly_id,
            json!({"vote_id": v.id, "voted": voted, "tracking_codes": tracking_codes}),
        )
    } else if secret {
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
            json!({"vote_id": v.id, "voted": voted, "delegate_id": delegate_id, "choice": choice, "by_teller": by_teller,
                   "weight": weight.weight, "also_for": weight.also_for, "holds_seat_of": holds_for}),
        )
    };
    if secret {
        a.actor = None;
    }
    Ok(Casting::Cast(Cast {
        voted,
        act: a,
        ballot,
        delegate_id,
        tracking_codes,
    }))
}

/// The substitute the actor's account holds a seat as at vote `vote_id`, if any.
async fn holder_for(
    tx: &mut Tx,
    actor: &Actor,
    vote_id: VoteId,
) -> Result<Option<DelegateId>, AppError> {
    let Some(a) = actor.account() else {
        return Ok(None);
    };
    Ok(on_tx!(tx, c => sqlx::query_scalar(
        "SELECT h.holder_id FROM vote_seat_holders h JOIN delegates d ON d.id = h.holder_id \
         WHERE h.vote_id = $1 AND d.account_id = $2 AND d.status = 'accredited' ORDER BY h.holder_id LIMIT 1")
        .bind(vote_id).bind(a.id).fetch_optional(&mut **c).await)?)
}

/// What a ballot weighs, and whose proxies it carries.
struct Weight {
    weight: i64,
    also_for: Vec<DelegateId>,
}

/// One, plus the standing proxies the voter holds; or, where the assembly votes by delegation,
/// the delegation's seats in the plan (one ballot per delegation). The sum is a rule:
/// `asamblea_rules::weights`.
async fn ballot_weight(
    tx: &mut Tx,
    vote_id: VoteId,
    assembly: AssemblyId,
    organization: OrganizationId,
    voter: DelegateId,
) -> Result<Weight, AppError> {
    let settings = settings_tx(tx, assembly).await?;
    if settings.vote_weight == VoteWeight::Delegation {
        let voted: i64 = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM vote_casts c JOIN delegates d ON d.id = c.delegate_id WHERE c.vote_id = $1 AND d.organization_id = $2")
            .bind(vote_id).bind(organization).fetch_one(&mut **c).await)?;
        if voted > 0 {
            return Err(AppError::Conflict {
                key: "fed-error-delegation-voted",
            });
        }
        let seats: Option<i64> = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT seats FROM seat_allocations WHERE assembly_id = $1 AND organization_id = $2")
            .bind(assembly).bind(organization).fetch_optional(&mut **c).await)?;
        return Ok(Weight {
            weight: asamblea_rules::weights::delegation_weight(seats.unwrap_or(0)),
            also_for: Vec::new(),
        });
    }
    let also_for: Vec<DelegateId> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT delegator_id FROM proxies WHERE holder_id = $1 AND revoked_at IS NULL ORDER BY delegator_id")
        .bind(voter).fetch_all(&mut **c).await)?;
    Ok(Weight {
        weight: asamblea_rules::weights::proxy_weight(also_for.len()),
        also_for,
    })
}

/// A ballot for the box of a secret vote: a random id and the choice, nothing else; or, in an
/// encrypted vote, the board's ballots (each under its own fresh credential).
pub(crate) enum SecretBallot {
    Plain {
        vote_id: VoteId,
        ballot_id: String,
        choice: String,
        weight: i64,
    },
    Board {
        board: String,
        ballots: Vec<Ballot>,
    },
}

impl SecretBallot {
    /// Puts the ballot in the box: a ballot that weighs `w` (a proxy holder's, a delegation's) as
    /// `w` ballots of one, each under its own random id, so that no weight singles it out.
    pub(crate) async fn insert(&self, tx: &mut Tx) -> Result<(), AppError> {
        match self {
            SecretBallot::Plain {
                vote_id,
                ballot_id,
                choice,
                weight,
            } => {
                for i in 0..(*weight).max(1) {
                    let id = if i == 0 {
                        ballot_id.clone()
                    } else {
                        crate::secrets::new_token()
                    };
                    on_tx!(tx, c => sqlx::query(
                        "INSERT INTO secret_ballots (vote_id, ballot_id, choice) VALUES ($1, $2, $3)")
                        .bind(*vote_id).bind(&id).bind(choice).execute(&mut **c).await.map(|r| r.rows_affected()))?;
                }
            }
            SecretBallot::Board { board, ballots } => {
                for b in ballots {
                    session_boards::keep_ballot(tx, board, b).await?;
                }
            }
        }
        Ok(())
    }
}

/// What [`cast_in_tx`] did: cast the ballot, or found that this delegate had already voted
/// (nothing written; the caller answers "already voted" with their participation's receipt).
pub(crate) enum Casting {
    Cast(Cast),
    Already { delegate_id: DelegateId },
}

/// What [`cast_in_tx`] decided, for the caller to write.
pub(crate) struct Cast {
    /// The delegate whose vote it is.
    pub delegate_id: DelegateId,
    /// How many have voted, this ballot included.
    pub voted: i64,
    /// The `vote.ballot_cast` act (no voter and no actor for a secret vote).
    pub act: NewAct,
    /// For a secret vote, the ballot the caller puts in the box.
    pub ballot: Option<SecretBallot>,
    /// An encrypted vote: the tracking codes of the ballot's board ballots.
    pub tracking_codes: Vec<String>,
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
