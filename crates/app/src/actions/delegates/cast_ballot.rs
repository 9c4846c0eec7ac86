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
use std::sync::Mutex;

use asamblea_record::{Entry, NewAct};
use asamblea_store::{Store, Tx, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::prepared_member_ballot::{BoardsInVoting, VotingElections, prepare};
use super::{ElectionRow, random_id};
use crate::AppError;
use crate::actions::boards::prepared_ballot::{BoardBallot, Prepared, fitting};
use crate::actions::boards::{election_boards, session_boards};
use crate::cast_receipts::{self, Receipt};
use crate::domain::{
    ActKind, CandidateId, ElectionId, ElectionKind, ElectionStatus, MemberId, RecallChoice,
};
use crate::elections::ballot_box::{BLANK, ranking_of, ranking_text};
use crate::group_commit::{Column, Write, insert_rows, select_by_keys};
use crate::secrets::{digest, normalize_card_code};
use crate::throttle::{Standing, Subject};
use asamblea_ballot_crypto::ballot::Selections;

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
/// transaction (a batch of one, [`crate::member_ballot_writer::write_batch`]); the server casts
/// through [`crate::member_ballot_writer::MemberBallotWriter`], which commits the ballots that
/// arrive together in one.
pub async fn cast_ballot(
    store: &Store,
    input: CastBallot,
    address: &str,
) -> Result<Receipt, AppError> {
    let ballot =
        MemberBallot::prepare(store, &VotingElections::default(), None, input, address).await?;
    let mut known = super::batch_known::KnownElections::default();
    let written = crate::member_ballot_writer::write_batch(store, &mut known, &[&ballot]).await?;
    written
        .durable()
        .await
        .pop()
        .unwrap_or_else(|| Err(AppError::Internal("a batch of one gave no answer".into())))
}

/// A member's ballot as the writer takes it: well formed, its code normalized, and in an
/// election through a board its board ballot prepared before the write transaction
/// (`prepared_member_ballot.rs`).
pub(crate) struct MemberBallot {
    pub input: CastBallot,
    pub code: String,
    pub address: String,
    /// Taken by the writer.
    pub prepared: Mutex<Option<Prepared>>,
}

impl MemberBallot {
    /// Refuses a ballot that is not well formed ([`well_formed`]); prepares its board ballot
    /// (reads its code's election) if it is a device's, or `boards` says an election through a
    /// board may be in voting, or there is no `boards` to ask.
    pub(crate) async fn prepare(
        store: &Store,
        elections: &VotingElections,
        boards: Option<&BoardsInVoting>,
        input: CastBallot,
        address: &str,
    ) -> Result<Self, AppError> {
        let code = well_formed(&input)?;
        let read = match boards {
            Some(boards) if device_ballot(&input).is_none() => boards.may_be(store).await,
            _ => true,
        };
        let prepared = if read {
            prepare(store, elections, &input, &code).await
        } else {
            None
        };
        Ok(MemberBallot {
            input,
            code,
            address: address.to_string(),
            prepared: Mutex::new(prepared),
        })
    }

    /// Where its receipt is kept, if it came with an idempotency key.
    pub(crate) fn receipt_key(&self) -> Option<String> {
        receipt_key(&self.input, &self.code)
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
    /// The ballot is the `index`-th of the batch recorded by `entry`: its receipt says so.
    /// Returns where to keep the receipt (its idempotency key's digest) and the receipt, for
    /// the batch to keep them together (`cast_receipts::keep_all`).
    pub(crate) fn recorded(&mut self, entry: &Entry, index: usize) -> Option<(String, Receipt)> {
        self.receipt.position = Some(entry.position);
        self.receipt.hash = Some(entry.hash.clone());
        self.receipt.index = Some(index as i64);
        self.key.clone().map(|key| (key, self.receipt.clone()))
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
    /// A batch's ballots for the box, in the order given (the caller shuffles them), as the
    /// write the caller runs with the batch's receipts (`group_commit::write_together`); an
    /// encrypted election's board ballots are kept on its board here.
    pub(crate) async fn into_box(
        tx: &mut Tx,
        ballots: &[PendingBallot],
    ) -> Result<Write<'static>, AppError> {
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
        Ok(Write::Insert {
            into: "ballots (id, election_id, choices)",
            columns: vec![
                Column::Text(ids),
                Column::Int(elections),
                Column::Text(choices),
            ],
            tail: "",
        })
    }
}

/// What a batch's writer knows while it checks the batch's ballots, inside its one transaction
/// (under the write lock), read set-based once per batch ([`Batch::read`]): the codes' elections
/// and members, the receipts kept under the ballots' idempotency keys, and each address's
/// failures (the throttle); then each election and its candidates read once per batch, and the
/// voters already accepted in the batch. The key (election, member) of `election_voters` stays
/// the judge across batches and servers ([`write_voters`]).
#[derive(Default)]
pub(crate) struct Batch {
    /// By the code's SHA-256.
    codes: HashMap<String, (ElectionId, MemberId)>,
    /// By the idempotency key's digest.
    receipts: HashMap<String, Receipt>,
    /// By address.
    standing: HashMap<String, Standing>,
    elections: HashMap<ElectionId, (ElectionRow, Vec<CandidateId>)>,
    voters: HashSet<(ElectionId, MemberId)>,
    /// The credentials of the device-made board ballots accepted in this batch (a credential
    /// is used once; the board's key refuses one used before the batch).
    credentials: HashSet<[u8; 32]>,
}

impl Batch {
    /// Reads what the batch's ballots need, in a statement for all their codes, one for all
    /// their receipts and one for their addresses' failures (none if none is counted).
    pub(crate) async fn read(tx: &mut Tx, ballots: &[&MemberBallot]) -> Result<Self, AppError> {
        let digests: Vec<String> = ballots.iter().map(|b| digest(&b.code)).collect();
        let digests: Vec<&str> = digests.iter().map(String::as_str).collect();
        let codes: Vec<(String, ElectionId, MemberId)> = select_by_keys(
            tx,
            "SELECT code_digest, election_id, member_id FROM voting_codes",
            "code_digest",
            &digests,
        )
        .await?;
        let keys: Vec<String> = ballots.iter().filter_map(|b| b.receipt_key()).collect();
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        let receipts = cast_receipts::find_all(tx, &keys).await?;
        let mut addresses: Vec<&str> = ballots.iter().map(|b| b.address.as_str()).collect();
        addresses.sort_unstable();
        addresses.dedup();
        let subjects: Vec<Subject> = addresses
            .iter()
            .map(|&address| Subject::Code { address })
            .collect();
        let standing = crate::throttle::standings(tx, &subjects).await?;
        Ok(Batch {
            codes: codes.into_iter().map(|(d, e, m)| (d, (e, m))).collect(),
            receipts,
            standing: addresses
                .into_iter()
                .map(String::from)
                .zip(standing)
                .collect(),
            ..Batch::default()
        })
    }

    /// The elections the writer kept from its earlier batches (`batch_known.rs`): the checks
    /// read only the others.
    pub(crate) fn with_elections(
        mut self,
        kept: HashMap<ElectionId, super::batch_known::ElectionAndCandidates>,
    ) -> Self {
        self.elections = kept;
        self
    }

    /// The elections the checks used, for the writer to keep.
    pub(crate) fn take_elections(
        &mut self,
    ) -> HashMap<ElectionId, super::batch_known::ElectionAndCandidates> {
        std::mem::take(&mut self.elections)
    }

    /// A wrong code from `address` was counted (the caller recorded it).
    pub(crate) fn failed(&mut self, address: &str) {
        if let Some(s) = self.standing.get_mut(address) {
            s.failed();
        }
    }
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
/// choices valid, its board ballot prepared for the election's board, not twice in the batch.
/// Reads only (the caller records a wrong code's failure); the caller marks the voters of the
/// batch together ([`write_voters`]) and puts the ballots in the box.
pub(crate) async fn cast_in_tx(
    tx: &mut Tx,
    batch: &mut Batch,
    ballot: &MemberBallot,
) -> Result<Cast, AppError> {
    let (input, code) = (&ballot.input, &ballot.code);
    if let Some(s) = batch.standing.get(&ballot.address) {
        s.check()?;
    }
    let Some(&(election_id, member_id)) = batch.codes.get(&digest(code)) else {
        return Err(AppError::Unauthorized {
            key: "dlg-error-voting-code",
        });
    };
    let receipt_key = receipt_key(input, code);
    if let Some(receipt) = receipt_key.as_ref().and_then(|k| batch.receipts.get(k)) {
        return Ok(Cast {
            receipt: receipt.clone(),
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
            let candidates: Vec<CandidateId> = on_tx!(tx, c => sqlx::query_scalar(super::CANDIDATE_IDS)
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
    let device = device_ballot(input);
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
    // An encrypted election: the board ballot the request prepared, if it fits this election's
    // board (nothing is encrypted or checked here, under the write lock) and its credential is
    // unused.
    let board_ballot = match &e.board {
        Some(board) => {
            let sel = match device {
                Some(_) => Vec::new(),
                None => board_selections(&e, &candidates, &choices),
            };
            let prepared = ballot.prepared.lock().ok().and_then(|mut p| p.take());
            let b = fitting(prepared, board, device.is_some(), &sel)?;
            if device.is_some() {
                session_boards::credential_unused(tx, board, &b).await?;
            }
            Some((board.clone(), b))
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

/// The ballot a member's device encrypted (`ballot_json`), if any.
pub(crate) fn device_ballot(input: &CastBallot) -> Option<&str> {
    input
        .ballot_json
        .as_deref()
        .map(str::trim)
        .filter(|j| !j.is_empty())
}

/// The marks on an election's board of a ballot's `choices` ([`plain_choices`]).
pub(crate) fn board_selections(
    e: &ElectionRow,
    candidates: &[CandidateId],
    choices: &str,
) -> Selections {
    match e.kind {
        ElectionKind::Recall => election_boards::recall_selections(choices),
        ElectionKind::Delegates => election_boards::selections(candidates, &ranking_of(choices)),
    }
}

/// The choices of a ballot as the box keeps them: a recall's answer, or the candidates marked
/// (or `blank`), checked against the election.
pub(crate) fn plain_choices(
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
            if let Some(max) = e.method.max_marks(e.titular_seats)
                && ids.len() as i64 > max
            {
                return Err(AppError::invalid("choices", "dlg-error-ballot-too-many"));
            }
            ranking_text(&ids)
        }
    })
}
