//! A member casts a secret ballot with their one-time voting code.
//!
//! In one transaction: the code is resolved to (election, member); a row in `election_voters`
//! marks the member as having voted (its primary key refuses a second ballot, even from two tabs
//! at once); the ballot goes into `ballots` under a random 128-bit key, with no voter, no time and
//! no sequence (the ballots of one batch go in, in a random order, after their voters' marks).
//! No act is appended per ballot: one act per batch of ballots ([`record_batch`],
//! `election.ballots_cast`, scope `election:ID`) carries only how many ballots the batch
//! holds, no voter and no time of any one ballot; each ballot's receipt is that act's position
//! and hash and its index in the batch. The close records the number of voters and the digest
//! of the ballot box.

use std::collections::{HashMap, HashSet};

use asamblea_record::{Entry, NewAct};
use asamblea_store::{Store, Tx, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::{ElectionRow, random_id};
use crate::AppError;
use crate::actions::boards::prepared_ballot::BoardBallot;
use crate::actions::boards::{election_boards, session_boards};
use crate::cast_receipts::{self, Receipt};
use crate::domain::{
    ActKind, CandidateId, ElectionId, ElectionKind, ElectionMethod, ElectionStatus, MemberId,
    RecallChoice,
};
use crate::elections::ballot_box::{BLANK, ranking_of, ranking_text};
use crate::group_commit::{Column, insert_rows};
use crate::secrets::{digest, normalize_card_code};
use crate::throttle::Subject;

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct CastBallot {
    /// The one-time voting code.
    pub code: String,
    /// Candidate ids in order of preference (plurality: up to the number of seats; approval: every
    /// approved candidate), `["blank"]` for a blank ballot (elections of delegates), or
    /// `["yes"]` / `["no"]` in a recall vote.
    pub choices: Vec<String>,
    /// An idempotency key (16 to 128 letters, digits, `-`, `_`; a fresh one per ballot): sent
    /// again with the same code after a lost answer, it gets the same receipt instead of
    /// "already voted".
    #[serde(default)]
    pub cast_key: Option<String>,
    /// An election through an encrypted board (the assembly's secret ballots are `encrypted`,
    /// plurality or approval): the ballot the voter's device encrypted, a board ballot as JSON
    /// (docs/election-record.md) under a fresh credential; `choices` are then ignored. Without
    /// it the server encrypts `choices` (and so sees them).
    #[serde(default)]
    pub ballot_json: Option<String>,
}

/// Returns the receipt (the election's id; `again` if this key's ballot was recorded before).
/// There is no actor: the code is the voter's only credential, and nothing ties it to the ballot.
/// Wrong codes are throttled per `address` (growing delays, `crate::throttle`). One ballot, one
/// transaction; the server casts through [`crate::member_ballot_writer::MemberBallotWriter`],
/// which commits the ballots that arrive together in one.
pub async fn cast_ballot(
    store: &Store,
    input: CastBallot,
    address: &str,
) -> Result<Receipt, AppError> {
    let code = well_formed(&input)?;
    let mut tx = store.begin().await?;
    match cast_in_tx(&mut tx, &mut Batch::default(), &input, &code, address).await {
        Ok(mut cast) => {
            if let Some(ballot) = cast.ballot.take() {
                if write_voters(&mut tx, std::slice::from_ref(&cast)).await? != [true] {
                    tx.rollback().await?;
                    return Err(already_voted());
                }
                PendingBallot::insert_all(&mut tx, &[ballot]).await?;
                let codes = cast.receipt.tracking_codes.clone();
                let entry = record_batch(&mut tx, cast.election_id, 1, codes).await?;
                cast.recorded(&mut tx, &entry, 0).await?;
            }
            tx.commit().await?;
            Ok(cast.receipt)
        }
        Err(refused) => {
            if is_wrong_code(&refused) {
                crate::throttle::record_failure(&mut tx, &Subject::Code { address }).await?;
                tx.commit().await?;
            } else {
                tx.rollback().await?;
            }
            Err(refused)
        }
    }
}

/// The code of a ballot, normalized, if it can be one (checked before anything is read).
pub(crate) fn well_formed(input: &CastBallot) -> Result<String, AppError> {
    cast_receipts::parse_key(input.cast_key.as_deref())?;
    let code = normalize_card_code(&input.code);
    if code.len() != 12 {
        return Err(AppError::Unauthorized {
            key: "dlg-error-voting-code",
        });
    }
    Ok(code)
}

/// Where the receipt of a ballot with an idempotency key is kept (a key that is not one was
/// refused by [`well_formed`]).
pub(crate) fn receipt_key(input: &CastBallot, code: &str) -> Option<String> {
    cast_receipts::parse_key(input.cast_key.as_deref())
        .ok()
        .flatten()
        .map(|k| cast_receipts::key_digest(&k, &format!("election-code:{code}")))
}

/// Whether a refusal is of a code no one holds: it counts against the address (recorded after
/// the refused ballot is rolled back).
pub(crate) fn is_wrong_code(e: &AppError) -> bool {
    matches!(
        e,
        AppError::Unauthorized {
            key: "dlg-error-voting-code"
        }
    )
}

/// A ballot checked and its voter marked inside the transaction; the box row is written by the
/// caller ([`PendingBallot::insert`]), so that a batch can put its ballots in the box in a
/// random order.
pub(crate) struct Cast {
    pub receipt: Receipt,
    pub election_id: ElectionId,
    member_id: MemberId,
    /// `None` when the receipt is an answer given before (nothing cast now).
    pub ballot: Option<PendingBallot>,
    /// Where the receipt is kept, once recorded ([`Cast::recorded`]).
    key: Option<String>,
}

impl Cast {
    /// The ballot is the `index`-th of the batch recorded by `entry`: its receipt says so, and
    /// is kept under its idempotency key.
    pub(crate) async fn recorded(
        &mut self,
        tx: &mut Tx,
        entry: &Entry,
        index: usize,
    ) -> Result<(), AppError> {
        self.receipt.position = Some(entry.position);
        self.receipt.hash = Some(entry.hash.clone());
        self.receipt.index = Some(index as i64);
        if let Some(key) = &self.key {
            cast_receipts::keep(tx, key, &self.receipt).await?;
        }
        Ok(())
    }
}

/// Records a batch of `n` ballots cast in election `election_id` with one act,
/// `election.ballots_cast` (scope `election:ID`, no actor): the count only, and an encrypted
/// election's board ballots' tracking codes (sorted, never in the order of casting).
pub(crate) async fn record_batch(
    tx: &mut Tx,
    election_id: ElectionId,
    n: usize,
    mut tracking_codes: Vec<String>,
) -> Result<Entry, AppError> {
    let mut payload = json!({"election_id": election_id, "ballots": n});
    if !tracking_codes.is_empty() {
        tracking_codes.sort();
        payload["tracking_codes"] = json!(tracking_codes);
    }
    Ok(tx
        .append(NewAct {
            actor: None,
            kind: ActKind::ElectionBallotsCast.as_str().into(),
            scope: format!("election:{election_id}"),
            payload,
        })
        .await?)
}

/// A ballot for the box: a random key, the election and the choices; no voter, no time. Or, in
/// an election through an encrypted board, the board ballot (keyed by its random credential).
pub(crate) enum PendingBallot {
    Plain {
        id: String,
        election_id: ElectionId,
        choices: String,
    },
    Board {
        board: String,
        ballot: BoardBallot,
    },
}

impl PendingBallot {
    /// Puts a batch's ballots in the box, in the order given (the caller shuffles them).
    pub(crate) async fn insert_all(tx: &mut Tx, ballots: &[PendingBallot]) -> Result<(), AppError> {
        let (mut ids, mut elections, mut choices) = (Vec::new(), Vec::new(), Vec::new());
        for b in ballots {
            match b {
                PendingBallot::Plain {
                    id,
                    election_id,
                    choices: c,
                } => {
                    ids.push(id.clone());
                    elections.push(election_id.get());
                    choices.push(c.clone());
                }
                PendingBallot::Board { board, ballot } => {
                    session_boards::keep_ballot(tx, board, ballot).await?;
                }
            }
        }
        insert_rows(
            tx,
            "ballots (id, election_id, choices)",
            &[
                Column::Text(ids),
                Column::Int(elections),
                Column::Text(choices),
            ],
            "",
        )
        .await?;
        Ok(())
    }
}

/// What a batch's writer knows while it checks the batch's ballots, inside its one transaction
/// (under the write lock): each election and its candidates read once per batch, and the voters
/// already accepted in the batch. The key (election, member) of `election_voters` stays the
/// judge across batches and servers ([`write_voters`]).
#[derive(Default)]
pub(crate) struct Batch {
    elections: HashMap<ElectionId, (ElectionRow, Vec<CandidateId>)>,
    voters: HashSet<(ElectionId, MemberId)>,
    /// The credentials of the device-made board ballots accepted in this batch (a credential
    /// is used once; the board's key refuses one used before the batch).
    credentials: HashSet<[u8; 32]>,
}

fn already_voted() -> AppError {
    AppError::Conflict {
        key: "dlg-error-already-voted",
    }
}

/// Marks the voters of a batch's accepted ballots in few statements; for each, whether it was
/// written (not: the member had voted before the batch, on this server or another).
pub(crate) async fn write_voters(tx: &mut Tx, casts: &[Cast]) -> Result<Vec<bool>, AppError> {
    let written: HashSet<(i64, i64)> = insert_rows(
        tx,
        "election_voters (election_id, member_id)",
        &[
            Column::Int(casts.iter().map(|c| c.election_id.get()).collect()),
            Column::Int(casts.iter().map(|c| c.member_id.get()).collect()),
        ],
        "ON CONFLICT DO NOTHING RETURNING election_id, member_id",
    )
    .await?
    .into_iter()
    .collect();
    Ok(casts
        .iter()
        .map(|c| written.contains(&(c.election_id.get(), c.member_id.get())))
        .collect())
}

/// The rule of a ballot, inside `tx`: throttle, code, receipt already given, election open,
/// choices valid, not twice in the batch. Reads only (the caller records a wrong code's
/// failure); the caller marks the voters of the batch together ([`write_voters`]) and puts the
/// ballots in the box.
pub(crate) async fn cast_in_tx(
    tx: &mut Tx,
    batch: &mut Batch,
    input: &CastBallot,
    code: &str,
    address: &str,
) -> Result<Cast, AppError> {
    let subject = Subject::Code { address };
    crate::throttle::check(tx, &subject).await?;
    let found: Option<(ElectionId, MemberId)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT election_id, member_id FROM voting_codes WHERE code_digest = $1")
        .bind(digest(code)).fetch_optional(&mut **c).await)?;
    let Some((election_id, member_id)) = found else {
        return Err(AppError::Unauthorized {
            key: "dlg-error-voting-code",
        });
    };
    let receipt_key = receipt_key(input, code);
    if let Some(key) = &receipt_key
        && let Some(receipt) = cast_receipts::find_in(tx, key).await?
    {
        return Ok(Cast {
            receipt,
            election_id,
            member_id,
            ballot: None,
            key: None,
        });
    }
    let (e, candidates) = match batch.elections.get(&election_id) {
        Some(known) => known.clone(),
        None => {
            let e = super::load_election(tx, election_id).await?;
            let candidates: Vec<CandidateId> = on_tx!(tx, c => sqlx::query_scalar(
                "SELECT id FROM election_candidates WHERE election_id = $1 ORDER BY id")
                .bind(election_id).fetch_all(&mut **c).await)?;
            batch
                .elections
                .insert(election_id, (e.clone(), candidates.clone()));
            (e, candidates)
        }
    };
    if e.status != ElectionStatus::Voting {
        return Err(AppError::Conflict {
            key: "dlg-error-election-not-voting",
        });
    }
    let device = input
        .ballot_json
        .as_deref()
        .map(str::trim)
        .filter(|j| !j.is_empty());
    let choices = match (e.kind, &e.board, device) {
        (_, None, Some(_)) => {
            return Err(AppError::invalid(
                "ballot_json",
                "error-ses-ballot-json-plain",
            ));
        }
        (_, Some(_), Some(_)) => String::new(),
        _ => plain_choices(&e, &candidates, input)?,
    };
    // An encrypted election: the board ballot, checked or made before anything is written.
    let board_ballot = match &e.board {
        Some(board) => {
            let sel = match e.kind {
                ElectionKind::Recall => election_boards::recall_selections(&choices),
                ElectionKind::Delegates => {
                    election_boards::selections(&candidates, &ranking_of(&choices))
                }
            };
            let mut made = session_boards::board_ballots(tx, board, device, &sel, 1).await?;
            Some((
                board.clone(),
                made.pop()
                    .ok_or(AppError::Internal("no board ballot".into()))?,
            ))
        }
        None => None,
    };
    // A second ballot of the same member in this batch; `write_voters` refuses one before it.
    // Only now, with every check passed, does the batch remember this ballot (and a device's
    // credential: the board's key would refuse a second at the insert and fail the batch).
    if batch.voters.contains(&(election_id, member_id)) {
        return Err(already_voted());
    }
    if let (Some((_, b)), Some(_)) = (&board_ballot, device)
        && !batch.credentials.insert(b.ballot.credential)
    {
        return Err(AppError::Conflict {
            key: "error-board-voted",
        });
    }
    batch.voters.insert((election_id, member_id));
    let (ballot, tracking_codes) = match board_ballot {
        Some((board, ballot)) => {
            let code = ballot.tracking_code.clone();
            (PendingBallot::Board { board, ballot }, vec![code])
        }
        None => (
            PendingBallot::Plain {
                id: random_id(),
                election_id,
                choices,
            },
            Vec::new(),
        ),
    };
    Ok(Cast {
        receipt: Receipt {
            election_id: Some(election_id),
            tracking_codes,
            ..Receipt::default()
        },
        election_id,
        member_id,
        ballot: Some(ballot),
        key: receipt_key,
    })
}

