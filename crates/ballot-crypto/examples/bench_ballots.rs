//! Ballot creation, verification and a tally of many ballots (BENCHMARKS.md, "Secret ballots").
//!   cargo run --release -p asamblea-ballot-crypto --example bench_ballots -- [TALLY_BALLOTS] [THREADS]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a measuring tool speaks by panicking

use asamblea_ballot_crypto::SigningKey;
use asamblea_ballot_crypto::ballot::{
    Ballot, Method, Question, encrypt_ballot, verify_ballot_with,
};
use asamblea_ballot_crypto::dkg::Threshold;
use asamblea_ballot_crypto::proofs::VerifyingContext;
use asamblea_ballot_crypto::record::verify_ballots;
use asamblea_ballot_crypto::simulate::run;
use asamblea_ballot_crypto::tally::{combine, decryption_share, sum_ballots};
use rand_core::OsRng;
use std::time::Instant;

/// CPU time of this thread (ns): on a machine shared with other builds, wall time measures the
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

fn shape(name: &str) -> (Vec<Question>, Vec<Vec<u64>>) {
    let q = |choices: &[&str], method| Question {
        title: name.into(),
        choices: choices.iter().map(|s| s.to_string()).collect(),
        method,
    };
    match name {
        "yes/no/abstain" => (
            vec![q(&["yes", "no", "abstain"], Method::YesNoAbstain)],
            vec![vec![1, 0, 0]],
        ),
        "choose one of 5" => (
            vec![q(&["a", "b", "c", "d", "e"], Method::ChooseOne)],
            vec![vec![0, 0, 1, 0, 0]],
        ),
        _ => (
            vec![q(
                &["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"],
                Method::Approval { max: 5 },
            )],
            vec![vec![1, 1, 0, 1, 0, 0, 0, 0, 0, 1]],
        ),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let tally_n: usize = args.get(1).map_or(100_000, |s| s.parse().unwrap());
    let threads: usize = args.get(2).map_or(2, |s| s.parse().unwrap());
    let th = Threshold { n: 5, t: 3 };
    println!(
        "| ballot | create (ballots per CPU-second) | verify (ballots per CPU-second) | ballot JSON (bytes) |"
    );
    println!("|---|---:|---:|---:|");
    for name in [
        "yes/no/abstain",
        "choose one of 5",
        "approval up to 5 of 10",
    ] {
        let (qs, sel) = shape(name);
        let sim = run("bench", qs, th, 1, &[], &[1, 2, 3], &mut OsRng).unwrap();
        let m = &sim.record.manifest;
        let e = m.fingerprint();
        let n = 400;
        let creds: Vec<SigningKey> = (0..n).map(|_| SigningKey::generate(&mut OsRng)).collect();
        let t0 = thread_cpu();
        let ballots: Vec<Ballot> = creds
            .iter()
            .map(|c| encrypt_ballot(m, c, &sel, &mut OsRng).unwrap().0)
            .collect();
        let create = n as f64 / (thread_cpu() - t0);
        let t0 = thread_cpu();
        let key = VerifyingContext::new(m.public_key);
        for b in &ballots {
            verify_ballot_with(m, &e, &key, b).unwrap();
        }
        let verify = n as f64 / (thread_cpu() - t0);
        let size = serde_json::to_string(&ballots[0]).unwrap().len();
        println!("| {name} | {create:.0} | {verify:.0} | {size} |");
    }

    // The tally: `tally_n` yes/no/abstain ballots (1,000 distinct ones, repeated: verifying a
    // repeated ballot costs the same), verified on `threads` threads, summed, decrypted by 3 of 5.
    let (qs, _) = shape("yes/no/abstain");
    let sim = run("bench", qs, th, 0, &[], &[1, 2, 3], &mut OsRng).unwrap();
    let m = &sim.record.manifest;
    let distinct: Vec<Ballot> = (0..1000)
        .map(|i| {
            let c = SigningKey::generate(&mut OsRng);
            let mut s = vec![0, 0, 0];
            s[i % 3] = 1;
            encrypt_ballot(m, &c, &vec![s], &mut OsRng).unwrap().0
        })
        .collect();
    let json = serde_json::to_string(&distinct).unwrap();
    let c0 = thread_cpu();
    for _ in 0..5 {
        let parsed: Vec<Ballot> = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed.len(), distinct.len());
    }
    let parse = 5.0 * distinct.len() as f64 / (thread_cpu() - c0);
    println!();
    println!(
        "reading yes/no/abstain ballots from JSON (decoding and checking every point): {parse:.0} per CPU-second"
    );
    let board: Vec<Ballot> = (0..tally_n)
        .map(|i| distinct[i % distinct.len()].clone())
        .collect();
    let t0 = Instant::now();
    let c0 = process_cpu();
    let bad = verify_ballots(m, &board, threads);
    let t_verify = t0.elapsed().as_secs_f64();
    let cpu_verify = process_cpu() - c0;
    assert!(bad.is_empty());
    let t1 = Instant::now();
    let tally = sum_ballots(m, &board);
    let t_sum = t1.elapsed().as_secs_f64();
    let t2 = Instant::now();
    let e = m.fingerprint();
    let shares: Vec<_> = [1u32, 3, 5]
        .iter()
        .map(|&j| decryption_share(&e, j, &sim.trustee_keys[j as usize - 1], &tally, &mut OsRng))
        .collect();
    let refs: Vec<_> = shares.iter().collect();
    let result = combine(&tally, &refs, 3, board.len() as u64).unwrap();
    let t_dec = t2.elapsed().as_secs_f64();
    let total: u64 = result[0].iter().sum();
    assert_eq!(total, tally_n as u64);
    println!();
    println!(
        "tally of {tally_n} yes/no/abstain ballots on {threads} threads: verify {t_verify:.1} s wall ({:.0}/s), {cpu_verify:.1} s CPU ({:.0}/s per core), sum {t_sum:.2} s, shares+decrypt {t_dec:.2} s, total {:.1} s; result {result:?}",
        tally_n as f64 / t_verify,
        tally_n as f64 / cpu_verify,
        t_verify + t_sum + t_dec
    );
}
