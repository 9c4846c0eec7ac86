//! PrefLib ordinal files: `.soc` (strict complete), `.soi` (strict incomplete) and `.toc` (with
//! ties), in the current format:
//!
//! ```text
//! # FILE NAME: 00001-00000001.soi
//! # TITLE: Some election
//! # NUMBER ALTERNATIVES: 3
//! # ALTERNATIVE NAME 1: Alice
//! # ALTERNATIVE NAME 2: Bob
//! # ALTERNATIVE NAME 3: Carol
//! 12: 1,2,3
//! 5: 2,{1,3}
//! ```
//!
//! and the older one (first line the number of alternatives, then `id,name` lines, a
//! `voters,sum,unique` line and `count,1,2,{3,4}` lines). `{...}` groups candidates ranked
//! equally. Alternatives are numbered from 1.

use asamblea_rules::count::{BallotBox, Election};

use crate::blt::{MAX_CANDIDATES, RankBuilder};
use crate::seen::offset_in;
use crate::{ParseError, Seen};

/// Parses a PrefLib file (current or older format).
pub fn parse(text: &str) -> Result<Election, ParseError> {
    parse_seen(text, &Seen::new())
}

/// [`parse`], noting in `seen` how far it has read (for a progress bar).
pub fn parse_seen(text: &str, seen: &Seen) -> Result<Election, ParseError> {
    let parsed = parse_either(text, seen);
    if parsed.is_ok() {
        seen.done(text.len());
    }
    parsed
}

fn parse_either(text: &str, seen: &Seen) -> Result<Election, ParseError> {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if !first.starts_with('#') && !first.contains(':') && first.parse::<usize>().is_ok() {
        return parse_old(text, seen);
    }
    let mut n: Option<usize> = None;
    let mut names: Vec<(usize, String)> = Vec::new();
    let mut title = None;
    let mut ballots = BallotBox::new();
    let mut rb: Option<RankBuilder> = None;
    let mut any_line = 0;
    for (i, raw) in text.lines().enumerate() {
        let ln = i + 1;
        seen.at_line(ln, offset_in(text, raw));
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        any_line = ln;
        if let Some(meta) = line.strip_prefix('#') {
            let Some((key, value)) = meta.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_uppercase();
            let value = value.trim();
            if key == "NUMBER ALTERNATIVES" {
                let v: usize = value.parse().map_err(|_| {
                    ParseError::at_field(
                        ln,
                        "NUMBER ALTERNATIVES",
                        format!("expected a whole number, found {value:?}"),
                    )
                })?;
                n = Some(v);
            } else if key == "TITLE" {
                title = Some(value.to_string());
            } else if let Some(id) = key.strip_prefix("ALTERNATIVE NAME") {
                let id: usize = id.trim().parse().map_err(|_| {
                    ParseError::at_field(
                        ln,
                        "ALTERNATIVE NAME",
                        format!("expected \"ALTERNATIVE NAME <number>\", found {key:?}"),
                    )
                })?;
                if id == 0 || id > MAX_CANDIDATES {
                    return Err(ParseError::at_field(
                        ln,
                        "ALTERNATIVE NAME",
                        format!("expected an alternative from 1 to {MAX_CANDIDATES}, found {id}"),
                    ));
                }
                names.push((id, value.to_string()));
            }
            continue;
        }
        let count = *n.get_or_insert_with(|| names.iter().map(|(id, _)| *id).max().unwrap_or(0));
        if count == 0 || count > MAX_CANDIDATES {
            return Err(ParseError::at_line(
                ln,
                format!(
                    "expected \"# NUMBER ALTERNATIVES: N\" (1 to {MAX_CANDIDATES}) before the first order"
                ),
            ));
        }
        let rb = rb.get_or_insert_with(|| RankBuilder::new(count));
        let Some((weight, order)) = line.split_once(':') else {
            return Err(ParseError::at_line(
                ln,
                "expected \"COUNT: ORDER\", like \"12: 1,2,{3,4}\"",
            ));
        };
        let weight: u64 = weight.trim().parse().map_err(|_| {
            ParseError::at_field(
                ln,
                "count",
                format!("expected a whole number, found {:?}", weight.trim()),
            )
        })?;
        parse_order(order, count, ln, rb)?;
        rb.finish(&mut ballots, weight);
    }
    let count = n.unwrap_or_else(|| names.iter().map(|(id, _)| *id).max().unwrap_or(0));
    if count == 0 || count > MAX_CANDIDATES {
        return Err(ParseError::at_line(
            any_line.max(1),
            "expected \"# NUMBER ALTERNATIVES: N\" with N from 1",
        ));
    }
    Ok(Election {
        parties: Vec::new(),
        title,
        candidates: candidate_names(count, &names),
        withdrawn: Vec::new(),
        seats: None,
        ballots: ballots.into_ballots(),
    })
}

