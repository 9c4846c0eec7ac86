//! Secret ballots: creation and verification per ballot, and a whole board verified and tallied
//! (BENCHMARKS.md, "Secret ballots"; bench/ballots/run.sh).
//!   cargo run --release -p asamblea-ballot-crypto --example bench_ballots -- [BALLOTS] [THREADS] [DISTINCT]
//! BALLOTS (default 100,000) per question shape, verified on THREADS threads (default 2) in
//! batches; DISTINCT (default min(BALLOTS, 10,000)) ballots are made, each with its own
//! credential, and repeated to make up BALLOTS (a repeated ballot costs the same to verify).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a measuring tool speaks by panicking

use asamblea_ballot_crypto::SigningKey;
use asamblea_ballot_crypto::ballot::{
    Ballot, Manifest, Method, Question, encrypt_ballot, verify_ballot_with,
};
use asamblea_ballot_crypto::dkg::Threshold;
use asamblea_ballot_crypto::proofs::VerifyingContext;
use asamblea_ballot_crypto::record::verify_ballots;
use asamblea_ballot_crypto::simulate::run;
use asamblea_ballot_crypto::tally::{combine, decryption_share, sum_ballots};
use rand_core::OsRng;
use std::time::Instant;

/// CPU time of this thread (s): on a machine shared with other builds, wall time measures the
/// neighbours; the CPU time a ballot takes is what a free core would do.
fn thread_cpu() -> f64 {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    s.split_whitespace()
        .next()
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1e9
}

/// CPU time of the whole process (s), all threads (utime + stime, clock ticks of 10 ms).
fn process_cpu() -> f64 {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = s.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let t = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (t(11) + t(12)) / 100.0
}

const SHAPES: [&str; 3] = [
    "yes/no/abstain",
    "choose one of 5",
    "approval up to 5 of 10",
];

fn shape(name: &str) -> Question {
    let q = |choices: &[&str], method| Question {
        title: name.into(),
        choices: choices.iter().map(|s| s.to_string()).collect(),
        method,
    };
    match name {
        "yes/no/abstain" => q(&["yes", "no", "abstain"], Method::YesNoAbstain),
        "choose one of 5" => q(&["a", "b", "c", "d", "e"], Method::ChooseOne),
        _ => q(
            &["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"],
            Method::Approval { max: 5 },
        ),
    }
}

/// A valid selection for ballot `i` (spread over the choices, some blank where allowed).
fn selection(m: &Manifest, i: usize) -> Vec<Vec<u64>> {
    let q = &m.questions[0];
    let k = q.choices.len();
    let mut s = vec![0; k];
    match q.method {
        Method::YesNoAbstain => s[i % 3] = 1,
        Method::ChooseOne => {
            if i % (k + 1) < k {
                s[i % (k + 1)] = 1;
            }
        }
        Method::Approval { max } => {
            for j in 0..(i % (max as usize + 1)) {
                s[(i + 3 * j) % k] = 1;
            }
        }
    }
    vec![s]
}

