//! `tallystick-crosscheck irv|schulze FILE.blt...`: tallystick's full ranking of each file, for
//! the random-profile cross-check (bench/count/crosscheck.py).
//!
//! Prints one line per file: the file name, a tab, then `candidate:rank` pairs separated by
//! spaces (candidate = 0-based index in the BLT file, rank 0 = best; equal ranks are ties).
//! IRV: `tally_ranked()` (the reverse order of elimination; candidates tied at the bottom are
//! eliminated together and share a rank). Schulze (winning votes): `ranked()`.
//! Ballots are read as in `tallystick-count`, by the same functions (src/lib.rs).

use asamblea_tallystick_bench::{irv_tally, schulze_tally};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: tallystick-crosscheck irv|schulze FILE.blt...");
        std::process::exit(2);
    }
    let method = args[1].as_str();
    for path in &args[2..] {
        let text = std::fs::read_to_string(path).expect("read");
        let election = asamblea_formats::blt::parse(&text).expect("parse");
        let ranked: Vec<(u32, usize)> = match method {
            "irv" => irv_tally(&election)
                .tally_ranked()
                .into_iter()
                .map(|r| (r.candidate, r.rank))
                .collect(),
            "schulze" => schulze_tally(&election)
                .ranked()
                .into_iter()
                .map(|r| (r.candidate, r.rank))
                .collect(),
            other => {
                eprintln!("unknown method {other}");
                std::process::exit(2);
            }
        };
        let pairs: Vec<String> = ranked.iter().map(|(c, r)| format!("{c}:{r}")).collect();
        println!("{path}\t{}", pairs.join(" "));
    }
}