/// The choices of a ballot as the box keeps them: a recall's answer, or the candidates marked
/// (or `blank`), checked against the election.
fn plain_choices(
    e: &ElectionRow,
    candidates: &[CandidateId],
    input: &CastBallot,
) -> Result<String, AppError> {
    Ok(match e.kind {
        ElectionKind::Recall => match input.choices.as_slice() {
            [c] => c
                .parse::<RecallChoice>()
                .map_err(|_| AppError::invalid("choices", "dlg-error-ballot-invalid"))?
                .as_str()
                .to_string(),
            _ => return Err(AppError::invalid("choices", "dlg-error-ballot-invalid")),
        },
        ElectionKind::Delegates => {
            let mut ids: Vec<CandidateId> = Vec::new();
            let blank = input.choices.iter().any(|c| c.trim() == BLANK);
            for raw in &input.choices {
                if raw.trim().is_empty() || raw.trim() == BLANK {
                    continue;
                }
                let id: CandidateId = raw
                    .trim()
                    .parse()
                    .map_err(|_| AppError::invalid("choices", "dlg-error-ballot-invalid"))?;
                if !candidates.contains(&id) || ids.contains(&id) {
                    return Err(AppError::invalid("choices", "dlg-error-ballot-invalid"));
                }
                ids.push(id);
            }
            // A blank ballot is cast on purpose (the choice `blank`, alone), never by omission.
            if blank && !ids.is_empty() {
                return Err(AppError::invalid(
                    "choices",
                    "dlg-error-ballot-blank-marked",
                ));
            }
            if ids.is_empty() && !blank {
                return Err(AppError::invalid("choices", "dlg-error-ballot-empty"));
            }
            if e.method == ElectionMethod::Plurality && ids.len() as i64 > e.titular_seats {
                return Err(AppError::invalid("choices", "dlg-error-ballot-too-many"));
            }
            ranking_text(&ids)
        }
    })
}
