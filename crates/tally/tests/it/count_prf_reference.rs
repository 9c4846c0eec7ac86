//! The Proportional Representation Foundation's reference rules, Meek (nine decimals, omega
//! 10^-6) and WIGM (four decimals), checked against the reference counts that Jonathan Lundell
//! (author of the reference rules) publishes with his Droop counter: `jklundell/droop`,
//! `test/ref/report/<election>-meek-prf-o6-fixed-p9-d9.txt` and
//! `test/ref/report/<election>-wigm-prf-fixed-p4-d4.txt`, and for two elections the Scottish
//! rules against `test/ref/report/<election>-scotland-fixed-p5-d5.txt` (commit
//! 67e4bf6a37a83cf80817cf064468d691ccf82f25). The ballots are kept in
//! `tests/data/prf-reference/` exactly as published (sources in its README); the reference
//! numbers are transcribed below, table by table, with the report each comes from.
//!
//! Every stage checks every candidate's total to the rule's last decimal, the votes that no
//! candidate holds, who was elected or defeated at that stage and (Meek) the quota; then the
//! final elected list.
//!
//! How the reports' stages map to our JSON rounds:
//!
//! - Meek. The report's "Begin Count" is our round 1 (first preferences). The report's
//!   "Round k" is our round k + 1: each of our Meek rounds is one run of the iteration (B.2),
//!   stopped by an election or by the surplus (below omega, or no longer falling), followed by
//!   at most one defeat, exactly as the report's rounds; the report shows the totals at that
//!   point (for a defeat, before the defeated candidate's votes move). The report's
//!   "Residual" (votes held by no candidate: ballots exhausted plus what the rounding up of
//!   keep values leaves) is our `exhausted` plus `lost_to_fractions` (zero for Meek). The last
//!   round, where the remaining hopeful fill the seats (C), is the report's "Elect remaining"
//!   with the residual of its "Count Complete" block (the report shows "Residual" as the
//!   running total minus votes only at Count Complete). When the last seat is filled by an
//!   election in a round (SC), the report adds "Defeat remaining" for the other hopeful; we
//!   add no round for it, only leave them out of the elected list.
//! - WIGM. The report's "Begin Count" with the first "Elect, transfer pending" actions is our
//!   round 1 (we elect at first preferences in round 1); afterwards each "Surplus transferred"
//!   and each "Transfer defeated" action is one of our rounds, in order. A candidate the
//!   report elects ("Elect, transfer pending", or "Elect remaining") right after a transfer is
//!   elected in our round of that transfer. "Nontransferable votes" is our `exhausted`;
//!   "Residual" (lost to truncation) is our `lost_to_fractions`.
//!
//! Ties: the reference rules break ties by lot (Droop draws a fixed pseudo-random order; we
//! draw ours from the seed). Where the report breaks a tie ("Break tie (defeat low
//! candidate)"), the stage lists every tied candidate: ours must defeat one of them there,
//! and over the whole count each must be defeated exactly once. In the elections below such
//! ties only involve candidates with no votes at all, so no total depends on the draw.

use std::collections::BTreeSet;

use crate::common::{count_json, data, names};
use serde_json::Value;

/// `seed`: the seed of our lot, where a stage's tie must be drawn as the reference drew it.
fn count_seeded(file: &str, method: &str, seed: Option<u64>) -> Value {
    let seed = seed.map(|s| s.to_string());
    let extra: Vec<&str> = seed.iter().flat_map(|s| ["--seed", s.as_str()]).collect();
    count_json(&data("prf-reference", file), method, &extra)
}

/// One reference stage.
struct Stage {
    /// Our JSON round (1-based).
    round: usize,
    /// Where the report shows it.
    src: &'static str,
    /// Every candidate's total, in the order of the BLT file.
    totals: &'static str,
    /// Meek: the quota at this stage.
    quota: Option<&'static str>,
    /// Meek: "Residual"; WIGM: "Nontransferable votes".
    held_by_none: &'static str,
    /// WIGM: "Residual" (lost to truncation).
    lost: Option<&'static str>,
    elected: &'static [&'static str],
    /// Defeated at this stage; several names when the report breaks a tie among them by lot.
    defeated: &'static [&'static str],
}

/// Fixed point to an integer count of its last decimal, checking the number of decimals.
fn fixed(v: &str, decimals: usize) -> i64 {
    let (int, frac) = v.split_once('.').unwrap();
    assert_eq!(frac.len(), decimals, "{v}");
    format!("{int}{frac}").parse().unwrap()
}

fn check(file: &str, method: &str, report: &str, stages: &[Stage], elected: &[&str]) {
    check_seeded(file, method, None, report, stages, elected);
}

