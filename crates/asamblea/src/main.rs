//! `asamblea`: one binary over the library crates. Each subcommand lives in `cmd/`.

mod cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Asamblea: a delegate assembly for federations of popular organizations.
#[derive(Debug, Parser)]
#[command(
    name = "asamblea",
    version,
    about = "Asamblea: the delegate assembly of a federation of popular organizations, on a public record anyone can verify",
    long_about = None
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web server (SQLite in --data-dir by default, or PostgreSQL with --database).
    Serve(cmd::serve::ServeArgs),
    /// Verify or export the hash-chained record of acts.
    #[command(subcommand)]
    Record(cmd::record::RecordCommand),
    /// Apportion seats among entries (organizations, sectors) from a CSV or TOML file.
    Apportion(asamblea_tally::ApportionArgs),
    /// Count ballots (BLT, PrefLib or CVR CSV) with a voting method, explained round by round.
    Count(asamblea_tally::CountArgs),
    /// Verify a published election record of secret ballots: every proof, the sum, the shares.
    VerifyElection(cmd::election::VerifyElectionArgs),
    /// A trustee's part in a secret election: key ceremony and decryption share.
    #[command(subcommand)]
    Trustee(cmd::ceremony::TrusteeCommand),
    /// A secret election on a board of public files: questions, key, credentials, ballots, tally, record.
    #[command(subcommand)]
    Election(cmd::ceremony::ElectionCommand),
    /// Witness a log: check its new checkpoint is consistent with the one kept, then cosign it.
    #[command(subcommand)]
    Witness(cmd::witness::WitnessCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Serve(args) => cmd::serve::run(args),
        Command::Record(c) => cmd::record::run(c),
        Command::Apportion(args) => {
            asamblea_tally::run_apportion(&args, &mut std::io::stdout(), &mut std::io::stderr())
        }
        Command::Count(args) => {
            asamblea_tally::run_count(&args, &mut std::io::stdout(), &mut std::io::stderr())
        }
        Command::VerifyElection(args) => {
            cmd::election::run_verify(&args, &mut std::io::stdout(), &mut std::io::stderr())
        }
        Command::Trustee(c) => {
            cmd::ceremony::run_trustee(c, &mut std::io::stdout(), &mut std::io::stderr())
        }
        Command::Election(c) => {
            cmd::ceremony::run_election(c, &mut std::io::stdout(), &mut std::io::stderr())
        }
        Command::Witness(c) => cmd::witness::run(c),
    };
    ExitCode::from(code.clamp(0, 255) as u8)
}
