//! Apportionment input: the entries (parties, unions, sectors) with their votes or members, and
//! optionally groups with shares for two tiers. CSV or TOML.
//!
//! CSV: a header row, then one entry per row. Columns (header case and spacing ignored):
//! `name` (or `entry`, `party`, `list`, `organization`), `votes` (or `members`), and optional
//! `group` (or `sector`), `min` (or `minimum`), `max` (or `maximum`). Empty `group`, `min` or
//! `max` cells mean none. Lines starting with `#` are comments.
//!
//! ```text
//! name,votes,group,min
//! Miners,50000,labour,
//! Peasant unions,30000,peasants,1
//! ```
//!
//! TOML: optional `seats` and `method`, then `[[entry]]` tables with `name`, `votes` (or
//! `members`), and optional `group`, `min`, `max`; optional `[[group]]` tables with `name` and
//! `share` (an integer weight such as 60 for labour's 60 %).
//!
//! ```toml
//! seats = 220
//! method = "hare"
//! [[group]]
//! name = "labour"
//! share = 60
//! [[entry]]
//! name = "Miners"
//! votes = 50000
//! group = "labour"
//! ```

use std::collections::HashMap;

use asamblea_rules::apportion::{Entry, GroupShare, Method};
use serde::Deserialize;
use toml::Spanned;

use crate::ParseError;

/// What a seats file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeatsFile {
    /// The entries, in file order.
    pub entries: Vec<Entry>,
    /// The groups with shares (TOML `[[group]]`), in file order; empty when none are listed.
    pub groups: Vec<GroupShare>,
    /// The number of seats, when the file says (TOML only).
    pub seats: Option<u32>,
    /// The method, when the file says (TOML only).
    pub method: Option<Method>,
}

impl SeatsFile {
    /// True when any entry names a group, or groups are listed.
    pub fn has_groups(&self) -> bool {
        !self.groups.is_empty() || self.entries.iter().any(|e| e.group.is_some())
    }
}

/// The two syntaxes of a seats file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatsFormat {
    Csv,
    Toml,
}

impl SeatsFormat {
    /// The format named by a file's extension (`.csv`, `.toml`), if any.
    pub fn from_extension(path: &str) -> Option<Self> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "txt" => Some(Self::Csv),
            "toml" => Some(Self::Toml),
            _ => None,
        }
    }

    /// Guesses the format from the text: TOML when the first meaningful line is a `[table]` or a
    /// `key = value`, CSV otherwise.
    pub fn sniff(text: &str) -> Self {
        let first = text
            .trim_start_matches('\u{feff}')
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'));
        match first {
            Some(l) if l.starts_with('[') || (l.contains('=') && !l.contains(',')) => Self::Toml,
            _ => Self::Csv,
        }
    }
}

/// Parses a seats file in the given format.
pub fn parse(text: &str, format: SeatsFormat) -> Result<SeatsFile, ParseError> {
    match format {
        SeatsFormat::Csv => parse_csv(text),
        SeatsFormat::Toml => parse_toml(text),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Name,
    Votes,
    Group,
    Min,
    Max,
}

impl Column {
    fn from_header(h: &str) -> Option<Self> {
        let key: String = h
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        Some(match key.as_str() {
            "name" | "entry" | "party" | "list" | "organization" | "organisation" => Column::Name,
            "votes" | "members" | "vote" => Column::Votes,
            "group" | "sector" => Column::Group,
            "min" | "minimum" => Column::Min,
            "max" | "maximum" => Column::Max,
            _ => return None,
        })
    }
    fn field(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::Votes => "votes",
            Column::Group => "group",
            Column::Min => "min",
            Column::Max => "max",
        }
    }
}

