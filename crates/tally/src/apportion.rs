use std::io::Write;

/// Arguments of `asamblea apportion`.
#[derive(Debug, Clone, clap::Args)]
pub struct ApportionArgs {}

/// Runs `asamblea apportion`; returns the exit code.
pub fn run_apportion(_args: &ApportionArgs, _out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let _ = writeln!(err, "not yet implemented");
    2
}
