//! Base elections of delegates through an encrypted board (issue 14). Not an action of its own:
//! what the delegates' actions do inside their transaction when the election's assembly keeps
//! its secret ballots `encrypted` and the method can be counted encrypted (plurality, approval,
//! a members' recall vote; ranked methods — STV, Schulze — stay plaintext: a mix-net would be
//! needed).
//!
//! - `start_voting` opens the election's board (`assembly-A-election-E`) under the assembly's
//!   key, as a session vote's ([`super::session_boards::open_keyed_board`]): one question whose
//!   choices are the candidates (by id), choose one (plurality for one seat; none marked is a
//!   blank ballot), or up to the seats (block plurality) or up to every candidate (approval).
//! - `cast_ballot`: the member's code is marked as having voted (`election_voters`) and the
//!   ballot goes on the board under a fresh credential — the one the member's device encrypted
//!   (`ballot_json`) or one the server encrypts from the marks; nothing goes into `ballots`, and
//!   no row links the mark to the board ballot.
//! - `close_election` publishes the credentials and the encrypted tally ([`close`]); the
//!   election waits ("counting") until `t` trustees' shares are in, then [`decrypted`] counts the
//!   totals with the election's method (`elections::count::count_totals`), seats the elected
//!   and records `election.closed` with the board record's SHA-256 as the digest.

use asamblea_ballot_crypto::ballot::{Method, Question, Selections};
use asamblea_record::NewAct;
use asamblea_store::{Tx, now_rfc3339, on_tx};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::session_boards::{decrypt_tally, encrypted_key_board, open_keyed_board, publish_tally};
use crate::actions::delegates::ElectionRow;
use crate::actions::delegates::close_election::{close_recall, seat_candidates, seat_order};
use crate::actions::delegates::enter_paper_count::PaperLine;
use crate::domain::{
    ActKind, AssemblyId, CandidateId, ElectionId, ElectionKind, ElectionMethod, ElectionStatus,
};
use crate::elections::count::count_totals;
use crate::elections::result::{ElectionResult, VoidOutcome, VoidResult};
use crate::{Actor, AppError};

/// The board of a base election.
pub fn election_board_id(assembly: AssemblyId, election: ElectionId) -> String {
    format!("assembly-{assembly}-election-{election}")
}

/// The answers of a recall vote's board, in order.
pub const RECALL_CHOICES: [&str; 2] = ["yes", "no"];

/// The question of an election's board, or `None` when its method cannot be counted encrypted
/// (ranked methods). A recall vote: choose one of yes, no.
pub fn question_for(
    kind: ElectionKind,
    method: ElectionMethod,
    seats: i64,
    candidates: &[String],
) -> Option<Question> {
    if kind == ElectionKind::Recall {
        return Some(Question {
            title: String::new(),
            choices: RECALL_CHOICES.map(String::from).to_vec(),
            method: Method::ChooseOne,
        });
    }
    let method = match method {
        ElectionMethod::Plurality if seats <= 1 => Method::ChooseOne,
        ElectionMethod::Plurality => Method::Approval {
            max: u32::try_from(seats).unwrap_or(u32::MAX),
        },
        ElectionMethod::Approval => Method::Approval {
            max: u32::try_from(candidates.len()).unwrap_or(u32::MAX),
        },
        _ => return None,
    };
    Some(Question {
        title: String::new(),
        choices: candidates.to_vec(),
        method,
    })
}

/// Whether an election of this method in an encrypted assembly goes through a board.
pub fn counts_encrypted(kind: ElectionKind, method: ElectionMethod) -> bool {
    question_for(kind, method, 1, &[]).is_some()
}

/// The marks of a recall ballot (`yes` or `no`).
pub fn recall_selections(answer: &str) -> Selections {
    vec![
        RECALL_CHOICES
            .iter()
            .map(|c| u64::from(*c == answer))
            .collect(),
    ]
}

