//! `tallystick-count FILE.blt irv|schulze`: counts a BLT file with the tallystick crate and
//! prints the winner, with the parse and count times apart (milliseconds, on stderr).
//!
//! The file is read with the same parser as `asamblea count` (asamblea-formats), so both sides
//! pay the same parsing cost; tallystick gets the ballots already merged (one weighted vote per
//! distinct ranking). A ranking that puts candidates equal ends at the first equal rank (IRV) or
//! is passed as ranks (Schulze), as `asamblea count` reads them. Schulze uses winning votes;
//! unranked candidates rank last, equally, on both sides.

use std::time::Instant;

use asamblea_tallystick_bench::{irv_tally, schulze_tally};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: tallystick-count FILE.blt irv|schulze");
        std::process::exit(2);
    }
    let t0 = Instant::now();
    let text = std::fs::read_to_string(&args[1]).expect("read");
    let election = asamblea_formats::blt::parse(&text).expect("parse");
    let t1 = Instant::now();
    let winners: Vec<u32> = match args[2].as_str() {
        "irv" => irv_tally(&election).tally_winners().into_unranked(),
        "schulze" => schulze_tally(&election).winners().into_unranked(),
        other => {
            eprintln!("unknown method {other}");
            std::process::exit(2);
        }
    };
    let t2 = Instant::now();
    let ms = |a: Instant, b: Instant| b.duration_since(a).as_secs_f64() * 1000.0;
    eprintln!("parse {:.0} ms, count {:.0} ms", ms(t0, t1), ms(t1, t2));
    let names: Vec<&str> = winners
        .iter()
        .map(|&c| election.candidates[c as usize].as_str())
        .collect();
    println!("{}", names.join(", "));
    std::mem::forget(election);
}
