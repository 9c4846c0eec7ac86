//! Real Scottish council elections counted with `scottish-stv` and compared with the official
//! count sheets stage by stage: every candidate's total at every stage (five decimals, as the
//! rules fix them), whose votes moved at each stage, who was elected or excluded at which stage,
//! the quota and the valid poll. Data and sources: `tests/data/scotland/README.md`.
//!
//! Also the Alaska 2022 special election (IRV) against its official rounds, and Schulze's
//! pairwise counts against the published head-to-heads (`tests/data/alaska/README.md`).

use std::path::PathBuf;

use crate::common::{self, names};
use serde_json::Value;

fn data(name: &str) -> PathBuf {
    common::data("scotland", name)
}

fn count_json(ward: &str, method: &str) -> Value {
    count_file(&data(&format!("{ward}.blt")), method)
}

fn count_file(path: &std::path::Path, method: &str) -> Value {
    common::count_json(path, method, &[])
}

/// The official sheet of one ward (format in the data README).
#[derive(Default, Debug)]
struct Sheet {
    valid: u64,
    seats: usize,
    quota: String,
    stages: Vec<Vec<String>>,
    from: Vec<(usize, String)>,
    elected: Vec<(usize, String)>,
    excluded: Vec<(usize, String)>,
}

fn sheet(ward: &str) -> Sheet {
    let text = std::fs::read_to_string(data(&format!("{ward}.official.csv"))).unwrap();
    let mut s = Sheet::default();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let fields: Vec<&str> = line.split(',').collect();
        let stage = || fields[1].parse::<usize>().unwrap();
        match fields[0] {
            "valid" => s.valid = fields[1].parse().unwrap(),
            "seats" => s.seats = fields[1].parse().unwrap(),
            "quota" => s.quota = format!("{}.00000", fields[1]),
            "stage" => {
                assert_eq!(stage(), s.stages.len() + 1, "stages in order");
                s.stages
                    .push(fields[2..].iter().map(|v| v.to_string()).collect());
            }
            "from" => s.from.push((stage(), fields[2].to_string())),
            "elected" => s.elected.push((stage(), fields[2].to_string())),
            "excluded" => s.excluded.push((stage(), fields[2].to_string())),
            other => panic!("unknown row {other}"),
        }
    }
    s
}

/// Fixed point with five decimals ("1234.56789") to an integer count of 0.00001.
fn fixed5(v: &str) -> i64 {
    let (int, frac) = v.split_once('.').unwrap();
    assert_eq!(frac.len(), 5, "{v}");
    int.parse::<i64>().unwrap() * 100_000 + frac.parse::<i64>().unwrap()
}

fn check_ward(ward: &str) {
    let official = sheet(ward);
    let v = count_json(ward, "scottish-stv");
    let candidates = names(&v["candidates"]);
    let rounds = v["rounds"].as_array().unwrap();

    assert_eq!(v["valid"], official.valid, "valid poll");
    assert_eq!(v["seats"], official.seats, "seats");
    assert_eq!(v["quota"], official.quota.as_str(), "quota");

    // Every official stage, candidate by candidate. Our round n is the sheet's stage n.
    for (i, totals) in official.stages.iter().enumerate() {
        let round = &rounds[i];
        assert_eq!(round["round"], i + 1);
        assert_eq!(totals.len(), candidates.len(), "stage {} columns", i + 1);
        for (c, want) in candidates.iter().zip(totals) {
            assert_eq!(
                round["tallies"][c].as_str().unwrap(),
                want,
                "{ward}: stage {} total of {c}",
                i + 1
            );
        }
        // Non-transferable papers and the fractions lost to truncation are what the
        // candidates' totals do not hold.
        let held: i64 = totals.iter().map(|t| fixed5(t)).sum();
        let gone = fixed5(round["exhausted"].as_str().unwrap())
            + fixed5(round["lost_to_fractions"].as_str().unwrap());
        assert_eq!(
            held + gone,
            official.valid as i64 * 100_000,
            "{ward}: stage {} non-transferable",
            i + 1
        );
    }

    // Whose votes moved at each stage (surpluses largest first, then exclusions).
    for (stage, who) in &official.from {
        let action = rounds[stage - 1]["action"].as_str().unwrap();
        assert!(
            action == format!("surplus of {who} transferred")
                || action == format!("{who} excluded"),
            "{ward}: stage {stage} moved {action:?}, the sheet says {who}"
        );
    }

    // Elected when they reached the quota; excluded at the end of a stage, so their papers
    // move in our next round.
    for (stage, who) in &official.elected {
        assert!(
            names(&rounds[stage - 1]["elected"]).contains(who),
            "{ward}: {who} elected at stage {stage}"
        );
    }
    for (stage, who) in &official.excluded {
        assert!(
            names(&rounds[*stage]["excluded"]).contains(who),
            "{ward}: {who} excluded after stage {stage}"
        );
    }

    // The sheet ends at its last stage; the seats still empty go to the continuing
    // candidates, as many as the vacancies (rule 52), with no further transfer.
    let last = official.stages.len();
    assert_eq!(rounds.len(), last + 1, "{ward}: one closing round");
    let closing = &rounds[last];
    assert_eq!(
        closing["action"],
        "continuing candidates fill the remaining seats"
    );
    assert_eq!(closing["tallies"], rounds[last - 1]["tallies"]);
    let decided: Vec<&String> = official
        .elected
        .iter()
        .chain(&official.excluded)
        .map(|(_, who)| who)
        .collect();
    let continuing: Vec<String> = candidates
        .iter()
        .filter(|c| !decided.contains(c))
        .cloned()
        .collect();
    assert_eq!(names(&closing["elected"]), continuing);

    // Elected in the order of the sheet's stages, then the closing round.
    let mut elected = names(&v["elected"]);
    assert_eq!(elected.len(), official.seats);
    let tail = elected.split_off(official.elected.len());
    assert_eq!(tail, continuing);
    let mut by_stage: Vec<(usize, String)> = elected
        .iter()
        .map(|who| {
            (
                official.elected.iter().find(|(_, n)| n == who).unwrap().0,
                who.clone(),
            )
        })
        .collect();
    let stages: Vec<usize> = by_stage.iter().map(|(s, _)| *s).collect();
    assert!(stages.windows(2).all(|w| w[0] <= w[1]), "{ward}: order");
    by_stage.sort();
    let mut want = official.elected.clone();
    want.sort();
    assert_eq!(by_stage, want);
}