fn check_seeded(
    file: &str,
    method: &str,
    seed: Option<u64>,
    report: &str,
    stages: &[Stage],
    elected: &[&str],
) {
    let v = count_seeded(file, method, seed);
    let decimals = v["decimals"].as_u64().unwrap() as usize;
    let rounds = v["rounds"].as_array().unwrap();
    // Withdrawn candidates have no total (nor a line in the report).
    let candidates: Vec<String> = names(&v["candidates"])
        .into_iter()
        .filter(|c| rounds[0]["tallies"].get(c).is_some())
        .collect();
    let at = |s: &Stage| {
        format!(
            "{file} {method} ({report}, {}; our round {})",
            s.src, s.round
        )
    };
    assert_eq!(
        rounds.len(),
        stages.last().unwrap().round,
        "{file} {method}: number of rounds"
    );
    let mut tied_defeats: BTreeSet<String> = BTreeSet::new();
    let mut want_tied: BTreeSet<String> = BTreeSet::new();
    for s in stages {
        let round = &rounds[s.round - 1];
        assert_eq!(round["round"], s.round);
        let totals: Vec<&str> = s.totals.split_whitespace().collect();
        assert_eq!(totals.len(), candidates.len(), "{}", at(s));
        for (c, want) in candidates.iter().zip(&totals) {
            let got = round["tallies"][c].as_str().unwrap();
            assert_eq!(
                fixed(got, decimals),
                fixed(want, decimals),
                "{}: total of {c}",
                at(s)
            );
        }
        let exhausted = fixed(round["exhausted"].as_str().unwrap(), decimals);
        let lost = fixed(round["lost_to_fractions"].as_str().unwrap(), decimals);
        match s.lost {
            // Meek: the residual is whatever no candidate holds.
            None => assert_eq!(
                exhausted + lost,
                fixed(s.held_by_none, decimals),
                "{}: residual",
                at(s)
            ),
            Some(want) => {
                assert_eq!(
                    exhausted,
                    fixed(s.held_by_none, decimals),
                    "{}: nontransferable",
                    at(s)
                );
                assert_eq!(lost, fixed(want, decimals), "{}: residual", at(s));
            }
        }
        if let Some(q) = s.quota {
            assert_eq!(round["quota"].as_str().unwrap(), q, "{}: quota", at(s));
        }
        let mut got = names(&round["elected"]);
        got.sort();
        let mut want: Vec<String> = s.elected.iter().map(|n| n.to_string()).collect();
        want.sort();
        assert_eq!(got, want, "{}: elected", at(s));
        let got = names(&round["excluded"]);
        match s.defeated {
            [] | [_] => assert_eq!(got, s.defeated, "{}: defeated", at(s)),
            tied => {
                assert_eq!(got.len(), 1, "{}: one defeat", at(s));
                assert!(
                    tied.contains(&got[0].as_str()),
                    "{}: {got:?} not among the tied",
                    at(s)
                );
                assert!(
                    tied_defeats.insert(got[0].clone()),
                    "{}: defeated twice",
                    at(s)
                );
                want_tied.extend(tied.iter().map(|n| n.to_string()));
            }
        }
    }
    assert_eq!(
        tied_defeats, want_tied,
        "{file} {method}: every tied candidate defeated once"
    );
    let mut got = names(&v["elected"]);
    got.sort();
    let mut want: Vec<String> = elected.iter().map(|n| n.to_string()).collect();
    want.sort();
    assert_eq!(got, want, "{file} {method}: elected");
}

/// Shorthand for a stage.
#[allow(clippy::too_many_arguments)]
const fn st(
    round: usize,
    src: &'static str,
    totals: &'static str,
    quota: Option<&'static str>,
    held_by_none: &'static str,
    lost: Option<&'static str>,
    elected: &'static [&'static str],
    defeated: &'static [&'static str],
) -> Stage {
    Stage {
        round,
        src,
        totals,
        quota,
        held_by_none,
        lost,
        elected,
        defeated,
    }
}

const MEEK_42U: &str = "test/ref/report/42u-meek-prf-o6-fixed-p9-d9.txt";

/// Three candidates, two seats: Cåstor's surplus goes all to Pøllüx, who then ties Hélen
/// but for the rounding of Cåstor's keep value. Non-ASCII names.
#[test]
fn meek_42u() {
    let q = Some("2.000000001");
    #[rustfmt::skip]
    let stages = [
        st(1, "Begin Count", "4.000000000 0.000000000 2.000000000", q, "0.000000000", None, &[], &[]),
        st(2, "Round 1: Elect", "4.000000000 0.000000000 2.000000000", q, "0.000000000", None, &["Cåstor"], &[]),
        st(3, "Round 2: Defeat (surplus 0.000000003 < omega)", "2.000000004 1.999999996 2.000000000", q, "0.000000000", None, &[], &["Pøllüx"]),
        st(4, "Elect remaining; Count Complete residual", "2.000000004 0.000000000 2.000000000", q, "1.999999996", None, &["Hélen"], &[]),
    ];
    check("42u.blt", "meek", MEEK_42U, &stages, &["Cåstor", "Hélen"]);
}

