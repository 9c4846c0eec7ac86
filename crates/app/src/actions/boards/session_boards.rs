//! Secret session votes through an encrypted board (issue 14). Not an action of its own: what
//! the sessions' actions do inside their transaction when the assembly's secret ballots are
//! `encrypted` (`actions::registry::set_secret_ballots`).
//!
//! - The assembly's trustees ran one key ceremony on its *key board* (`assembly-A-key`, with
//!   `asamblea trustee init|deal|check` and `asamblea election key`); the server never held a
//!   share of the key.
//! - Opening a secret vote opens the vote's own board (`assembly-A-vote-V`): its draft, a copy
//!   of the key board's ceremony (the dealings, their proofs bound to the key board's id) and a
//!   manifest with the joint key, so the vote's record verifies alone. The trustees' tokens of
//!   the key board publish on it; no other token is made (the server plays the organizer and the
//!   credential authority).
//! - A ballot is a board ballot under a fresh credential (made by the voter's browser, or here
//!   when the page has no JavaScript: then the server saw the choice); no row links it to the
//!   `vote_casts` mark of who voted.
//! - The close publishes the credentials (sorted) and the encrypted tally; when the `t`-th
//!   trustee's decryption share is kept, the result is decrypted, the record published and the
//!   vote's result recorded ([`decrypted`]).

use asamblea_ballot_crypto::ballot::{Ballot, Manifest, Method, Question, Selections};
use asamblea_ballot_crypto::board::{Draft, TallyFile};
use asamblea_ballot_crypto::dkg::joint_key;
use asamblea_ballot_crypto::record::{Ceremony, Credential, ElectionRecord, Exclusion, FORMAT};
use asamblea_ballot_crypto::tally::{DecryptionShare, combine, sum_ballots};
use asamblea_record::NewAct;
use asamblea_rules::procedure::YesNoAbstain;
use asamblea_store::{Tx, on_tx};
use serde::de::DeserializeOwned;
use serde_json::json;

use super::open_board::open_board_tx;
use super::prepared_ballot::{BoardBallot, BoardManifest};
use super::{BoardError, scope};
use crate::actions::sessions::close_vote::{Base, Counts, record_result};
use crate::actions::sessions::rows::vote;
use crate::domain::{ActKind, AssemblyId, VoteId, VoteMethod, YesNoAbstainChoice};
use crate::secrets::digest;
use crate::{Actor, AppError};

/// The key board of an assembly.
pub fn key_board_id(assembly: AssemblyId) -> String {
    format!("assembly-{assembly}-key")
}

/// The board of a secret vote of an assembly.
pub fn vote_board_id(assembly: AssemblyId, vote: VoteId) -> String {
    format!("assembly-{assembly}-vote-{vote}")
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(e.to_string())
}

pub(crate) fn app(e: BoardError) -> AppError {
    match e {
        BoardError::App(e) => e,
        BoardError::Refused(why) => AppError::Internal(why),
    }
}

async fn document<T: DeserializeOwned>(
    tx: &mut Tx,
    board: &str,
    name: &str,
) -> Result<Option<T>, AppError> {
    let body: Option<String> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT body FROM secret_board_documents WHERE election_id = $1 AND name = $2")
        .bind(board).bind(name).fetch_optional(&mut **c).await)?;
    body.map(|b| serde_json::from_str(&b).map_err(internal))
        .transpose()
}

async fn need<T: DeserializeOwned>(tx: &mut Tx, board: &str, name: &str) -> Result<T, AppError> {
    document(tx, board, name)
        .await?
        .ok_or_else(|| internal(format!("{name} is not on board {board}")))
}

/// Keeps a document the server publishes on a vote's board, with its act `board.published`.
async fn keep_document(tx: &mut Tx, board: &str, name: &str, body: &str) -> Result<(), AppError> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO secret_board_documents (election_id, name, body) VALUES ($1, $2, $3)")
        .bind(board).bind(name).bind(body).execute(&mut **c).await.map(|_| ()))?;
    tx.append(NewAct {
        actor: None,
        kind: ActKind::BoardPublished.as_str().into(),
        scope: scope(board),
        payload: json!({"election_id": board, "document": name, "publisher": "server",
            "sha256": digest(body)}),
    })
    .await?;
    Ok(())
}

/// The key board of the assembly if its secret ballots are encrypted.
pub(crate) async fn encrypted_key_board(
    tx: &mut Tx,
    assembly: AssemblyId,
) -> Result<Option<String>, AppError> {
    let row: Option<(String, Option<String>)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT secret_ballots, key_board FROM assemblies WHERE id = $1")
        .bind(assembly).fetch_optional(&mut **c).await)?;
    Ok(match row {
        Some((mode, key)) if mode == "encrypted" => key,
        _ => None,
    })
}

