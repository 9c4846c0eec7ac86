//! `asamblea verify-election FILE`: the independent verifier of a published election record
//! (docs/election-record.md). It reads nothing but the file: every proof, the sum, the shares.
//!
//! Exit codes: 0 the record is accepted; 1 it is refused (each fault named on standard error);
//! 2 the file cannot be read or is not a record.

use asamblea_ballot_crypto::record::{ElectionRecord, verify_record};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct VerifyElectionArgs {
    /// The election record (JSON), as published.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Threads verifying ballots (default: the machine's cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

pub fn run_verify(args: &VerifyElectionArgs, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let text = match std::fs::read(&args.file) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(err, "cannot read {}: {e}", args.file.display());
            return 2;
        }
    };
    let record: ElectionRecord = match serde_json::from_slice(&text) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(
                err,
                "{} is not an election record: {e}",
                args.file.display()
            );
            return 2;
        }
    };
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let started = std::time::Instant::now();
    let report = verify_record(&record, threads);
    for line in &report.checked {
        let _ = writeln!(out, "ok  {line}");
    }
    for line in &report.errors {
        let _ = writeln!(err, "BAD {line}");
    }
    if report.ok() {
        for (q, counts) in record.manifest.questions.iter().zip(&record.result) {
            let _ = writeln!(out, "{}", q.title);
            for (choice, n) in q.choices.iter().zip(counts) {
                let _ = writeln!(out, "  {n:>8}  {choice}");
            }
        }
        let _ = writeln!(
            out,
            "record accepted ({} ballots, {:.1} s)",
            record.ballots.len(),
            started.elapsed().as_secs_f64()
        );
        0
    } else {
        let _ = writeln!(err, "record refused: {} fault(s)", report.errors.len());
        1
    }
}
