//! `asamblea count FILE --method M`: reads a ballot file (BLT, PrefLib or CVR CSV), counts it and
//! prints the rounds as a table, JSON or SVG; or, with `--export`, writes the ballots as BLT or
//! PrefLib. Exit codes: 0 counted, 2 bad input or usage (one message `FILE:LINE: ...`).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::progress::Progress;
use asamblea_formats::cvr::{CvrOptions, OvervoteRule, SkippedRule};
use asamblea_formats::{ParseError, Seen, blt, cvr, preflib};
use asamblea_rules::count::{CountOptions, CountResult, Election, Method, count, format_fixed};
use serde_json::{Map, Value, json};

/// Counting rule, as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MethodArg {
    Plurality,
    Approval,
    TwoRound,
    Irv,
    ScottishStv,
    Meek,
    Wigm,
    Schulze,
}

impl MethodArg {
    fn method(self) -> Method {
        match self {
            MethodArg::Plurality => Method::Plurality,
            MethodArg::Approval => Method::Approval,
            MethodArg::TwoRound => Method::TwoRound,
            MethodArg::Irv => Method::Irv,
            MethodArg::ScottishStv => Method::ScottishStv,
            MethodArg::Meek => Method::Meek,
            MethodArg::Wigm => Method::Wigm,
            MethodArg::Schulze => Method::Schulze,
        }
    }
}

/// Output of a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OutputFormat {
    #[default]
    Table,
    Json,
    Svg,
}

/// Ballot file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    Blt,
    Preflib,
    Cvr,
}

/// Format of `--export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Blt,
    Preflib,
}

/// CVR: what a skipped rank does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SkippedArg {
    /// Pass over it to the next rank.
    #[default]
    Pass,
    /// End the ballot there.
    End,
}

/// CVR: what an overvote does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OvervoteArg {
    /// End the ballot there.
    #[default]
    End,
    /// Pass over it to the next rank.
    Pass,
}

/// Arguments of `asamblea count`.
#[derive(Debug, Clone, clap::Args)]
pub struct CountArgs {
    /// Ballot file: BLT, PrefLib (.soc/.soi/.toc) or cast-vote-record CSV; `-` reads stdin.
    pub file: PathBuf,
    /// Counting rule (required unless --export).
    #[arg(long, value_enum)]
    pub method: Option<MethodArg>,
    /// Seats to fill (default: the BLT header, else 1). Plurality with N seats is block voting.
    #[arg(long)]
    pub seats: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Input format (default: from the file name, else from the content).
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    /// Seed of the lot for ties (default: derived from the ballots, so recounts agree).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Write the parsed ballots in this format to stdout instead of counting.
    #[arg(long, value_enum)]
    pub export: Option<ExportFormat>,
    /// CVR: what a skipped rank does.
    #[arg(long, value_enum, default_value_t = SkippedArg::Pass)]
    pub skipped: SkippedArg,
    /// CVR: what an overvote ("overvote" or "A=B") does.
    #[arg(long, value_enum, default_value_t = OvervoteArg::End)]
    pub overvote: OvervoteArg,
    /// Count even with more candidates than the method's default limit (plurality and approval
    /// 100000, Schulze 1000, the other ranked rules 2000).
    #[arg(long)]
    pub max_candidates: Option<usize>,
}

/// Runs `asamblea count`; returns the exit code.
pub fn run_count(args: &CountArgs, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match run(args, out) {
        Ok(()) => 0,
        Err(message) => {
            let _ = writeln!(err, "{message}");
            2
        }
    }
}