/// The question of a vote's manifest: yes/no/abstain, choose one, or approval of any number.
pub fn question_of(title: &str, method: VoteMethod, options: &[String]) -> Question {
    let (choices, method) = match method {
        VoteMethod::YesNo => (
            ["yes", "no", "abstain"].map(String::from).to_vec(),
            Method::YesNoAbstain,
        ),
        VoteMethod::ChooseOne => (options.to_vec(), Method::ChooseOne),
        VoteMethod::Approval => (
            options.to_vec(),
            Method::Approval {
                max: u32::try_from(options.len()).unwrap_or(u32::MAX),
            },
        ),
    };
    Question {
        title: title.to_string(),
        choices,
        method,
    }
}

/// A choice as `normalize_choice` wrote it, as the 0/1 marks of the vote's only question.
pub fn selections_of(method: VoteMethod, options: usize, choice: &str) -> Selections {
    let marks = match method {
        VoteMethod::YesNo => {
            let i = match choice.parse::<YesNoAbstainChoice>() {
                Ok(YesNoAbstainChoice::Yes) => 0,
                Ok(YesNoAbstainChoice::No) => 1,
                _ => 2,
            };
            (0..3).map(|k| u64::from(k == i)).collect()
        }
        VoteMethod::ChooseOne | VoteMethod::Approval => {
            let picked: Vec<usize> = choice
                .split(',')
                .filter_map(|p| p.trim().parse().ok())
                .collect();
            (0..options)
                .map(|k| u64::from(picked.contains(&k)))
                .collect()
        }
    };
    vec![marks]
}

/// Opens the board of secret vote `vote_id` (see the module's text); refused while the
/// assembly's trustees have not fixed its key. Returns the board's id.
pub(crate) async fn open_vote_board(
    tx: &mut Tx,
    actor: &Actor,
    assembly: AssemblyId,
    key_board: &str,
    vote_id: VoteId,
    question: Question,
) -> Result<String, AppError> {
    let id = vote_board_id(assembly, vote_id);
    open_keyed_board(
        tx,
        actor,
        key_board,
        &id,
        question,
        json!({"key_board": key_board, "vote_id": vote_id}),
    )
    .await?;
    on_tx!(tx, c => sqlx::query("UPDATE votes SET board = $1 WHERE id = $2")
        .bind(&id).bind(vote_id).execute(&mut **c).await.map(|_| ()))?;
    Ok(id)
}

/// Opens board `id` with one question under the key of `key_board`'s ceremony (a session
/// vote's board, a base election's): its draft, a copy of the ceremony and a manifest with the
/// joint key, so its record verifies alone; the key board's trustees' tokens publish on it.
/// Refused while the trustees have not fixed the key. `extra` goes into `board.opened`.
pub(crate) async fn open_keyed_board(
    tx: &mut Tx,
    actor: &Actor,
    key_board: &str,
    id: &str,
    question: Question,
    mut extra: serde_json::Value,
) -> Result<(), AppError> {
    let key_draft: Draft = need(tx, key_board, "election").await?;
    let Some(mut ceremony) = document::<Ceremony>(tx, key_board, "ceremony").await? else {
        return Err(AppError::Conflict {
            key: "error-ses-key-not-ready",
        });
    };
    if ceremony.id.is_none() {
        ceremony.id = Some(key_board.to_string());
    }
    let draft = Draft {
        election_id: id.to_string(),
        title: question.title.clone(),
        questions: vec![question],
        trustees: key_draft.trustees,
    };
    let manifest = Manifest {
        election_id: id.to_string(),
        title: draft.title.clone(),
        questions: draft.questions.clone(),
        trustees: draft.trustees,
        public_key: joint_key(&ceremony.dealings),
    };
    manifest.check().map_err(internal)?;
    let ceremony_body = serde_json::to_string(&ceremony).map_err(internal)?;
    let manifest_body = serde_json::to_string(&manifest).map_err(internal)?;
    extra["fingerprint"] = json!(hex::encode(manifest.fingerprint()));
    open_board_tx(tx, actor, &draft, &[], Some(key_board), extra)
        .await
        .map_err(app)?;
    // The key board's trustees publish their decryption shares here with their own tokens.
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO secret_board_tokens (election_id, publisher, token_sha256) \
         SELECT $1, publisher, token_sha256 FROM secret_board_tokens WHERE election_id = $2 AND publisher LIKE 'trustee-%'")
        .bind(id).bind(key_board).execute(&mut **c).await.map(|_| ()))?;
    keep_document(tx, id, "ceremony", &ceremony_body).await?;
    keep_document(tx, id, "manifest", &manifest_body).await?;
    Ok(())
}