const MEEK_513: &str = "test/ref/report/513-meek-prf-o6-fixed-p9-d9.txt";

/// As 42u with a ballot for Pollux alone.
#[test]
fn meek_513() {
    let q = Some("3.000000001");
    #[rustfmt::skip]
    let stages = [
        st(1, "Begin Count", "5.000000000 1.000000000 3.000000000", q, "0.000000000", None, &[], &[]),
        st(2, "Round 1: Elect", "5.000000000 1.000000000 3.000000000", q, "0.000000000", None, &["Castor"], &[]),
        st(3, "Round 2: Defeat (surplus 0.000000004 < omega)", "3.000000005 2.999999995 3.000000000", q, "0.000000000", None, &[], &["Pollux"]),
        st(4, "Elect remaining; Count Complete residual", "3.000000005 0.000000000 3.000000000", q, "2.999999995", None, &["Helen"], &[]),
    ];
    check("513.blt", "meek", MEEK_513, &stages, &["Castor", "Helen"]);
}

const MEEK_SC: &str = "test/ref/report/SC-meek-prf-o6-fixed-p9-d9.txt";

/// The Green Party (US) steering committee election of 2005-07-24: 13 candidates, 4 seats,
/// 94 ballots. Four candidates with no votes tie for defeat; the quota falls as ballots
/// exhaust.
#[test]
fn meek_sc() {
    let q = Some("18.800000001");
    const ZEROS: &[&str] = &["Write-In 2", "Write-In 1", "Steve Greenfield", "Jimmy Leas"];
    const AFTER_B2: &str = "8.006073598 3.232685848 9.408174589 18.800000609 2.759954125 0.000000000 18.800000299 13.000470959 1.435843893 0.000000000 0.000000000 0.000000000 18.556796080";
    #[rustfmt::skip]
    let stages = [
        st(1, "Begin Count", "6.000000000 3.000000000 8.000000000 22.000000000 2.000000000 0.000000000 33.000000000 1.000000000 1.000000000 0.000000000 0.000000000 0.000000000 18.000000000", q, "0.000000000", None, &[], &[]),
        st(2, "Round 1: Elect, Elect", "6.000000000 3.000000000 8.000000000 22.000000000 2.000000000 0.000000000 33.000000000 1.000000000 1.000000000 0.000000000 0.000000000 0.000000000 18.000000000", q, "0.000000000", None, &["Pat LaMarche", "Rebecca Rotzler"], &[]),
        st(3, "Round 2: Break tie, Defeat (surplus 0.000000906 < omega)", AFTER_B2, q, "0.000000000", None, &[], ZEROS),
        st(4, "Round 3: Break tie, Defeat (surplus 0.000000906 < omega)", AFTER_B2, q, "0.000000000", None, &[], ZEROS),
        st(5, "Round 4: Break tie, Defeat (surplus 0.000000906 < omega)", AFTER_B2, q, "0.000000000", None, &[], ZEROS),
        // The report's round 5 defeats the last of the four, no longer a tie there.
        st(6, "Round 5: Defeat (surplus 0.000000906 < omega)", AFTER_B2, q, "0.000000000", None, &[], ZEROS),
        st(7, "Round 6: Defeat (surplus 0.000000906 < omega)", AFTER_B2, q, "0.000000000", None, &[], &["Jason Jones"]),
        st(8, "Round 7: Defeat (surplus 0.000000906 < omega)", "8.006073598 3.232685848 9.408174589 18.800000609 2.759954125 0.000000000 18.800000299 14.436314852 0.000000000 0.000000000 0.000000000 0.000000000 18.556796080", q, "0.000000000", None, &[], &["Michael Piacsek"]),
        st(9, "Round 8: Elect", "9.006073598 3.394740964 9.408174589 19.165213770 0.000000000 0.000000000 18.800000299 14.506945584 0.000000000 0.000000000 0.000000000 0.000000000 19.718851196", q, "0.000000000", None, &["Steve Kramer"], &[]),
        st(10, "Round 9: Defeat (surplus 0.000000455 < omega)", "9.427381450 3.730149807 9.774255128 18.799133460 0.000000000 0.000000000 18.799133416 14.666479770 0.000000000 0.000000000 0.000000000 0.000000000 18.799133497", Some("18.799133306"), "0.004333472", None, &[], &["Kirit Mookerjee"]),
        st(11, "Round 10: Defeat (surplus 0.000000435 < omega)", "10.204118384 0.000000000 11.498644230 18.789719457 0.000000000 0.000000000 18.789719396 15.876675538 0.000000000 0.000000000 0.000000000 0.000000000 18.789719467", Some("18.789719295"), "0.051403528", None, &[], &["Budd Dickinson"]),
        st(12, "Round 11: Elect (then Defeat remaining: Tom Sevigny)", "0.000000000 0.000000000 16.482212783 19.087429756 0.000000000 0.000000000 19.073682122 19.085721549 0.000000000 0.000000000 0.000000000 0.000000000 19.202438090", Some("18.586296861"), "1.068515700", None, &["Kristen Olsen"], &[]),
    ];
    let elected = [
        "Pat LaMarche",
        "Rebecca Rotzler",
        "Kristen Olsen",
        "Steve Kramer",
    ];
    check("SC.blt", "meek", MEEK_SC, &stages, &elected);
}