/// Each candidate's total: the decrypted count (in the order of `candidates`, by id) plus the
/// votes of the paper count's line for them.
pub fn add_paper(
    candidates: &[(CandidateId, String)],
    decrypted: &[u64],
    paper: &[PaperLine],
) -> Vec<(CandidateId, u64)> {
    candidates
        .iter()
        .zip(decrypted.iter().copied().chain(std::iter::repeat(0)))
        .map(|((c, _), v)| {
            let on_paper: u64 = paper
                .iter()
                .filter(|l| l.candidate_id == *c)
                .map(|l| u64::try_from(l.votes).unwrap_or(0))
                .sum();
            (*c, v + on_paper)
        })
        .collect()
}

/// Candidate `id`'s choice on its election's board: its position among the election's
/// `candidates` in id order (the order [`selections`] marks them in).
pub fn choice_of(candidates: impl IntoIterator<Item = CandidateId>, id: CandidateId) -> usize {
    candidates.into_iter().filter(|c| *c < id).count()
}

/// The marks of a ballot: 1 for each picked candidate, in the order of `candidates` (by id).
pub fn selections(candidates: &[CandidateId], picked: &[CandidateId]) -> Selections {
    vec![
        candidates
            .iter()
            .map(|c| u64::from(picked.contains(c)))
            .collect(),
    ]
}

/// At the start of the vote: opens the election's board if its assembly's ballots are
/// encrypted and its method can be counted so. Returns the board's id.
pub(crate) async fn open(
    tx: &mut Tx,
    actor: &Actor,
    e: &ElectionRow,
) -> Result<Option<String>, AppError> {
    if !counts_encrypted(e.kind, e.method) {
        return Ok(None);
    }
    let Some(key_board) = encrypted_key_board(tx, e.assembly_id).await? else {
        return Ok(None);
    };
    let names: Vec<String> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT name FROM election_candidates WHERE election_id = $1 ORDER BY id")
        .bind(e.id).fetch_all(&mut **c).await)?;
    let Some(mut question) = question_for(e.kind, e.method, e.titular_seats, &names) else {
        return Ok(None);
    };
    // The board's title (public, in the record): the organization and the election's number.
    let org: String = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT short_name FROM organizations WHERE id = $1")
        .bind(e.organization_id).fetch_one(&mut **c).await)?;
    question.title = format!("{org} #{}", e.id);
    let id = election_board_id(e.assembly_id, e.id);
    open_keyed_board(
        tx,
        actor,
        &key_board,
        &id,
        question,
        json!({"key_board": key_board, "base_election_id": e.id}),
    )
    .await?;
    on_tx!(tx, c => sqlx::query("UPDATE elections SET board = $1 WHERE id = $2")
        .bind(&id).bind(e.id).execute(&mut **c).await.map(|_| ()))?;
    Ok(Some(id))
}

/// What the close of an encrypted election fixed, kept in `elections.counting` until the
/// trustees have decrypted.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Counting {
    pub voters: i64,
    pub trustees_needed: u32,
}

/// The close: the board's credentials and encrypted tally are published, the election is
/// closed to ballots and waits for its trustees (act `election.counting`). Returns how many
/// trustees decrypt.
pub(crate) async fn close(
    tx: &mut Tx,
    actor: &Actor,
    e: &ElectionRow,
    board: &str,
    voters: i64,
) -> Result<u32, AppError> {
    let trustees_needed = publish_tally(tx, board).await?;
    let counting = serde_json::to_string(&Counting {
        voters,
        trustees_needed,
    })
    .map_err(|err| AppError::Internal(err.to_string()))?;
    on_tx!(tx, c => sqlx::query(
        "UPDATE elections SET status = $1, voters = $2, counting = $3, closed_at = $4 WHERE id = $5")
        .bind(ElectionStatus::Closed).bind(voters).bind(&counting).bind(now_rfc3339()).bind(e.id)
        .execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::ElectionCounting.as_str().into(),
        scope: format!("assembly:{}", e.assembly_id),
        payload: json!({"election_id": e.id, "organization_id": e.organization_id,
            "board": board, "voters": voters, "trustees_needed": trustees_needed}),
    })
    .await?;
    Ok(trustees_needed)
}