/// The manifest of a vote's board, read inside the transaction (a session ballot the request
/// could not prepare before it was queued, or the other ballots of one that weighs more,
/// `cast_vote.rs`; members' and the hall's ballots are always prepared, `prepared_ballot.rs`).
pub(crate) async fn manifest_in(tx: &mut Tx, board: &str) -> Result<BoardManifest, AppError> {
    let body: String = need_body(tx, board, "manifest").await?;
    BoardManifest::parse(&body)
}

async fn need_body(tx: &mut Tx, board: &str, name: &str) -> Result<String, AppError> {
    let body: Option<String> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT body FROM secret_board_documents WHERE election_id = $1 AND name = $2")
        .bind(board).bind(name).fetch_optional(&mut **c).await)?;
    body.ok_or_else(|| internal(format!("{name} is not on board {board}")))
}

/// What a checked ballot still needs from the board's state: it was never challenged (a
/// challenged ballot is never cast, `challenges.rs`) and its credential has no ballot yet (a
/// credential is used once).
pub(crate) async fn credential_unused(
    tx: &mut Tx,
    board: &str,
    b: &BoardBallot,
) -> Result<(), AppError> {
    super::challenges::refuse_challenged(tx, board, &b.ballot).await?;
    let used: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM secret_board_ballots WHERE election_id = $1 AND credential = $2")
        .bind(board).bind(&b.credential).fetch_one(&mut **c).await)?;
    if used > 0 {
        return Err(AppError::Conflict {
            key: "error-board-voted",
        });
    }
    Ok(())
}

/// Puts a checked ballot on the vote's board (keyed by its credential, a random key: the
/// table's order is not the order of casting).
pub(crate) async fn keep_ballot(tx: &mut Tx, board: &str, b: &BoardBallot) -> Result<(), AppError> {
    let inserted = on_tx!(tx, c => sqlx::query(
        "INSERT INTO secret_board_ballots (election_id, credential, tracking_code, body) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
        .bind(board).bind(&b.credential).bind(&b.tracking_code).bind(&b.body)
        .execute(&mut **c).await.map(|r| r.rows_affected()))?;
    if inserted == 0 {
        return Err(AppError::Conflict {
            key: "error-board-voted",
        });
    }
    Ok(())
}

/// At the close: the credentials of the board's ballots (sorted) and the encrypted tally, the
/// homomorphic sum of every ballot on the board. Returns how many trustees decrypt it.
pub(crate) async fn publish_tally(tx: &mut Tx, board: &str) -> Result<u32, AppError> {
    let m: Manifest = need(tx, board, "manifest").await?;
    let bodies: Vec<String> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT body FROM secret_board_ballots WHERE election_id = $1 ORDER BY credential")
        .bind(board).fetch_all(&mut **c).await)?;
    let ballots = bodies
        .iter()
        .map(|b| serde_json::from_str::<Ballot>(b).map_err(internal))
        .collect::<Result<Vec<_>, _>>()?;
    let credentials: Vec<Credential> = ballots.iter().map(|b| Credential(b.credential)).collect();
    let tally = TallyFile {
        tally: sum_ballots(&m, &ballots),
        ballots,
        rejected: Vec::new(),
    };
    let creds = serde_json::to_string(&credentials).map_err(internal)?;
    let tally = serde_json::to_string(&tally).map_err(internal)?;
    keep_document(tx, board, "credentials", &creds).await?;
    keep_document(tx, board, "tally", &tally).await?;
    Ok(m.trustees.t)
}

/// The shares the board refused (named on the record as `board.refused`), for the record's
/// `rejected_shares`.
async fn refused_shares(tx: &mut Tx, board: &str) -> Result<Vec<Exclusion>, AppError> {
    let payloads: Vec<String> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT payload FROM record WHERE scope = $1 AND kind = $2 ORDER BY position")
        .bind(scope(board)).bind(ActKind::BoardRefused.as_str()).fetch_all(&mut **c).await)?;
    Ok(payloads
        .iter()
        .filter_map(|p| serde_json::from_str::<serde_json::Value>(p).ok())
        .filter_map(|p| {
            let trustee = p["document"]
                .as_str()?
                .strip_prefix("share-")?
                .parse()
                .ok()?;
            Some(Exclusion {
                trustee,
                reason: p["reason"].as_str().unwrap_or_default().to_string(),
            })
        })
        .collect())
}