/// `n` ballots of `m`, each with a new credential, made on `threads` threads.
fn make(m: &Manifest, n: usize, threads: usize) -> Vec<Ballot> {
    let per = n.div_ceil(threads.max(1)).max(1);
    std::thread::scope(|s| {
        let hs: Vec<_> = (0..n)
            .step_by(per)
            .map(|from| {
                s.spawn(move || {
                    (from..(from + per).min(n))
                        .map(|i| {
                            let c = SigningKey::generate(&mut OsRng);
                            encrypt_ballot(m, &c, &selection(m, i), &mut OsRng)
                                .unwrap()
                                .0
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        hs.into_iter().flat_map(|h| h.join().unwrap()).collect()
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).map_or(100_000, |s| s.parse().unwrap());
    let threads: usize = args.get(2).map_or(2, |s| s.parse().unwrap());
    let distinct: usize = args
        .get(3)
        .map_or(n.min(10_000), |s| s.parse().unwrap())
        .clamp(1, n.max(1));
    let th = Threshold { n: 5, t: 3 };

    println!("Per ballot, one core (ballots per CPU-second):");
    println!();
    println!(
        "| ballot (one question) | create | verify one by one | verify in batches | ballot JSON (bytes) |"
    );
    println!("|---|---:|---:|---:|---:|");
    for name in SHAPES {
        let sim = run(
            "bench",
            vec![shape(name)],
            th,
            1,
            &[],
            &[1, 2, 3],
            &mut OsRng,
        )
        .unwrap();
        let m = &sim.record.manifest;
        let e = m.fingerprint();
        let k = 1000;
        let creds: Vec<SigningKey> = (0..k).map(|_| SigningKey::generate(&mut OsRng)).collect();
        let t0 = thread_cpu();
        let ballots: Vec<Ballot> = creds
            .iter()
            .enumerate()
            .map(|(i, c)| {
                encrypt_ballot(m, c, &selection(m, i), &mut OsRng)
                    .unwrap()
                    .0
            })
            .collect();
        let create = k as f64 / (thread_cpu() - t0);
        let t0 = thread_cpu();
        let key = VerifyingContext::new(m.public_key);
        for b in &ballots {
            verify_ballot_with(m, &e, &key, b).unwrap();
        }
        let one = k as f64 / (thread_cpu() - t0);
        // verify_ballots runs its batches on threads of its own: the process's CPU time counts them.
        let t0 = process_cpu();
        assert!(verify_ballots(m, &ballots, 1).is_empty());
        let batched = k as f64 / (process_cpu() - t0).max(0.01);
        let size = serde_json::to_string(&ballots[0]).unwrap().len();
        println!("| {name} | {create:.0} | {one:.0} | {batched:.0} | {size} |");

        if name == "yes/no/abstain" {
            let json = serde_json::to_string(&ballots).unwrap();
            let c0 = thread_cpu();
            let parsed: Vec<Ballot> = serde_json::from_str(&json).unwrap();
            assert_eq!(parsed.len(), k);
            let read = k as f64 / (thread_cpu() - c0);
            eprintln!(
                "(reading yes/no/abstain ballots from JSON, every point decoded: {read:.0} per CPU-second)"
            );
        }
    }

    println!();
    println!(
        "A board of {n} ballots per shape ({distinct} distinct, each with its own credential), verified in batches on {threads} threads, summed, decrypted by 3 of 5 trustees; wall seconds unless said:"
    );
    println!();
    println!(
        "| question | ballots | make {distinct} distinct (wall) | verify (wall) | verify (CPU s) | verified per CPU-second | verified per second (wall) | sum | shares + counts | verify + tally (wall) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for name in &SHAPES[..2] {
        let sim = run(
            "bench",
            vec![shape(name)],
            th,
            0,
            &[],
            &[1, 2, 3],
            &mut OsRng,
        )
        .unwrap();
        let m = &sim.record.manifest;
        let t0 = Instant::now();
        let made = make(m, distinct, threads);
        let t_make = t0.elapsed().as_secs_f64();
        let board: Vec<Ballot> = (0..n).map(|i| made[i % made.len()].clone()).collect();
        drop(made);
        let t0 = Instant::now();
        let c0 = process_cpu();
        let bad = verify_ballots(m, &board, threads);
        let t_verify = t0.elapsed().as_secs_f64();
        let cpu_verify = process_cpu() - c0;
        assert!(bad.is_empty(), "{:?}", &bad[..bad.len().min(3)]);
        let t1 = Instant::now();
        let tally = sum_ballots(m, &board);
        let t_sum = t1.elapsed().as_secs_f64();
        let t2 = Instant::now();
        let e = m.fingerprint();
        let shares: Vec<_> = [1u32, 3, 5]
            .iter()
            .map(|&j| {
                decryption_share(&e, j, &sim.trustee_keys[j as usize - 1], &tally, &mut OsRng)
            })
            .collect();
        let refs: Vec<_> = shares.iter().collect();
        let result = combine(&tally, &refs, 3, board.len() as u64).unwrap();
        let t_dec = t2.elapsed().as_secs_f64();
        // The counts are the selections' (ballot i of the board is made ballot i % distinct).
        let mut expect = vec![0u64; m.questions[0].choices.len()];
        for i in 0..n {
            for (c, v) in selection(m, i % distinct)[0].iter().enumerate() {
                expect[c] += v;
            }
        }
        assert_eq!(result[0], expect, "the decrypted counts are the ballots'");
        println!(
            "| {name} | {n} | {t_make:.1} | {t_verify:.1} | {cpu_verify:.1} | {:.0} | {:.0} | {t_sum:.2} | {t_dec:.2} | {:.1} |",
            n as f64 / cpu_verify.max(1e-9),
            n as f64 / t_verify,
            t_verify + t_sum + t_dec
        );
    }
}