/// After a decryption share was kept on `board`: if it is an election's board waiting for its
/// trustees and `t` shares are in, the totals are decrypted and counted, the elected seated and
/// the result recorded (`election.closed`, its digest the board record's SHA-256).
pub(crate) async fn decrypted(tx: &mut Tx, board: &str) -> Result<(), AppError> {
    let id: Option<ElectionId> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT id FROM elections WHERE board = $1 AND counting IS NOT NULL")
        .bind(board).fetch_optional(&mut **c).await)?;
    let Some(id) = id else {
        return Ok(());
    };
    let Some(d) = decrypt_tally(tx, board).await? else {
        return Ok(());
    };
    let e = crate::actions::delegates::load_election_row(tx, id).await?;
    if e.kind == ElectionKind::Recall {
        return decided(tx, &e, board, &d).await;
    }
    let counting = counting_of(tx, id).await?;
    let candidates: Vec<(CandidateId, String)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id, name FROM election_candidates WHERE election_id = $1 ORDER BY id")
        .bind(id).fetch_all(&mut **c).await)?;
    // The hall's paper count, if the secretary entered one, is added to the decrypted totals.
    let paper: Option<String> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT paper_lines FROM elections WHERE id = $1")
        .bind(id).fetch_one(&mut **c).await)?;
    let paper: Vec<PaperLine> = match paper {
        Some(text) => {
            serde_json::from_str(&text).map_err(|err| AppError::Internal(err.to_string()))?
        }
        None => Vec::new(),
    };
    let totals = add_paper(&candidates, &d.counts, &paper);
    if totals.iter().all(|(_, v)| *v == 0) {
        // Every ballot blank (or none cast): known only now, after the close; the election
        // ends with nobody elected rather than waiting for ever.
        let result = ElectionResult::Void(VoidResult {
            outcome: VoidOutcome::NoValidBallots,
            ballots: d.ballots,
        });
        return closed(tx, &e, board, &d, &counting, &paper, result, Vec::new()).await;
    }
    let outcome = count_totals(
        e.method,
        &candidates,
        &totals,
        usize::try_from(e.titular_seats).unwrap_or(0),
        usize::try_from(e.substitute_seats).unwrap_or(0),
    )?;
    let ordered = seat_order(&outcome.titular, &outcome.substitutes);
    let delegates = seat_candidates(tx, &Actor::System, &e, &ordered).await?;
    let result = ElectionResult::Counted(outcome);
    closed(tx, &e, board, &d, &counting, &paper, result, delegates).await
}

