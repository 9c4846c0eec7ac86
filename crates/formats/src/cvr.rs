//! Cast-vote-record CSV: a header row, then one ballot per row, one column per rank.
//!
//! ```text
//! ballot_id,weight,rank1,rank2,rank3
//! 1,1,Alice,,Bob
//! 2,3,Bob,overvote,Carol
//! 3,1,Carol,Alice=Bob,
//! ```
//!
//! Columns are recognised by their header (case and spacing ignored):
//! - rank columns: `rank1`, `rank 2`, `choice_3`, `preference4`, `pref5` or a bare number; when
//!   no header looks like a rank, every column that is not an id or weight column is a rank;
//! - an optional weight column: `weight`, `count` or `multiplier` (whole numbers; empty means 1);
//! - an optional id column (`id`, `ballot`, `ballot id`, `ballotid`, `ballot_id`, `cvr`,
//!   `record`...), ignored like any other column.
//!
//! Cells: a candidate name (candidates are numbered in order of first appearance); empty,
//! `skipped` or `undervote` is a skipped rank; `overvote`, or several names joined by `=`, is an
//! overvote. A candidate repeated on a ballot counts at its first rank only.
//!
//! The rules for skipped ranks and overvotes are [`CvrOptions`]. Default, as in most US
//! instant-runoff rules: skipped ranks are passed over, and an overvote ends the ballot (the
//! ranks before it still count).

use std::collections::HashMap;

use asamblea_rules::count::{BallotBox, Election};

use crate::blt::RankBuilder;
use crate::{ParseError, Seen};

/// What a skipped rank does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SkippedRule {
    /// Pass over it and read the next rank (default).
    #[default]
    Pass,
    /// The ballot ends at the first skipped rank.
    End,
}

/// What an overvote does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OvervoteRule {
    /// The ballot ends at the overvote (default).
    #[default]
    End,
    /// Pass over the overvoted rank and read the next one.
    Pass,
}

/// How to read skipped ranks and overvotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CvrOptions {
    pub skipped: SkippedRule,
    pub overvote: OvervoteRule,
}

/// The role of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Rank,
    Weight,
    Other,
}

fn normalise(h: &str) -> String {
    h.trim()
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

fn is_rank_header(h: &str) -> bool {
    let h = normalise(h);
    let digits = h.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let word = &h[..h.len() - digits.len()];
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && matches!(word, "" | "rank" | "choice" | "preference" | "pref")
}

fn is_weight_header(h: &str) -> bool {
    matches!(normalise(h).as_str(), "weight" | "count" | "multiplier")
}

fn is_id_header(h: &str) -> bool {
    matches!(
        normalise(h).as_str(),
        "id" | "ballot"
            | "ballotid"
            | "ballotnumber"
            | "cvr"
            | "cvrid"
            | "cvrnumber"
            | "record"
            | "recordid"
    )
}

/// Parses a CVR CSV with the default rules.
pub fn parse(text: &str) -> Result<Election, ParseError> {
    parse_with(text, CvrOptions::default())
}

/// Parses a CVR CSV with the given rules for skipped ranks and overvotes.
pub fn parse_with(text: &str, options: CvrOptions) -> Result<Election, ParseError> {
    parse_seen(text, options, &Seen::new())
}

/// [`parse_with`], noting in `seen` how far it has read (for a progress bar).
pub fn parse_seen(text: &str, options: CvrOptions, seen: &Seen) -> Result<Election, ParseError> {
    let parsed = parse_records(text, options, seen);
    if parsed.is_ok() {
        seen.done(text.len());
    }
    parsed
}

fn parse_records(text: &str, options: CvrOptions, seen: &Seen) -> Result<Election, ParseError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        None => {
            return Err(ParseError::whole(
                "empty file: expected a header row like \"rank1,rank2,rank3\"",
            ));
        }
        Some(Err(e)) => return Err(csv_error(&e)),
        Some(Ok(h)) => h,
    };
    let any_rank = header.iter().any(is_rank_header);
    let columns: Vec<Column> = header
        .iter()
        .map(|h| {
            if is_weight_header(h) {
                Column::Weight
            } else if any_rank {
                if is_rank_header(h) {
                    Column::Rank
                } else {
                    Column::Other
                }
            } else if is_id_header(h) {
                Column::Other
            } else {
                Column::Rank
            }
        })
        .collect();
    if !columns.contains(&Column::Rank) {
        return Err(ParseError::at_line(
            1,
            "expected at least one rank column in the header, like \"rank1\"",
        ));
    }
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let mut rows: Vec<(u64, Vec<Vec<u32>>)> = Vec::new();
    for rec in records {
        let rec = rec.map_err(|e| csv_error(&e))?;
        let ln = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        if let Some(p) = rec.position() {
            seen.at_line(ln, p.byte() as usize);
        }
        if rec.iter().all(str::is_empty) {
            continue;
        }
        if rec.len() > columns.len() {
            return Err(ParseError::at_line(
                ln,
                format!(
                    "expected at most {} cells as in the header, found {}",
                    columns.len(),
                    rec.len()
                ),
            ));
        }
        let mut weight = 1u64;
        let mut ranks: Vec<Vec<u32>> = Vec::new();
        let mut ended = false;
        for (i, cell) in rec.iter().enumerate() {
            match columns[i] {
                Column::Other => {}
                Column::Weight => {
                    if !cell.is_empty() {
                        weight = cell.parse().map_err(|_| {
                            ParseError::at_field(
                                ln,
                                &header[i],
                                format!("expected a whole number, found {cell:?}"),
                            )
                        })?;
                    }
                }
                Column::Rank if ended => {}
                Column::Rank => {
                    let low = cell.to_ascii_lowercase();
                    if cell.is_empty() || low == "skipped" || low == "undervote" {
                        if options.skipped == SkippedRule::End {
                            ended = true;
                        }
                    } else if low == "overvote" || cell.contains('=') {
                        if options.overvote == OvervoteRule::End {
                            ended = true;
                        }
                    } else {
                        let next = names.len() as u32;
                        let id = *ids.entry(cell.to_string()).or_insert_with(|| {
                            names.push(cell.to_string());
                            next
                        });
                        ranks.push(vec![id]);
                    }
                }
            }
        }
        rows.push((weight, ranks));
    }
    if names.is_empty() {
        return Err(ParseError::whole(
            "expected at least one ballot naming a candidate",
        ));
    }
    let mut ballots = BallotBox::new();
    let mut rb = RankBuilder::new(names.len());
    for (weight, ranks) in rows {
        for r in &ranks {
            rb.push_rank(r);
        }
        rb.finish(&mut ballots, weight);
    }
    Ok(Election {
        parties: Vec::new(),
        title: None,
        candidates: names,
        withdrawn: Vec::new(),
        seats: None,
        ballots: ballots.into_ballots(),
    })
}

fn csv_error(e: &csv::Error) -> ParseError {
    let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
    let msg = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "expected UTF-8 text".to_string(),
        _ => format!("expected well-formed CSV ({e})"),
    };
    if line > 0 {
        ParseError::at_line(line, msg)
    } else {
        ParseError::whole(msg)
    }
}
