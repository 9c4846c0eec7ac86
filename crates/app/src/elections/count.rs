//! Turning an election's ballot box into titular delegates and ranked substitutes, with the
//! counting engine (`asamblea_rules::count`); nothing is counted here by hand.
//!
//! Titular delegates: one count of the election's method for the titular seats. Substitutes, in
//! order: the winners so far are withdrawn and the same method is counted again for one seat; the
//! winner is the next substitute. So substitute 1 is the candidate the voters prefer once the
//! titular delegates are taken out, substitute 2 the next one, and so on.

use asamblea_rules::count::{
    BallotBox, CountError, CountOptions, CountResult, Election, TieResolution, count, format_fixed,
};

use super::result::{CountReport, CountRound, CountTie, CountedResult, RoundTally, TieBreak};
use crate::AppError;
use crate::domain::{CandidateId, ElectionMethod};

/// Counts `ballots` (each a list of candidate ids in order of preference) for `titular` seats
/// and up to `substitutes` substitutes. Candidates are `(id, name)`.
pub fn count_delegates(
    method: ElectionMethod,
    candidates: &[(CandidateId, String)],
    ballots: &[Vec<CandidateId>],
    titular: usize,
    substitutes: usize,
) -> Result<CountedResult, AppError> {
    let weighted: Vec<(&[CandidateId], u64)> = ballots.iter().map(|b| (b.as_slice(), 1)).collect();
    count_weighted(method, candidates, &weighted, titular, substitutes)
}

/// A count made on paper, `(candidate, votes)` in any order: the titular delegates are the ones
/// with most votes and the substitutes the next ones, by the plurality rule of the count engine,
/// so a tie at a cut is drawn by lot with the seed shown (never decided by the order the lines
/// came in: they are taken in the order of the candidates' ids, and the seed is derived from
/// them). Only the candidates listed take part.
pub fn count_paper(
    all: &[(CandidateId, String)],
    lines: &[(CandidateId, u64)],
    titular: usize,
    substitutes: usize,
) -> Result<CountedResult, AppError> {
    let mut listed: Vec<(CandidateId, u64)> = lines.to_vec();
    listed.sort_by_key(|(c, _)| *c);
    let candidates: Vec<(CandidateId, String)> = listed
        .iter()
        .filter_map(|(id, _)| all.iter().find(|(c, _)| c == id).cloned())
        .collect();
    count_totals(
        ElectionMethod::Plurality,
        &candidates,
        &listed,
        titular,
        substitutes,
    )
}

/// Counts vote totals per candidate, `(candidate, votes)` (an encrypted board's decrypted
/// tally): each total as that many ballots marking that candidate alone, with the election's
/// method (plurality or approval, whose tallies are the totals), so titular seats go to the
/// most voted and substitutes to the next ones; a tie is broken as in any count (an earlier
/// round, or the lot with its seed).
pub fn count_totals(
    method: ElectionMethod,
    candidates: &[(CandidateId, String)],
    totals: &[(CandidateId, u64)],
    titular: usize,
    substitutes: usize,
) -> Result<CountedResult, AppError> {
    let singles: Vec<([CandidateId; 1], u64)> = totals.iter().map(|&(c, v)| ([c], v)).collect();
    let weighted: Vec<(&[CandidateId], u64)> =
        singles.iter().map(|(b, w)| (b.as_slice(), *w)).collect();
    count_weighted(method, candidates, &weighted, titular, substitutes)
}

