//! The CPU-heavy half of an encrypted ballot, done by the request before the ballot is queued
//! for the writer or its transaction begins (issues 14 and 15): reading a device's ballot and
//! checking its proofs and signature, or encrypting the choice for a page without JavaScript,
//! and the ballot's tracking code and JSON body. Session ballots ([`prepare`], from
//! `ballot_writer.rs`), members' ballots in an election through a board
//! (`delegates/prepared_member_ballot.rs`) and the hall's device (`hall/cast_hall_ballot.rs`)
//! all do it here ([`prepare_on`]). None of it needs the database's state under the write lock:
//! a board's manifest never changes once it is open (board documents are only ever inserted, one
//! per name). Inside the write transaction stays only what does (the vote or election open, the
//! voter's standing, not voted, the credential unused and never challenged), and whether the
//! prepared ballot fits the board as it is now ([`fitting`]).
//!
//! The work runs on tokio's blocking pool, so a burst of ballots does not hold up the runtime's
//! workers, where the writers themselves run.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use asamblea_ballot_crypto::SigningKey;
use asamblea_ballot_crypto::ballot::{Ballot, Manifest, Selections, encrypt_ballot, verify_ballot};
use asamblea_store::{Store, on_read};
use rand::RngCore;
use rand::rngs::OsRng;

use super::session_boards::selections_of;
use crate::AppError;
use crate::actions::sessions::cast_vote::normalize_choice;
use crate::domain::{VoteId, VoteMethod, VoteStatus};

/// A board ballot ready to be kept: checked (a device's) or made here (the server's), with what
/// its row holds.
#[derive(Clone, Debug)]
pub(crate) struct BoardBallot {
    pub ballot: Ballot,
    /// The credential, hex (the row's key on the board).
    pub credential: String,
    pub tracking_code: String,
    /// The ballot as JSON (the row's body).
    pub body: String,
}

impl BoardBallot {
    fn of(ballot: Ballot) -> Result<Self, AppError> {
        let body = serde_json::to_string(&ballot).map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(BoardBallot {
            credential: hex::encode(ballot.credential),
            tracking_code: ballot.tracking_code(),
            body,
            ballot,
        })
    }

    /// A device's ballot (`ballot_json`): readable, and its proofs and signature hold for the
    /// board's manifest. (Whether its credential is unused is for the writer.)
    pub fn check(m: &BoardManifest, json: &str) -> Result<Self, AppError> {
        let b: Ballot = serde_json::from_str(json)
            .map_err(|_| AppError::invalid("ballot_json", "error-ses-ballot-json"))?;
        verify_ballot(&m.manifest, &m.fingerprint, &b)
            .map_err(|_| AppError::invalid("ballot_json", "error-ses-ballot-refused"))?;
        Self::of(b)
    }

    /// The server encrypts `sel` under a fresh credential.
    pub fn encrypt(m: &BoardManifest, sel: &Selections) -> Result<Self, AppError> {
        let mut seed = [0u8; 32];
        OsRng.fill_bytes(&mut seed);
        let (b, _) = encrypt_ballot(&m.manifest, &SigningKey::from_bytes(&seed), sel, &mut OsRng)
            .map_err(|e| AppError::Internal(format!("encrypting a ballot: {e}")))?;
        Self::of(b)
    }
}

/// A vote board's manifest and its fingerprint (what the proofs are bound to).
#[derive(Debug)]
pub(crate) struct BoardManifest {
    pub manifest: Manifest,
    pub fingerprint: [u8; 32],
}

impl BoardManifest {
    pub fn parse(body: &str) -> Result<Self, AppError> {
        let manifest: Manifest =
            serde_json::from_str(body).map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(BoardManifest {
            fingerprint: manifest.fingerprint(),
            manifest,
        })
    }
}

/// What the requests know of the open votes or elections in voting seen so far, by id: for one
/// through a board what preparing its ballots needs; `None` for a plaintext one. None of it
/// changes once the vote is open (its board is opened with it), so each is read once, not once
/// per ballot; at most [`KEPT`] are remembered (forgotten all at once beyond).
pub(crate) struct KeptWhileOpen<K, V>(Arc<Mutex<HashMap<K, Option<Arc<V>>>>>);

impl<K, V> Clone for KeptWhileOpen<K, V> {
    fn clone(&self) -> Self {
        KeptWhileOpen(self.0.clone())
    }
}

impl<K, V> Default for KeptWhileOpen<K, V> {
    fn default() -> Self {
        KeptWhileOpen(Arc::default())
    }
}

/// Votes or elections remembered at most.
const KEPT: usize = 10_000;