/// Parses the CSV syntax.
pub fn parse_csv(text: &str) -> Result<SeatsFile, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let mut columns: Vec<Column> = Vec::new();
    let mut file = SeatsFile::default();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e
                .position()
                .map(|p| usize::try_from(p.line()).unwrap_or(usize::MAX));
            ParseError {
                line,
                field: None,
                message: format!("unreadable CSV: {e}"),
            }
        })?;
        let line = record
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
        if record.iter().all(str::is_empty) {
            continue;
        }
        if columns.is_empty() {
            columns = header(&record, line)?;
            continue;
        }
        if record.len() > columns.len() {
            return Err(ParseError::at_line(
                line,
                format!(
                    "{} cells but the header has {} columns",
                    record.len(),
                    columns.len()
                ),
            ));
        }
        let mut entry = Entry::new("", 0);
        let mut has_votes = false;
        for (cell, column) in record.iter().zip(&columns) {
            let field = column.field();
            match column {
                Column::Name => entry.name = cell.to_string(),
                Column::Votes => {
                    entry.votes = whole(cell, line, field)?.ok_or_else(|| {
                        ParseError::at_field(line, field, "missing; expected a whole number")
                    })?;
                    has_votes = true;
                }
                Column::Group => entry.group = (!cell.is_empty()).then(|| cell.to_string()),
                Column::Min => entry.min = seats_cell(cell, line, field)?,
                Column::Max => entry.max = seats_cell(cell, line, field)?,
            }
        }
        if !has_votes {
            return Err(ParseError::at_field(
                line,
                "votes",
                "missing; expected a whole number",
            ));
        }
        check_entry(&entry, line, &mut first_line)?;
        file.entries.push(entry);
    }
    if columns.is_empty() {
        return Err(ParseError::whole(
            "empty file: expected a header such as name,votes",
        ));
    }
    Ok(file)
}

fn header(record: &csv::StringRecord, line: usize) -> Result<Vec<Column>, ParseError> {
    let mut columns = Vec::with_capacity(record.len());
    for cell in record.iter() {
        let column = Column::from_header(cell).ok_or_else(|| {
            ParseError::at_field(
                line,
                cell,
                "unknown column; expected name, votes (or members), group, min, max",
            )
        })?;
        if columns.contains(&column) {
            return Err(ParseError::at_field(line, cell, "column appears twice"));
        }
        columns.push(column);
    }
    for required in [Column::Name, Column::Votes] {
        if !columns.contains(&required) {
            return Err(ParseError::at_line(
                line,
                format!(
                    "the header has no {} column (expected e.g. name,votes)",
                    required.field()
                ),
            ));
        }
    }
    Ok(columns)
}

/// A whole number cell; `None` when empty.
fn whole(cell: &str, line: usize, field: &str) -> Result<Option<u64>, ParseError> {
    if cell.is_empty() {
        return Ok(None);
    }
    let digits: String = cell.chars().filter(|c| *c != '_').collect();
    if let Some(rest) = digits.strip_prefix('-')
        && !rest.is_empty()
        && rest.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(ParseError::at_field(
            line,
            field,
            format!("{cell:?} is negative"),
        ));
    }
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ParseError::at_field(
            line,
            field,
            format!("{cell:?} is not a whole number"),
        ));
    }
    digits
        .parse::<u64>()
        .map(Some)
        .map_err(|_| ParseError::at_field(line, field, format!("{cell:?} is too large")))
}

fn seats_cell(cell: &str, line: usize, field: &str) -> Result<Option<u32>, ParseError> {
    whole(cell, line, field)?
        .map(|n| {
            u32::try_from(n)
                .map_err(|_| ParseError::at_field(line, field, format!("{cell:?} is too large")))
        })
        .transpose()
}

