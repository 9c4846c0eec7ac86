//! What the sessions' ballot writer keeps from one batch to the next (issue 15: "the vote's state
//! held in memory by its writer"), so that a batch reads for a ballot only what may have changed
//! since the writer last read it. In a hall every delegate votes once per vote, so nearly every
//! ballot is the first of its (vote, delegate): what is kept is what does not belong to the vote.
//!
//! - **Whose delegate an account is, and each delegate's standing** (seat, status, proxies,
//!   presence: [`Standing`] without the vote's seat holders), as the batch's voters statement
//!   read them (`batch_voters.rs`). Every change of these is an act (a check-in, a proxy, a
//!   seat held, a recall...), so they are kept while the record has grown, since the writer last
//!   read or wrote it, only by acts of the kinds [`keeps_standing`] names (votes opened, ballots
//!   cast, votes closed, speakers), read at each batch's start under the write lock
//!   ([`Known::begin`], `Tx::since`). Any other act, more than [`SINCE_AT_MOST`] of them, a batch
//!   that failed, or a head not where the writer left it: all of it is read again.
//! - **Each open vote's seat holders**, fixed when the vote opened (`open_vote.rs`): read once.
//! - **Who has voted in each vote**, built from the vote's first read with no ballot cast (an
//!   empty set) and grown by the writer's own commits. The marks are only ever added, and each
//!   adds one to the vote's `cast_count` in its transaction (`write_casts`, `issue_hall_code`), so
//!   the set is every mark as long as its size is the count read with the batch's votes: another
//!   server's ballot, or a hall code, makes it unknown, and the vote's ballots are read as before.
//!   A delegate in the set is read as before too (their mark answers them).
//! - **The batch's votes with their assemblies' settings** (`rows::votes`), while nothing at
//!   all was recorded since the writer's last batch but what the writer itself recorded: its
//!   own batches only add to the votes' counts, and it adds them here too ([`Known::committed`]).
//!
//! A ballot for which anything is missing is read by the voters statement, which also fills what
//! is kept. What a batch finds here is what that statement would have read in its transaction.

use std::collections::{HashMap, HashSet};

use asamblea_store::{Tx, on_tx};

use super::batch_voters::{Asked, Voter};
use super::cast_vote::Standing;
use super::rows::{VoteAndSettings, VoteRow, votes};
use crate::AppError;
use crate::domain::{AccountId, ActKind, AssemblyId, DelegateId, VoteId, VoteStatus};
use crate::group_commit::LeftHead;

/// How many entries recorded since the writer's last batch it reads to see whether what it
/// keeps still holds; with more, it reads everything again.
pub(crate) const SINCE_AT_MOST: i64 = 64;

/// How many votes' holders and voters are kept at most (open votes; a closed one is dropped when
/// a batch reads it).
const VOTES_AT_MOST: usize = 64;

/// The kinds of acts that change neither whose delegate an account is nor any delegate's
/// standing outside a vote: a writer keeps what it read across them. Any other kind, or a kind
/// this server does not know, makes it read everything again.
pub(crate) fn keeps_standing(kind: &str) -> bool {
    use ActKind::*;
    matches!(
        kind.parse::<ActKind>(),
        Ok(VoteOpened
            | VoteBallotsCast
            | VoteBallotCast
            | VoteHallCodeIssued
            | VoteClosed
            | SessionSpeakerRequested
            | SessionSpeakerCalled
            | SessionSpeakerWithdrawn
            | SessionSpeakersReordered
            | ElectionBallotsCast
            | CheckpointCosigned)
    )
}

/// What the writer keeps (one per writer, `group_commit::start`).
#[derive(Default)]
pub(crate) struct Known {
    /// The record's head as the writer's last batch left it.
    head: LeftHead,
    /// Whose delegate each account is, by assembly (`None`: none).
    own: HashMap<(AssemblyId, AccountId), Option<DelegateId>>,
    /// Each delegate's standing outside any vote (`None`: not a delegate of the assembly).
    standings: HashMap<(AssemblyId, DelegateId), Option<Standing>>,
    votes: HashMap<VoteId, KnownVote>,
    /// The votes read with their settings, as their rows are now (while nothing else is
    /// recorded).
    rows: HashMap<VoteId, VoteAndSettings>,
}

/// What is kept of one open vote.
#[derive(Default)]
struct KnownVote {
    /// The substitute holding each absent titular's seat (titular → holder).
    held_by: HashMap<DelegateId, DelegateId>,
    /// The seat each substitute holds (holder → titular; the lowest, if several).
    holds_for: HashMap<DelegateId, DelegateId>,
    /// Every delegate with a mark at the vote, while known.
    voted: Option<HashSet<DelegateId>>,
}

