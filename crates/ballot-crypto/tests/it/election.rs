use crate::{election, expected, questions};
use asamblea_ballot_crypto::ballot::{
    audit_ballot, check_selections, encrypt_ballot, verify_ballot,
};
use asamblea_ballot_crypto::dkg::{Dealer, Threshold, verify_share};
use asamblea_ballot_crypto::record::verify_record;
use asamblea_ballot_crypto::simulate::run;
use asamblea_ballot_crypto::tally::{combine, decryption_share};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

#[test]
fn a_3_of_5_election_decrypts_and_its_record_verifies() {
    let sim = election(1);
    assert_eq!(sim.record.result, expected());
    let rep = verify_record(&sim.record, 2);
    assert!(rep.ok(), "{:?}", rep.errors);
}

#[test]
fn any_3_of_the_5_trustees_decrypt_and_2_do_not() {
    let sim = election(2);
    let r = &sim.record;
    let e = r.manifest.fingerprint();
    let mut rng = ChaCha20Rng::seed_from_u64(9);
    let shares: Vec<_> = (1..=5u32)
        .map(|j| decryption_share(&e, j, &sim.trustee_keys[j as usize - 1], &r.tally, &mut rng))
        .collect();
    for set in [[0usize, 1, 2], [1, 3, 4], [0, 2, 4], [2, 3, 4]] {
        let chosen: Vec<_> = set.iter().map(|&i| &shares[i]).collect();
        assert_eq!(combine(&r.tally, &chosen, 3, 5).unwrap(), expected());
    }
    let all: Vec<_> = shares.iter().collect();
    assert_eq!(combine(&r.tally, &all, 3, 5).unwrap(), expected());
    let two = [&shares[0], &shares[4]];
    let err = combine(&r.tally, &two, 3, 5).unwrap_err();
    assert!(
        err.to_string()
            .contains("2 valid shares where 3 are needed"),
        "{err}"
    );
}

#[test]
fn a_record_with_a_missing_trustee_share_still_verifies_with_t_shares() {
    // Trustees 2 and 4 never came: the record names the three that decrypted.
    let sim = election(3);
    assert_eq!(
        sim.record
            .shares
            .iter()
            .map(|s| s.trustee)
            .collect::<Vec<_>>(),
        vec![1, 3, 5]
    );
    assert!(verify_record(&sim.record, 1).ok());
}

#[test]
fn a_trustee_detects_a_garbage_share_in_the_ceremony() {
    let mut rng = ChaCha20Rng::seed_from_u64(4);
    let th = Threshold { n: 3, t: 2 };
    let d = Dealer::new(th, 1, &mut rng).unwrap();
    let pubd = d.dealing("e", &mut rng);
    assert!(verify_share(&pubd, 2, &d.share_for(2)));
    assert!(!verify_share(&pubd, 2, &d.share_for(3)));
    assert!(!verify_share(
        &pubd,
        2,
        &(d.share_for(2) + asamblea_ballot_crypto::Scalar::ONE)
    ));
}

#[test]
fn thresholds_outside_1_le_t_le_n_le_9_are_refused() {
    let mut rng = ChaCha20Rng::seed_from_u64(5);
    for (n, t) in [(3, 0), (3, 4), (10, 3)] {
        assert!(
            Dealer::new(Threshold { n, t }, 1, &mut rng).is_err(),
            "{n} {t}"
        );
    }
    assert!(Dealer::new(Threshold { n: 3, t: 2 }, 4, &mut rng).is_err());
}