const WIGM_42U: &str = "test/ref/report/42u-wigm-prf-fixed-p4-d4.txt";

#[test]
fn wigm_42u() {
    let (z, r) = ("0.0000", Some("0.0003"));
    #[rustfmt::skip]
    let stages = [
        st(1, "Begin Count; Round 1: Elect, transfer pending", "4.0000 0.0000 2.0000", None, z, Some(z), &["Cåstor"], &[]),
        st(2, "Round 1: Surplus transferred: Cåstor (1.9999)", "2.0001 1.9996 2.0000", None, z, r, &[], &[]),
        st(3, "Round 2: Defeat, Transfer defeated: Pøllüx", "2.0001 0.0000 2.0000", None, "1.9996", r, &[], &["Pøllüx"]),
        st(4, "Round 2: Elect remaining", "2.0001 0.0000 2.0000", None, "1.9996", r, &["Hélen"], &[]),
    ];
    check("42u.blt", "wigm", WIGM_42U, &stages, &["Cåstor", "Hélen"]);
}

const WIGM_513: &str = "test/ref/report/513-wigm-prf-fixed-p4-d4.txt";

#[test]
fn wigm_513() {
    let (z, r) = ("0.0000", Some("0.0004"));
    #[rustfmt::skip]
    let stages = [
        st(1, "Begin Count; Round 1: Elect, transfer pending", "5.0000 1.0000 3.0000", None, z, Some(z), &["Castor"], &[]),
        st(2, "Round 1: Surplus transferred: Castor (1.9999)", "3.0001 2.9995 3.0000", None, z, r, &[], &[]),
        st(3, "Round 2: Defeat, Transfer defeated: Pollux", "3.0001 0.0000 3.0000", None, "2.9995", r, &[], &["Pollux"]),
        st(4, "Round 2: Elect remaining", "3.0001 0.0000 3.0000", None, "2.9995", r, &["Helen"], &[]),
    ];
    check("513.blt", "wigm", WIGM_513, &stages, &["Castor", "Helen"]);
}

const WIGM_SC: &str = "test/ref/report/SC-wigm-prf-fixed-p4-d4.txt";

