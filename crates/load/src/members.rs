//! Scenario 1: the members of an organization elect their delegates with one-time voting codes
//! (`POST /api/v1/vote`, no login). The set-up goes through the API as a secretary would: an
//! organization of the demo's plan with a vacancy, its members imported from CSV, the election
//! opened, three candidates nominated, the vote started (every member's code comes back once).

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::Fallible;
use crate::api::{Api, id_of};
use crate::drive::Ballot;
use crate::encrypted::{self, BallotKind};
use crate::stats::Tally;

/// Rows per import request (the server takes up to 250,000 rows and 32 MB in one file).
const IMPORT_ROWS: usize = 100_000;

/// An election with its vote open.
pub struct Election {
    pub id: i64,
    pub organization: i64,
    /// By id.
    pub candidates: Vec<i64>,
    /// Its encrypted board, if the assembly's secret ballots are encrypted.
    pub board: Option<String>,
}

/// Organizations of the assembly's plan that hold seats, in the plan's order.
pub async fn organizations_with_seats(api: &Api, admin: &str, slug: &str) -> Fallible<Vec<i64>> {
    let seats = api
        .get_ok(admin, &format!("/api/v1/assemblies/{slug}/seats"))
        .await?;
    Ok(seats["sectors"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["organizations"].as_array().into_iter().flatten())
        .filter(|o| o["seats"].as_i64().unwrap_or(0) > 0)
        .filter_map(|o| o["id"].as_i64())
        .collect())
}

/// Opens an election on an organization of the plan with a vacancy, not in `used`: its
/// organization and id. The members' runs open theirs before the session's hall is seated (its
/// delegates fill the organizations' seats, leaving no vacancy).
pub async fn open_election(
    api: &Api,
    admin: &str,
    assembly: i64,
    organizations: &[i64],
    used: &mut BTreeSet<i64>,
) -> Fallible<(i64, i64)> {
    for &org in organizations {
        if !used.insert(org) {
            continue;
        }
        let (status, e) = api
            .post(
                admin,
                "/api/v1/elections",
                &json!({"assembly_id": assembly, "organization_id": org,
                    "method": "plurality", "substitutes": 0}),
            )
            .await;
        if status == 201 {
            return Ok((org, id_of(&e, "id")?));
        }
    }
    Err("no organization of the plan left with a vacancy for another election".into())
}

