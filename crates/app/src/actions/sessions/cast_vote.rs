//! A seated delegate who is present votes; a teller enters the vote of a delegate without a phone
//! (marked on the record), only one the presidium marked as voting through a teller before the
//! vote opened (`set_via_teller.rs`), and never in a secret vote. One ballot per delegate: the `vote_casts` key makes a second one
//! impossible, inside the same transaction that writes the ballot.
//!
//! Open votes keep each choice with the delegate and put it on the record. Secret votes put the
//! ballot in `secret_ballots` under a random id, with no voter and no time; `vote_casts` and the
//! record only learn that the delegate has voted. The server casts through
//! [`crate::ballot_writer::BallotWriter`], which commits the ballots that arrive together in one
//! transaction with one act per vote for the whole batch ([`record_batch`]: `vote.ballots_cast`,
//! the batch's count and the number who have voted; in an open vote also the list of who voted
//! what; in a secret vote no voter and no actor).

use crate::domain::ActKind;
use asamblea_record::{Entry, NewAct};
use asamblea_store::{Tx, on_tx};
use serde::Deserialize;
use serde_json::{Value, json};

use std::collections::{HashMap, HashSet};

use super::batch_known::Known;
use super::batch_voters::{Asked, Voter, voters};
use super::may_tell;
use super::rows::VoteRow;
use super::rows::{check_version, own_delegate, roles, vote};
use crate::actions::boards::prepared_ballot::{BoardBallot, Prepared, PreparedBallots};
use crate::actions::boards::session_boards;
use crate::actions::federation::set_federation::{FederationSettings, settings_tx};
use crate::domain::{
    AccountId, AssemblyId, DelegateId, DelegatePosition, DelegateStatus, OrganizationId, SeatKind,
    VoteId, VoteMethod, VoteStatus, VoteWeight, YesNoAbstainChoice,
};
use crate::group_commit::{Column, Write, group_by, write_together};
use crate::mark_receipts::{Mark, Sealed};
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

