//! `phases FILE.blt METHOD SEATS`: times parsing and counting separately (milliseconds), to check
//! that counting after parsing takes no longer than parsing.

use std::time::Instant;

use asamblea_rules::count::{CountOptions, Method, count};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        eprintln!("usage: phases FILE.blt METHOD SEATS");
        std::process::exit(2);
    }
    let t0 = Instant::now();
    let text = std::fs::read_to_string(&args[1]).expect("read");
    let t1 = Instant::now();
    let election = asamblea_formats::blt::parse(&text).expect("parse");
    let t2 = Instant::now();
    let method: Method = args[2].parse().expect("method");
    let seats = if method.single_winner() {
        1
    } else {
        args[3].parse().expect("seats")
    };
    let result = count(
        &election,
        &CountOptions {
            method,
            seats,
            seed: None,
        },
    )
    .expect("count");
    let t3 = Instant::now();
    let ms = |a: Instant, b: Instant| b.duration_since(a).as_secs_f64() * 1000.0;
    println!(
        "read {:.0} ms, parse {:.0} ms, count {:.0} ms, {} distinct ballots, elected {:?}",
        ms(t0, t1),
        ms(t1, t2),
        ms(t2, t3),
        election.ballots.len(),
        result.elected
    );
    std::mem::forget(election);
}
