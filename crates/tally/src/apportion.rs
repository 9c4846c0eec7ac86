//! `asamblea apportion FILE --seats N --method M`: reads a seats file (CSV or TOML), apportions
//! the seats (in two tiers when entries have groups) and writes a table, JSON or the hemicycle
//! SVG. Bad input is reported as `FILE:LINE: field F: message` with exit code 2.

mod render;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use asamblea_formats::ParseError;
use asamblea_formats::seats::{self, SeatsFile, SeatsFormat};
use asamblea_rules::apportion::{
    Apportionment, GroupShare, Method, Options, Threshold, TieBreak, TwoTier, apportion,
    apportion_two_tier,
};

/// Output format of `asamblea apportion`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ApportionFormat {
    /// Aligned text with the explanation.
    #[default]
    Table,
    /// JSON: seats, explanation (quotients or quotas), ties, groups.
    Json,
    /// The hemicycle drawing, coloured by group (or by entry).
    Svg,
}

/// Syntax of the seats file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SeatsInput {
    Csv,
    Toml,
}

/// How ties are resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum TieBreakArg {
    /// More votes first, then input order.
    #[default]
    MostVotes,
    /// Input order.
    InputOrder,
}

/// Arguments of `asamblea apportion`.
#[derive(Debug, Clone, clap::Args)]
pub struct ApportionArgs {
    /// Seats file: CSV (name,votes[,group,min,max]) or TOML ([[entry]], [[group]]); `-` reads stdin.
    pub file: PathBuf,
    /// Seats to distribute (default: `seats` in the TOML file).
    #[arg(long)]
    pub seats: Option<u32>,
    /// Method: dhondt, sainte-lague, modified-sainte-lague, hare, droop, huntington-hill, adams
    /// (default: `method` in the TOML file).
    #[arg(long)]
    pub method: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ApportionFormat::Table)]
    pub format: ApportionFormat,
    /// Threshold in percent of all votes (e.g. 5 or 3.25); entries below get only their minimum.
    #[arg(long)]
    pub threshold: Option<String>,
    /// Apportion to groups first, then within groups (automatic when entries have groups).
    #[arg(long)]
    pub two_tier: bool,
    /// Share of a group in the upper tier, e.g. `--group-share labour=60` (repeat per group).
    #[arg(long = "group-share", value_name = "GROUP=SHARE")]
    pub group_share: Vec<String>,
    /// How ties are resolved.
    #[arg(long, value_enum, default_value_t = TieBreakArg::MostVotes)]
    pub tie_break: TieBreakArg,
    /// Input syntax (default: from the file name, else from the content).
    #[arg(long, value_enum)]
    pub input_format: Option<SeatsInput>,
    /// Title of the SVG drawing.
    #[arg(long)]
    pub title: Option<String>,
}

/// Runs `asamblea apportion`; returns the exit code (0 ok, 2 bad input).
pub fn run_apportion(args: &ApportionArgs, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match run(args) {
        Ok(text) => match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
            Ok(()) => 0,
            Err(e) => {
                let _ = writeln!(err, "cannot write the output: {e}");
                1
            }
        },
        Err(message) => {
            let _ = writeln!(err, "{message}");
            2
        }
    }
}

/// What was apportioned: one tier or two.
pub(crate) enum Outcome {
    Single(Apportionment),
    Two(TwoTier),
}

/// The validated request.
pub(crate) struct Request {
    pub file: SeatsFile,
    pub seats: u32,
    pub method: Method,
    pub options: Options,
    pub groups: Vec<GroupShare>,
}

fn run(args: &ApportionArgs) -> Result<String, String> {
    let shown = args.file.display().to_string();
    let text = read_input(&args.file).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    let format = match args.input_format {
        Some(SeatsInput::Csv) => SeatsFormat::Csv,
        Some(SeatsInput::Toml) => SeatsFormat::Toml,
        None => SeatsFormat::from_extension(&shown).unwrap_or_else(|| SeatsFormat::sniff(&text)),
    };
    let file = seats::parse(&text, format).map_err(|e| located(&shown, &e))?;
    let request = request(args, file).map_err(|e| format!("{shown}: {e}"))?;
    let two_tier = args.two_tier || !request.groups.is_empty() || request.file.has_groups();
    let outcome = if two_tier {
        let r = apportion_two_tier(
            &request.groups,
            &request.file.entries,
            request.seats,
            request.method,
            &request.options,
        );
        Outcome::Two(r.map_err(|e| format!("{shown}: {e}"))?)
    } else {
        let r = apportion(
            &request.file.entries,
            request.seats,
            request.method,
            &request.options,
        );
        Outcome::Single(r.map_err(|e| format!("{shown}: {e}"))?)
    };
    Ok(match args.format {
        ApportionFormat::Table => render::table(&request, &outcome),
        ApportionFormat::Json => render::json(&request, &outcome),
        ApportionFormat::Svg => render::svg(&outcome, args.title.as_deref()),
    })
}

/// `FILE:LINE: field F: message`.
fn located(file: &str, e: &ParseError) -> String {
    let mut s = file.to_string();
    if let Some(line) = e.line {
        s.push_str(&format!(":{line}"));
    }
    s.push_str(": ");
    if let Some(field) = &e.field {
        s.push_str(&format!("field {field}: "));
    }
    s.push_str(&e.message);
    s
}

fn request(args: &ApportionArgs, file: SeatsFile) -> Result<Request, String> {
    let seats = args
        .seats
        .or(file.seats)
        .ok_or("the number of seats is missing: give --seats N")?;
    let method = match &args.method {
        Some(m) => m.parse::<Method>().map_err(|e| e.to_string())?,
        None => file.method.ok_or_else(|| {
            format!(
                "the method is missing: give --method, one of {}",
                Method::valid_names()
            )
        })?,
    };
    let threshold = match &args.threshold {
        Some(t) => t.parse::<Threshold>().map_err(|e| e.to_string())?,
        None => Threshold::NONE,
    };
    let tie_break = match args.tie_break {
        TieBreakArg::MostVotes => TieBreak::MostVotes,
        TieBreakArg::InputOrder => TieBreak::InputOrder,
    };
    let groups = if args.group_share.is_empty() {
        file.groups.clone()
    } else {
        args.group_share
            .iter()
            .map(|s| group_share(s))
            .collect::<Result<_, _>>()?
    };
    if args.two_tier && !file.has_groups() {
        return Err(
            "--two-tier needs a group for every entry (a group column or group = \"...\")".into(),
        );
    }
    Ok(Request {
        file,
        seats,
        method,
        options: Options {
            threshold,
            tie_break,
        },
        groups,
    })
}

fn group_share(s: &str) -> Result<GroupShare, String> {
    let (name, share) = s
        .split_once('=')
        .ok_or_else(|| format!("--group-share {s:?}: expected GROUP=SHARE, e.g. labour=60"))?;
    let share: u32 = share
        .trim()
        .parse()
        .map_err(|_| format!("--group-share {s:?}: the share must be a whole number"))?;
    Ok(GroupShare::new(name.trim(), Some(share)))
}

fn read_input(path: &Path) -> std::io::Result<String> {
    if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        Ok(s)
    } else {
        std::fs::read_to_string(path)
    }
}