#[test]
fn selections_that_break_the_method_are_refused_before_encryption() {
    let sim = election(6);
    let m = &sim.record.manifest;
    let ok = vec![vec![1, 0, 0], vec![1, 1, 0, 0], vec![0, 0, 1]];
    assert!(check_selections(m, &ok).is_ok());
    for bad in [
        vec![vec![1, 1, 0], vec![0, 0, 0, 0], vec![1, 0, 0]], // two in choose-one
        vec![vec![1, 0, 0], vec![1, 1, 1, 0], vec![1, 0, 0]], // three approvals where 2 are allowed
        vec![vec![1, 0, 0], vec![0, 0, 0, 0], vec![0, 0, 0]], // yes/no/abstain left empty
        vec![vec![2, 0, 0], vec![0, 0, 0, 0], vec![1, 0, 0]], // a 2
        vec![vec![1, 0, 0], vec![0, 0, 0, 0]],                // a question missing
    ] {
        let mut rng = ChaCha20Rng::seed_from_u64(7);
        assert!(
            encrypt_ballot(m, &sim.credentials[0], &bad, &mut rng).is_err(),
            "{bad:?}"
        );
    }
}

#[test]
fn a_challenged_ballot_opens_to_its_selections_and_a_false_opening_is_caught() {
    let sim = election(8);
    let m = &sim.record.manifest;
    let sel = vec![vec![0, 0, 1], vec![0, 1, 1, 0], vec![0, 1, 0]];
    let mut rng = ChaCha20Rng::seed_from_u64(10);
    let (b, rs) = encrypt_ballot(m, &sim.credentials[5], &sel, &mut rng).unwrap();
    assert!(verify_ballot(m, &m.fingerprint(), &b).is_ok());
    assert_eq!(audit_ballot(m, &b, &rs).unwrap(), sel);
    let mut wrong = rs.clone();
    wrong[1][2] += asamblea_ballot_crypto::Scalar::ONE;
    assert!(audit_ballot(m, &b, &wrong).is_err());
}

#[test]
fn tracking_codes_differ_between_ballots_of_the_same_choice() {
    let sim = election(11);
    let mut codes: Vec<_> = sim
        .record
        .ballots
        .iter()
        .map(|b| b.tracking_code())
        .collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), sim.record.ballots.len());
    assert!(codes.iter().all(|c| c.len() == 64));
}

#[test]
fn a_blank_choose_one_and_a_single_trustee_election_work() {
    let mut rng = ChaCha20Rng::seed_from_u64(12);
    let votes = vec![vec![vec![0, 0, 0], vec![0, 0, 0, 0], vec![0, 0, 1]]];
    let sim = run(
        "tiny",
        questions(),
        Threshold { n: 1, t: 1 },
        1,
        &votes,
        &[1],
        &mut rng,
    )
    .unwrap();
    assert_eq!(
        sim.record.result,
        vec![vec![0, 0, 0], vec![0, 0, 0, 0], vec![0, 0, 1]]
    );
    assert!(verify_record(&sim.record, 1).ok());
}

#[test]
fn a_sealed_share_opens_only_for_its_trustee_and_not_once_changed() {
    use asamblea_ballot_crypto::Scalar;
    use asamblea_ballot_crypto::dkg::{open_share, seal_share};
    use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT as G;
    let mut rng = ChaCha20Rng::seed_from_u64(13);
    let (k1, k2, k3) = (
        Scalar::from(11u64),
        Scalar::from(22u64),
        Scalar::from(33u64),
    );
    let share = Scalar::from(424242u64);
    let s = seal_share("e", 1, &k1, 2, &(k2 * G), &share, &mut rng).unwrap();
    assert_eq!(open_share("e", 2, &k2, &(k1 * G), &s), Some(share));
    assert_eq!(
        open_share("e", 3, &k3, &(k1 * G), &s),
        None,
        "another trustee"
    );
    assert_eq!(
        open_share("e", 2, &k2, &(k3 * G), &s),
        None,
        "claimed by another sender"
    );
    assert_eq!(
        open_share("other", 2, &k2, &(k1 * G), &s),
        None,
        "another ceremony"
    );
    let mut t = s.clone();
    t.sealed
        .replace_range(0..2, if &t.sealed[0..2] == "00" { "01" } else { "00" });
    assert_eq!(
        open_share("e", 2, &k2, &(k1 * G), &t),
        None,
        "changed on the way"
    );
}
