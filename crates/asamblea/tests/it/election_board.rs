//! A base election of delegates in an encrypted assembly (issue 14), end to end against a real
//! server: first a plaintext election of the same organization, whose box holds its choices
//! (the detector below sees them; it is cancelled); then the administrator sets the assembly's
//! secret ballots to `encrypted` (3 of 5 trustees), five `asamblea trustee` processes run the
//! key ceremony, the secretary opens a plurality election for two seats and a substitute (its
//! own board under the assembly's key) and starts the vote; members vote with their codes (the
//! server encrypts for some through the API, one on the page without JavaScript, one casts a
//! blank ballot, one sends `ballot_json` its device encrypted); no row written while they cast
//! holds a plaintext choice; the close waits for the trustees, trustees 1-3 decrypt with
//! `trustee follow` (separate processes), and the result — the decrypted totals plus a paper
//! count the secretary entered — equals the plaintext count of the same ballots; a members'
//! recall vote of an elected delegate is decided from its decrypted yes and no; `verify-election` accepts the election's record, whose SHA-256 is the published
//! digest.

use std::collections::HashMap;

use asamblea_app::Actor;
use asamblea_app::actions::registry::add_member::{NewMember, add_member};
use asamblea_app::demo::load_demo::load_demo;
use asamblea_app::domain::{CandidateId, ElectionMethod, OrganizationId};
use asamblea_app::elections::count::count_delegates;
use asamblea_ballot_crypto::SigningKey;
use asamblea_store::testing::TestDb;
use asamblea_store::{Backend, Store, on_read, sqlx};
use serde_json::{Value, json};

use crate::boards_setup::{
    Api, assembly_id, awaits_trustees, ceremony, decrypts, every_row, follow, on_a_server,
    tracking_code_on_page,
};
use crate::serve_process::{Server, setup_admin};

#[tokio::test(flavor = "multi_thread")]
async fn an_encrypted_delegate_election_is_decrypted_by_3_of_5_trustees() {
    on_a_server(TestDb::sqlite().await, organization, encrypted_election).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_an_encrypted_delegate_election_is_decrypted_by_3_of_5_trustees() {
    on_a_server(TestDb::postgres().await, organization, encrypted_election).await;
}

struct Org {
    assembly: i64,
    id: i64,
    /// Another organization with vacant seats (for a ranked election).
    other: i64,
    members: Vec<i64>,
}

/// The demo, and eight members added to an organization of the assembly with 2 seats and
/// no members yet (so no delegate and no election), written before the server starts.
async fn organization(store: &Store) -> Org {
    load_demo(store).await.unwrap();
    let assembly = assembly_id(store).await;
    let orgs: Vec<i64> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT sa.organization_id FROM seat_allocations sa WHERE sa.assembly_id = $1 AND sa.seats = 2 \
         AND NOT EXISTS (SELECT 1 FROM members m WHERE m.organization_id = sa.organization_id) \
         AND NOT EXISTS (SELECT 1 FROM delegates d WHERE d.organization_id = sa.organization_id) \
         ORDER BY sa.organization_id LIMIT 2")
        .bind(assembly).fetch_all(pool).await)
    .unwrap();
    assert_eq!(orgs.len(), 2, "the demo has such organizations");
    let mut members = Vec::new();
    for i in 0..8 {
        let id = add_member(
            store,
            &Actor::System,
            OrganizationId(orgs[0]),
            NewMember {
                member_number: format!("E-{i:02}"),
                name: format!("Afiliada {i:02}"),
                ..NewMember::default()
            },
        )
        .await
        .unwrap();
        members.push(id.get());
    }
    Org {
        assembly,
        id: orgs[0],
        other: orgs[1],
        members,
    }
}