impl Known {
    /// At a batch's start, under the write lock: drops what the acts recorded since the
    /// writer's last batch may have changed.
    pub(crate) async fn begin(&mut self, tx: &mut Tx) -> Result<(), AppError> {
        let since = self.head.recorded_since(tx, SINCE_AT_MOST).await?;
        let kept = since
            .as_ref()
            .is_some_and(|later| later.iter().all(|r| keeps_standing(&r.kind)));
        if !since.as_ref().is_some_and(Vec::is_empty) {
            self.rows.clear();
        }
        if !kept {
            self.own.clear();
            self.standings.clear();
        }
        Ok(())
    }

    /// The votes `ids` with their settings: those kept, the others read (`rows::votes`, one
    /// statement) and kept.
    pub(crate) async fn votes(
        &mut self,
        tx: &mut Tx,
        ids: &[i64],
    ) -> Result<Vec<VoteAndSettings>, AppError> {
        let mut missing: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| !self.rows.contains_key(&VoteId(*id)))
            .collect();
        if self.rows.len() + missing.len() > VOTES_AT_MOST {
            self.rows.clear();
            missing = ids.to_vec();
        }
        if !missing.is_empty() {
            for v in votes(tx, &missing).await? {
                self.rows.insert(v.vote.id, v);
            }
        }
        Ok(ids
            .iter()
            .filter_map(|id| self.rows.get(&VoteId(*id)).cloned())
            .collect())
    }

    /// With the batch's `votes` read: what is kept of each open one checked against its count,
    /// and the seat holders of those not kept yet read.
    pub(crate) async fn open_votes(
        &mut self,
        tx: &mut Tx,
        votes: &HashMap<VoteId, VoteRow>,
    ) -> Result<(), AppError> {
        let new = votes
            .keys()
            .filter(|id| !self.votes.contains_key(id))
            .count();
        if self.votes.len() + new > VOTES_AT_MOST {
            self.votes.clear();
        }
        for (id, v) in votes {
            if v.status != VoteStatus::Open {
                self.votes.remove(id);
                continue;
            }
            if let Some(known) = self.votes.get_mut(id) {
                if known
                    .voted
                    .as_ref()
                    .is_some_and(|s| s.len() as i64 != v.cast_count)
                {
                    known.voted = None;
                }
                continue;
            }
            let held: Vec<(DelegateId, DelegateId)> = on_tx!(tx, c => sqlx::query_as(
                "SELECT titular_id, holder_id FROM vote_seat_holders WHERE vote_id = $1 \
                 ORDER BY titular_id")
                .bind(*id).fetch_all(&mut **c).await)?;
            let mut known = KnownVote {
                voted: (v.cast_count == 0).then(HashSet::new),
                ..KnownVote::default()
            };
            for (titular, holder) in held {
                known.held_by.insert(titular, holder);
                known.holds_for.entry(holder).or_insert(titular);
            }
            self.votes.insert(*id, known);
        }
        Ok(())
    }

    /// What the voters statement would read for `a`, if everything it needs is kept: not for a
    /// delegate who has voted (their mark is read).
    pub(crate) fn voter(&self, a: &Asked) -> Option<Voter> {
        let own = match a.account_id {
            Some(account) => *self.own.get(&(a.assembly_id, account))?,
            None => None,
        };
        let Some(delegate) = a.named.or(own) else {
            return Some(Voter {
                asked: *a,
                own,
                standing: None,
                mark: None,
            });
        };
        let standing = self.standings.get(&(a.assembly_id, delegate))?;
        let vote = self.votes.get(&a.vote_id)?;
        if vote.voted.as_ref()?.contains(&delegate) {
            return None;
        }
        let standing = standing.clone().map(|s| Standing {
            held_by: vote.held_by.get(&delegate).copied(),
            holds_for: vote.holds_for.get(&delegate).copied(),
            ..s
        });
        Some(Voter {
            asked: *a,
            own,
            standing,
            mark: None,
        })
    }

    /// Keeps what the voters statement read for `v` (its standing without the vote's holders).
    pub(crate) fn learn(&mut self, v: &Voter) {
        let a = v.asked;
        if let Some(account) = a.account_id {
            self.own.insert((a.assembly_id, account), v.own);
        }
        if let Some(delegate) = a.named.or(v.own) {
            let standing = v.standing.clone().map(|s| Standing {
                held_by: None,
                holds_for: None,
                ..s
            });
            self.standings.insert((a.assembly_id, delegate), standing);
        }
    }

    /// After the batch committed: the head is its last act (`last`: position and hash), or the
    /// one read at its start if it recorded nothing; its marks (`marked`: vote and delegate) join
    /// their votes' and their counts.
    pub(crate) fn committed(
        &mut self,
        last: Option<(i64, String)>,
        marked: impl IntoIterator<Item = (VoteId, DelegateId)>,
    ) {
        self.head.committed(last);
        for (vote, delegate) in marked {
            if let Some(voted) = self.votes.get_mut(&vote).and_then(|v| v.voted.as_mut()) {
                voted.insert(delegate);
            }
            if let Some(row) = self.rows.get_mut(&vote) {
                row.vote.cast_count += 1;
            }
        }
    }
}
