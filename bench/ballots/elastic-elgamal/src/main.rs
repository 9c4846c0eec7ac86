//! elastic-elgamal's own operations timed per CPU-second of this thread (as Asamblea's bench).
use elastic_elgamal::app::{ChoiceParams, EncryptedChoice};
use elastic_elgamal::{Keypair, group::Ristretto};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaChaRng;

fn cpu() -> f64 {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap();
    s.split_whitespace().next().unwrap().parse::<f64>().unwrap() / 1e9
}

fn main() {
    let n: usize = std::env::args().nth(1).map_or(2000, |s| s.parse().unwrap());
    let mut rng = ChaChaRng::from_seed([5; 32]);
    let keypair: Keypair<Ristretto> = Keypair::generate(&mut rng);
    let pk = keypair.public().clone();
    let bools: Vec<_> = (0..n).map(|_| pk.encrypt_bool(rng.gen_bool(0.5), &mut rng)).collect();
    let t = cpu();
    for (ct, proof) in &bools {
        pk.verify_bool(*ct, proof).unwrap();
    }
    println!("ristretto 0/1 proof verify: {:.0} per CPU-second", n as f64 / (cpu() - t));
    for options in [3usize, 5] {
        let params = ChoiceParams::single(pk.clone(), options);
        let t = cpu();
        let choices: Vec<_> = (0..n)
            .map(|_| EncryptedChoice::single(&params, rng.gen_range(0..options), &mut rng))
            .collect();
        let create = n as f64 / (cpu() - t);
        let t = cpu();
        for c in &choices {
            c.verify(&params).unwrap();
        }
        println!(
            "ristretto choose one of {options}: create {create:.0}, verify {:.0} per CPU-second",
            n as f64 / (cpu() - t)
        );
    }
}
