//! The three outputs of `asamblea apportion`: an aligned table, JSON and the hemicycle SVG.

use std::fmt::Write;

use asamblea_rules::apportion::{Apportionment, Explanation, Threshold, Tie};
use asamblea_rules::hemicycle::{hemicycle_svg, palette};
use serde_json::{Map, Value, json};

use super::{Outcome, Request};

/// Awards listed in full up to this many; beyond, the first and last ones.
const AWARDS_SHOWN: usize = 40;

/// Columns padded to their widest cell; `right[i]` aligns column `i` to the right.
fn aligned(rows: &[Vec<String>], right: &[bool]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c > 0 {
                line.push_str("  ");
            }
            let pad = widths[c].saturating_sub(cell.chars().count());
            if right.get(c).copied().unwrap_or(false) {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn describe_tie(t: &Tie) -> String {
    let noun = if t.seats == 1 { "seat" } else { "seats" };
    format!(
        "Tie at {} for {} {noun} among {}: awarded to {} ({}).",
        t.at,
        t.seats,
        t.contenders.join(", "),
        t.awarded_to.join(", "),
        t.resolved_by
    )
}

/// The table of one apportionment: entries, explanation, ties.
fn one_table(a: &Apportionment, threshold: Threshold) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Method: {}. Seats: {}. Votes: {}.",
        a.method, a.total_seats, a.total_votes
    );
    match &a.explanation {
        Explanation::Divisor { minimums, awards } => {
            let mut rows = vec![vec!["Entry".to_string(), "Votes".into(), "Seats".into()]];
            for ((name, seats), votes) in a.seats.iter().zip(&a.votes) {
                rows.push(vec![name.clone(), votes.to_string(), seats.to_string()]);
            }
            rows.push(vec![
                "Total".into(),
                a.total_votes.to_string(),
                a.total_seats.to_string(),
            ]);
            out.push_str(&aligned(&rows, &[false, true, true]));
            if !minimums.is_empty() {
                let list: Vec<String> = minimums.iter().map(|(n, s)| format!("{n} {s}")).collect();
                let _ = writeln!(out, "\nMinimums seated first: {}.", list.join(", "));
            }
            if !awards.is_empty() {
                out.push_str("\nSeats in order of quotient (votes / divisor):\n");
                let mut rows = vec![vec![
                    "#".to_string(),
                    "Entry".into(),
                    "Divisor".into(),
                    "Quotient".into(),
                ]];
                let skip = awards.len().saturating_sub(AWARDS_SHOWN);
                for (i, award) in awards.iter().enumerate() {
                    if skip > 0 && i >= AWARDS_SHOWN / 2 && i < AWARDS_SHOWN / 2 + skip {
                        if i == AWARDS_SHOWN / 2 {
                            rows.push(vec!["…".into(), "…".into(), "…".into(), "…".into()]);
                        }
                        continue;
                    }
                    rows.push(vec![
                        award.order.to_string(),
                        award.entry.clone(),
                        award.divisor.to_string(),
                        award.quotient.to_string(),
                    ]);
                }
                out.push_str(&aligned(&rows, &[true, false, true, true]));
                if skip > 0 {
                    let _ = writeln!(
                        out,
                        "({skip} awards not shown; --format json lists them all.)"
                    );
                }
            }
        }
        Explanation::LargestRemainder {
            quota,
            seats,
            rows: quota_rows,
        } => {
            let _ = writeln!(out, "Quota: {quota} votes per seat, for {seats} seats.");
            let mut rows = vec![vec![
                "Entry".to_string(),
                "Votes".into(),
                "Share".into(),
                "Integer".into(),
                "Remainder".into(),
                "+".into(),
                "Seats".into(),
                String::new(),
            ]];
            for r in quota_rows {
                let note = match r.bound {
                    Some(b) => format!("{b:?}").to_lowercase(),
                    None => String::new(),
                };
                rows.push(vec![
                    r.entry.clone(),
                    r.votes.to_string(),
                    r.share.to_string(),
                    r.integer.to_string(),
                    r.remainder.to_string(),
                    r.by_remainder.to_string(),
                    r.seats.to_string(),
                    note,
                ]);
            }
            rows.push(vec![
                "Total".into(),
                a.total_votes.to_string(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                a.total_seats.to_string(),
            ]);
            out.push_str(&aligned(
                &rows,
                &[false, true, true, true, true, true, true, false],
            ));
        }
    }
    if !a.below_threshold.is_empty() {
        let _ = writeln!(
            out,
            "\nBelow the threshold ({threshold}): {}.",
            a.below_threshold.join(", ")
        );
    }
    for t in &a.ties {
        let _ = writeln!(out, "\n{}", describe_tie(t));
    }
    out
}

pub(crate) fn table(req: &Request, outcome: &Outcome) -> String {
    let threshold = req.options.threshold;
    let mut out = match outcome {
        Outcome::Single(a) => one_table(a, threshold),
        Outcome::Two(t) => {
            let mut out = if req.groups.iter().any(|g| g.share.is_some()) {
                String::from("Upper tier: seats to groups by their shares (the Votes column).\n")
            } else {
                String::from("Upper tier: seats to groups by the summed votes of their entries.\n")
            };
            out.push_str(&one_table(&t.groups, Threshold::NONE));
            for (group, a) in &t.within {
                let _ = writeln!(out, "\nGroup {group}: {} seats.", a.total_seats);
                out.push_str(&one_table(a, threshold));
            }
            out
        }
    };
    if out.ends_with("\n\n") {
        out.pop();
    }
    out
}

pub(crate) fn json(req: &Request, outcome: &Outcome) -> String {
    let entry_rows = |seats: &[(String, u32)]| -> Vec<Value> {
        req.file
            .entries
            .iter()
            .zip(seats)
            .map(|(e, (_, s))| json!({"name": e.name, "votes": e.votes, "group": e.group, "seats": s}))
            .collect()
    };
    let seat_map = |seats: &[(String, u32)]| -> Value {
        Value::Object(
            seats
                .iter()
                .map(|(n, s)| (n.clone(), json!(s)))
                .collect::<Map<_, _>>(),
        )
    };
    let threshold =
        (req.options.threshold != Threshold::NONE).then(|| req.options.threshold.to_string());
    let mut v = json!({
        "method": req.method.name(),
        "seats_total": req.seats,
        "threshold": threshold,
        "tie_break": req.options.tie_break,
    });
    match outcome {
        Outcome::Single(a) => {
            v["seats"] = seat_map(&a.seats);
            v["entries"] = Value::Array(entry_rows(&a.seats));
            v["total_votes"] = json!(a.total_votes);
            v["below_threshold"] = json!(a.below_threshold);
            v["ties"] = json!(a.ties);
            v["explanation"] = json!(a.explanation);
        }
        Outcome::Two(t) => {
            v["seats"] = seat_map(&t.seats);
            v["entries"] = Value::Array(entry_rows(&t.seats));
            v["groups"] = seat_map(&t.groups.seats);
            v["group_apportionment"] = json!(t.groups);
            v["within"] = Value::Object(
                t.within
                    .iter()
                    .map(|(g, a)| (g.clone(), json!(a)))
                    .collect(),
            );
            let mut ties: Vec<Value> = t
                .groups
                .ties
                .iter()
                .map(|x| json!({"tier": "groups", "tie": x}))
                .collect();
            for (g, a) in &t.within {
                ties.extend(
                    a.ties
                        .iter()
                        .map(|x| json!({"tier": "within", "group": g, "tie": x})),
                );
            }
            v["ties"] = Value::Array(ties);
        }
    }
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

pub(crate) fn svg(outcome: &Outcome, title: Option<&str>) -> String {
    let parts: Vec<(String, u32)> = match outcome {
        Outcome::Single(a) => a.seats.iter().filter(|(_, s)| *s > 0).cloned().collect(),
        Outcome::Two(t) => t
            .groups
            .seats
            .iter()
            .filter(|(_, s)| *s > 0)
            .cloned()
            .collect(),
    };
    let groups: Vec<(&str, u32, &str)> = parts
        .iter()
        .enumerate()
        .map(|(i, (n, s))| (n.as_str(), *s, palette(i)))
        .collect();
    hemicycle_svg(&groups, title)
}