/// Opens an election of `org` with `method`, nominates `members` and starts the vote; returns
/// the election's id and each member's code.
async fn open_and_start(
    api: &Api,
    admin: &str,
    o: &Org,
    method: &str,
    members: &[i64],
) -> (i64, HashMap<i64, String>) {
    let id = api
        .ok(
            "POST",
            Some(admin),
            "/api/v1/elections",
            json!({"assembly_id": o.assembly, "organization_id": o.id, "method": method, "substitutes": 1}),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    api.ok(
        "POST",
        Some(admin),
        &format!("/api/v1/elections/{id}/candidates"),
        json!({ "member_ids": members }),
    )
    .await;
    (id, start(api, admin, id).await)
}

/// Starts the vote of election `id`: each member's code.
async fn start(api: &Api, admin: &str, id: i64) -> HashMap<i64, String> {
    let codes = api
        .ok(
            "POST",
            Some(admin),
            &format!("/api/v1/elections/{id}/voting"),
            json!({"confirm": true}),
        )
        .await;
    codes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["member_id"].as_i64().unwrap(),
                c["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// What the detector reports: rows written meanwhile in the plaintext box, and (SQLite, whose
/// rows quote text) any new text cell that is exactly a ballot's choices (`'17'`).
fn plaintext_choices(
    backend: Backend,
    before: &std::collections::BTreeSet<String>,
    after: &std::collections::BTreeSet<String>,
    candidates: &[CandidateId],
) -> Vec<String> {
    after
        .difference(before)
        .filter(|r| {
            r.starts_with("ballots|")
                || (backend == Backend::Sqlite
                    && candidates
                        .iter()
                        .any(|c| r.contains(&format!("'{c}'")) || r.contains("'blank'")))
        })
        .cloned()
        .collect()
}

async fn candidates_of(api: &Api, id: i64) -> Vec<CandidateId> {
    api.election(id).await["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| CandidateId(c["id"].as_i64().unwrap()))
        .collect()
}

async fn encrypted_election(server: &Server, db: &TestDb, o: &Org) {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let api = Api::new(server);
    let admin = setup_admin(&api.client, server).await;
    let backend = db.store.backend();

    // Plaintext first (the default): the box holds the choices, and the detector sees them.
    let (plain, codes) = open_and_start(&api, &admin, o, "plurality", &o.members[..3]).await;
    let cands = candidates_of(&api, plain).await;
    let page = api.page(&admin, &format!("/elections/{plain}")).await;
    assert!(!page.contains("id=\"election-encrypted\""), "{page}");
    let before = every_row(&db.store).await;
    api.vote_by_code(json!({"code": codes[&o.members[0]], "choices": [cands[1].to_string()]}))
        .await;
    let after = every_row(&db.store).await;
    assert!(
        !plaintext_choices(backend, &before, &after, &cands).is_empty(),
        "a plaintext box holds its choices"
    );
    api.ok(
        "POST",
        Some(&admin),
        &format!("/api/v1/elections/{plain}/cancel"),
        json!({"reason": "prueba en claro"}),
    )
    .await;

    // The assembly's secret ballots become encrypted, 3 of 5; the trustees fix the key.
    let key_board = api.encrypt_secret_ballots(&admin, 5, 3).await;
    let kb = &key_board.url;
    let secret = |i: u32| path(&format!("trustee-{i}.secret"));
    ceremony(kb, &key_board.tokens, &secret, 5);

    // A ranked election of the encrypted assembly stays plaintext, and says so.
    let ranked = api
        .ok(
            "POST",
            Some(&admin),
            "/api/v1/elections",
            json!({"assembly_id": o.assembly, "organization_id": o.other, "method": "schulze", "substitutes": 0}),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let r = api.election(ranked).await;
    assert_eq!(r["ranked_plaintext"], true, "{r}");
    let page = api.page(&admin, &format!("/elections/{ranked}")).await;
    assert!(page.contains("id=\"election-ranked-plaintext\""), "{page}");

    // Trustees decrypt with `trustee follow` (one pass over the key board's elections).
    let decrypt = |trustees: &[u32], board: &str| {
        decrypts(
            kb,
            &trustees.iter().map(|i| secret(*i)).collect::<Vec<_>>(),
            board,
        )
    };

    // An encrypted election whose only ballot is blank: its totals are known only after the
    // close, when the trustees decrypt them; it ends with nobody elected (it waited for ever
    // before: the last share was refused, "no valid ballots to count").
    let (void, codes) = open_and_start(&api, &admin, o, "plurality", &o.members[4..6]).await;
    let void_board = api.election(void).await["board"]
        .as_str()
        .unwrap()
        .to_string();
    api.vote_by_code(json!({"code": codes[&o.members[0]], "choices": ["blank"]}))
        .await;
    api.close_election(&admin, void).await;
    decrypt(&[3, 4, 5], &void_board);
    let v = api.election(void).await;
    assert!(v["counting"].is_null(), "{v}");
    assert_eq!(
        v["result"],
        json!({"outcome": "no_valid_ballots", "ballots": 1}),
        "{v}"
    );
    let page = api.page(&admin, &format!("/elections/{void}")).await;
    assert!(page.contains("id=\"election-void\""), "{page}");

    // The encrypted election: plurality, its 2 seats and a substitute, four candidates.
    let (eid, codes) = open_and_start(&api, &admin, o, "plurality", &o.members[..4]).await;
    let c = candidates_of(&api, eid).await;
    let e = api.election(eid).await;
    assert_eq!(e["ranked_plaintext"], false, "{e}");
    let board = e["board"].as_str().unwrap().to_string();
    assert_eq!(board, format!("assembly-{}-election-{eid}", o.assembly));
    let seats = e["titular_seats"].as_u64().unwrap() as usize;
    let b = api.board_url(&board);
    let page = api.page(&admin, &format!("/elections/{eid}")).await;
    assert!(page.contains("id=\"election-encrypted\""), "{page}");
    assert!(page.contains(&format!("/boards/{board}")), "{page}");
    let code = |i: usize| codes[&o.members[i]].clone();

    let before = every_row(&db.store).await;
    let mut tracking = Vec::new();
    // The server encrypts four ballots sent through the API, and a blank one.
    let sent = [
        (0, Some(0)),
        (1, Some(0)),
        (2, Some(1)),
        (3, Some(2)),
        (4, None),
    ];
    for (m, pick) in sent {
        let choices = match pick {
            Some(k) => json!([c[k].to_string()]),
            None => json!(["blank"]),
        };
        let r = api
            .vote_by_code(json!({"code": code(m), "choices": choices}))
            .await;
        tracking.push(r["tracking_code"].as_str().unwrap().to_string());
    }
    // The sixth votes on the page without JavaScript: the ballot page says the server encrypts
    // (and sees the choice); the answer shows the tracking code with a link to the board.
    let (st, html) = api.form(None, "/vote", &[("code", &code(5))]).await;
    assert_eq!(st, 200, "{html}");
    assert!(html.contains("id=\"server-encrypts\""), "{html}");
    assert!(html.contains("el servidor cifra su papeleta"), "{html}");
    let key = html
        .split("name=\"cast_key\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    let pick = format!("pick_{}", c[1]);
    let (st, html) = api
        .form(
            None,
            "/vote/cast",
            &[("code", &code(5)), ("cast_key", &key), (&pick, "on")],
        )
        .await;
    assert_eq!(st, 200, "{html}");
    tracking.push(tracking_code_on_page(&html, &board));
    // The same code again: already voted.
    let (st, _) = api
        .try_vote_by_code(json!({"code": code(5), "choices": [c[0].to_string()]}))
        .await;
    assert_eq!(st, 409);
    // The seventh's device encrypts its own ballot (the first candidate); garbage is refused.
    let (st, v) = api
        .try_vote_by_code(
            json!({"code": code(6), "choices": [], "ballot_json": "{\"not\": \"a ballot\"}"}),
        )
        .await;
    assert_eq!(st, 422, "{v}");
    assert_eq!(v["error"], "error-ses-ballot-json", "{v}");
    let mut marks = vec![0u64; c.len()];
    marks[0] = 1;
    let ballot = api
        .ballot_of(&b, &SigningKey::from_bytes(&[9u8; 32]), vec![marks])
        .await;
    let r = api.vote_by_code(json!({"code": code(6), "choices": [], "ballot_json": serde_json::to_string(&ballot).unwrap()})).await;
    assert_eq!(r["tracking_code"], ballot.tracking_code());
    tracking.push(ballot.tracking_code());
    let after = every_row(&db.store).await;
    let leaked = plaintext_choices(backend, &before, &after, &c);
    assert!(leaked.is_empty(), "rows holding a choice: {leaked:#?}");
    api.on_board(&b, &tracking).await;

    // The hall also voted on paper: the secretary's paper count is kept, once, to be added to
    // the decrypted totals.
    let paper = json!({"lines": [{"candidate_id": c[2], "votes": 3}]});
    api.ok(
        "POST",
        Some(&admin),
        &format!("/api/v1/elections/{eid}/paper-count"),
        paper.clone(),
    )
    .await;
    let (st, v) = api
        .call(
            "POST",
            Some(&admin),
            &format!("/api/v1/elections/{eid}/paper-count"),
            paper,
        )
        .await;
    assert_eq!(st, 409, "{v}");
    let page = api.page(&admin, &format!("/elections/{eid}")).await;
    assert!(page.contains("id=\"paper-added-lines\""), "{page}");

    // The close: the election waits for its trustees.
    let closed = api.close_election(&admin, eid).await;
    assert_eq!(closed["counting"], true, "{closed}");
    awaits_trustees(&api.election(eid).await, 3);
    let page = api.page(&admin, &format!("/elections/{eid}")).await;
    assert!(page.contains("id=\"election-counting\""), "{page}");
    let (st, _) = api
        .try_vote_by_code(json!({"code": code(7), "choices": [c[3].to_string()]}))
        .await;
    assert_eq!(st, 409, "the box is closed");

    // Trustees 1 and 2 follow the key board: two shares, still counting; trustee 3 decrypts.
    decrypt(&[1, 2], &board);
    let e = api.election(eid).await;
    assert_eq!(e["counting"]["shares"], 2, "{e}");
    let page = api.page(&admin, &format!("/elections/{eid}")).await;
    assert!(page.contains("2 of 3") || page.contains("2 de 3"), "{page}");
    follow(kb, &[secret(3)]);
    let e = api.election(eid).await;
    assert!(e["counting"].is_null(), "{e}");
    assert_eq!(e["voters"], 7, "{e}");

    // The result equals the plaintext count of the same ballots and the paper ones.
    let names: Vec<(CandidateId, String)> = e["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                CandidateId(x["id"].as_i64().unwrap()),
                x["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let ballots: Vec<Vec<CandidateId>> = vec![
        vec![c[0]],
        vec![c[0]],
        vec![c[1]],
        vec![c[2]],
        vec![],
        vec![c[1]],
        vec![c[0]],
        vec![c[2]],
        vec![c[2]],
        vec![c[2]],
    ];
    let plain = count_delegates(ElectionMethod::Plurality, &names, &ballots, seats, 1).unwrap();
    let result = &e["result"];
    assert_eq!(result["titular"], json!(plain.titular), "{result}");
    assert_eq!(result["substitutes"], json!(plain.substitutes), "{result}");
    assert_eq!(
        result["count"]["rounds"][0]["tallies"],
        json!(plain.count.rounds[0].tallies),
        "{result}"
    );
    assert_eq!(result["titular"], json!([c[2], c[0]]), "{result}");
    assert_eq!(result["substitutes"], json!([c[1]]), "{result}");
    let page = api.page(&admin, &format!("/elections/{eid}")).await;
    assert!(page.contains("id=\"elected\""), "{page}");
    assert!(page.contains("id=\"election-record-digest\""), "{page}");

    // The election's record, alone, is accepted by the verifier; its SHA-256 is the digest.
    let (record, vout) = api.verified_record(&b, &path("record.json")).await;
    assert!(
        vout.contains("result: decrypted from the shares of trustees [1, 2, 3]"),
        "{vout}"
    );
    assert_eq!(
        e["ballot_digest"].as_str().unwrap(),
        asamblea_app::secrets::digest(&record)
    );

    // The record: the batches name no voter (counts and tracking codes), the close seats the
    // elected with the board named.
    let entries = api.record(2000).await;
    let casts: Vec<&Value> = entries
        .iter()
        .filter(|x| x["kind"] == "election.ballots_cast" && x["payload"]["election_id"] == eid)
        .collect();
    let mut n = 0;
    for x in &casts {
        assert!(x["actor"].is_null(), "{x}");
        let keys: Vec<&String> = x["payload"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["ballots", "election_id", "tracking_codes"], "{x}");
        n += x["payload"]["ballots"].as_i64().unwrap();
    }
    assert_eq!(n, 7);
    assert!(
        entries
            .iter()
            .any(|x| x["kind"] == "election.counting" && x["payload"]["election_id"] == eid)
    );
    let closed: Vec<&Value> = entries
        .iter()
        .filter(|x| x["kind"] == "election.closed" && x["payload"]["election_id"] == eid)
        .collect();
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0]["payload"]["board"], board.as_str());
    assert_eq!(closed[0]["payload"]["decrypted"], json!([3, 2, 1, 0]));
    assert!(
        entries
            .iter()
            .any(|x| x["kind"] == "election.paper_added" && x["payload"]["election_id"] == eid)
    );
    assert_eq!(
        closed[0]["payload"]["delegate_ids"]
            .as_array()
            .unwrap()
            .len(),
        seats + 1
    );

    // A recall vote of the members goes through its own board too: yes or no, encrypted.
    let delegate = closed[0]["payload"]["delegate_ids"][0].as_i64().unwrap();
    api.ok(
        "POST",
        Some(&admin),
        &format!("/api/v1/organizations/{}/recall-method", o.id),
        json!({"recall_by": "members_vote"}),
    )
    .await;
    let rid = api
        .ok(
            "POST",
            Some(&admin),
            &format!("/api/v1/delegates/{delegate}/recall-vote"),
            json!({}),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let codes: Vec<String> = start(&api, &admin, rid).await.into_values().collect();
    let r = api.election(rid).await;
    let recall_board = r["board"].as_str().unwrap().to_string();
    let before = every_row(&db.store).await;
    for (code, answer) in codes.iter().zip(["yes", "yes", "no", "yes", "yes"]) {
        let v = api
            .vote_by_code(json!({"code": code, "choices": [answer]}))
            .await;
        assert!(v["tracking_code"].is_string(), "{v}");
    }
    let after = every_row(&db.store).await;
    let leaked: Vec<&String> = after
        .difference(&before)
        .filter(|r| r.starts_with("ballots|") || r.contains("'yes'") || r.contains("'no'"))
        .collect();
    assert!(leaked.is_empty(), "rows holding an answer: {leaked:#?}");
    api.close_election(&admin, rid).await;
    decrypt(&[2, 4, 5], &recall_board);
    let r = api.election(rid).await;
    let result = &r["result"];
    assert_eq!(
        (result["yes"].clone(), result["no"].clone()),
        (json!(4), json!(1)),
        "{r}"
    );
    assert_eq!(result["passed"], true, "{r}");
    let d = api.get(&format!("/api/v1/delegates/{delegate}")).await;
    assert_eq!(d["delegate"]["status"], "recalled", "{d}");
}