/// The same GPUS election by WIGM: Tom Sevigny takes the last seat that Meek gives Kristen
/// Olsen.
#[test]
fn wigm_sc() {
    let z = "0.0000";
    const ZEROS: &[&str] = &["Write-In 2", "Write-In 1", "Steve Greenfield", "Jimmy Leas"];
    const AFTER_PAT: &str = "7.8784 3.5757 9.3027 18.8001 2.7211 0.0000 18.8001 12.9089 1.4303 0.0000 0.0000 0.0000 18.5816";
    let (r1, r2) = (Some("0.0011"), Some("0.0029"));
    #[rustfmt::skip]
    let stages = [
        st(1, "Begin Count; Round 1: Elect, transfer pending (twice)", "6.0000 3.0000 8.0000 22.0000 2.0000 0.0000 33.0000 1.0000 1.0000 0.0000 0.0000 0.0000 18.0000", None, z, Some(z), &["Rebecca Rotzler", "Pat LaMarche"], &[]),
        st(2, "Round 1: Surplus transferred: Rebecca Rotzler (14.1999)", "6.8606 3.4303 8.4303 22.0000 2.4303 0.0000 18.8001 12.6181 1.4303 0.0000 0.0000 0.0000 18.0000", None, z, Some(z), &[], &[]),
        st(3, "Round 2: Surplus transferred: Pat LaMarche (3.1999)", AFTER_PAT, None, z, r1, &[], &[]),
        st(4, "Round 3: Break tie, Defeat, Transfer defeated", AFTER_PAT, None, z, r1, &[], ZEROS),
        st(5, "Round 4: Break tie, Defeat, Transfer defeated", AFTER_PAT, None, z, r1, &[], ZEROS),
        st(6, "Round 5: Break tie, Defeat, Transfer defeated", AFTER_PAT, None, z, r1, &[], ZEROS),
        // The report's round 6 defeats the last of the four, no longer a tie there.
        st(7, "Round 6: Defeat, Transfer defeated", AFTER_PAT, None, z, r1, &[], ZEROS),
        st(8, "Round 7: Transfer defeated: Jason Jones", "7.8784 3.5757 9.3027 18.8001 2.7211 0.0000 18.8001 14.3392 0.0000 0.0000 0.0000 0.0000 18.5816", None, z, r1, &[], &["Jason Jones"]),
        st(9, "Round 8: Transfer defeated: Michael Piacsek; Round 9: Elect, transfer pending", "8.8784 3.7211 9.3027 18.8001 0.0000 0.0000 18.8001 14.7695 0.0000 0.0000 0.0000 0.0000 19.7270", None, z, r1, &["Steve Kramer"], &["Michael Piacsek"]),
        st(10, "Round 9: Surplus transferred: Steve Kramer (0.9269)", "9.1598 4.0698 9.5909 18.8001 0.0000 0.0000 18.8001 14.7695 0.0000 0.0000 0.0000 0.0000 18.8001", None, "0.0068", r2, &[], &[]),
        st(11, "Round 10: Transfer defeated: Kirit Mookerjee", "9.6002 0.0000 10.7363 18.8001 0.0000 0.0000 18.8001 15.8164 0.0000 0.0000 0.0000 0.0000 18.8001", None, "1.4439", r2, &[], &["Kirit Mookerjee"]),
        st(12, "Round 11: Transfer defeated: Budd Dickinson", "0.0000 0.0000 16.8969 18.8001 0.0000 0.0000 18.8001 16.8292 0.0000 0.0000 0.0000 0.0000 18.8001", None, "3.8707", r2, &[], &["Budd Dickinson"]),
        st(13, "Round 12: Transfer defeated: Kristen Olsen; Elect remaining", "0.0000 0.0000 18.9089 18.8001 0.0000 0.0000 18.8001 0.0000 0.0000 0.0000 0.0000 0.0000 18.8001", None, "18.6879", r2, &["Tom Sevigny"], &["Kristen Olsen"]),
    ];
    let elected = [
        "Pat LaMarche",
        "Rebecca Rotzler",
        "Steve Kramer",
        "Tom Sevigny",
    ];
    check("SC.blt", "wigm", WIGM_SC, &stages, &elected);
}

const MEEK_SCW: &str = "test/ref/report/SCw-meek-prf-o6-fixed-p9-d9.txt";

/// The GPUS election with Pat LaMarche withdrawn (`-4` in the BLT file): her papers go to
/// their next preference from the start.
#[test]
fn meek_scw() {
    let q = Some("18.800000001");
    const ZEROS: &[&str] = &["Write-In 2", "Write-In 1", "Steve Greenfield", "Jimmy Leas"];
    const AFTER_B2: &str = "14.687022182 4.902015388 15.084894966 5.084894966 0.000000000 18.800000256 15.170786944 1.470385248 0.000000000 0.000000000 0.000000000 18.800000050";
    #[rustfmt::skip]
    let stages = [
        st(1, "Begin Count", "13.000000000 4.000000000 14.000000000 4.000000000 0.000000000 35.000000000 2.000000000 1.000000000 0.000000000 0.000000000 0.000000000 21.000000000", q, "0.000000000", None, &[], &[]),
        st(2, "Round 1: Elect, Elect", "13.000000000 4.000000000 14.000000000 4.000000000 0.000000000 35.000000000 2.000000000 1.000000000 0.000000000 0.000000000 0.000000000 21.000000000", q, "0.000000000", None, &["Rebecca Rotzler", "Steve Kramer"], &[]),
        st(3, "Round 2: Break tie, Defeat (surplus 0.000000304 < omega)", AFTER_B2, q, "0.000000000", None, &[], ZEROS),
        st(4, "Round 3: Break tie, Defeat (surplus 0.000000304 < omega)", AFTER_B2, q, "0.000000000", None, &[], ZEROS),
        st(5, "Round 4: Break tie, Defeat (surplus 0.000000304 < omega)", AFTER_B2, q, "0.000000000", None, &[], ZEROS),
        // The report's round 5 defeats the last of the four, no longer a tie there.
        st(6, "Round 5: Defeat (surplus 0.000000304 < omega)", AFTER_B2, q, "0.000000000", None, &[], ZEROS),
        st(7, "Round 6: Defeat (surplus 0.000000304 < omega)", AFTER_B2, q, "0.000000000", None, &[], &["Jason Jones"]),
        st(8, "Round 7: Defeat (surplus 0.000000304 < omega)", "14.687022182 4.902015388 15.084894966 5.084894966 0.000000000 18.800000256 16.641172192 0.000000000 0.000000000 0.000000000 0.000000000 18.800000050", q, "0.000000000", None, &[], &["Kirit Mookerjee"]),
        st(9, "Round 8: Defeat (surplus 0.000000183 < omega)", "15.639274312 0.000000000 16.592840051 5.920644023 0.000000000 18.756279762 18.116080339 0.000000000 0.000000000 0.000000000 0.000000000 18.756279695", Some("18.756279637"), "0.218601818", None, &[], &["Michael Piacsek"]),
        st(10, "Round 9: Elect", "18.540475691 0.000000000 18.198870038 0.000000000 0.000000000 18.968235543 18.881601093 0.000000000 0.000000000 0.000000000 0.000000000 18.701472096", Some("18.658130893"), "0.709345539", None, &["Kristen Olsen"], &[]),
        st(11, "Round 10: Elect (then Defeat remaining: Tom Sevigny)", "18.653554186 0.000000000 18.253929123 0.000000000 0.000000000 18.655165128 18.671139499 0.000000000 0.000000000 0.000000000 0.000000000 18.651849140", Some("18.577127416"), "1.114362924", None, &["Budd Dickinson"], &[]),
    ];
    let elected = [
        "Budd Dickinson",
        "Rebecca Rotzler",
        "Kristen Olsen",
        "Steve Kramer",
    ];
    check("SCw.blt", "meek", MEEK_SCW, &stages, &elected);
}