/// A board's tally decrypted by its trustees: the counts of its only question, how many
/// ballots were summed, and the SHA-256 of the record published with it.
pub(crate) struct Decrypted {
    pub counts: Vec<u64>,
    pub ballots: u64,
    pub digest: String,
}

/// If `t` decryption shares of `board`'s tally are in: decrypts it and publishes the board's
/// record (which `asamblea verify-election` checks alone). `None` while shares are missing.
pub(crate) async fn decrypt_tally(tx: &mut Tx, board: &str) -> Result<Option<Decrypted>, AppError> {
    let m: Manifest = need(tx, board, "manifest").await?;
    let mut shares = Vec::new();
    for j in 1..=m.trustees.n {
        if let Some(s) = document::<DecryptionShare>(tx, board, &format!("share-{j}")).await? {
            shares.push(s);
        }
    }
    if shares.len() < m.trustees.t as usize {
        return Ok(None);
    }
    let ceremony: Ceremony = need(tx, board, "ceremony").await?;
    let credentials: Vec<Credential> = need(tx, board, "credentials").await?;
    let t: TallyFile = need(tx, board, "tally").await?;
    let n = t.ballots.len() as u64;
    let refs: Vec<&DecryptionShare> = shares.iter().collect();
    let result = combine(&t.tally, &refs, m.trustees.t, n).map_err(internal)?;
    let counts = result.first().cloned().unwrap_or_default();
    let record = ElectionRecord {
        format: FORMAT.into(),
        manifest: m,
        ceremony,
        credentials,
        ballots: t.ballots,
        tally: t.tally,
        shares,
        rejected_shares: refused_shares(tx, board).await?,
        result,
    };
    let body = serde_json::to_string(&record).map_err(internal)?;
    keep_document(tx, board, "record", &body).await?;
    Ok(Some(Decrypted {
        counts,
        ballots: n,
        digest: digest(&body),
    }))
}

/// After a decryption share was kept on `board`: if it is a vote's board waiting for its
/// trustees and `t` shares are in, decrypts the tally, publishes the record and records the
/// vote's result (`close_vote::record_result`; its digest is the record's SHA-256). A base
/// election's board: [`super::election_boards::decrypted`].
pub(crate) async fn decrypted(tx: &mut Tx, board: &str) -> Result<(), AppError> {
    let waiting: Option<(VoteId, Option<String>)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id, counting FROM votes WHERE board = $1")
        .bind(board).fetch_optional(&mut **c).await)?;
    let Some((vote_id, counting)) = waiting else {
        return super::election_boards::decrypted(tx, board).await;
    };
    let Some(counting) = counting else {
        return Ok(());
    };
    let Some(d) = decrypt_tally(tx, board).await? else {
        return Ok(());
    };
    let (counts, n) = (d.counts, d.ballots);
    let v = vote(tx, vote_id).await?;
    let u = |i: usize| -> Result<u32, AppError> {
        u32::try_from(counts.get(i).copied().unwrap_or(0)).map_err(internal)
    };
    let counts = if v.method == VoteMethod::YesNo {
        Counts::YesNo(YesNoAbstain {
            yes: u(0)?,
            no: u(1)?,
            abstain: u(2)?,
        })
    } else {
        Counts::Options {
            votes: (0..counts.len()).map(u).collect::<Result<_, _>>()?,
            ballots: u32::try_from(n).map_err(internal)?,
        }
    };
    let base: Base = serde_json::from_str(&counting).map_err(internal)?;
    record_result(tx, &Actor::System, &v, &base, counts, n, Some(d.digest)).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_become_marks() {
        assert_eq!(
            selections_of(VoteMethod::YesNo, 0, "no"),
            vec![vec![0, 1, 0]]
        );
        assert_eq!(
            selections_of(VoteMethod::YesNo, 0, "abstain"),
            vec![vec![0, 0, 1]]
        );
        assert_eq!(
            selections_of(VoteMethod::ChooseOne, 3, "2"),
            vec![vec![0, 0, 1]]
        );
        assert_eq!(
            selections_of(VoteMethod::Approval, 3, "0,2"),
            vec![vec![1, 0, 1]]
        );
        let q = question_of("Q", VoteMethod::YesNo, &[]);
        assert_eq!(q.choices.len(), 3);
        assert_eq!(q.method, Method::YesNoAbstain);
    }
}
