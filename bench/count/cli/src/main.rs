//! `asamblea-count-bench FILE --method M ...`: exactly `asamblea count`, without the rest.

use clap::Parser;

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    args: asamblea_tally::CountArgs,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let code = asamblea_tally::run_count(&cli.args, &mut std::io::stdout(), &mut std::io::stderr());
    std::process::ExitCode::from(code.clamp(0, 255) as u8)
}