const WIGM_SCW: &str = "test/ref/report/SCw-wigm-prf-fixed-p4-d4.txt";

/// The report elects Budd Dickinson (above the quota after Kristen Olsen's transfer) and Tom
/// Sevigny both as "Elect remaining"; we elect Budd Dickinson on reaching the quota in the
/// round of that transfer and Tom Sevigny in one more round, with the same totals.
#[test]
fn wigm_scw() {
    let z = "0.0000";
    const ZEROS: &[&str] = &["Write-In 2", "Write-In 1", "Steve Greenfield", "Jimmy Leas"];
    const AFTER_KRAMER: &str =
        "14.5538 4.8816 15.0910 5.4491 0.0000 18.8001 14.9584 1.4628 0.0000 0.0000 0.0000 18.8001";
    const FINAL: &str =
        "21.2123 0.0000 18.5538 0.0000 0.0000 18.8001 0.0000 0.0000 0.0000 0.0000 0.0000 18.8001";
    let r = Some("0.0031");
    #[rustfmt::skip]
    let stages = [
        st(1, "Begin Count; Round 1: Elect, transfer pending (twice)", "13.0000 4.0000 14.0000 4.0000 0.0000 35.0000 2.0000 1.0000 0.0000 0.0000 0.0000 21.0000", None, z, Some(z), &["Rebecca Rotzler", "Steve Kramer"], &[]),
        st(2, "Round 1: Surplus transferred: Rebecca Rotzler (16.1999)", "13.9256 4.4628 14.4628 4.9256 0.0000 18.8001 14.9584 1.4628 0.0000 0.0000 0.0000 21.0000", None, z, Some("0.0019"), &[], &[]),
        st(3, "Round 2: Surplus transferred: Steve Kramer (2.1999)", AFTER_KRAMER, None, z, r, &[], &[]),
        st(4, "Round 3: Break tie, Defeat, Transfer defeated", AFTER_KRAMER, None, z, r, &[], ZEROS),
        st(5, "Round 4: Break tie, Defeat, Transfer defeated", AFTER_KRAMER, None, z, r, &[], ZEROS),
        st(6, "Round 5: Break tie, Defeat, Transfer defeated", AFTER_KRAMER, None, z, r, &[], ZEROS),
        // The report's round 6 defeats the last of the four, no longer a tie there.
        st(7, "Round 6: Defeat, Transfer defeated", AFTER_KRAMER, None, z, r, &[], ZEROS),
        st(8, "Round 7: Transfer defeated: Jason Jones", "14.5538 4.8816 15.0910 5.4491 0.0000 18.8001 16.4212 0.0000 0.0000 0.0000 0.0000 18.8001", None, z, r, &[], &["Jason Jones"]),
        st(9, "Round 8: Transfer defeated: Kirit Mookerjee", "15.6585 0.0000 16.0910 6.5538 0.0000 18.8001 17.5259 0.0000 0.0000 0.0000 0.0000 18.8001", None, "0.5675", r, &[], &["Kirit Mookerjee"]),
        st(10, "Round 9: Transfer defeated: Michael Piacsek", "18.2867 0.0000 18.0910 0.0000 0.0000 18.8001 17.9887 0.0000 0.0000 0.0000 0.0000 18.8001", None, "2.0303", r, &[], &["Michael Piacsek"]),
        st(11, "Round 10: Transfer defeated: Kristen Olsen; Elect remaining: Budd Dickinson", FINAL, None, "16.6306", r, &["Budd Dickinson"], &["Kristen Olsen"]),
        st(12, "Round 10: Elect remaining: Tom Sevigny", FINAL, None, "16.6306", r, &["Tom Sevigny"], &[]),
    ];
    let elected = [
        "Budd Dickinson",
        "Tom Sevigny",
        "Rebecca Rotzler",
        "Steve Kramer",
    ];
    check("SCw.blt", "wigm", WIGM_SCW, &stages, &elected);
}