/// Sets up the opened election `(org, eid)` with `n` new members and returns it with one
/// ballot per member: one candidate each, in turn, each with its own `cast_key`.
pub async fn prepare(
    api: &Api,
    admin: &str,
    (org, eid): (i64, i64),
    n: usize,
    kind: BallotKind,
) -> Fallible<(Election, Vec<Ballot>)> {
    let prefix = format!("L{eid}-");
    let mut i = 0;
    while i < n {
        let upto = (i + IMPORT_ROWS).min(n);
        let mut csv = String::with_capacity((upto - i) * 40 + 32);
        csv.push_str("member_number,name\n");
        for k in i..upto {
            csv.push_str(&format!("{prefix}{k:07},Afiliado {k} de la prueba {eid}\n"));
        }
        api.post_csv(
            admin,
            &format!("/api/v1/organizations/{org}/members/import?dry_run=false"),
            csv,
        )
        .await?;
        i = upto;
    }
    let members = api
        .get_ok(admin, &format!("/api/v1/organizations/{org}/members"))
        .await?;
    let ours: Vec<i64> = members
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| {
            m["member_number"]
                .as_str()
                .is_some_and(|s| s.starts_with(&prefix))
        })
        .filter_map(|m| m["id"].as_i64())
        .take(3)
        .collect();
    if ours.is_empty() {
        return Err(format!(
            "the members imported into organization {org} are not listed"
        ));
    }
    let nominated = api
        .ok(
            admin,
            &format!("/api/v1/elections/{eid}/candidates"),
            &json!({"member_ids": ours}),
        )
        .await?;
    let mut candidates: Vec<i64> = nominated["ids"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_i64)
        .collect();
    // By id: the order of an encrypted election's board (its choices, its decrypted counts).
    candidates.sort_unstable();
    if candidates.is_empty() {
        return Err(format!("no candidate nominated: {nominated}"));
    }
    let codes = api
        .ok(
            admin,
            &format!("/api/v1/elections/{eid}/voting"),
            &json!({"confirm": true}),
        )
        .await?;
    let codes: Vec<&str> = codes
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| {
            c["member_number"]
                .as_str()
                .is_some_and(|s| s.starts_with(&prefix))
        })
        .filter_map(|c| c["code"].as_str())
        .collect();
    // Device ballots are made now, under the election's board, as phones make theirs.
    let board = if kind.encrypted() {
        Some(board_of(api, eid).await?)
    } else {
        None
    };
    let mut made: Vec<String> = Vec::new();
    if let (BallotKind::Device, Some(board)) = (kind, &board) {
        let manifest = encrypted::manifest(api, board).await?;
        let marks = (0..codes.len()).map(|k| k % candidates.len()).collect();
        made = encrypted::device_ballots(&manifest, marks).await?;
    }
    let ballots = codes
        .iter()
        .enumerate()
        .map(|(k, code)| {
            let candidate = candidates[k % candidates.len()].to_string();
            let cast_key = format!("load-e{eid}-m{k:08}");
            let body = match made.get(k) {
                Some(ballot) => {
                    json!({"code": code, "choices": [], "ballot_json": ballot, "cast_key": cast_key})
                }
                None => json!({"code": code, "choices": [candidate], "cast_key": cast_key}),
            };
            Ballot {
                path: "/api/v1/vote".into(),
                token: None,
                body,
                target: eid,
                choice: candidate,
            }
        })
        .collect();
    Ok((
        Election {
            id: eid,
            organization: org,
            candidates,
            board,
        },
        ballots,
    ))
}

/// Closes the election and reads its ballot box: ballots by candidate, and the voters the close
/// counted. An encrypted election waits for its trustees: `None`, and [`decrypted`] reads its
/// count once they have decrypted.
pub async fn close(api: &Api, admin: &str, e: &Election) -> Fallible<Option<(Tally, i64)>> {
    let closed = api
        .ok(
            admin,
            &format!("/api/v1/elections/{}/close", e.id),
            &json!({}),
        )
        .await?;
    if closed["counting"] == true {
        return Ok(None);
    }
    let voters = id_of(&closed, "voters")?;
    let ballots = api
        .get_ok(admin, &format!("/api/v1/elections/{}/ballots", e.id))
        .await?;
    let mut tally = Tally::new();
    for b in ballots.as_array().into_iter().flatten() {
        let text = b.as_str().unwrap_or_default().to_string();
        *tally.entry((e.id, text)).or_default() += 1;
    }
    Ok(Some((tally, voters)))
}

/// An encrypted election's count: its board's tally as the trustees decrypted it, the i-th
/// choice being the i-th candidate by id.
pub async fn decrypted(api: &Api, e: &Election) -> Fallible<Tally> {
    let board = e.board.as_deref().ok_or("the election has no board")?;
    let counts = encrypted::decrypted(api, board).await?;
    if counts.len() != e.candidates.len() {
        return Err(format!(
            "board {board}: {} choices for {} candidates",
            counts.len(),
            e.candidates.len()
        ));
    }
    let mut tally = Tally::new();
    for ((_, n), c) in counts.into_iter().zip(&e.candidates) {
        if n != 0 {
            tally.insert((e.id, c.to_string()), n);
        }
    }
    Ok(tally)
}

/// An encrypted election's board.
async fn board_of(api: &Api, eid: i64) -> Fallible<String> {
    let e = api.get_ok("", &format!("/api/v1/elections/{eid}")).await?;
    e["board"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("election {eid} has no board (is the assembly encrypted?): {e}"))
}