/// Names by id, `"1"`, `"2"`... for alternatives the file does not name.
fn candidate_names(n: usize, names: &[(usize, String)]) -> Vec<String> {
    let mut out: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
    for (id, name) in names {
        if (1..=n).contains(id) {
            out[id - 1] = name.clone();
        }
    }
    out
}

/// Parses `1,2,{3,4},5` into `rb`.
fn parse_order(order: &str, n: usize, ln: usize, rb: &mut RankBuilder) -> Result<(), ParseError> {
    let mut group: Option<Vec<u32>> = None;
    let mut rank: Vec<u32> = Vec::with_capacity(1);
    for piece in order.split(',') {
        let mut tok = piece.trim();
        let opens = tok.starts_with('{');
        if opens {
            if group.is_some() {
                return Err(ParseError::at_line(ln, "expected '}' before a new '{'"));
            }
            group = Some(Vec::new());
            tok = tok[1..].trim_start();
        }
        let closes = tok.ends_with('}');
        if closes {
            tok = tok[..tok.len() - 1].trim_end();
        }
        if !tok.is_empty() {
            let id: usize = tok.parse().map_err(|_| {
                ParseError::at_field(
                    ln,
                    "alternative",
                    format!("expected an alternative number, found {tok:?}"),
                )
            })?;
            if id == 0 || id > n {
                return Err(ParseError::at_field(
                    ln,
                    "alternative",
                    format!("expected an alternative from 1 to {n}, found {id}"),
                ));
            }
            match group.as_mut() {
                Some(g) => g.push(id as u32 - 1),
                None => {
                    rank.clear();
                    rank.push(id as u32 - 1);
                    rb.push_rank(&rank);
                }
            }
        } else if !opens && !closes && !order.trim().is_empty() {
            return Err(ParseError::at_line(
                ln,
                "expected an alternative number between commas",
            ));
        }
        if closes {
            let Some(g) = group.take() else {
                return Err(ParseError::at_line(ln, "expected '{' before '}'"));
            };
            rb.push_rank(&g);
        }
    }
    if group.is_some() {
        return Err(ParseError::at_line(ln, "expected '}' closing the group"));
    }
    Ok(())
}