const MEEK_VM12: &str = "test/ref/report/SC-Vm-12-meek-prf-o6-fixed-p9-d9.txt";

/// The example of Voting matters issue 12 ("The computational accuracy using the Meek
/// algorithm"): X, Y and Z end round 2 within the total surplus of one another, so they tie
/// for defeat (B.3) and the lot decides; the reference's lot fell on X. Our lot with seed 3
/// falls on X as well (with other seeds it falls on Y or Z and X or Y wins the last seat, as
/// the rule allows), so the rest of the count can be compared. If the lot's implementation
/// changes, pick again a seed that defeats X in round 3.
#[test]
fn meek_sc_vm_12() {
    let q = Some("1000.750000001");
    #[rustfmt::skip]
    let stages = [
        st(1, "Begin Count", "1001.000000000 1001.000000000 667.000000000 667.000000000 667.000000000", q, "0.000000000", None, &[], &[]),
        st(2, "Round 1: Elect, Elect", "1001.000000000 1001.000000000 667.000000000 667.000000000 667.000000000", q, "0.000000000", None, &["A", "B"], &[]),
        st(3, "Round 2: Break tie [X, Y, Z] -> X, Defeat (surplus 0.000000250 < omega)", "1000.750000126 1000.750000126 667.166666686 667.166666562 667.166666500", q, "0.000000000", None, &[], &["X"]),
        st(4, "Round 3: Elect (then Defeat remaining: Z)", "800.584418564 800.584418564 0.000000000 800.596982770 800.556768208", Some("800.580647027"), "800.677411894", None, &["Y"], &[]),
    ];
    check_seeded(
        "SC-Vm-12.blt",
        "meek",
        Some(3),
        MEEK_VM12,
        &stages,
        &["A", "B", "Y"],
    );
}

const WIGM_VM12: &str = "test/ref/report/SC-Vm-12-wigm-prf-fixed-p4-d4.txt";

/// A and B both reach the quota with 1001 votes: which surplus goes first is a tie by lot;
/// the reference's lot fell on A, ours with seed 2 too (with seed 1, B goes first and the
/// totals after the first transfer differ; after both transfers they are the same).
#[test]
fn wigm_sc_vm_12() {
    #[rustfmt::skip]
    let stages = [
        st(1, "Begin Count; Round 1: Elect, transfer pending (twice)", "1001.0000 1001.0000 667.0000 667.0000 667.0000", None, "0.0000", Some("0.0000"), &["A", "B"], &[]),
        st(2, "Round 1: Break tie (surplus) [A, B] -> A; Surplus transferred: A (0.2499)", "1000.7501 1001.0000 667.0668 667.0668 667.0666", None, "0.0000", Some("0.0497"), &[], &[]),
        st(3, "Round 2: Surplus transferred: B (0.2499)", "1000.7501 1000.7501 667.1338 667.1334 667.1332", None, "0.0000", Some("0.0994"), &[], &[]),
        st(4, "Round 3: Defeat, Transfer defeated: Z", "1000.7501 1000.7501 667.1338 667.1334 0.0000", None, "667.1332", Some("0.0994"), &[], &["Z"]),
        st(5, "Round 4: Defeat, Transfer defeated: Y", "1000.7501 1000.7501 667.1338 0.0000 0.0000", None, "1334.2666", Some("0.0994"), &[], &["Y"]),
        st(6, "Round 4: Elect remaining: X", "1000.7501 1000.7501 667.1338 0.0000 0.0000", None, "1334.2666", Some("0.0994"), &["X"], &[]),
    ];
    check_seeded(
        "SC-Vm-12.blt",
        "wigm",
        Some(2),
        WIGM_VM12,
        &stages,
        &["A", "B", "X"],
    );
}

const SCOTLAND_42U: &str = "test/ref/report/42u-scotland-fixed-p5-d5.txt";

/// The Scottish rules (five decimals, integer quota, SSI 2007/42) on the same files, with
/// Droop's `scotland` rule: stages map as for WIGM.
#[test]
fn scotland_42u() {
    let z = "0.00000";
    #[rustfmt::skip]
    let stages = [
        st(1, "Begin Count; Elect, transfer pending", "4.00000 0.00000 2.00000", None, z, Some(z), &["Cåstor"], &[]),
        st(2, "Round 1: Surplus transferred: Cåstor (1.00000)", "3.00000 1.00000 2.00000", None, z, Some(z), &[], &[]),
        st(3, "Round 2: Defeat low candidate, Transfer defeated: Pøllüx", "3.00000 0.00000 2.00000", None, "1.00000", Some(z), &[], &["Pøllüx"]),
        st(4, "Round 2: Elect remaining candidates: Hélen", "3.00000 0.00000 2.00000", None, "1.00000", Some(z), &["Hélen"], &[]),
    ];
    check(
        "42u.blt",
        "scottish-stv",
        SCOTLAND_42U,
        &stages,
        &["Cåstor", "Hélen"],
    );
}

