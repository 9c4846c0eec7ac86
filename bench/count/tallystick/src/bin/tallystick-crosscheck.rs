//! `tallystick-crosscheck irv|schulze FILE.blt...`: tallystick's full ranking of each file, for
//! the random-profile cross-check (bench/count/crosscheck.py).
//!
//! Prints one line per file: the file name, a tab, then `candidate:rank` pairs separated by
//! spaces (candidate = 0-based index in the BLT file, rank 0 = best; equal ranks are ties).
//! IRV: `tally_ranked()` (the reverse order of elimination; candidates tied at the bottom are
//! eliminated together and share a rank). Schulze (winning votes): `ranked()`.
//! Ballots are read as in `tallystick-count` (src/main.rs): IRV uses each ballot up to its
//! first equal ranking; Schulze passes ranks, unranked candidates last.

use asamblea_rules::count::{CANDIDATE_MASK, TIED_WITH_PREVIOUS};
use tallystick::Transfer;
use tallystick::irv::DefaultTally;
use tallystick::schulze::{DefaultSchulzeTally, Variant};

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
        let n = election.candidates.len() as u32;
        let ranked: Vec<(u32, usize)> = match method {
            "irv" => {
                let mut tally =
                    DefaultTally::<u32>::with_candidates(Transfer::Meek, (0..n).collect());
                for b in &election.ballots {
                    let strict: Vec<u32> = b
                        .prefs
                        .iter()
                        .enumerate()
                        .take_while(|(i, p)| {
                            *p & TIED_WITH_PREVIOUS == 0
                                && b.prefs
                                    .get(i + 1)
                                    .is_none_or(|q| q & TIED_WITH_PREVIOUS == 0)
                        })
                        .map(|(_, p)| p & CANDIDATE_MASK)
                        .collect();
                    if !strict.is_empty() {
                        tally.add_weighted(strict, b.weight);
                    }
                }
                tally
                    .tally_ranked()
                    .into_iter()
                    .map(|r| (r.candidate, r.rank))
                    .collect()
            }
            "schulze" => {
                let mut tally = DefaultSchulzeTally::<u32>::with_candidates(
                    1,
                    Variant::Winning,
                    (0..n).collect(),
                );
                for b in &election.ballots {
                    let mut rank = 0u32;
                    let ranked: Vec<(u32, u32)> = b
                        .prefs
                        .iter()
                        .enumerate()
                        .map(|(i, p)| {
                            if i > 0 && p & TIED_WITH_PREVIOUS == 0 {
                                rank += 1;
                            }
                            (p & CANDIDATE_MASK, rank)
                        })
                        .collect();
                    if !ranked.is_empty() {
                        tally
                            .ranked_add_weighted(&ranked, b.weight)
                            .expect("valid ballot");
                    }
                }
                tally
                    .ranked()
                    .into_iter()
                    .map(|r| (r.candidate, r.rank))
                    .collect()
            }
            other => {
                eprintln!("unknown method {other}");
                std::process::exit(2);
            }
        };
        let pairs: Vec<String> = ranked.iter().map(|(c, r)| format!("{c}:{r}")).collect();
        println!("{path}\t{}", pairs.join(" "));
    }
}