#[test]
fn angus_2017_ward4_matches_the_official_count_sheet() {
    check_ward("angus_2017_ward4");
}

#[test]
fn aberdeen_2017_ward1_matches_the_official_count_sheet() {
    check_ward("aberdeen_2017_ward1");
}

#[test]
fn official_sheets_elect_the_same_councillors_under_wigm_and_meek() {
    // Not an official result (neither rule was used), a cross-check on real preferences: in
    // both wards the other inclusive rules elect the same four councillors.
    for ward in ["angus_2017_ward4", "aberdeen_2017_ward1"] {
        let mut official = names(&count_json(ward, "scottish-stv")["elected"]);
        official.sort();
        for method in ["wigm", "meek"] {
            let mut got = names(&count_json(ward, method)["elected"]);
            got.sort();
            assert_eq!(got, official, "{ward} {method}");
        }
    }
}

#[test]
fn a_changed_sheet_is_caught() {
    // The comparison can fail: one paper for Fotheringham alone given a second preference for
    // Lawrie leaves the first preferences alone but changes stage 2 (the surplus).
    let blt = std::fs::read_to_string(data("angus_2017_ward4.blt")).unwrap();
    let changed = blt.replacen("1120 1 0\n", "1119 1 0\n1 1 3 0\n", 1);
    assert_ne!(blt, changed);
    let v = count_file(&common::file("changed.blt", &changed), "scottish-stv");
    let official = sheet("angus_2017_ward4");
    let stage2: Vec<String> = names(&v["candidates"])
        .iter()
        .map(|c| v["rounds"][1]["tallies"][c].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        v["rounds"][0]["tallies"]["Sheila HANDS (SNP)"],
        "1727.00000"
    );
    assert_ne!(stage2, official.stages[1]);
}

fn alaska(method: &str) -> Value {
    count_file(&common::data("alaska", "alaska_2022_special.blt"), method)
}

#[test]
fn alaska_2022_special_irv_matches_the_official_rounds() {
    let v = alaska("irv");
    assert_eq!(v["valid"], 188_582);
    let rounds = v["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 2);
    let (begich, palin, peltola) = ("Nick Begich", "Sarah Palin", "Mary Peltola");
    assert_eq!(rounds[0]["tallies"][peltola], "75799");
    assert_eq!(rounds[0]["tallies"][palin], "58973");
    assert_eq!(rounds[0]["tallies"][begich], "53810");
    assert_eq!(rounds[0]["excluded"], serde_json::json!([begich]));
    assert_eq!(rounds[1]["tallies"][peltola], "91266");
    assert_eq!(rounds[1]["tallies"][palin], "86026");
    assert_eq!(rounds[1]["exhausted"], "11290");
    assert_eq!(v["elected"], serde_json::json!([peltola]));
}

#[test]
fn alaska_2022_special_schulze_pairwise_matches_the_published_head_to_heads() {
    let v = alaska("schulze");
    let d = &v["pairwise"];
    let (begich, palin, peltola) = ("Nick Begich", "Sarah Palin", "Mary Peltola");
    assert_eq!(
        (&d[begich][palin], &d[palin][begich]),
        (&101_217.into(), &63_618.into())
    );
    assert_eq!(
        (&d[begich][peltola], &d[peltola][begich]),
        (&87_859.into(), &79_451.into())
    );
    assert_eq!(
        (&d[peltola][palin], &d[palin][peltola]),
        (&91_266.into(), &86_026.into())
    );
    // Begich beats both: the Condorcet winner IRV excluded first.
    assert_eq!(v["elected"], serde_json::json!([begich]));
}