fn run(args: &CountArgs, out: &mut dyn Write) -> Result<(), String> {
    let shown = args.file.display().to_string();
    let size = std::fs::metadata(&args.file).map(|m| m.len()).unwrap_or(0);
    let mut progress = Progress::on_stderr(size);
    let read = Arc::new(AtomicU64::new(0));
    let reading = read.clone();
    progress.measured(
        format!("reading {shown} ({} MB)", size / 1_000_000),
        size,
        move || reading.load(Ordering::Relaxed),
    );
    let text = read_input(&args.file, &read).map_err(|e| format!("{shown}: {e}"))?;
    if size == 0 {
        // Standard input: its size is known only now.
        progress = Progress::on_stderr(text.len() as u64);
    }
    let seen = Arc::new(Seen::new());
    if progress.enabled() {
        let lines = text.bytes().filter(|b| *b == b'\n').count();
        let parsing = seen.clone();
        progress.measured(
            format!("parsing {lines} lines"),
            text.len() as u64,
            move || parsing.bytes() as u64,
        );
    }
    let format = args
        .input_format
        .unwrap_or_else(|| detect(&args.file, &text));
    let options = CvrOptions {
        skipped: match args.skipped {
            SkippedArg::Pass => SkippedRule::Pass,
            SkippedArg::End => SkippedRule::End,
        },
        overvote: match args.overvote {
            OvervoteArg::End => OvervoteRule::End,
            OvervoteArg::Pass => OvervoteRule::Pass,
        },
    };
    let parsed = match format {
        InputFormat::Blt => blt::parse_seen(&text, &seen),
        InputFormat::Preflib => preflib::parse_seen(&text, &seen),
        InputFormat::Cvr => cvr::parse_seen(&text, options, &seen),
    };
    let election = parsed.map_err(|e| located(&shown, &e))?;
    // A single-winner rule ignores the seats a BLT header names; --seats still applies.
    let single = args.method.is_some_and(|m| m.method().single_winner());
    let file_seats = if single { None } else { election.seats };
    let seats = args.seats.or(file_seats).unwrap_or(1);
    let write_err = |e: std::io::Error| format!("cannot write the output: {e}");
    if let Some(export) = args.export {
        let text = match export {
            ExportFormat::Blt => blt::write(&election, seats),
            ExportFormat::Preflib => preflib::write(&election),
        };
        return out.write_all(text.as_bytes()).map_err(write_err);
    }
    let Some(method) = args.method else {
        return Err(format!(
            "{shown}: expected --method (plurality, approval, two-round, irv, scottish-stv, meek, wigm, schulze) or --export"
        ));
    };
    let limit = args
        .max_candidates
        .unwrap_or_else(|| method.method().default_max_candidates());
    if election.candidates.len() > limit {
        return Err(format!(
            "{shown}: {} candidates are more than {} counts by default ({limit}); \
             --max-candidates {} counts them anyway (it may take long and much memory)",
            election.candidates.len(),
            method.method().name(),
            election.candidates.len()
        ));
    }
    let options = CountOptions {
        method: method.method(),
        seats,
        seed: args.seed,
    };
    progress.phase(format!(
        "counting {} distinct rankings ({})",
        election.ballots.len(),
        method.method().name()
    ));
    let result = count(&election, &options).map_err(|e| format!("{shown}: {e}"))?;
    progress.phase("writing the result");
    let text = match args.format {
        OutputFormat::Json => {
            let mut s =
                serde_json::to_string_pretty(&to_json(&election, &result)).unwrap_or_default();
            s.push('\n');
            s
        }
        OutputFormat::Table => table(&election, &result),
        OutputFormat::Svg => svg(&election, &result),
    };
    let written = out.write_all(text.as_bytes()).map_err(write_err);
    progress.finish();
    // The process ends right after a count: freeing a million small ballots one by one would
    // only add time, so the election is left for the operating system to reclaim.
    std::mem::forget(election);
    written
}

/// Reads the whole input, noting in `read` how many bytes it has so far (for the progress bar).
fn read_input(path: &Path, read: &AtomicU64) -> Result<String, String> {
    /// Bytes read between two notes.
    const CHUNK: u64 = 4 << 20;
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
    } else {
        let mut file =
            std::fs::File::open(path).map_err(|e| format!("cannot read the file: {e}"))?;
        let size = file.metadata().map(|m| m.len() as usize).unwrap_or(0);
        bytes.reserve_exact(size.saturating_add(1));
        loop {
            let n = (&mut file)
                .take(CHUNK)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read the file: {e}"))?;
            if n == 0 {
                break;
            }
            read.store(bytes.len() as u64, Ordering::Relaxed);
        }
    }
    String::from_utf8(bytes).map_err(|_| "expected UTF-8 text".to_string())
}

/// `FILE:LINE: field F: message`, the one line a malformed file gets.
fn located(file: &str, e: &ParseError) -> String {
    match (e.line, &e.field) {
        (Some(l), Some(f)) => format!("{file}:{l}: {f}: {}", e.message),
        (Some(l), None) => format!("{file}:{l}: {}", e.message),
        _ => format!("{file}: {}", e.message),
    }
}

/// The input format from the file extension, else from the content: PrefLib metadata or
/// `N: order` lines, a BLT header of two whole numbers, an old PrefLib single number, else CSV.
pub fn detect(path: &Path, text: &str) -> InputFormat {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "blt" => return InputFormat::Blt,
        "soc" | "soi" | "toc" | "toi" => return InputFormat::Preflib,
        "csv" => return InputFormat::Cvr,
        _ => {}
    }
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if first.starts_with('#') {
        return InputFormat::Preflib;
    }
    let code = first.split('#').next().unwrap_or("").trim();
    let words: Vec<&str> = code.split_whitespace().collect();
    let all_numbers = !words.is_empty() && words.iter().all(|w| w.parse::<u64>().is_ok());
    if all_numbers && words.len() == 2 {
        InputFormat::Blt
    } else if all_numbers && words.len() == 1 {
        InputFormat::Preflib
    } else {
        InputFormat::Cvr
    }
}