impl<K: Copy + Eq + std::hash::Hash, V> KeptWhileOpen<K, V> {
    /// What is kept for `key`, or what `read` finds (then kept); `Err` when `read` fails (not
    /// open, unreadable: nothing kept, the writer decides alone).
    pub(crate) async fn get<F>(&self, key: K, read: F) -> Result<Option<Arc<V>>, ()>
    where
        F: std::future::Future<Output = Result<Option<V>, ()>>,
    {
        if let Some(v) = self.0.lock().map_err(|_| ())?.get(&key) {
            return Ok(v.clone());
        }
        let known = read.await?.map(Arc::new);
        if let Ok(mut kept) = self.0.lock() {
            if kept.len() >= KEPT {
                kept.clear();
            }
            kept.insert(key, known.clone());
        }
        Ok(known)
    }
}

/// The manifest of board `board`, read outside any transaction.
pub(crate) async fn manifest_of(store: &Store, board: &str) -> Result<Arc<BoardManifest>, ()> {
    let body = crate::queries::boards::document(store, board, "manifest")
        .await
        .map_err(|_| ())?
        .ok_or(())?;
    Ok(Arc::new(BoardManifest::parse(&body).map_err(|_| ())?))
}

/// The open votes seen so far ([`KeptWhileOpen`]).
pub(crate) type OpenVotes = KeptWhileOpen<VoteId, EncryptedVote>;

/// An open encrypted vote, as [`prepare`] needs it.
#[derive(Debug)]
pub(crate) struct EncryptedVote {
    board: String,
    method: VoteMethod,
    options: usize,
    manifest: Arc<BoardManifest>,
}

/// Vote `vote_id` if it is open and encrypted; `None` if it is open and plaintext; `Err` if it
/// is not open or cannot be read.
async fn read_vote(store: &Store, vote_id: VoteId) -> Result<Option<EncryptedVote>, ()> {
    let row: Option<(Option<String>, VoteMethod, String, VoteStatus)> = on_read!(store, pool =>
        sqlx::query_as("SELECT board, method, options, status FROM votes WHERE id = $1")
            .bind(vote_id).fetch_optional(pool).await)
    .map_err(|_| ())?;
    let Some((board, method, options, VoteStatus::Open)) = row else {
        return Err(());
    };
    let Some(board) = board else {
        return Ok(None);
    };
    let options: Vec<String> = serde_json::from_str(&options).unwrap_or_default();
    Ok(Some(EncryptedVote {
        manifest: manifest_of(store, &board).await?,
        board,
        method,
        options: options.len(),
    }))
}

/// What the request made of an encrypted vote's ballot, for the writer to use.
#[derive(Debug)]
pub(crate) struct Prepared {
    /// The board it was made for (the writer uses it only if it is the vote's).
    pub board: String,
    pub ballots: PreparedBallots,
}

#[derive(Debug)]
pub(crate) enum PreparedBallots {
    /// A device's ballot, checked; or its refusal, which the writer gives where it checks the
    /// ballot (after the checks of the voter and the vote, as before).
    Device(Result<BoardBallot, AppError>),
    /// The server's ballot of one for the choice `selections` (a ballot that weighs more gets
    /// the rest from the writer).
    Server {
        selections: Selections,
        ballot: BoardBallot,
    },
}

/// Does the heavy half of a ballot in vote `vote_id` if the vote is open and encrypted; `None`
/// otherwise (a plaintext vote, or nothing to go on: the writer then decides alone). `device`
/// is the ballot a device encrypted (JSON), if any; else the server encrypts `choice`.
pub(crate) async fn prepare(
    store: &Store,
    votes: &OpenVotes,
    vote_id: VoteId,
    device: Option<&str>,
    choice: &str,
) -> Option<Prepared> {
    let v = votes.get(vote_id, read_vote(store, vote_id)).await.ok()??;
    let device = device.map(str::trim).filter(|j| !j.is_empty());
    let selections = match device {
        Some(_) => None,
        None => {
            let choice = normalize_choice(v.method, v.options, choice)?;
            Some(selections_of(v.method, v.options, &choice))
        }
    };
    prepare_on(&v.board, v.manifest.clone(), device, selections).await
}

/// The heavy half of a ballot for `board` (whose manifest is `manifest`), on tokio's blocking
/// pool: the device's ballot checked, or one ballot of the marks `selections` encrypted. `None`
/// if neither was given or the blocking pool failed (the transaction then refuses the ballot as
/// not prepared, or decides alone).
pub(crate) async fn prepare_on(
    board: &str,
    manifest: Arc<BoardManifest>,
    device: Option<&str>,
    selections: Option<Selections>,
) -> Option<Prepared> {
    let ballots = match (device, selections) {
        (Some(json), _) => {
            let json = json.to_string();
            let checked =
                tokio::task::spawn_blocking(move || BoardBallot::check(&manifest, &json)).await;
            PreparedBallots::Device(checked.ok()?)
        }
        (None, Some(selections)) => {
            let sel = selections.clone();
            let made =
                tokio::task::spawn_blocking(move || BoardBallot::encrypt(&manifest, &sel)).await;
            PreparedBallots::Server {
                selections,
                ballot: made.ok()?.ok()?,
            }
        }
        (None, None) => return None,
    };
    Some(Prepared {
        board: board.to_string(),
        ballots,
    })
}