/// The request's work for the ballot, if it was made for the vote's board.
fn prepared_for(prepared: Option<Prepared>, board: &str) -> Option<PreparedBallots> {
    prepared.filter(|p| p.board == board).map(|p| p.ballots)
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

/// Why `choice` is refused (when [`normalize_choice`] gives `None`): an approval ballot with
/// nothing marked, or a choice the vote does not have.
pub fn choice_refused(method: VoteMethod, choice: &str) -> AppError {
    if method == VoteMethod::Approval && choice.split(',').all(|p| p.trim().is_empty()) {
        AppError::invalid("choice", "error-ses-approval-empty")
    } else {
        AppError::invalid("choice", "error-ses-choice")
    }
}

/// What a batch's writer knows while it checks the batch's ballots, inside its one transaction
/// (which holds the write lock: SQLite's one writer, PostgreSQL's advisory lock, so nothing read
/// here changes until the commit, whatever other servers do): each vote and each assembly's
/// settings read once per batch; the voters' delegates and their standing at the vote, read
/// set-based before the ballots are checked ([`Batch::read`]); and the ballots already accepted
/// in the batch, which are not in `vote_casts` yet. The database stays the judge across batches
/// and servers: the key (vote, delegate) of `vote_casts` refuses a second ballot
/// ([`write_casts`]).
#[derive(Default)]
pub(crate) struct Batch {
    votes: HashMap<VoteId, VoteRow>,
    settings: HashMap<AssemblyId, FederationSettings>,
    /// The delegate of each account read with the batch ([`voters`]), by assembly;
    /// `None`: the account has none there. An account not here is read alone.
    own: HashMap<(AssemblyId, AccountId), Option<DelegateId>>,
    /// The standing of each delegate read with the batch at its vote; `None`: not a delegate of
    /// the vote's assembly. A delegate not here (a substitute found through [`holder_for`]) is
    /// read alone ([`seat_at_vote`]).
    standings: HashMap<(VoteId, DelegateId), Option<Standing>>,
    /// The marks of the delegates the standings are of who had voted at the vote, with the
    /// receipts sealed in them (until [`Batch::take_marks`]).
    marks: HashMap<(VoteId, DelegateId), Mark>,
    voters: HashSet<(VoteId, DelegateId)>,
    delegations: HashSet<(VoteId, OrganizationId)>,
    /// The credentials of the device-made board ballots accepted in this batch (a credential
    /// is used once; the board's key refuses one used before the batch).
    credentials: HashSet<[u8; 32]>,
}

impl Batch {
    /// Reads, under the write lock, what the batch's ballots (each its actor, vote and the
    /// delegate a teller names) need before they are checked, in two statements rather than
    /// two per ballot: the votes (as [`cast_in_tx`] would read each) with their assemblies'
    /// settings (`rows::votes`, no statement of their own), then the voters
    /// ([`voters`]): each voter's own delegate, the standing at the vote of the delegate each
    /// ballot is for, and that delegate's mark if they had voted ([`Batch::take_marks`]); only
    /// for the ballots for which the writer did not keep these from earlier batches
    /// ([`Known`], `batch_known.rs`).
    /// Nothing is written in the batch before its ballots are checked, so what is read here is
    /// what each ballot's own reads would find. A vote not found is left for [`cast_in_tx`] to
    /// refuse.
    pub(crate) async fn read(
        tx: &mut Tx,
        known: &mut Known,
        ballots: &[(&Actor, VoteId, Option<DelegateId>)],
    ) -> Result<Self, AppError> {
        let mut batch = Batch::default();
        let mut ids: Vec<i64> = ballots.iter().map(|(_, v, _)| v.get()).collect();
        ids.sort_unstable();
        ids.dedup();
        // What the writer kept from its earlier batches, if it still holds; the rest is read.
        known.begin(tx).await?;
        for v in known.votes(tx, &ids).await? {
            batch.settings.insert(v.vote.assembly_id, v.settings);
            batch.votes.insert(v.vote.id, v.vote);
        }
        known.open_votes(tx, &batch.votes).await?;
        let mut asked: Vec<Asked> = ballots
            .iter()
            .filter_map(|(actor, vote_id, named)| {
                Some(Asked {
                    vote_id: *vote_id,
                    assembly_id: batch.votes.get(vote_id)?.assembly_id,
                    account_id: actor.account().map(|a| a.id),
                    named: *named,
                })
            })
            .collect();
        asked.sort_unstable();
        asked.dedup();
        let mut found: Vec<Voter> = Vec::with_capacity(asked.len());
        let mut missing: Vec<Asked> = Vec::new();
        for a in &asked {
            match known.voter(a) {
                Some(voter) => found.push(voter),
                None => missing.push(*a),
            }
        }
        for voter in voters(tx, &missing).await? {
            known.learn(&voter);
            found.push(voter);
        }
        for voter in found {
            let a = voter.asked;
            if let Some(account) = a.account_id {
                batch.own.insert((a.assembly_id, account), voter.own);
            }
            // The delegate the ballot is for: the one a teller names, else the voter's own.
            let Some(delegate) = a.named.or(voter.own) else {
                continue;
            };
            if let Some(mark) = voter.mark {
                batch.marks.insert((a.vote_id, delegate), mark);
            }
            batch
                .standings
                .insert((a.vote_id, delegate), voter.standing);
        }
        Ok(batch)
    }

    /// How many have voted at `vote_id` with the batch's `n` ballots there: the count read with
    /// the vote under the write lock, plus `n` (a ballot is accepted only in a vote the batch
    /// read).
    pub(crate) fn voted_with(&self, vote_id: VoteId, n: usize) -> Result<i64, AppError> {
        let v = self.votes.get(&vote_id).ok_or_else(|| {
            AppError::Internal(format!("vote {vote_id} was not read with its batch"))
        })?;
        Ok(v.cast_count + n as i64)
    }

    /// The marks read with the batch's voters ([`Batch::read`]), by (vote, delegate): a pair
    /// the batch read ([`Batch::delegate_of`] finds its delegate) and that is not here had no
    /// mark.
    pub(crate) fn take_marks(&mut self) -> HashMap<(VoteId, DelegateId), Mark> {
        std::mem::take(&mut self.marks)
    }

    /// The delegate a ballot is for, as read with the batch: the one a teller names, else the
    /// voter's own. `None` if the batch did not read it (a substitute's seat, or a vote not
    /// found: [`cast_in_tx`] finds it).
    pub(crate) fn delegate_of(
        &self,
        actor: &Actor,
        vote_id: VoteId,
        named: Option<DelegateId>,
    ) -> Option<DelegateId> {
        let assembly_id = self.votes.get(&vote_id)?.assembly_id;
        named.or_else(|| {
            let a = actor.account()?;
            self.own.get(&(assembly_id, a.id)).copied().flatten()
        })
    }
}

/// The columns of a delegate `d`'s standing at vote `$vote` in assembly `$assembly` (SQL
/// expressions): its seat, who holds it at the vote or whose it holds, its proxies, its
/// presence. Read alone ([`STANDING`]) and with a batch's voters (`batch_voters.rs`).
macro_rules! standing_columns {
    ($vote:literal, $assembly:literal) => {
        concat!(
            "d.id, d.status, d.position, d.seat_kind, d.organization_id, \
     (SELECT h.holder_id FROM vote_seat_holders h WHERE h.vote_id = ", $vote, " AND h.titular_id = d.id LIMIT 1) AS held_by, \
     (SELECT h.titular_id FROM vote_seat_holders h WHERE h.vote_id = ", $vote, " AND h.holder_id = d.id LIMIT 1) AS holds_for, \
     (SELECT COUNT(*) FROM proxies p WHERE p.delegator_id = d.id AND p.revoked_at IS NULL) AS gave_proxy, \
     (SELECT COUNT(*) FROM proxies p WHERE p.holder_id = d.id AND p.revoked_at IS NULL) AS holds_proxies, \
     (SELECT COUNT(*) FROM attendance a WHERE a.assembly_id = ", $assembly, " AND a.delegate_id = d.id) AS present"
        )
    };
}
pub(crate) use standing_columns;

/// A delegate's standing at vote `$1` in assembly `$2`, read in one statement; the delegate's id
/// follows (`= $3`). A batch reads its voters' with `batch_voters::voters`.
const STANDING: &str = concat!(
    "SELECT ",
    standing_columns!("$1", "$2"),
    " FROM delegates d WHERE d.assembly_id = $2 AND d.id "
);

/// A delegate's standing at a vote ([`STANDING`]).
#[derive(Clone, sqlx::FromRow)]
pub(crate) struct Standing {
    pub(super) status: DelegateStatus,
    pub(super) position: DelegatePosition,
    pub(super) seat_kind: SeatKind,
    pub(super) organization_id: OrganizationId,
    /// The substitute holding this titular's seat at the vote.
    pub(super) held_by: Option<DelegateId>,
    /// The titular whose seat this substitute holds at the vote.
    pub(super) holds_for: Option<DelegateId>,
    pub(super) gave_proxy: i64,
    /// Standing proxies this delegate holds (their list is read only if there are any).
    pub(super) holds_proxies: i64,
    pub(super) present: i64,
}

/// Checks the ballot inside `tx` (reads only: every refusal happens before anything is
/// written); the caller writes the accepted ballots of the batch together ([`write_casts`],
/// [`SecretBallot`]s) and records them ([`record_batch`]). In an encrypted vote, `prepared` is
/// the request's work done before the ballot was queued (the device's ballot checked, or the
/// choice encrypted: `prepared_ballot.rs`), so the write lock is not held for it; without it
/// (or if it does not fit) that work is done here.
pub(crate) async fn cast_in_tx(
    tx: &mut Tx,
    batch: &mut Batch,
    actor: &Actor,
    vote_id: VoteId,
    input: &CastInput,
    prepared: Option<Prepared>,
) -> Result<Cast, AppError> {
    let v = match batch.votes.get(&vote_id) {
        Some(v) => v.clone(),
        None => {
            let v = vote(tx, vote_id).await?;
            batch.votes.insert(vote_id, v.clone());
            v
        }
    };
    // The voter's delegate, read with the batch's if it was ([`Batch::read`]).
    let own = match actor
        .account()
        .and_then(|a| batch.own.get(&(v.assembly_id, a.id)))
    {
        Some(own) => *own,
        None => own_delegate(tx, actor, v.assembly_id).await?.map(|d| d.id),
    };
    let mine = match own {
        // A substitute holding a seat for this vote votes in the titular's place.
        None => holder_for(tx, actor, v.id).await?,
        own => own,
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
    let seat = match batch.standings.get(&(v.id, delegate_id)) {
        Some(standing) => seat_of(standing.as_ref())?,
        None => seat_at_vote(tx, &v, delegate_id).await?,
    };
    let (organization, holds_for) = (seat.organization, seat.holds_for);
    let choice = match device {
        Some(_) => String::new(),
        None => normalize_choice(v.method, v.option_list().len(), &input.choice)
            .ok_or_else(|| choice_refused(v.method, &input.choice))?,
    };
    let settings = match batch.settings.get(&v.assembly_id) {
        Some(s) => s.clone(),
        None => {
            let s = settings_tx(tx, v.assembly_id).await?;
            batch.settings.insert(v.assembly_id, s.clone());
            s
        }
    };
    let weight = ballot_weight(
        tx,
        batch,
        &settings,
        &v,
        organization,
        delegate_id,
        seat.holds_proxies,
    )
    .await?;
    let secret = v.secret;
    // An encrypted vote: the board's ballots, checked or made before anything is written.
    let board_ballots = match (&v.board, device) {
        (Some(_), Some(_)) if weight.weight > 1 => {
            return Err(AppError::invalid(
                "ballot_json",
                "error-ses-ballot-json-weight",
            ));
        }
        (Some(board), Some(json)) => {
            let b = match prepared_for(prepared, board) {
                Some(PreparedBallots::Device(checked)) => checked?,
                _ => BoardBallot::check(&session_boards::manifest_in(tx, board).await?, json)?,
            };
            session_boards::credential_unused(tx, board, &b).await?;
            Some((board.clone(), vec![b]))
        }
        (Some(board), None) => {
            let sel = session_boards::selections_of(v.method, v.option_list().len(), &choice);
            let mut ballots = match prepared_for(prepared, board) {
                Some(PreparedBallots::Server { selections, ballot }) if selections == sel => {
                    vec![ballot]
                }
                _ => Vec::new(),
            };
            // A ballot that weighs more than one (rare: a proxy holder's, a delegation's) gets
            // its other ballots of one here.
            let need = usize::try_from(weight.weight.max(1)).unwrap_or(1);
            if ballots.len() < need {
                let m = session_boards::manifest_in(tx, board).await?;
                while ballots.len() < need {
                    ballots.push(BoardBallot::encrypt(&m, &sel)?);
                }
            }
            Some((board.clone(), ballots))
        }
        (None, _) => None,
    };
    // Only now, with every check passed, does the batch remember this ballot: a second ballot
    // of the same delegate in this batch (the key of `vote_casts` refuses one written before,
    // [`write_casts`]), and a device credential used twice in it (the board's key would refuse
    // it at the insert and fail the whole batch).
    let device_credential = match (&board_ballots, device) {
        (Some((_, bs)), Some(_)) => bs.first().map(|b| b.ballot.credential),
        _ => None,
    };
    if batch.voters.contains(&(v.id, delegate_id)) {
        return Err(AppError::Conflict {
            key: "error-ses-already-voted",
        });
    }
    if let Some(c) = device_credential
        && !batch.credentials.insert(c)
    {
        return Err(AppError::Conflict {
            key: "error-board-voted",
        });
    }
    batch.voters.insert((v.id, delegate_id));
    if settings.vote_weight == VoteWeight::Delegation {
        batch.delegations.insert((v.id, organization));
    }
    let tracking_codes: Vec<String> = board_ballots
        .iter()
        .flat_map(|(_, bs)| bs.iter().map(|b| b.tracking_code.clone()))
        .collect();
    let ballot = match board_ballots {
        Some((board, ballots)) => Some(SecretBallot::Board { board, ballots }),
        None => secret.then(|| SecretBallot::Plain {
            vote_id: v.id,
            ballot_id: crate::secrets::new_token(),
            choice: choice.clone(),
            weight: weight.weight,
        }),
    };
    // An open vote's entry in the batch's act: who voted what, and who entered it.
    let line = (!secret).then(|| {
        json!({"cast_by": actor.record_name(), "delegate_id": delegate_id, "choice": choice,
               "by_teller": by_teller, "weight": weight.weight, "also_for": weight.also_for,
               "holds_seat_of": holds_for})
    });
    Ok(Cast {
        vote_id: v.id,
        assembly_id: v.assembly_id,
        delegate_id,
        open_choice: (!secret).then_some(choice),
        by_teller,
        weight: weight.weight,
        also_for: weight.also_for,
        line,
        ballot,
        tracking_codes,
    })
}

/// The organization of `delegate_id`'s voting seat at vote `v`, and the titular whose seat it
/// holds there (a substitute): refused unless the delegate is accredited, holds a voting seat
/// (a titular whose seat no substitute holds, or a substitute holding one), gave no proxy and
/// is present.
pub(crate) async fn seat_at_vote(
    tx: &mut Tx,
    v: &VoteRow,
    delegate_id: DelegateId,
) -> Result<Seat, AppError> {
    // Who holds which seat at this vote was fixed when it opened (`vote_seat_holders`).
    let standing: Option<Standing> = on_tx!(tx, c => sqlx::query_as(&format!("{STANDING}= $3"))
        .bind(v.id).bind(v.assembly_id).bind(delegate_id).fetch_optional(&mut **c).await)?;
    seat_of(standing.as_ref())
}

/// The seat of a delegate of this standing ([`seat_at_vote`]); `None`: not a delegate of the
/// vote's assembly.
fn seat_of(standing: Option<&Standing>) -> Result<Seat, AppError> {
    let Some(standing) = standing else {
        return Err(AppError::Conflict {
            key: "error-ses-not-seated",
        });
    };
    let holds_for = standing.holds_for;
    let organization = match (
        standing.status,
        standing.position,
        standing.seat_kind,
        standing.organization_id,
    ) {
        (DelegateStatus::Accredited, DelegatePosition::Titular, SeatKind::Voting, org) => {
            if standing.held_by.is_some() {
                return Err(AppError::Conflict {
                    key: "fed-error-seat-held-by-substitute",
                });
            }
            org
        }
        (DelegateStatus::Accredited, DelegatePosition::Substitute, SeatKind::Voting, org)
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
    if standing.gave_proxy > 0 {
        return Err(AppError::Conflict {
            key: "fed-error-gave-proxy",
        });
    }
    if standing.present == 0 {
        return Err(AppError::Conflict {
            key: "error-ses-not-present",
        });
    }
    Ok(Seat {
        organization,
        holds_for,
        holds_proxies: standing.holds_proxies > 0,
    })
}

/// Where a delegate sits at a vote ([`seat_at_vote`]).
pub(crate) struct Seat {
    pub organization: OrganizationId,
    /// The titular whose seat this substitute holds at the vote.
    pub holds_for: Option<DelegateId>,
    /// Whether they hold any standing proxy (their list is read only if so).
    pub holds_proxies: bool,
}

/// Writes the marks of a batch's accepted ballots (`vote_casts`, each with the receipts sealed
/// for it, `sealed[i]`: `mark_receipts.rs`), with the proxies they carry, their votes' counts
/// (each up by its marks here, migration 0097) and the batch's box (`boxed`,
/// [`SecretBallot::into_box`]): together, one statement on PostgreSQL ([`write_together`]).
/// The writer has read, under the write lock, that none of these delegates had voted
/// (`batch_voters::voters`), so the key (vote, delegate) refuses none; if it did, the batch
/// fails and nothing of it is written.
pub(crate) async fn write_casts(
    tx: &mut Tx,
    casts: &[Cast],
    sealed: Vec<Sealed>,
    boxed: Write<'_>,
) -> Result<(), AppError> {
    let (votes, added): (Vec<i64>, Vec<i64>) = group_by(casts.iter().map(|c| c.vote_id))
        .into_iter()
        .map(|(vote, marks)| (vote.get(), marks.len() as i64))
        .unzip();
    let mut before = vec![
        boxed,
        Write::Add {
            table: "votes",
            column: "cast_count",
            ids: votes,
            by: added,
        },
    ];
    let (answers, participations): (Vec<_>, Vec<_>) = sealed
        .into_iter()
        .map(|s| (s.answer, s.participation))
        .unzip();
    let proxies: Vec<(i64, i64, i64)> = casts
        .iter()
        .flat_map(|c| {
            c.also_for
                .iter()
                .map(|d| (c.vote_id.get(), d.get(), c.delegate_id.get()))
        })
        .collect();
    before.push(Write::Insert {
        into: "vote_proxies (vote_id, delegator_id, holder_id)",
        columns: vec![
            Column::Int(proxies.iter().map(|p| p.0).collect()),
            Column::Int(proxies.iter().map(|p| p.1).collect()),
            Column::Int(proxies.iter().map(|p| p.2).collect()),
        ],
        tail: "",
    });
    before.push(Write::Insert {
        into: "vote_casts (vote_id, delegate_id, choice, by_teller, weight, answer, participation)",
        columns: vec![
            Column::Int(casts.iter().map(|c| c.vote_id.get()).collect()),
            Column::Int(casts.iter().map(|c| c.delegate_id.get()).collect()),
            Column::OptText(casts.iter().map(|c| c.open_choice.clone()).collect()),
            Column::Int(casts.iter().map(|c| i64::from(c.by_teller)).collect()),
            Column::Int(casts.iter().map(|c| c.weight).collect()),
            Column::OptBlob(answers),
            Column::OptBlob(participations),
        ],
        tail: "ON CONFLICT DO NOTHING RETURNING vote_id, delegate_id",
    });
    let written = write_together(tx, before).await?;
    if written.len() != casts.len() {
        return Err(AppError::Internal(format!(
            "{} of {} marks were already written under the write lock",
            casts.len() - written.len(),
            casts.len()
        )));
    }
    Ok(())
}

/// Records the `n` ballots of one batch accepted in vote `vote_id` (`lines`: an open vote's
/// entries, in the order of the receipts' indices; empty for a secret vote; `tracking_codes`:
/// an encrypted vote's board ballots, sorted, never in the order of casting): one act
/// `vote.ballots_cast` carries the batch and `voted`, how many have voted now (the vote's
/// count read under the write lock plus `n`, [`Batch::voted_with`]; the count itself goes up
/// with the batch's marks, [`write_casts`]). Returns the act's entry.
pub(crate) async fn record_batch(
    tx: &mut Tx,
    vote_id: VoteId,
    assembly_id: AssemblyId,
    n: usize,
    voted: i64,
    lines: Vec<Value>,
    mut tracking_codes: Vec<String>,
) -> Result<Entry, AppError> {
    let mut payload = if lines.is_empty() {
        json!({"vote_id": vote_id, "ballots": n, "voted": voted})
    } else {
        json!({"vote_id": vote_id, "ballots": n, "voted": voted, "casts": lines})
    };
    if !tracking_codes.is_empty() {
        tracking_codes.sort();
        payload["tracking_codes"] = json!(tracking_codes);
    }
    let entry = tx
        .append(NewAct {
            actor: None,
            kind: ActKind::VoteBallotsCast.as_str().into(),
            scope: format!("assembly:{assembly_id}"),
            payload,
        })
        .await?;
    Ok(entry)
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
pub(crate) struct Weight {
    pub(crate) weight: i64,
    also_for: Vec<DelegateId>,
}

/// One, plus the standing proxies the voter holds; or, where the assembly votes by delegation,
/// the delegation's seats in the plan (one ballot per delegation: refused if the delegation
/// voted before or earlier in this batch). The sum is a rule: `asamblea_rules::weights`.
/// `holds_proxies`: whether the voter's standing counted any proxy they hold.
pub(crate) async fn ballot_weight(
    tx: &mut Tx,
    batch: &Batch,
    settings: &FederationSettings,
    v: &VoteRow,
    organization: OrganizationId,
    voter: DelegateId,
    holds_proxies: bool,
) -> Result<Weight, AppError> {
    if settings.vote_weight == VoteWeight::Delegation {
        let voted: i64 = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM vote_casts c JOIN delegates d ON d.id = c.delegate_id WHERE c.vote_id = $1 AND d.organization_id = $2")
            .bind(v.id).bind(organization).fetch_one(&mut **c).await)?;
        if voted > 0 || batch.delegations.contains(&(v.id, organization)) {
            return Err(AppError::Conflict {
                key: "fed-error-delegation-voted",
            });
        }
        let seats: Option<i64> = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT seats FROM seat_allocations WHERE assembly_id = $1 AND organization_id = $2")
            .bind(v.assembly_id).bind(organization).fetch_optional(&mut **c).await)?;
        return Ok(Weight {
            weight: asamblea_rules::weights::delegation_weight(seats.unwrap_or(0)),
            also_for: Vec::new(),
        });
    }
    // Most voters hold no proxy: their standing said so, and nothing more is read.
    let also_for: Vec<DelegateId> = if holds_proxies {
        on_tx!(tx, c => sqlx::query_scalar(
            "SELECT delegator_id FROM proxies WHERE holder_id = $1 AND revoked_at IS NULL ORDER BY delegator_id")
            .bind(voter).fetch_all(&mut **c).await)?
    } else {
        Vec::new()
    };
    Ok(Weight {
        weight: asamblea_rules::weights::proxy_weight(also_for.len()),
        also_for,
    })
}

/// A ballot for the box of a secret vote: a random id and the choice, nothing else; or, in an
/// encrypted vote, its board ballots (keyed by their random credentials).
pub(crate) enum SecretBallot {
    Plain {
        vote_id: VoteId,
        ballot_id: String,
        choice: String,
        weight: i64,
    },
    Board {
        board: String,
        ballots: Vec<BoardBallot>,
    },
}

impl SecretBallot {
    /// A batch's ballots for the box, in the order given (the caller shuffles them,
    /// `group_commit::shuffle_box`): a plaintext ballot that weighs `w` (a proxy holder's, a
    /// delegation's) as `w` ballots of one, each under its own random id, so that no weight
    /// singles it out, as the write the caller runs with the batch's marks ([`write_casts`]);
    /// an encrypted vote's board ballots are kept on its board here.
    pub(crate) async fn into_box(
        tx: &mut Tx,
        ballots: &[SecretBallot],
    ) -> Result<Write<'static>, AppError> {
        let mut votes = Vec::new();
        let mut ids = Vec::new();
        let mut choices = Vec::new();
        for b in ballots {
            match b {
                SecretBallot::Plain {
                    vote_id,
                    ballot_id,
                    choice,
                    weight,
                } => {
                    for i in 0..(*weight).max(1) {
                        votes.push(vote_id.get());
                        ids.push(if i == 0 {
                            ballot_id.clone()
                        } else {
                            crate::secrets::new_token()
                        });
                        choices.push(choice.clone());
                    }
                }
                SecretBallot::Board { board, ballots } => {
                    for ballot in ballots {
                        session_boards::keep_ballot(tx, board, ballot).await?;
                    }
                }
            }
        }
        Ok(Write::Insert {
            into: "secret_ballots (vote_id, ballot_id, choice)",
            columns: vec![Column::Int(votes), Column::Text(ids), Column::Text(choices)],
            tail: "",
        })
    }
}

/// What [`cast_in_tx`] decided, for the caller to write and record ([`record_batch`]).
pub(crate) struct Cast {
    pub vote_id: VoteId,
    pub assembly_id: AssemblyId,
    pub delegate_id: DelegateId,
    /// The choice kept with the voter: an open vote's; `None` in a secret vote.
    open_choice: Option<String>,
    by_teller: bool,
    weight: i64,
    also_for: Vec<DelegateId>,
    /// For an open vote, the ballot's entry in the batch's act.
    pub line: Option<Value>,
    /// For a secret vote, the ballot the caller puts in the box.
    pub ballot: Option<SecretBallot>,
    /// An encrypted vote: the tracking codes of the ballot's board ballots.
    pub tracking_codes: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::{choice_refused, normalize_choice};
    use crate::AppError;
    use crate::domain::VoteMethod::{Approval, ChooseOne, YesNo};

    fn key(e: AppError) -> &'static str {
        match e {
            AppError::Invalid { key, .. } => key,
            e => panic!("not a refusal: {e:?}"),
        }
    }

    #[test]
    fn an_empty_approval_ballot_is_refused_as_empty_not_as_an_unknown_option() {
        assert_eq!(
            key(choice_refused(Approval, "")),
            "error-ses-approval-empty"
        );
        assert_eq!(
            key(choice_refused(Approval, " , ")),
            "error-ses-approval-empty"
        );
        assert_eq!(key(choice_refused(Approval, "0,7")), "error-ses-choice");
        assert_eq!(key(choice_refused(ChooseOne, "")), "error-ses-choice");
    }

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

    /// SQLite's plan of a batch's voters (`Batch::read`, one statement for the batch's
    /// ballots): the delegates by id and by account, their marks by key, not every delegate of
    /// the assembly read through `delegates_assembly` (issue 15: a batch's reads grew with the
    /// hall, 1.5 ms for 25 ballots among 10,000 delegates).
    #[tokio::test]
    async fn a_batchs_delegates_are_found_by_id() {
        use asamblea_store::testing::TestDb;
        let db = TestDb::sqlite().await;
        // A batch's worth of ballots: with a few, SQLite took the ids by any query.
        let sql = super::super::batch_voters::voters_sql(32);
        let plan = super::super::rows::tests::sqlite_plan(&db, &sql, 4 * 32).await;
        for wanted in [
            "SEARCH d USING INTEGER PRIMARY KEY",
            "USING INDEX delegates_account_assembly",
            "SEARCH c USING",
        ] {
            assert!(
                plan.iter().any(|p| p.contains(wanted)),
                "{wanted}: {plan:?}"
            );
        }
        assert!(
            plan.iter().all(|p| !p.contains("delegates_assembly")
                && !p.starts_with("SCAN d")
                && !p.starts_with("SCAN c")
                && !p.starts_with("SCAN delegates")),
            "{plan:?}"
        );
        db.cleanup().await;
    }
}