fn name(e: &Election, c: u32) -> String {
    e.candidates[c as usize].clone()
}

fn names(e: &Election, cs: &[u32]) -> Vec<String> {
    cs.iter().map(|&c| name(e, c)).collect()
}

fn standing(e: &Election) -> Vec<u32> {
    e.standing()
}

/// The JSON document of a count.
pub fn to_json(e: &Election, r: &CountResult) -> Value {
    let d = r.decimals;
    let amount = |v: i64| Value::String(format_fixed(v, d));
    let rounds: Vec<Value> = r
        .rounds
        .iter()
        .enumerate()
        .map(|(i, round)| {
            let mut tallies = Map::new();
            for c in standing(e) {
                tallies.insert(name(e, c), amount(round.tallies[c as usize]));
            }
            let mut obj = Map::new();
            obj.insert("round".into(), json!(i + 1));
            obj.insert("action".into(), json!(round.action.words(&e.candidates)));
            obj.insert("tallies".into(), Value::Object(tallies));
            obj.insert("exhausted".into(), amount(round.exhausted));
            obj.insert("lost_to_fractions".into(), amount(round.lost));
            obj.insert("quota".into(), round.quota.map_or(Value::Null, amount));
            obj.insert("elected".into(), json!(names(e, &round.elected)));
            obj.insert("excluded".into(), json!(names(e, &round.excluded)));
            Value::Object(obj)
        })
        .collect();
    let ties: Vec<Value> = r
        .ties
        .iter()
        .map(|t| {
            json!({
                "round": t.round,
                "between": names(e, &t.between),
                "resolved_by": t.resolved_by.name(),
                "chosen": name(e, t.chosen),
            })
        })
        .collect();
    let mut doc = Map::new();
    doc.insert("method".into(), json!(r.method.name()));
    doc.insert("title".into(), json!(e.title));
    doc.insert("seats".into(), json!(r.seats));
    doc.insert("candidates".into(), json!(e.candidates));
    if !e.parties.is_empty() {
        let parties: Map<String, Value> = e
            .candidates
            .iter()
            .zip(&e.parties)
            .map(|(c, p)| (c.clone(), json!(p)))
            .collect();
        doc.insert("parties".into(), Value::Object(parties));
    }
    doc.insert("withdrawn".into(), json!(names(e, &e.withdrawn)));
    doc.insert("valid".into(), json!(r.valid));
    doc.insert("invalid".into(), json!(r.invalid));
    doc.insert("decimals".into(), json!(d));
    doc.insert("quota".into(), r.quota.map_or(Value::Null, amount));
    doc.insert("elected".into(), json!(names(e, &r.elected)));
    if let Some(ranking) = &r.ranking {
        doc.insert("ranking".into(), json!(names(e, ranking)));
    }
    if r.method == Method::TwoRound {
        let between = r.runoff.map(|two| names(e, &two)).unwrap_or_default();
        doc.insert(
            "runoff".into(),
            json!({ "needed": r.runoff.is_some(), "between": between }),
        );
    }
    if let Some(d) = &r.pairwise {
        let mut m = Map::new();
        for a in standing(e) {
            let mut row = Map::new();
            for b in standing(e) {
                if a != b {
                    row.insert(name(e, b), json!(d[a as usize][b as usize]));
                }
            }
            m.insert(name(e, a), Value::Object(row));
        }
        doc.insert("pairwise".into(), Value::Object(m));
    }
    doc.insert("rounds".into(), Value::Array(rounds));
    doc.insert("ties".into(), Value::Array(ties));
    doc.insert("seed".into(), json!(r.seed));
    Value::Object(doc)
}

