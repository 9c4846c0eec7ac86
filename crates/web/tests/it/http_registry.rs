//! The registry through the real HTTP server: nested organizations, members and their CSV import
//! (preview naming every row's problem, nothing written until clean, one act without personal
//! data), export round trip, seat plans with the stale-version refusal, and who may do what.
//! Each flow runs on SQLite and, when `ASAMBLEA_TEST_POSTGRES` is set, on PostgreSQL.

use crate::common;

use crate::common::TestServer;
use asamblea_app::demo::load_demo::load_demo;
use asamblea_store::testing::TestDb;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn import(
    server: &TestServer,
    token: Option<&str>,
    org: i64,
    query: &str,
    csv: &str,
) -> (StatusCode, Value) {
    let mut r = server
        .client
        .post(server.at(&format!(
            "/api/v1/organizations/{org}/members/import?{query}"
        )))
        .header("content-type", "text/csv")
        .body(csv.to_string());
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    let r = r.send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// Sectors and a small tree: COB > FSTMB > SMC (labour), CSUTCB (peasants). Returns their ids.
async fn small_registry(server: &TestServer, admin: &str) -> (i64, i64, i64, i64) {
    for (key, name, colour) in [
        ("labour", "Trabajadores", "#b71c1c"),
        ("peasants", "Campesinos", "#2e7d32"),
    ] {
        let (s, _) = server
            .post_json(
                Some(admin),
                "/api/v1/sectors",
                json!({"key": key, "name": name, "colour": colour}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED);
    }
    let org = |body: Value| async move {
        let (s, v) = server
            .post_json(Some(admin), "/api/v1/organizations", body)
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        v["id"].as_i64().unwrap()
    };
    let cob = org(json!({"name": "Central Obrera Boliviana", "short_name": "COB", "kind": "confederation", "sector": "labour", "department": "La Paz"})).await;
    let fstmb = org(json!({"name": "Federación Sindical de Trabajadores Mineros de Bolivia", "short_name": "FSTMB",
        "kind": "federation", "sector": "labour", "parent_id": cob, "department": "Oruro", "membership": 60000,
        "term_from": "1969-05-01", "term_to": "1971-04-30"})).await;
    let smc = org(json!({"name": "Sindicato Mixto de Catavi", "short_name": "SMC", "kind": "union", "sector": "labour",
        "parent_id": fstmb, "department": "Potosí", "membership": 4000, "term_to": "2999-12-31"})).await;
    let csutcb = org(json!({"name": "Confederación Sindical Única de Trabajadores Campesinos", "short_name": "CSUTCB",
        "kind": "confederation", "sector": "peasants", "department": "Oruro", "membership": 20000})).await;
    (cob, fstmb, smc, csutcb)
}

async fn organizations_members_and_import(db: TestDb) {
    let server = TestServer::start(db.store.clone()).await;
    let admin = server.admin_token(&db).await;
    let (cob, fstmb, smc, csutcb) = small_registry(&server, &admin).await;

    // The tree, public.
    let (s, list) = server.get_json(None, "/api/v1/organizations").await;
    assert_eq!(s, StatusCode::OK);
    let shorts: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["short_name"].as_str().unwrap())
        .collect();
    assert_eq!(shorts, ["COB", "FSTMB", "SMC", "CSUTCB"]);
    let (_, f) = server
        .get_json(None, &format!("/api/v1/organizations/{fstmb}"))
        .await;
    assert_eq!(f["parent_id"], cob);
    assert_eq!(f["term_lapsed"], true);
    assert_eq!(f["department"], "Oruro");
    assert_eq!(f["children"][0]["short_name"], "SMC");
    let (_, s_) = server
        .get_json(None, &format!("/api/v1/organizations/{smc}"))
        .await;
    assert_eq!(s_["term_lapsed"], false);
    let page = server
        .client
        .get(server.at("/organizations"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("FSTMB"));
    // A cycle is refused.
    let r = server
        .client
        .patch(server.at(&format!("/api/v1/organizations/{cob}")))
        .bearer_auth(&admin)
        .json(&json!({"parent_id": smc}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);

    // People: FSTMB's secretary (assigned through the registry), CSUTCB's secretary, a delegate.
    let (sec_id, secretary) = server.account(&admin, "sec.fstmb", "delegate", None).await;
    let (s, _) = server
        .post_json(
            Some(&admin),
            &format!("/api/v1/organizations/{fstmb}/secretaries"),
            json!({"account_id": sec_id}),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (_, me) = server.get_json(Some(&secretary), "/api/v1/me").await;
    assert_eq!(me["role"], "secretary");
    assert_eq!(me["organization_id"], fstmb);
    let (_, other) = server
        .account(&admin, "sec.csutcb", "secretary", Some(csutcb))
        .await;
    let (_, delegate) = server.account(&admin, "juana", "delegate", None).await;

    // Members: only their organization's secretaries and administrators.
    let members_path = format!("/api/v1/organizations/{fstmb}/members");
    assert_eq!(
        server.get_json(None, &members_path).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        server.get_json(Some(&delegate), &members_path).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        server.get_json(Some(&other), &members_path).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        server.get_json(Some(&secretary), &members_path).await.0,
        StatusCode::OK
    );
    assert_eq!(
        server.get_json(Some(&admin), &members_path).await.0,
        StatusCode::OK
    );
    let clean = "member_number,name,phone,email\r\n101,Juana Mamani,71234567,juana@fstmb.bo\r\n102,\"Quispe, Pedro\",,\r\n103,Rosa Condori,,rosa@catavi.bo\r\n";
    for token in [None, Some(delegate.as_str()), Some(other.as_str())] {
        let (s, _) = import(&server, token, fstmb, "dry_run=false", clean).await;
        assert!(
            s == StatusCode::UNAUTHORIZED || s == StatusCode::FORBIDDEN,
            "{s}"
        );
    }
    // The pages refuse the same people.
    let status = |path: String, token: Option<String>| {
        let server = &server;
        async move {
            let mut r = server.client.get(server.at(&path));
            if let Some(t) = token {
                r = r.bearer_auth(t);
            }
            r.send().await.unwrap().status()
        }
    };
    assert_eq!(status("/organizations/new".into(), None).await, 401);
    assert_eq!(
        status("/organizations/new".into(), Some(secretary.clone())).await,
        403
    );
    assert_eq!(
        status(format!("/organizations/{fstmb}/import"), None).await,
        401
    );
    assert_eq!(
        status(
            format!("/organizations/{fstmb}/import"),
            Some(delegate.clone())
        )
        .await,
        403
    );
    assert_eq!(
        status(
            format!("/organizations/{fstmb}/import"),
            Some(other.clone())
        )
        .await,
        403
    );
    assert_eq!(
        status(format!("/organizations/{fstmb}/edit"), Some(other.clone())).await,
        403
    );
    assert_eq!(
        status(
            format!("/organizations/{fstmb}/members.csv"),
            Some(other.clone())
        )
        .await,
        403
    );
    let edit = server
        .text_as(&secretary, &format!("/organizations/{fstmb}/edit"))
        .await;
    assert!(
        edit.contains("org-membership") && !edit.contains("org-name"),
        "a secretary edits membership and term only"
    );
    // The secretary may edit membership and term, not the name.
    let r = server
        .client
        .patch(server.at(&format!("/api/v1/organizations/{fstmb}")))
        .bearer_auth(&secretary)
        .json(&json!({"membership": 61000, "term_to": "1973-04-30"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = server
        .client
        .patch(server.at(&format!("/api/v1/organizations/{fstmb}")))
        .bearer_auth(&secretary)
        .json(&json!({"name": "Otra"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = server
        .client
        .patch(server.at(&format!("/api/v1/organizations/{csutcb}")))
        .bearer_auth(&secretary)
        .json(&json!({"membership": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    // A clean file: the dry run writes nothing; the import writes all rows with one act.
    let (s, dry) = import(&server, Some(&secretary), fstmb, "dry_run=true", clean).await;
    assert_eq!(s, StatusCode::OK, "{dry}");
    assert_eq!(dry["imported"], false);
    assert_eq!(dry["count"], 3);
    assert!(
        server
            .get_json(Some(&secretary), &members_path)
            .await
            .1
            .as_array()
            .unwrap()
            .is_empty()
    );
    let digest = dry["digest"].as_str().unwrap().to_string();
    let (s, _) = import(
        &server,
        Some(&secretary),
        fstmb,
        "dry_run=false&digest=0000",
        clean,
    )
    .await;
    assert_eq!(
        s,
        StatusCode::CONFLICT,
        "a file that changed since its preview is refused"
    );
    let (s, done) = import(
        &server,
        Some(&secretary),
        fstmb,
        &format!("dry_run=false&digest={digest}"),
        clean,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{done}");
    assert_eq!(done["imported"], true);
    let (_, members) = server.get_json(Some(&secretary), &members_path).await;
    assert_eq!(members.as_array().unwrap().len(), 3);
    assert_eq!(members[1]["name"], "Quispe, Pedro");
    let (_, record) = server.get_json(None, "/api/v1/record").await;
    let last = record.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "members.imported");
    assert_eq!(
        last["payload"],
        json!({"organization_id": fstmb, "count": 3, "digest": digest})
    );
    let public = serde_json::to_string(&record).unwrap();
    assert!(
        !public.contains("Mamani") && !public.contains("juana@fstmb.bo"),
        "no personal data on the record"
    );
    let acts_before = record.as_array().unwrap().len();

    // A bad file: every row's problem, by line; nothing imported.
    let bad = "member_number,name,email,colour\n\
               201,Ana,ana@fstmb.bo,red\n\
               201,Beto,,blue\n\
               101,Carla,,\n\
               202,Dora,dora-at-fstmb,\n\
               203\n";
    let (s, v) = import(&server, Some(&secretary), fstmb, "dry_run=false", bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["imported"], false);
    let problems: Vec<(i64, String)> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["line"].as_i64().unwrap(),
                p["error"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            (1, "csv-error-column-unknown".to_string()),
            (3, "csv-error-duplicate-in-file".to_string()),
            (4, "csv-error-duplicate-existing".to_string()),
            (5, "csv-error-email".to_string()),
            (6, "csv-error-field-count".to_string()),
        ]
    );
    let unknown_org =
        "member_number,name,organization\n301,Eva,FSTMB\n302,Fidel,XYZ\n303,Gina,CSUTCB\n";
    let (s, v) = import(
        &server,
        Some(&secretary),
        fstmb,
        "dry_run=false",
        unknown_org,
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let keys: Vec<(i64, &str)> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["line"].as_i64().unwrap(), p["error"].as_str().unwrap()))
        .collect();
    assert_eq!(
        keys,
        [
            (3, "csv-error-organization-unknown"),
            (4, "csv-error-organization-outside")
        ]
    );
    let (s, v) = import(
        &server,
        Some(&secretary),
        fstmb,
        "dry_run=true",
        "numero,apellido\n1,x\n",
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let keys: Vec<&str> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["error"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["csv-error-column-unknown", "csv-error-column-missing"]
    );
    assert_eq!(
        server
            .get_json(Some(&secretary), &members_path)
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        server
            .get_json(None, "/api/v1/record")
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        acts_before,
        "no act"
    );

    // The page preview names the rows too (Spanish), and writes nothing.
    let html = server
        .text_as(&secretary, &format!("/organizations/{fstmb}/import"))
        .await;
    let csrf = html
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let r = server
        .client
        .post(server.at(&format!("/organizations/{fstmb}/import")))
        .bearer_auth(&secretary)
        .form(&[("csrf", csrf.as_str()), ("csv", bad)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let text = r.text().await.unwrap();
    assert!(
        text.contains("Línea 3") && text.contains("Línea 5"),
        "{text}"
    );
    assert!(!text.contains("confirm-import"));
    // The public page shows the count, not the members; the secretary sees them.
    let anon = server.text(&format!("/organizations/{fstmb}")).await;
    assert!(anon.contains("id=\"member-count\">3<") && !anon.contains("Mamani"));
    let own = server
        .text_as(&secretary, &format!("/organizations/{fstmb}"))
        .await;
    assert!(own.contains("Juana Mamani"));
    // Correct and remove one member: own secretary yes, another organization's no.
    let rosa = members[2]["id"].as_i64().unwrap();
    let member_path = format!("/api/v1/organizations/{fstmb}/members/{rosa}");
    let fix =
        json!({"member_number": "103", "name": "Rosa Condori Mamani", "email": "rosa@catavi.bo"});
    let r = server
        .client
        .put(server.at(&member_path))
        .bearer_auth(&other)
        .json(&fix)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = server
        .client
        .put(server.at(&member_path))
        .bearer_auth(&secretary)
        .json(&fix)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let form = server
        .text_as(
            &secretary,
            &format!("/organizations/{fstmb}/members/{rosa}/edit"),
        )
        .await;
    assert!(form.contains("value=\"Rosa Condori Mamani\""), "{form}");
    let dup = json!({"member_number": "101", "name": "Rosa"});
    let r = server
        .client
        .put(server.at(&member_path))
        .bearer_auth(&secretary)
        .json(&dup)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let r = server
        .client
        .delete(server.at(&member_path))
        .bearer_auth(&delegate)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    // Export round trip: the export reads back as the same rows (all now duplicates).
    let r = server
        .client
        .get(server.at(&format!("/api/v1/organizations/{fstmb}/members.csv")))
        .bearer_auth(&secretary)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let exported = r.text().await.unwrap();
    assert_eq!(
        exported.lines().next(),
        Some("member_number,name,organization,phone,email")
    );
    assert!(
        exported.contains("102,\"Quispe, Pedro\",FSTMB,,"),
        "{exported}"
    );
    let (_, again) = import(&server, Some(&secretary), fstmb, "dry_run=true", &exported).await;
    let dups: Vec<&str> = again["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["value"].as_str().unwrap())
        .collect();
    assert_eq!(dups, ["101", "102", "103"]);
    assert_eq!(
        server
            .client
            .get(server.at(&format!("/api/v1/organizations/{fstmb}/members.csv")))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        server
            .client
            .get(server.at(&format!("/api/v1/organizations/{fstmb}/members.csv")))
            .bearer_auth(&other)
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    // ...and into another organization's fresh list (as administrator, without the organization column).
    let rows: String = exported
        .lines()
        .map(|l| {
            let mut f: Vec<&str> = Vec::new();
            let mut rdr = l.to_string();
            if l.contains('"') {
                rdr = l.replace("\"Quispe, Pedro\"", "Quispe Pedro");
            }
            for x in rdr.split(',') {
                f.push(x);
            }
            format!("{},{},{},{}\n", f[0], f[1], f[3], f[4])
        })
        .collect();
    let (s, v) = import(&server, Some(&admin), smc, "dry_run=false", &rows).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["count"], 3);

    // Organizations export and import (administrators).
    let orgs_csv = server.text("/organizations.csv").await;
    assert!(orgs_csv.starts_with(
        "short_name,name,kind,sector,parent,department,membership,term_from,term_to\n"
    ));
    assert!(
        orgs_csv
            .contains("SMC,Sindicato Mixto de Catavi,union,labour,FSTMB,Potosí,4000,,2999-12-31"),
        "{orgs_csv}"
    );
    let new_orgs = "short_name,name,kind,sector,parent,membership\nSMSiglo,Sindicato Siglo XX,union,labour,FSTMB,3500\nSMHuanuni,Sindicato Huanuni,union,labour,FSTMB,5000\n";
    let r = server
        .client
        .post(server.at("/api/v1/organizations/import?dry_run=false"))
        .bearer_auth(&secretary)
        .body(new_orgs)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = server
        .client
        .post(server.at("/api/v1/organizations/import?dry_run=false"))
        .bearer_auth(&admin)
        .body(new_orgs)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = server
        .client
        .post(server.at("/api/v1/organizations/import?dry_run=true"))
        .bearer_auth(&admin)
        .body(orgs_csv)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        422,
        "re-importing the export names every short name as taken"
    );
    let (_, f) = server
        .get_json(None, &format!("/api/v1/organizations/{fstmb}"))
        .await;
    assert_eq!(f["children"].as_array().unwrap().len(), 3);

    server.stop().await;
}

#[tokio::test]
async fn sqlite_organizations_members_and_import() {
    organizations_members_and_import(common::sqlite().await).await;
}

#[tokio::test]
async fn postgres_organizations_members_and_import() {
    let db = common::postgres().await;
    organizations_members_and_import(db).await;
}

async fn seat_plans(db: TestDb) {
    let server = TestServer::start(db.store.clone()).await;
    let admin = server.admin_token(&db).await;
    let (_cob, fstmb, _smc, csutcb) = small_registry(&server, &admin).await;
    let (_, secretary) = server
        .account(&admin, "sec.fstmb", "secretary", Some(fstmb))
        .await;

    let body = json!({"slug": "asamblea-1971", "name": "Asamblea Popular", "level": "national"});
    assert_eq!(
        server
            .post_json(None, "/api/v1/assemblies", body.clone())
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        server
            .post_json(Some(&secretary), "/api/v1/assemblies", body.clone())
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        server
            .post_json(Some(&admin), "/api/v1/assemblies", body)
            .await
            .0,
        StatusCode::CREATED
    );
    let (s, _) = server.post_json(Some(&admin), "/api/v1/assemblies",
        json!({"slug": "asamblea-oruro", "name": "Asamblea de Oruro", "level": "departmental", "department": "Oruro", "parent": "asamblea-1971"})).await;
    assert_eq!(s, StatusCode::CREATED);

    let (_, plan) = server
        .get_json(None, "/api/v1/assemblies/asamblea-1971/plan")
        .await;
    assert_eq!(plan["version"], 0);
    let put = |token: Option<String>, slug: &'static str, body: Value| {
        let server = &server;
        async move {
            let mut r = server
                .client
                .put(server.at(&format!("/api/v1/assemblies/{slug}/plan")))
                .json(&body);
            if let Some(t) = token {
                r = r.bearer_auth(t);
            }
            let r = r.send().await.unwrap();
            let s = r.status();
            (s, r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let plan_body = json!({"expected_version": 0, "voting_seats": 10, "attached_seats": 3, "fraternal_seats": 2,
        "min_seats_per_organization": 1, "method": "dhondt", "shares": {"labour": 60, "peasants": 40}});
    assert_eq!(
        put(None, "asamblea-1971", plan_body.clone()).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        put(Some(secretary.clone()), "asamblea-1971", plan_body.clone())
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (s, v) = put(Some(admin.clone()), "asamblea-1971", plan_body.clone()).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["version"], 1);
    assert_eq!(v["attached_seats"], 3);
    assert_eq!(v["fraternal_seats"], 2);
    let (_, seats) = server
        .get_json(None, "/api/v1/assemblies/asamblea-1971/seats")
        .await;
    assert_eq!(seats["total_seats"], 10);
    let sector = |k: &str| {
        seats["sectors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["key"] == k)
            .cloned()
            .unwrap()
    };
    assert_eq!(sector("labour")["seats"], 6);
    assert_eq!(sector("peasants")["seats"], 4);
    // Within labour, the leaves only (SMC; FSTMB and COB sit through it): SMC takes all 6.
    let labour_orgs: Vec<(String, i64)> = sector("labour")["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["short_name"].as_str().unwrap().to_string(),
                o["seats"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(labour_orgs, [("SMC".to_string(), 6)]);
    let (_, record) = server.get_json(None, "/api/v1/record").await;
    let last = record.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "seat_plan.set");
    assert_eq!(last["payload"]["version"], 1);
    assert_eq!(
        last["payload"]["organizations"].as_array().unwrap().len(),
        2
    );

    // Someone else saves version 2; a save still based on version 1 is refused with the current plan.
    let mut second = plan_body.clone();
    second["expected_version"] = json!(1);
    second["voting_seats"] = json!(20);
    assert_eq!(
        put(Some(admin.clone()), "asamblea-1971", second.clone())
            .await
            .0,
        StatusCode::OK
    );
    let mut stale = second.clone();
    stale["voting_seats"] = json!(30);
    let (s, v) = put(Some(admin.clone()), "asamblea-1971", stale).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(v["error"], "error-registry-plan-stale");
    assert_eq!(v["current"]["version"], 2);
    assert_eq!(v["current"]["voting_seats"], 20);
    // The page says so too, and shows the current plan.
    let html = server
        .text_as(&admin, "/assemblies/asamblea-1971/plan")
        .await;
    assert!(html.contains("name=\"version\" value=\"2\""));
    let csrf = html
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let form = [
        ("csrf", csrf.as_str()),
        ("version", "1"),
        ("voting_seats", "40"),
        ("attached_seats", "0"),
        ("fraternal_seats", "0"),
        ("min_seats_per_organization", "0"),
        ("method", "sainte-lague"),
        ("share.labour", "1"),
        ("share.peasants", "1"),
    ];
    let r = server
        .client
        .post(server.at("/assemblies/asamblea-1971/plan"))
        .bearer_auth(&admin)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    let text = r.text().await.unwrap();
    assert!(
        text.contains("Otra persona cambió este plan")
            && text.contains("id=\"voting-seats\" value=\"20\""),
        "{text}"
    );
    let form_ok: Vec<(&str, &str)> = form
        .iter()
        .map(|(k, v)| (*k, if *k == "version" { "2" } else { *v }))
        .collect();
    let r = server
        .client
        .post(server.at("/assemblies/asamblea-1971/plan"))
        .bearer_auth(&admin)
        .form(&form_ok)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "redirected to the seats page");
    assert!(r.url().path().ends_with("/assemblies/asamblea-1971/seats"));
    assert_eq!(
        server
            .get_json(None, "/api/v1/assemblies/asamblea-1971/plan")
            .await
            .1["version"],
        3
    );
    // Two saves at once from version 3: exactly one wins, the other is told.
    let mut a = plan_body.clone();
    a["expected_version"] = json!(3);
    let mut b = a.clone();
    b["voting_seats"] = json!(12);
    let (ra, rb) = tokio::join!(
        put(Some(admin.clone()), "asamblea-1971", a),
        put(Some(admin.clone()), "asamblea-1971", b)
    );
    let mut statuses = [ra.0.as_u16(), rb.0.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409]);
    assert_eq!(
        server
            .get_json(None, "/api/v1/assemblies/asamblea-1971/plan")
            .await
            .1["version"],
        4
    );
    // Secretaries may not open the plan form.
    let r = server
        .client
        .get(server.at("/assemblies/asamblea-1971/plan"))
        .bearer_auth(&secretary)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    // A departmental assembly seats the department's organizations only (Oruro: CSUTCB; FSTMB
    // is a parent, so labour has no one to seat there).
    let dep = json!({"expected_version": 0, "voting_seats": 5, "method": "hare", "shares": {"peasants": 1}});
    let (s, v) = put(Some(admin.clone()), "asamblea-oruro", dep).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, seats) = server
        .get_json(None, "/api/v1/assemblies/asamblea-oruro/seats")
        .await;
    assert_eq!(seats["sectors"][0]["organizations"][0]["id"], csutcb);
    let bad = json!({"expected_version": 1, "voting_seats": 5, "method": "hare", "shares": {"labour": 1}});
    let (s, v) = put(Some(admin.clone()), "asamblea-oruro", bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["error"], "error-registry-plan-empty-sector");

    // The API document lists the area's paths.
    let (_, doc) = server.get_json(None, "/api/v1/openapi.json").await;
    for p in [
        "/api/v1/organizations/{id}/members/import",
        "/api/v1/assemblies/{slug}/plan",
        "/api/v1/sectors",
    ] {
        assert!(doc["paths"].get(p).is_some(), "{p}");
    }
    server.stop().await;
}

#[tokio::test]
async fn sqlite_seat_plans() {
    seat_plans(common::sqlite().await).await;
}

#[tokio::test]
async fn postgres_seat_plans() {
    let db = common::postgres().await;
    seat_plans(db).await;
}

async fn demo_plan(db: TestDb) {
    load_demo(&db.store).await.unwrap();
    let server = TestServer::start(db.store.clone()).await;
    let admin = server.admin_token(&db).await;
    // The demo's plan predates shares: the form offers its seats as weights.
    let html = server
        .text_as(&admin, "/assemblies/asamblea-popular-1971/plan")
        .await;
    assert!(html.contains("id=\"share-labour\" value=\"132\""), "{html}");
    assert!(html.contains("name=\"version\" value=\"1\""));
    // The parties declare no membership: seats cannot follow membership there.
    let r = server
        .client
        .put(server.at("/api/v1/assemblies/asamblea-popular-1971/plan"))
        .bearer_auth(&admin)
        .json(
            &json!({"expected_version": 1, "voting_seats": 220, "method": "dhondt",
            "shares": {"labour": 132, "middle": 53, "peasants": 22, "parties": 13}}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"],
        "error-registry-plan-capacity"
    );
    // Without the parties' sector, the plan is set, and the seats page follows it.
    let r = server
        .client
        .put(server.at("/api/v1/assemblies/asamblea-popular-1971/plan"))
        .bearer_auth(&admin)
        .json(
            &json!({"expected_version": 1, "voting_seats": 207, "method": "dhondt",
            "shares": {"labour": 132, "middle": 53, "peasants": 22}}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (_, seats) = server
        .get_json(None, "/api/v1/assemblies/asamblea-popular-1971/seats")
        .await;
    assert_eq!(seats["total_seats"], 207);
    assert_eq!(seats["version"], 2);
    server.stop().await;
}

#[tokio::test]
async fn sqlite_demo_plan() {
    demo_plan(common::sqlite().await).await;
}

#[tokio::test]
async fn postgres_demo_plan() {
    let db = common::postgres().await;
    demo_plan(db).await;
}

/// The values a form would send back unchanged: every `<input name value>` and each select's
/// selected option.
fn form_values(html: &str) -> Vec<(String, String)> {
    let attr = |tag: &str, name: &str| -> Option<String> {
        let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
        Some(tag[start..].split('"').next()?.to_string())
    };
    let mut out = Vec::new();
    for tag in html.split("<input ").skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        if let Some(n) = attr(tag, "name") {
            out.push((n, attr(tag, "value").unwrap_or_default()));
        }
    }
    for select in html.split("<select ").skip(1) {
        let (open, rest) = select.split_once('>').unwrap_or(("", ""));
        let body = rest.split("</select>").next().unwrap_or("");
        let name = attr(open, "name").unwrap_or_default();
        let chosen = body
            .split("<option ")
            .find(|o| o.split('>').next().unwrap_or("").contains(" selected"))
            .and_then(|o| attr(o, "value"))
            .unwrap_or_default();
        out.push((name, chosen));
    }
    out
}

/// The demo's parties hold seats fixed by the sources, with no membership figures: the plan
/// keeps them as fixed seats, so saving the demo's plan again through the form changes nothing;
/// fixed seats can be changed there and through the API, and bad ones are refused.
async fn fixed_seats(db: TestDb) {
    load_demo(&db.store).await.unwrap();
    let server = TestServer::start(db.store.clone()).await;
    let admin = server.admin_token(&db).await;
    let slug = "asamblea-popular-1971";
    let (_, before) = server
        .get_json(None, &format!("/api/v1/assemblies/{slug}/seats"))
        .await;
    let (_, plan) = server
        .get_json(None, &format!("/api/v1/assemblies/{slug}/plan"))
        .await;
    let fixed = plan["fixed"].as_array().unwrap().clone();
    assert_eq!(fixed.len(), 7, "{plan}");
    let mre = fixed.iter().find(|f| f["short_name"] == "MRE").unwrap()["organization_id"]
        .as_i64()
        .unwrap();
    let html = server
        .text_as(&admin, &format!("/assemblies/{slug}/plan"))
        .await;
    let form = form_values(&html);
    assert!(
        form.iter()
            .any(|(k, v)| k == &format!("fixed.{mre}") && v == "1"),
        "{form:?}"
    );
    let r = server
        .client
        .post(server.at(&format!("/assemblies/{slug}/plan")))
        .bearer_auth(&admin)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert!(r.url().path().ends_with("/seats"));
    let (_, after) = server
        .get_json(None, &format!("/api/v1/assemblies/{slug}/seats"))
        .await;
    assert_eq!(before["sectors"], after["sectors"], "the same seats");
    let (_, plan) = server
        .get_json(None, &format!("/api/v1/assemblies/{slug}/plan"))
        .await;
    assert_eq!(plan["version"], 2);
    assert_eq!(plan["fixed"].as_array().unwrap().len(), 7);

    // Through the API: the parties' 13 seats split 3 + 2×5, then refused when they add up to
    // more than the sector has, or name an organization twice.
    let shares: Value = plan["sectors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["seats"].as_i64().unwrap() > 0)
        .map(|s| (s["key"].as_str().unwrap().to_string(), s["seats"].clone()))
        .collect::<serde_json::Map<String, Value>>()
        .into();
    let mut fixed: Vec<Value> = plan["fixed"].as_array().unwrap().clone();
    for f in fixed.iter_mut() {
        f["seats"] = json!(if f["organization_id"] == mre { 3 } else { 2 });
    }
    fixed.retain(|f| f["short_name"] != "PDCR");
    let body = |version: i64, fixed: &Vec<Value>| {
        json!({"expected_version": version, "voting_seats": 220, "method": "dhondt", "shares": shares,
               "fixed": fixed.iter().map(|f| json!({"organization_id": f["organization_id"], "seats": f["seats"]})).collect::<Vec<_>>()})
    };
    let put = async |b: Value| {
        let r = server
            .client
            .put(server.at(&format!("/api/v1/assemblies/{slug}/plan")))
            .bearer_auth(&admin)
            .json(&b)
            .send()
            .await
            .unwrap();
        (r.status(), r.json::<Value>().await.unwrap())
    };
    // Six parties fixed at 2 or 3 (13 seats); PDCR, not fixed and with no members, gets none.
    let (st, v) = put(body(2, &fixed)).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (_, seats) = server
        .get_json(None, &format!("/api/v1/assemblies/{slug}/seats"))
        .await;
    let parties = seats["sectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "parties")
        .unwrap();
    let of = |short: &str| {
        parties["organizations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["short_name"] == short)
            .map(|o| o["seats"].as_i64().unwrap())
            .unwrap_or(0)
    };
    assert_eq!((of("MRE"), of("MNR"), of("PDCR")), (3, 2, 0), "{parties}");
    let mut over = fixed.clone();
    over[0]["seats"] = json!(5);
    let (st, v) = put(body(3, &over)).await;
    assert_eq!(
        (st, v["error"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("error-registry-plan-minimums")
        ),
        "{v}"
    );
    let mut twice = fixed.clone();
    twice.push(fixed[0].clone());
    let (st, v) = put(body(3, &twice)).await;
    assert_eq!(
        (st, v["error"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("error-registry-plan-fixed")
        ),
        "{v}"
    );
    server.stop().await;
}

#[tokio::test]
async fn sqlite_fixed_seats() {
    fixed_seats(common::sqlite().await).await;
}

#[tokio::test]
async fn postgres_fixed_seats() {
    let db = common::postgres().await;
    fixed_seats(db).await;
}