/// [`count_delegates`] for ballots with a weight (how many voters cast the same list).
fn count_weighted(
    method: ElectionMethod,
    candidates: &[(CandidateId, String)],
    ballots: &[(&[CandidateId], u64)],
    titular: usize,
    substitutes: usize,
) -> Result<CountedResult, AppError> {
    let rule = method
        .rule()
        .ok_or(AppError::invalid("method", "dlg-error-election-method"))?;
    if candidates.is_empty() {
        return Err(AppError::Conflict {
            key: "dlg-error-election-no-candidates",
        });
    }
    let index = |id: CandidateId| {
        candidates
            .iter()
            .position(|(c, _)| *c == id)
            .map(|i| i as u32)
    };
    let mut election = Election {
        title: None,
        candidates: candidates.iter().map(|(_, n)| n.clone()).collect(),
        parties: Vec::new(),
        withdrawn: Vec::new(),
        seats: None,
        ballots: Vec::new(),
    };
    let mut bx = BallotBox::new();
    for (b, weight) in ballots {
        let prefs: Vec<u32> = b.iter().filter_map(|&id| index(id)).collect();
        // A blank ballot was cast, for nobody: it does not weigh on the quota.
        if prefs.is_empty() || *weight == 0 {
            continue;
        }
        bx.add(&prefs, *weight);
    }
    election.ballots = bx.into_ballots();
    let seats = titular.min(candidates.len());
    let first = count(
        &election,
        &CountOptions {
            method: rule,
            seats,
            seed: None,
        },
    )
    .map_err(count_error)?;
    let mut winners: Vec<u32> = first.elected.clone();
    let titular_ids: Vec<CandidateId> = first
        .elected
        .iter()
        .map(|&i| candidates[i as usize].0)
        .collect();
    let mut subs = Vec::new();
    let mut sub_counts = Vec::new();
    while subs.len() < substitutes && winners.len() < candidates.len() {
        election.withdrawn = winners.clone();
        let r = match count(
            &election,
            &CountOptions {
                method: rule,
                seats: 1,
                seed: None,
            },
        ) {
            Ok(r) => r,
            Err(_) => break,
        };
        let Some(&w) = r.elected.first() else { break };
        winners.push(w);
        subs.push(candidates[w as usize].0);
        sub_counts.push(explain(&r, candidates));
    }
    Ok(CountedResult {
        method,
        seats,
        count: explain(&first, candidates),
        substitute_counts: sub_counts,
        titular: titular_ids,
        substitutes: subs,
    })
}

fn count_error(e: CountError) -> AppError {
    match e {
        CountError::NoValidBallots => AppError::Conflict {
            key: "dlg-error-election-no-ballots",
        },
        CountError::NoCandidates | CountError::MoreSeatsThanCandidates { .. } => {
            AppError::Conflict {
                key: "dlg-error-election-no-candidates",
            }
        }
        other => AppError::Internal(other.to_string()),
    }
}