const SCOTLAND_SC: &str = "test/ref/report/SC-scotland-fixed-p5-d5.txt";

/// The GPUS election by the Scottish rules: the zero candidates were level at every stage,
/// so the look-back of rule 51(2) cannot separate them and the lot decides.
#[test]
fn scotland_sc() {
    let z = "0.00000";
    const ZEROS: &[&str] = &["Write-In 2", "Write-In 1", "Steve Greenfield", "Jimmy Leas"];
    const AFTER_PAT: &str = "7.80300 3.56060 9.24240 19.00000 2.69696 0.00000 19.00000 12.72720 1.42424 0.00000 0.00000 0.00000 18.54544";
    const FINAL: &str = "0.00000 0.00000 18.59172 19.00000 0.00000 0.00000 19.00000 0.00000 0.00000 0.00000 0.00000 0.00000 19.00000";
    let (r1, r2) = (Some("0.00016"), Some("0.00020"));
    #[rustfmt::skip]
    let stages = [
        st(1, "Begin Count; Elect, transfer pending (twice)", "6.00000 3.00000 8.00000 22.00000 2.00000 0.00000 33.00000 1.00000 1.00000 0.00000 0.00000 0.00000 18.00000", None, z, Some(z), &["Rebecca Rotzler", "Pat LaMarche"], &[]),
        st(2, "Round 1: Surplus transferred: Rebecca Rotzler (14.00000)", "6.84848 3.42424 8.42424 22.00000 2.42424 0.00000 19.00000 12.45448 1.42424 0.00000 0.00000 0.00000 18.00000", None, z, Some("0.00008"), &[], &[]),
        st(3, "Round 2: Surplus transferred: Pat LaMarche (3.00000)", AFTER_PAT, None, z, r1, &[], &[]),
        st(4, "Round 3: Break tie by lot, Defeat, Transfer defeated", AFTER_PAT, None, z, r1, &[], ZEROS),
        st(5, "Round 4: Break tie by lot, Defeat, Transfer defeated", AFTER_PAT, None, z, r1, &[], ZEROS),
        st(6, "Round 5: Break tie by lot, Defeat, Transfer defeated", AFTER_PAT, None, z, r1, &[], ZEROS),
        // The report's round 6 defeats the last of the four, no longer a tie there.
        st(7, "Round 6: Defeat, Transfer defeated", AFTER_PAT, None, z, r1, &[], ZEROS),
        st(8, "Round 7: Transfer defeated: Jason Jones", "7.80300 3.56060 9.24240 19.00000 2.69696 0.00000 19.00000 14.15144 0.00000 0.00000 0.00000 0.00000 18.54544", None, z, r1, &[], &["Jason Jones"]),
        st(9, "Round 8: Transfer defeated: Michael Piacsek; Elect, transfer pending: Steve Kramer", "8.80300 3.69696 9.24240 19.00000 0.00000 0.00000 19.00000 14.57568 0.00000 0.00000 0.00000 0.00000 19.68180", None, z, r1, &["Steve Kramer"], &["Michael Piacsek"]),
        st(10, "Round 9: Surplus transferred: Steve Kramer (0.68180)", "9.01084 3.95360 9.45496 19.00000 0.00000 0.00000 19.00000 14.57568 0.00000 0.00000 0.00000 0.00000 19.00000", None, "0.00472", r2, &[], &[]),
        st(11, "Round 10: Transfer defeated: Kirit Mookerjee", "9.36448 0.00000 10.59132 19.00000 0.00000 0.00000 19.00000 15.61032 0.00000 0.00000 0.00000 0.00000 19.00000", None, "1.43368", r2, &[], &["Kirit Mookerjee"]),
        st(12, "Round 11: Transfer defeated: Budd Dickinson", "0.00000 0.00000 16.62204 19.00000 0.00000 0.00000 19.00000 16.59988 0.00000 0.00000 0.00000 0.00000 19.00000", None, "3.77788", r2, &[], &["Budd Dickinson"]),
        st(13, "Round 12: Transfer defeated: Kristen Olsen", FINAL, None, "18.40808", r2, &[], &["Kristen Olsen"]),
        st(14, "Round 12: Elect remaining candidates: Tom Sevigny", FINAL, None, "18.40808", r2, &["Tom Sevigny"], &[]),
    ];
    let elected = [
        "Tom Sevigny",
        "Pat LaMarche",
        "Rebecca Rotzler",
        "Steve Kramer",
    ];
    check("SC.blt", "scottish-stv", SCOTLAND_SC, &stages, &elected);
}
