//! Seeded ballot generator for the counting benchmarks (no dependencies; build with
//! `rustc -O gen/main.rs -o gen-ballots`).
//!
//! `gen-ballots BALLOTS CANDIDATES SEATS complete|truncated SEED > file.blt`
//!
//! Voters draw a ranking from a Plackett-Luce model with candidate strengths `RATIO^i` (default
//! 0.8; closer to 1 makes closer contests) (so a few
//! candidates are popular and some orders repeat, as in real elections); `truncated` ballots keep
//! a uniformly random prefix length from 1 to CANDIDATES. Output: BLT, one line per ballot
//! (weight 1), so the parser sees every ballot, with Droop's `[nick c1 c2 ...]` nicknames so that
//! stv-rs reads the same file. Same arguments, same file.

use std::io::{BufWriter, Write};

struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 6 && args.len() != 7 {
        eprintln!("usage: gen-ballots BALLOTS CANDIDATES SEATS complete|truncated SEED [RATIO]");
        std::process::exit(2);
    }
    let ballots: usize = args[1].parse().expect("BALLOTS");
    let n: usize = args[2].parse().expect("CANDIDATES");
    let seats: usize = args[3].parse().expect("SEATS");
    let truncated = args[4] == "truncated";
    let mut rng = SplitMix64(args[5].parse().expect("SEED"));
    let ratio: f64 = args.get(6).map_or(0.8, |r| r.parse().expect("RATIO"));
    let strength: Vec<f64> = (0..n).map(|i| ratio.powi(i as i32)).collect();
    let out = std::io::stdout();
    let mut out = BufWriter::new(out.lock());
    writeln!(out, "{n} {seats}").unwrap();
    let nicks: Vec<String> = (1..=n).map(|c| format!("c{c}")).collect();
    writeln!(out, "[nick {}]", nicks.join(" ")).unwrap();
    let mut left: Vec<usize> = Vec::with_capacity(n);
    let mut line = String::new();
    for _ in 0..ballots {
        left.clear();
        left.extend(0..n);
        let len = if truncated {
            1 + (rng.next() % n as u64) as usize
        } else {
            n
        };
        line.clear();
        line.push('1');
        for _ in 0..len {
            let total: f64 = left.iter().map(|&c| strength[c]).sum();
            let mut x = rng.unit() * total;
            let mut k = left.len() - 1;
            for (i, &c) in left.iter().enumerate() {
                if x < strength[c] {
                    k = i;
                    break;
                }
                x -= strength[c];
            }
            let c = left.swap_remove(k);
            line.push(' ');
            line.push_str(&nicks[c]);
        }
        line.push_str(" 0\n");
        out.write_all(line.as_bytes()).unwrap();
    }
    writeln!(out, "0").unwrap();
    for c in 0..n {
        writeln!(out, "\"Candidate {}\"", c + 1).unwrap();
    }
    writeln!(out, "\"Benchmark {ballots} ballots, {n} candidates\"").unwrap();
}