/// A count with candidates by name, tallies as decimal strings: rounds and ties.
pub fn explain(r: &CountResult, candidates: &[(CandidateId, String)]) -> CountReport {
    let name = |i: &u32| candidates[*i as usize].1.clone();
    let id = |i: &u32| candidates[*i as usize].0;
    let names: Vec<String> = candidates.iter().map(|(_, n)| n.clone()).collect();
    let rounds = r
        .rounds
        .iter()
        .enumerate()
        .map(|(n, round)| CountRound {
            round: n + 1,
            action: round.action.words(&names),
            step: Some(round.action),
            quota: round.quota.map(|q| format_fixed(q, r.decimals)),
            exhausted: format_fixed(round.exhausted, r.decimals),
            tallies: round
                .tallies
                .iter()
                .enumerate()
                .map(|(i, v)| RoundTally {
                    candidate_id: candidates[i].0,
                    name: candidates[i].1.clone(),
                    votes: format_fixed(*v, r.decimals),
                })
                .collect(),
            elected: round.elected.iter().map(name).collect(),
            excluded: round.excluded.iter().map(name).collect(),
        })
        .collect();
    CountReport {
        valid: r.valid,
        invalid: r.invalid,
        quota: r.quota.map(|q| format_fixed(q, r.decimals)),
        elected: r.elected.iter().map(id).collect(),
        elected_names: r.elected.iter().map(name).collect(),
        rounds,
        ties: r
            .ties
            .iter()
            .map(|t| CountTie {
                round: t.round,
                between: t.between.iter().map(name).collect(),
                resolved_by: match t.resolved_by {
                    TieResolution::EarlierStage => TieBreak::EarlierStage,
                    TieResolution::Lot => TieBreak::Lot,
                },
                chosen: name(&t.chosen),
            })
            .collect(),
        seed: r.seed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cands() -> Vec<(CandidateId, String)> {
        vec![
            (CandidateId(10), "Ana".into()),
            (CandidateId(11), "Beto".into()),
            (CandidateId(12), "Ciro".into()),
            (CandidateId(13), "Dora".into()),
        ]
    }

    fn ballot(ids: &[i64]) -> Vec<CandidateId> {
        ids.iter().copied().map(CandidateId).collect()
    }

    #[test]
    fn plurality_titulars_then_substitutes_in_order() {
        let ballots: Vec<_> = [&[10][..], &[10], &[10], &[11], &[11], &[12], &[13, 12]]
            .iter()
            .map(|b| ballot(b))
            .collect();
        let o = count_delegates(ElectionMethod::Plurality, &cands(), &ballots, 1, 2).unwrap();
        assert_eq!(o.titular, [CandidateId(10)]);
        assert_eq!(o.substitutes[0], CandidateId(11));
        assert_eq!(o.substitutes.len(), 2);
    }

    #[test]
    fn stv_two_seats_and_a_substitute() {
        let mut ballots = Vec::new();
        for _ in 0..5 {
            ballots.push(ballot(&[10, 11]));
        }
        for _ in 0..3 {
            ballots.push(ballot(&[12, 13]));
        }
        ballots.push(ballot(&[13, 12]));
        let o = count_delegates(ElectionMethod::ScottishStv, &cands(), &ballots, 2, 1).unwrap();
        assert_eq!(o.titular.len(), 2);
        assert!(o.titular.contains(&CandidateId(10)) && o.titular.contains(&CandidateId(12)));
        assert_eq!(o.substitutes.len(), 1);
        assert!(!o.count.rounds.is_empty());
    }

    #[test]
    fn no_ballots_is_a_clear_conflict() {
        assert!(matches!(
            count_delegates(ElectionMethod::Plurality, &cands(), &[], 1, 1),
            Err(AppError::Conflict { .. })
        ));
    }

    #[test]
    fn a_recall_vote_is_not_counted() {
        assert!(matches!(
            count_delegates(ElectionMethod::YesNo, &cands(), &[], 1, 1),
            Err(AppError::Invalid { .. })
        ));
    }

    #[test]
    fn a_paper_tie_is_drawn_by_lot_whatever_the_order_of_the_lines() {
        // Ana leads; Beto, Ciro and Dora tie on 7 for the second seat, and again for the
        // substitute.
        let lines = [
            (CandidateId(10), 20),
            (CandidateId(11), 7),
            (CandidateId(12), 7),
            (CandidateId(13), 7),
        ];
        let a = count_paper(&cands(), &lines, 2, 1).unwrap();
        for order in [[3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]] {
            let shuffled: Vec<_> = order.iter().map(|&i| lines[i]).collect();
            let b = count_paper(&cands(), &shuffled, 2, 1).unwrap();
            assert_eq!((&a.titular, &a.substitutes), (&b.titular, &b.substitutes));
            assert_eq!(a.count.seed, b.count.seed);
        }
        assert_eq!(a.titular[0], CandidateId(10));
        let tie = &a.count.ties[0];
        assert_eq!(tie.resolved_by, TieBreak::Lot);
        assert_eq!(tie.between.len(), 3);
        assert_eq!(a.substitute_counts[0].ties[0].between.len(), 2);
        assert!(!a.count.seed.is_empty());
    }

    #[test]
    fn each_round_carries_its_step() {
        let ballots = vec![ballot(&[10]), ballot(&[11]), ballot(&[10])];
        let o = count_delegates(ElectionMethod::Plurality, &cands(), &ballots, 1, 0).unwrap();
        let v = serde_json::to_value(&o).unwrap();
        assert_eq!(
            v["count"]["rounds"][0]["step"],
            serde_json::json!({"step": "first-preferences"})
        );
        let mut ballots = Vec::new();
        for _ in 0..5 {
            ballots.push(ballot(&[10, 11]));
        }
        ballots.push(ballot(&[12, 13]));
        ballots.push(ballot(&[13, 11]));
        let o = count_delegates(ElectionMethod::ScottishStv, &cands(), &ballots, 2, 0).unwrap();
        let steps: Vec<_> = o.count.rounds.iter().filter_map(|r| r.step).collect();
        assert!(
            steps.contains(&asamblea_rules::count::Step::Surplus(0)),
            "{steps:?}"
        );
    }

    #[test]
    fn the_report_is_the_published_json() {
        let ballots = vec![ballot(&[10]), ballot(&[11]), ballot(&[10])];
        let o = count_delegates(ElectionMethod::Plurality, &cands(), &ballots, 1, 0).unwrap();
        let v = serde_json::to_value(&o).unwrap();
        assert_eq!(v["method"], "plurality");
        assert_eq!(v["titular"], serde_json::json!([10]));
        assert_eq!(v["count"]["elected_names"], serde_json::json!(["Ana"]));
        assert_eq!(v["count"]["rounds"][0]["tallies"][0]["candidate_id"], 10);
    }
}
