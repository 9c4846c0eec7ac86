//! `asamblea-load`: load an `asamblea serve` it starts itself, and check the count afterwards.
//! See `lib.rs` and BENCHMARKS.md ("The load tool").

use std::path::PathBuf;
use std::time::Duration;

use asamblea_load::encrypted::BallotKind;
use asamblea_load::{Config, Scenario, run, screens};
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Which {
    /// Members with voting codes in an election of their organization.
    Members,
    /// Delegates in a session, secret votes.
    Session,
    /// Both, members first.
    Both,
}

/// Starts `asamblea serve --demo --no-demo-story` on a fresh data directory (or an empty
/// PostgreSQL database), sets up members with voting codes and/or delegates in a session, drives
/// concurrent clients casting ballots, and reports throughput, latency, errors, the server's CPU
/// and memory, what SSE observers saw, and whether every acknowledged ballot was counted exactly
/// once; at the end the server is killed with SIGKILL and `asamblea record verify` must pass.
/// Exit status 0 only if every check passed.
#[derive(Parser, Debug)]
#[command(
    name = "asamblea-load",
    version,
    args_conflicts_with_subcommands = true
)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// The `asamblea` binary to start (build it with `cargo build --release -p asamblea`).
    #[arg(long, default_value = "target/release/asamblea")]
    binary: PathBuf,
    /// An empty PostgreSQL database (`postgres://…`); default SQLite in the data directory.
    #[arg(long)]
    database: Option<String>,
    /// The server's data directory (default: a fresh temporary one, removed at the end).
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Run the server under `taskset -c CPUS` (e.g. `0`), to keep it off the load's cores.
    #[arg(long)]
    server_cpus: Option<String>,
    /// The server's listening address.
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: String,
    /// Which ballots.
    #[arg(long, value_enum, default_value = "both")]
    scenario: Which,
    /// Concurrent clients, one run per value (comma-separated).
    #[arg(long, value_delimiter = ',', default_value = "64,256")]
    clients: Vec<usize>,
    /// Spread the clients and the observers over this many loopback source addresses
    /// (127.0.1.1, 127.0.1.2, ...) when the server listens on loopback. With thousands of
    /// connections from one address to one port, the kernel's search for a free source port in
    /// each `connect` takes most of this tool's CPU (phones come from many addresses). 1: every
    /// connection from the default address.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=65000))]
    client_addresses: u16,
    /// Ballots prepared per run: the most it casts (members imported / delegates × votes).
    #[arg(long, default_value_t = 20_000)]
    ballots: usize,
    /// Stop sending after this many seconds (default: when every prepared ballot is cast).
    #[arg(long)]
    duration: Option<f64>,
    /// Delegates seated for the session runs (each votes once per vote; a run opens
    /// ballots / delegates votes at once).
    #[arg(long, default_value_t = 2_000)]
    delegates: usize,
    /// SSE observers (`GET /events`) open during each run.
    #[arg(long, default_value_t = 0)]
    observers: usize,
    /// How many of the observers note every act (ballots' act-to-screen latency); all note the
    /// close.
    #[arg(long, default_value_t = 100)]
    tracked_observers: usize,
    /// Observers ask for every act (`GET /events?every=true`, one event per batch of ballots)
    /// instead of the default coalesced stream (the latest batch of each vote, at most every
    /// 250 ms): to compare the two.
    #[arg(long)]
    observe_every: bool,
    /// Kill the server with SIGKILL after this many acknowledged ballots of each run, start it
    /// again, send every unanswered ballot again with its cast_key.
    #[arg(long)]
    kill_after: Option<usize>,
    /// Kill the server with SIGKILL after each run's last answer (before the close), start it
    /// again: the count then shows nothing acknowledged was lost, without the restart in the
    /// run's figures.
    #[arg(long)]
    kill_at_end: bool,
    /// Seconds for each measure of the database's own durable insert rate (0: skip).
    #[arg(long, default_value_t = 3.0)]
    db_rate_seconds: f64,
    /// Concurrent requests while seating the delegates.
    #[arg(long, default_value_t = 16)]
    setup_concurrency: usize,
    /// Also write the whole report as JSON to this file.
    #[arg(long)]
    json: Option<PathBuf>,
    /// After the plaintext runs, set the assembly's secret ballots to encrypted (2 of 3
    /// trustees, their key ceremony run by `asamblea trustee` processes) and run every scenario
    /// and number of clients again twice: ballots encrypted by the voters' devices (made by this
    /// tool before the run) and choices the server encrypts. The count is the boards' tallies as
    /// the trustees decrypted them after the close.
    #[arg(long)]
    encrypted: bool,
    /// Only the encrypted runs (with --encrypted).
    #[arg(long, requires = "encrypted")]
    no_plaintext: bool,
    /// Run the observers in a second process of this tool (`asamblea-load observe`): the clients
    /// and the screens then each fit their own process's limit on open files.
    #[arg(long)]
    observers_process: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// The observers' process that `--observers-process` starts (lines of JSON on standard
    /// input and output; see the `screens` module).
    #[command(hide = true)]
    Observe {
        #[arg(long)]
        observers: usize,
        #[arg(long, default_value_t = 100)]
        tracked_observers: usize,
        #[arg(long, default_value = "/events")]
        path: String,
        #[arg(long)]
        after: i64,
        #[arg(long)]
        url: String,
        #[arg(long, default_value_t = 1)]
        client_addresses: u16,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let a = Args::parse();
    if let Some(Command::Observe {
        observers,
        tracked_observers,
        path,
        after,
        url,
        client_addresses,
    }) = a.command
    {
        let path: &'static str = if path.contains("every=true") {
            "/events?every=true"
        } else {
            "/events"
        };
        let mut stdout = std::io::stdout();
        return match screens::serve(
            observers,
            tracked_observers,
            path,
            after,
            url,
            client_addresses,
            &mut stdout,
        )
        .await
        {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("asamblea-load: {e}");
                std::process::ExitCode::from(2)
            }
        };
    }
    let mut kinds = Vec::new();
    if !a.no_plaintext {
        kinds.push(BallotKind::Plaintext);
    }
    if a.encrypted {
        kinds.extend([BallotKind::Device, BallotKind::Server]);
    }
    let observers_process = if a.observers_process {
        match std::env::current_exe() {
            Ok(p) => Some(p),
            Err(e) => {
                eprintln!("asamblea-load: where is this program? {e}");
                return std::process::ExitCode::from(2);
            }
        }
    } else {
        None
    };
    let scenarios = match a.scenario {
        Which::Members => vec![Scenario::Members],
        Which::Session => vec![Scenario::Session],
        Which::Both => vec![Scenario::Members, Scenario::Session],
    };
    let cfg = Config {
        binary: a.binary,
        database: a.database,
        data_dir: a.data_dir,
        server_cpus: a.server_cpus,
        listen: a.listen,
        scenarios,
        clients: a.clients,
        client_addresses: a.client_addresses,
        ballots: a.ballots,
        duration: a.duration.map(Duration::from_secs_f64),
        delegates: a.delegates,
        observers: a.observers,
        tracked_observers: a.tracked_observers,
        observe_every: a.observe_every,
        kill_after: a.kill_after,
        kill_at_end: a.kill_at_end,
        db_rate_seconds: a.db_rate_seconds,
        setup_concurrency: a.setup_concurrency,
        kinds,
        observers_process,
    };
    let mut stdout = std::io::stdout();
    match run(&cfg, &mut stdout).await {
        Ok(report) => {
            if let Some(path) = a.json {
                let text = serde_json::to_string_pretty(&report).unwrap_or_default();
                if let Err(e) = std::fs::write(&path, text) {
                    eprintln!("asamblea-load: cannot write {}: {e}", path.display());
                    return std::process::ExitCode::from(2);
                }
            }
            if report["ok"] == true {
                std::process::ExitCode::SUCCESS
            } else {
                std::process::ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!("asamblea-load: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
