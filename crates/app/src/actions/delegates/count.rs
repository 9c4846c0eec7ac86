//! Turning an election's ballot box into titular delegates and ranked substitutes, with the
//! counting engine (`asamblea_rules::count`); nothing is counted here by hand.
//!
//! Titular delegates: one count of the election's method for the titular seats. Substitutes, in
//! order: the winners so far are withdrawn and the same method is counted again for one seat; the
//! winner is the next substitute. So substitute 1 is the candidate the voters prefer once the
//! titular delegates are taken out, substitute 2 the next one, and so on.

use asamblea_rules::count::{CountOptions, CountResult, Election, Method, count, format_fixed};
use serde_json::{Value, json};

use crate::AppError;

/// The methods an election by the base may use.
pub const METHODS: [&str; 6] = [
    "plurality",
    "approval",
    "scottish-stv",
    "meek",
    "wigm",
    "schulze",
];

pub fn parse_method(name: &str) -> Result<Method, AppError> {
    if !METHODS.contains(&name) {
        return Err(AppError::invalid("method", "dlg-error-election-method"));
    }
    name.parse()
        .map_err(|_| AppError::invalid("method", "dlg-error-election-method"))
}

/// What came out of a count: candidate ids elected titular and substitute (in rank order), and
/// the explanation to publish.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub titular: Vec<i64>,
    pub substitutes: Vec<i64>,
    pub explanation: Value,
}

/// Counts `ballots` (each a list of candidate ids in order of preference) for `titular` seats
/// and up to `substitutes` substitutes. Candidates are `(id, name)`.
pub fn count_delegates(
    method: Method,
    candidates: &[(i64, String)],
    ballots: &[Vec<i64>],
    titular: usize,
    substitutes: usize,
) -> Result<Outcome, AppError> {
    if candidates.is_empty() {
        return Err(AppError::Conflict {
            key: "dlg-error-election-no-candidates",
        });
    }
    let index = |id: i64| {
        candidates
            .iter()
            .position(|(c, _)| *c == id)
            .map(|i| i as u32)
    };
    let mut election = Election {
        parties: Vec::new(),
        title: None,
        candidates: candidates.iter().map(|(_, n)| n.clone()).collect(),
        withdrawn: Vec::new(),
        seats: None,
        ballots: Vec::new(),
    };
    let mut bx = asamblea_rules::count::BallotBox::new();
    for b in ballots {
        let prefs: Vec<u32> = b.iter().filter_map(|&id| index(id)).collect();
        bx.add(&prefs, 1);
    }
    election.ballots = bx.into_ballots();
    let seats = titular.min(candidates.len());
    let first = count(
        &election,
        &CountOptions {
            method,
            seats,
            seed: None,
        },
    )
    .map_err(count_error)?;
    let mut winners: Vec<u32> = first.elected.clone();
    let titular_ids: Vec<i64> = first
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
                method,
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
    let explanation = json!({
        "method": method.name(),
        "seats": seats,
        "count": explain(&first, candidates),
        "substitute_counts": sub_counts,
    });
    Ok(Outcome {
        titular: titular_ids,
        substitutes: subs,
        explanation,
    })
}

fn count_error(e: asamblea_rules::count::CountError) -> AppError {
    use asamblea_rules::count::CountError as E;
    match e {
        E::NoValidBallots => AppError::Conflict {
            key: "dlg-error-election-no-ballots",
        },
        E::NoCandidates | E::MoreSeatsThanCandidates { .. } => AppError::Conflict {
            key: "dlg-error-election-no-candidates",
        },
        other => AppError::Internal(other.to_string()),
    }
}

/// A count as JSON: names, tallies as decimal strings (no floats in the record), rounds, ties.
pub fn explain(r: &CountResult, candidates: &[(i64, String)]) -> Value {
    let name = |i: &u32| candidates[*i as usize].1.clone();
    let id = |i: &u32| candidates[*i as usize].0;
    let rounds: Vec<Value> = r
        .rounds
        .iter()
        .enumerate()
        .map(|(n, round)| {
            let tallies: Vec<Value> = round
                .tallies
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    json!({"candidate_id": candidates[i].0, "name": candidates[i].1,
                           "votes": format_fixed(*v, r.decimals)})
                })
                .collect();
            json!({
                "round": n + 1,
                "action": round.action,
                "quota": round.quota.map(|q| format_fixed(q, r.decimals)),
                "exhausted": format_fixed(round.exhausted, r.decimals),
                "tallies": tallies,
                "elected": round.elected.iter().map(name).collect::<Vec<_>>(),
                "excluded": round.excluded.iter().map(name).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "valid": r.valid,
        "invalid": r.invalid,
        "quota": r.quota.map(|q| format_fixed(q, r.decimals)),
        "elected": r.elected.iter().map(id).collect::<Vec<_>>(),
        "elected_names": r.elected.iter().map(name).collect::<Vec<_>>(),
        "rounds": rounds,
        "ties": r.ties.iter().map(|t| json!({
            "round": t.round, "between": t.between.iter().map(name).collect::<Vec<_>>(),
            "resolved_by": t.resolved_by.name(), "chosen": name(&t.chosen)})).collect::<Vec<_>>(),
        "seed": r.seed.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cands() -> Vec<(i64, String)> {
        vec![
            (10, "Ana".into()),
            (11, "Beto".into()),
            (12, "Ciro".into()),
            (13, "Dora".into()),
        ]
    }

    #[test]
    fn plurality_titulars_then_substitutes_in_order() {
        let ballots = vec![
            vec![10],
            vec![10],
            vec![10],
            vec![11],
            vec![11],
            vec![12],
            vec![13, 12],
        ];
        let o = count_delegates(Method::Plurality, &cands(), &ballots, 1, 2).unwrap();
        assert_eq!(o.titular, [10]);
        assert_eq!(o.substitutes[0], 11);
        assert_eq!(o.substitutes.len(), 2);
    }

    #[test]
    fn stv_two_seats_and_a_substitute() {
        let mut ballots = Vec::new();
        for _ in 0..5 {
            ballots.push(vec![10, 11]);
        }
        for _ in 0..3 {
            ballots.push(vec![12, 13]);
        }
        ballots.push(vec![13, 12]);
        let o = count_delegates(Method::ScottishStv, &cands(), &ballots, 2, 1).unwrap();
        assert_eq!(o.titular.len(), 2);
        assert!(o.titular.contains(&10) && o.titular.contains(&12));
        assert_eq!(o.substitutes.len(), 1);
        assert!(
            !o.explanation["count"]["rounds"]
                .as_array()
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn no_ballots_is_a_clear_conflict() {
        assert!(matches!(
            count_delegates(Method::Plurality, &cands(), &[], 1, 1),
            Err(AppError::Conflict { .. })
        ));
    }

    #[test]
    fn digest_ignores_order() {
        let a = super::super::ballot_box_digest(&["1,2".into(), "2".into()]);
        let b = super::super::ballot_box_digest(&["2".into(), "1,2".into()]);
        assert_eq!(a, b);
    }
}