/// A plain-text table per round.
pub fn table(e: &Election, r: &CountResult) -> String {
    use std::fmt::Write;
    let d = r.decimals;
    let mut s = String::new();
    if let Some(t) = &e.title {
        let _ = writeln!(s, "{t}");
    }
    let _ = write!(
        s,
        "Method: {}   Seats: {}   Valid: {}   Invalid: {}",
        r.method, r.seats, r.valid, r.invalid
    );
    if let Some(q) = r.quota {
        let _ = write!(s, "   Quota: {}", format_fixed(q, d));
    }
    s.push('\n');
    let width = standing(e)
        .iter()
        .map(|&c| e.candidates[c as usize].chars().count())
        .max()
        .unwrap_or(9)
        .max(9);
    let label = if r.method == Method::Schulze {
        "Wins"
    } else {
        "Votes"
    };
    for (i, round) in r.rounds.iter().enumerate() {
        let _ = writeln!(
            s,
            "\nRound {}: {}",
            i + 1,
            round.action.words(&e.candidates)
        );
        let _ = writeln!(s, "  {:<width$}  {:>16}", "Candidate", label);
        for c in standing(e) {
            let mark = if round.elected.contains(&c) {
                "  elected"
            } else if round.excluded.contains(&c) {
                "  excluded"
            } else {
                ""
            };
            let _ = writeln!(
                s,
                "  {:<width$}  {:>16}{mark}",
                name(e, c),
                format_fixed(round.tallies[c as usize], d)
            );
        }
        if r.method.decimals() > 0 || round.exhausted != 0 {
            let _ = writeln!(
                s,
                "  {:<width$}  {:>16}",
                "Exhausted",
                format_fixed(round.exhausted, d)
            );
        }
        if round.lost != 0 {
            let _ = writeln!(
                s,
                "  {:<width$}  {:>16}",
                "Lost",
                format_fixed(round.lost, d)
            );
        }
    }
    s.push('\n');
    if let Some(ranking) = &r.ranking {
        let _ = writeln!(s, "Ranking: {}", names(e, ranking).join(" > "));
    }
    if let Some(two) = r.runoff {
        let _ = writeln!(
            s,
            "Runoff needed between {} and {}",
            name(e, two[0]),
            name(e, two[1])
        );
    }
    let _ = writeln!(
        s,
        "Elected: {}",
        if r.elected.is_empty() {
            "-".to_string()
        } else {
            names(e, &r.elected).join(", ")
        }
    );
    for t in &r.ties {
        let _ = writeln!(
            s,
            "Tie in round {} between {}: resolved by {}, {}",
            t.round,
            names(e, &t.between).join(", "),
            t.resolved_by.name(),
            name(e, t.chosen)
        );
    }
    let _ = writeln!(s, "Seed: {}", r.seed);
    s
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Round-by-round horizontal bars (plain SVG text), with the quota as a dashed line.
pub fn svg(e: &Election, r: &CountResult) -> String {
    use std::fmt::Write;
    let cands = standing(e);
    let label_w = 160.0;
    let bar_w = 480.0;
    let row_h = 18.0;
    let block_h = 28.0 + row_h * cands.len() as f64 + 12.0;
    let max = r
        .rounds
        .iter()
        .flat_map(|round| round.tallies.iter().copied())
        .chain(r.quota)
        .max()
        .unwrap_or(1)
        .max(1);
    let height = 40.0 + block_h * r.rounds.len() as f64;
    let width = label_w + bar_w + 140.0;
    let d = r.decimals;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">"#
    );
    let title = format!(
        "{}: {} seat(s), elected {}",
        r.method,
        r.seats,
        names(e, &r.elected).join(", ")
    );
    let _ = writeln!(
        s,
        r#"<text x="8" y="20" font-size="14" font-weight="bold">{}</text>"#,
        xml(&title)
    );
    for (i, round) in r.rounds.iter().enumerate() {
        let top = 40.0 + block_h * i as f64;
        let _ = writeln!(
            s,
            r#"<text x="8" y="{:.1}" font-weight="bold">Round {}: {}</text>"#,
            top + 14.0,
            i + 1,
            xml(&round.action.words(&e.candidates))
        );
        for (k, &c) in cands.iter().enumerate() {
            let y = top + 22.0 + row_h * k as f64;
            let v = round.tallies[c as usize];
            let w = bar_w * v.max(0) as f64 / max as f64;
            let fill = if round.elected.contains(&c) || r.elected.contains(&c) && v > 0 {
                "#2a9d8f"
            } else if round.excluded.contains(&c) {
                "#e76f51"
            } else {
                "#8ab4f8"
            };
            let _ = writeln!(
                s,
                r#"<text x="8" y="{:.1}">{}</text>"#,
                y + 12.0,
                xml(&name(e, c))
            );
            let _ = writeln!(
                s,
                r#"<rect x="{label_w}" y="{y:.1}" width="{w:.1}" height="{:.1}" fill="{fill}"/>"#,
                row_h - 4.0
            );
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
                label_w + w + 4.0,
                y + 12.0,
                format_fixed(v, d)
            );
        }
        if let Some(q) = round.quota {
            let x = label_w + bar_w * q as f64 / max as f64;
            let _ = writeln!(
                s,
                r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="#333" stroke-dasharray="4 3"><title>quota {}</title></line>"##,
                top + 20.0,
                top + 22.0 + row_h * cands.len() as f64,
                format_fixed(q, d)
            );
        }
    }
    s.push_str("</svg>\n");
    s
}
