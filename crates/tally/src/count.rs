use std::io::Write;

/// Arguments of `asamblea count`.
#[derive(Debug, Clone, clap::Args)]
pub struct CountArgs {}

/// Runs `asamblea count`; returns the exit code.
pub fn run_count(_args: &CountArgs, _out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let _ = writeln!(err, "not yet implemented");
    2
}
