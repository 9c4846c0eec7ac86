//! `asamblea-apportion-bench FILE --seats N --method M ...`: exactly `asamblea apportion`, without
//! the rest of the binary.

use clap::Parser;

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    args: asamblea_tally::ApportionArgs,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let code = asamblea_tally::run_apportion(&cli.args, &mut std::io::stdout(), &mut std::io::stderr());
    std::process::ExitCode::from(u8::try_from(code.clamp(0, 255)).unwrap_or(2))
}