/// The result of a decrypted election kept, and recorded (`election.closed`).
#[allow(clippy::too_many_arguments)]
async fn closed(
    tx: &mut Tx,
    e: &ElectionRow,
    board: &str,
    d: &super::session_boards::Decrypted,
    counting: &Counting,
    paper: &[PaperLine],
    result: ElectionResult,
    delegates: Vec<crate::domain::DelegateId>,
) -> Result<(), AppError> {
    let text = serde_json::to_string(&result).map_err(|err| AppError::Internal(err.to_string()))?;
    on_tx!(tx, c => sqlx::query(
        "UPDATE elections SET ballot_digest = $1, result = $2, counting = NULL WHERE id = $3")
        .bind(&d.digest).bind(&text).bind(e.id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(NewAct {
        actor: None,
        kind: ActKind::ElectionClosed.as_str().into(),
        scope: format!("assembly:{}", e.assembly_id),
        payload: json!({
            "election_id": e.id, "organization_id": e.organization_id, "kind": e.kind,
            "voters": counting.voters, "ballots": d.ballots, "ballot_digest": d.digest,
            "board": board, "paper_count": false, "decrypted": d.counts, "paper_added": paper,
            "result": result, "delegate_ids": delegates,
        }),
    })
    .await?;
    Ok(())
}

/// What the close fixed, kept until the trustees decrypted.
async fn counting_of(tx: &mut Tx, id: ElectionId) -> Result<Counting, AppError> {
    let counting: Option<String> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT counting FROM elections WHERE id = $1")
        .bind(id).fetch_one(&mut **c).await)?;
    serde_json::from_str(counting.as_deref().unwrap_or_default())
        .map_err(|err| AppError::Internal(err.to_string()))
}

/// A recall vote decrypted: decided on the yes and no totals as a plaintext one
/// (`close_election::close_recall`); a blank ballot (a device may send one) counts as voting,
/// for neither.
async fn decided(
    tx: &mut Tx,
    e: &ElectionRow,
    board: &str,
    d: &super::session_boards::Decrypted,
) -> Result<(), AppError> {
    let counting = counting_of(tx, e.id).await?;
    let total = |i: usize| d.counts.get(i).copied().unwrap_or(0) as usize;
    let ballots: Vec<String> = std::iter::repeat_n(RECALL_CHOICES[0].to_string(), total(0))
        .chain(std::iter::repeat_n(RECALL_CHOICES[1].to_string(), total(1)))
        .collect();
    let (result, seated) = close_recall(tx, &Actor::System, e, &ballots, counting.voters).await?;
    let passed = result.passed;
    let result = ElectionResult::Recall(result);
    let text = serde_json::to_string(&result).map_err(|err| AppError::Internal(err.to_string()))?;
    on_tx!(tx, c => sqlx::query(
        "UPDATE elections SET ballot_digest = $1, result = $2, counting = NULL WHERE id = $3")
        .bind(&d.digest).bind(&text).bind(e.id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(NewAct {
        actor: None,
        kind: ActKind::ElectionClosed.as_str().into(),
        scope: format!("assembly:{}", e.assembly_id),
        payload: json!({
            "election_id": e.id, "organization_id": e.organization_id, "kind": e.kind,
            "voters": counting.voters, "ballots": d.ballots, "ballot_digest": d.digest,
            "board": board, "paper_count": false, "decrypted": d.counts, "result": result,
            "delegate_ids": seated, "recalled": passed,
        }),
    })
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_become_questions() {
        let names = ["Ana", "Beto", "Carla"].map(String::from);
        let q =
            |m, seats| question_for(ElectionKind::Delegates, m, seats, &names).map(|q| q.method);
        assert_eq!(q(ElectionMethod::Plurality, 1), Some(Method::ChooseOne));
        assert_eq!(
            q(ElectionMethod::Plurality, 2),
            Some(Method::Approval { max: 2 })
        );
        assert_eq!(
            q(ElectionMethod::Approval, 2),
            Some(Method::Approval { max: 3 })
        );
        for ranked in [
            ElectionMethod::Schulze,
            ElectionMethod::ScottishStv,
            ElectionMethod::YesNo,
        ] {
            assert_eq!(q(ranked, 1), None);
            assert!(!counts_encrypted(ElectionKind::Delegates, ranked));
        }
        assert!(counts_encrypted(
            ElectionKind::Recall,
            ElectionMethod::YesNo
        ));
        assert_eq!(recall_selections("no"), vec![vec![0, 1]]);
        assert_eq!(recall_selections("yes"), vec![vec![1, 0]]);
        let ids = [CandidateId(3), CandidateId(5), CandidateId(9)];
        assert_eq!(
            selections(&ids, &[CandidateId(9), CandidateId(3)]),
            vec![vec![1, 0, 1]]
        );
        assert_eq!(selections(&ids, &[]), vec![vec![0, 0, 0]]);
        // The page's boxes say the same positions, whatever order it lists the candidates in.
        let listed = [CandidateId(9), CandidateId(3), CandidateId(5)];
        assert_eq!(listed.map(|c| choice_of(listed, c)), [2, 0, 1]);
    }

    #[test]
    fn paper_is_added_to_the_decrypted_totals() {
        let cands: Vec<(CandidateId, String)> = [3, 5, 9]
            .map(|i| (CandidateId(i), format!("c{i}")))
            .to_vec();
        let paper = vec![
            PaperLine {
                candidate_id: CandidateId(9),
                votes: 4,
            },
            PaperLine {
                candidate_id: CandidateId(3),
                votes: 1,
            },
        ];
        assert_eq!(
            add_paper(&cands, &[2, 7, 0], &paper),
            vec![
                (CandidateId(3), 3),
                (CandidateId(5), 7),
                (CandidateId(9), 4)
            ]
        );
        assert_eq!(
            add_paper(&cands, &[2, 7, 0], &[]),
            vec![
                (CandidateId(3), 2),
                (CandidateId(5), 7),
                (CandidateId(9), 0)
            ]
        );
    }
}