/// Checks a parsed entry: a name, not seen before, and min <= max.
fn check_entry(
    entry: &Entry,
    line: usize,
    seen: &mut HashMap<String, usize>,
) -> Result<(), ParseError> {
    if entry.name.trim().is_empty() {
        return Err(ParseError::at_field(line, "name", "empty name"));
    }
    if let Some(first) = seen.get(&entry.name) {
        return Err(ParseError::at_field(
            line,
            "name",
            format!("{:?} appears twice (first on line {first})", entry.name),
        ));
    }
    seen.insert(entry.name.clone(), line);
    if let (Some(min), Some(max)) = (entry.min, entry.max)
        && min > max
    {
        return Err(ParseError::at_field(
            line,
            "min",
            format!("minimum {min} is above the maximum {max}"),
        ));
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    seats: Option<Spanned<i64>>,
    method: Option<Spanned<String>>,
    #[serde(default, alias = "entries")]
    entry: Vec<RawEntry>,
    #[serde(default, alias = "groups")]
    group: Vec<RawGroup>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    name: Spanned<String>,
    #[serde(alias = "members")]
    votes: Option<Spanned<i64>>,
    group: Option<Spanned<String>>,
    min: Option<Spanned<i64>>,
    max: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    name: Spanned<String>,
    share: Option<Spanned<i64>>,
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Parses the TOML syntax.
pub fn parse_toml(text: &str) -> Result<SeatsFile, ParseError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start));
        ParseError {
            line,
            field: None,
            message: e.message().trim().to_string(),
        }
    })?;
    let at = |span: std::ops::Range<usize>| line_of(text, span.start);
    let number = |n: &Spanned<i64>, field: &str, max: u64| -> Result<u64, ParseError> {
        let line = at(n.span());
        let v = *n.get_ref();
        let v = u64::try_from(v)
            .map_err(|_| ParseError::at_field(line, field, format!("{v} is negative")))?;
        if v > max {
            return Err(ParseError::at_field(
                line,
                field,
                format!("{v} is too large"),
            ));
        }
        Ok(v)
    };
    let small = |n: &Spanned<i64>, field: &str| -> Result<u32, ParseError> {
        number(n, field, u64::from(u32::MAX)).map(|v| u32::try_from(v).unwrap_or(u32::MAX))
    };
    let mut file = SeatsFile::default();
    if let Some(s) = &raw.seats {
        file.seats = Some(small(s, "seats")?);
    }
    if let Some(m) = &raw.method {
        let method = m
            .get_ref()
            .parse::<Method>()
            .map_err(|e| ParseError::at_field(at(m.span()), "method", e.to_string()))?;
        file.method = Some(method);
    }
    let mut seen = HashMap::new();
    for e in &raw.entry {
        let line = at(e.name.span());
        let votes = e.votes.as_ref().ok_or_else(|| {
            ParseError::at_field(line, "votes", "missing; expected votes or members")
        })?;
        let entry = Entry {
            name: e.name.get_ref().clone(),
            votes: number(votes, "votes", u64::MAX)?,
            min: e.min.as_ref().map(|m| small(m, "min")).transpose()?,
            max: e.max.as_ref().map(|m| small(m, "max")).transpose()?,
            group: e.group.as_ref().map(|g| g.get_ref().clone()),
        };
        check_entry(&entry, line, &mut seen)?;
        file.entries.push(entry);
    }
    let mut seen_groups: HashMap<String, usize> = HashMap::new();
    for g in &raw.group {
        let line = at(g.name.span());
        let name = g.name.get_ref().clone();
        if name.trim().is_empty() {
            return Err(ParseError::at_field(line, "name", "empty group name"));
        }
        if let Some(first) = seen_groups.insert(name.clone(), line) {
            return Err(ParseError::at_field(
                line,
                "name",
                format!("group {name:?} appears twice (first on line {first})"),
            ));
        }
        let share = g.share.as_ref().map(|s| small(s, "share")).transpose()?;
        file.groups.push(GroupShare::new(name, share));
    }
    for e in &raw.entry {
        if let Some(g) = &e.group
            && !file.groups.is_empty()
            && !seen_groups.contains_key(g.get_ref())
        {
            return Err(ParseError::at_field(
                at(g.span()),
                "group",
                format!("group {:?} is not among the [[group]] tables", g.get_ref()),
            ));
        }
    }
    if file.entries.is_empty() {
        return Err(ParseError::whole(
            "no [[entry]] tables: expected at least one entry",
        ));
    }
    Ok(file)
}