/// A ballot prepared before the transaction, refused when it does not fit (its board is not the
/// election's or vote's board `board`, it was encrypted for other marks than `selections`, it
/// is a device's when the server's was wanted or the other way round) or when there is none: a
/// board's manifest never changes (its documents are only inserted, one per name), so a ballot
/// prepared for this board holds for its manifest. Nothing is encrypted or checked here, under
/// the write lock; the caller still sees that a device's credential is unused
/// (`session_boards::credential_unused`).
pub(crate) fn fitting(
    prepared: Option<Prepared>,
    board: &str,
    device: bool,
    selections: &Selections,
) -> Result<BoardBallot, AppError> {
    match prepared.filter(|p| p.board == board).map(|p| p.ballots) {
        Some(PreparedBallots::Device(checked)) if device => checked,
        Some(PreparedBallots::Server {
            selections: made_for,
            ballot,
        }) if !device && made_for == *selections => Ok(ballot),
        _ => Err(not_prepared()),
    }
}

/// The refusal of a ballot that was not prepared for the board as it is now.
pub(crate) fn not_prepared() -> AppError {
    AppError::Conflict { key: NOT_PREPARED }
}

const NOT_PREPARED: &str = "error-ballot-not-prepared";

/// Whether `e` is [`not_prepared`]'s refusal.
pub(crate) fn is_not_prepared(e: &AppError) -> bool {
    matches!(e, AppError::Conflict { key } if *key == NOT_PREPARED)
}

#[cfg(test)]
mod tests {
    use asamblea_ballot_crypto::ballot::{Method, Question};
    use asamblea_ballot_crypto::dkg::Threshold;
    use asamblea_ballot_crypto::simulate;

    use super::*;

    /// A board's manifest under a key of its own (a key ceremony run here).
    fn manifest(board: &str) -> BoardManifest {
        let question = Question {
            title: "Q".into(),
            choices: vec!["yes".into(), "no".into()],
            method: Method::ChooseOne,
        };
        let th = Threshold { n: 1, t: 1 };
        let sim = simulate::run(board, vec![question], th, 0, &[], &[1], &mut OsRng).unwrap();
        let body = serde_json::to_string(&sim.record.manifest).unwrap();
        BoardManifest::parse(&body).unwrap()
    }

    fn server(board: &str, m: &BoardManifest, sel: &Selections) -> Option<Prepared> {
        Some(Prepared {
            board: board.into(),
            ballots: PreparedBallots::Server {
                selections: sel.clone(),
                ballot: BoardBallot::encrypt(m, sel).unwrap(),
            },
        })
    }

    fn refused(r: Result<BoardBallot, AppError>) -> bool {
        matches!(
            r,
            Err(AppError::Conflict {
                key: "error-ballot-not-prepared"
            })
        )
    }

    /// A ballot prepared for a manifest that is not the board's now (another board's: a new
    /// key, another vote), for other marks, of the other kind, or not prepared at all, is
    /// refused: the transaction never encrypts nor writes it.
    #[test]
    fn a_ballot_prepared_for_another_board_or_other_marks_is_refused() {
        let (a, b) = ("assembly-1-election-2", "assembly-1-election-3");
        let (ma, mb) = (manifest(a), manifest(b));
        let yes: Selections = vec![vec![1, 0]];
        let no: Selections = vec![vec![0, 1]];
        assert!(refused(fitting(server(b, &mb, &yes), a, false, &yes)));
        assert!(refused(fitting(server(a, &ma, &no), a, false, &yes)));
        assert!(refused(fitting(server(a, &ma, &yes), a, true, &yes)));
        assert!(refused(fitting(None, a, false, &yes)));
        let device = BoardBallot::encrypt(&ma, &yes).unwrap();
        let as_device = |board: &str| {
            Some(Prepared {
                board: board.into(),
                ballots: PreparedBallots::Device(Ok(device.clone())),
            })
        };
        assert!(refused(fitting(as_device(a), a, false, &yes)));
        assert!(refused(fitting(as_device(b), a, true, &Vec::new())));
        // What fits is taken as it was made.
        let taken = fitting(server(a, &ma, &yes), a, false, &yes).unwrap();
        assert_eq!(taken.ballot.election, ma.fingerprint);
        let taken = fitting(as_device(a), a, true, &Vec::new()).unwrap();
        assert_eq!(taken.tracking_code, device.tracking_code);
    }
}