/// The older PrefLib format.
fn parse_old(text: &str, seen: &Seen) -> Result<Election, ParseError> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty());
    let (ln, first) = lines.next().unwrap_or((1, ""));
    let n: usize = first
        .parse()
        .map_err(|_| ParseError::at_line(ln, "expected the number of alternatives"))?;
    if n == 0 || n > MAX_CANDIDATES {
        return Err(ParseError::at_line(
            ln,
            format!("expected 1 to {MAX_CANDIDATES} alternatives, found {n}"),
        ));
    }
    let mut names = Vec::new();
    for _ in 0..n {
        let Some((ln, line)) = lines.next() else {
            return Err(ParseError::whole(format!(
                "expected {n} lines \"ID,NAME\" after the first line"
            )));
        };
        let Some((id, name)) = line.split_once(',') else {
            return Err(ParseError::at_line(ln, "expected \"ID,NAME\""));
        };
        let id: usize = id
            .trim()
            .parse()
            .map_err(|_| ParseError::at_field(ln, "id", "expected an alternative number"))?;
        if id == 0 || id > n {
            return Err(ParseError::at_field(
                ln,
                "id",
                format!("expected an alternative from 1 to {n}, found {id}"),
            ));
        }
        names.push((id, name.trim().to_string()));
    }
    let Some((ln, _totals)) = lines.next() else {
        return Err(ParseError::whole(
            "expected a line \"VOTERS,SUM,UNIQUE\" after the names",
        ));
    };
    let _ = ln;
    let mut ballots = BallotBox::new();
    let mut rb = RankBuilder::new(n);
    for (ln, line) in lines {
        seen.at_line(ln, offset_in(text, line));
        let Some((weight, order)) = line.split_once(',') else {
            return Err(ParseError::at_line(
                ln,
                "expected \"COUNT,ORDER\", like \"12,1,2,{3,4}\"",
            ));
        };
        let weight: u64 = weight.trim().parse().map_err(|_| {
            ParseError::at_field(
                ln,
                "count",
                format!("expected a whole number, found {:?}", weight.trim()),
            )
        })?;
        parse_order(order, n, ln, &mut rb)?;
        rb.finish(&mut ballots, weight);
    }
    Ok(Election {
        parties: Vec::new(),
        title: None,
        candidates: candidate_names(n, &names),
        withdrawn: Vec::new(),
        seats: None,
        ballots: ballots.into_ballots(),
    })
}

/// Writes `election` in the current PrefLib format: `.soc`, `.soi` or `.toc` data, most common
/// orders first. Withdrawn candidates are left out of the orders.
pub fn write(election: &Election) -> String {
    use std::fmt::Write;
    let n = election.candidates.len();
    let mut ballots: Vec<_> = election.ballots.iter().filter(|b| b.weight > 0).collect();
    ballots.sort_by_key(|b| std::cmp::Reverse(b.weight));
    let mut ties = false;
    let mut complete = true;
    let mut rows: Vec<(u64, String)> = Vec::new();
    for b in ballots {
        let ranks: Vec<Vec<u32>> = b
            .ranks()
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .filter(|c| !election.withdrawn.contains(c))
                    .collect::<Vec<_>>()
            })
            .filter(|r: &Vec<u32>| !r.is_empty())
            .collect();
        let listed: usize = ranks.iter().map(Vec::len).sum();
        if listed + election.withdrawn.len() < n {
            complete = false;
        }
        let parts: Vec<String> = ranks
            .iter()
            .map(|r| {
                let ids: Vec<String> = r.iter().map(|c| (c + 1).to_string()).collect();
                if ids.len() == 1 {
                    ids[0].clone()
                } else {
                    ties = true;
                    format!("{{{}}}", ids.join(","))
                }
            })
            .collect();
        rows.push((b.weight, parts.join(",")));
    }
    let kind = if ties {
        "toc"
    } else if complete {
        "soc"
    } else {
        "soi"
    };
    let voters: u64 = rows.iter().map(|r| r.0).sum();
    let mut out = String::new();
    let _ = writeln!(out, "# FILE NAME: ballots.{kind}");
    let _ = writeln!(
        out,
        "# TITLE: {}",
        election.title.as_deref().unwrap_or("").replace('\n', " ")
    );
    let _ = writeln!(out, "# DATA TYPE: {kind}");
    let _ = writeln!(out, "# NUMBER ALTERNATIVES: {n}");
    let _ = writeln!(out, "# NUMBER VOTERS: {voters}");
    let _ = writeln!(out, "# NUMBER UNIQUE ORDERS: {}", rows.len());
    for (i, name) in election.candidates.iter().enumerate() {
        let _ = writeln!(
            out,
            "# ALTERNATIVE NAME {}: {}",
            i + 1,
            name.replace('\n', " ")
        );
    }
    for (w, order) in rows {
        let _ = writeln!(out, "{w}: {order}");
    }
    out
}
