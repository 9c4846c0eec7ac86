//! The registry through the real HTTP server: nested organizations, members and their CSV import
//! (preview naming every row's problem, nothing written until clean, one act without personal
//! data), export round trip, seat plans with the stale-version refusal, and who may do what.
//!
//! Each test sets up what it needs (`common::registry`) and checks one thing, on SQLite and
//! on PostgreSQL.

use crate::common::registry::{CLEAN, Registry, plan};
use crate::common::{TestServer, csrf_of, on_both_backends};
use asamblea_app::demo::load_demo::load_demo;
use asamblea_store::testing::TestDb;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The tree is public: the list, an organization with its parent, children and whether its
/// leadership term has lapsed, and the page.
async fn the_organization_tree_is_public(db: &TestDb) {
    let r = Registry::new(db).await;
    let (server, cob, fstmb, smc) = (&r.server, r.cob, r.fstmb, r.smc);
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
    r.stop().await;
}
on_both_backends!(the_organization_tree_is_public => sqlite_the_organization_tree_is_public, postgres_the_organization_tree_is_public);

/// An organization cannot be placed under its own descendant.
async fn a_cycle_in_the_tree_is_refused(db: &TestDb) {
    let r = Registry::new(db).await;
    let (server, cob, smc) = (&r.server, r.cob, r.smc);
    let res = server
        .client
        .patch(server.at(&format!("/api/v1/organizations/{cob}")))
        .bearer_auth(&r.admin)
        .json(&json!({"parent_id": smc}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    r.stop().await;
}
on_both_backends!(a_cycle_in_the_tree_is_refused => sqlite_a_cycle_in_the_tree_is_refused, postgres_a_cycle_in_the_tree_is_refused);

/// A delegate account assigned through the registry becomes that organization's secretary.
async fn a_secretary_is_assigned_through_the_registry(db: &TestDb) {
    let r = Registry::new(db).await;
    let p = r.people().await;
    let (_, me) = r.server.get_json(Some(&p.secretary), "/api/v1/me").await;
    assert_eq!(me["role"], "secretary");
    assert_eq!(me["organization_id"], r.fstmb);
    r.stop().await;
}
on_both_backends!(a_secretary_is_assigned_through_the_registry => sqlite_a_secretary_is_assigned_through_the_registry, postgres_a_secretary_is_assigned_through_the_registry);

/// Members are read, exported and imported only by their organization's secretaries and
/// administrators.
async fn members_are_for_their_secretaries_and_administrators(db: &TestDb) {
    let r = Registry::new(db).await;
    let p = r.people().await;
    let (server, admin, fstmb) = (&r.server, &r.admin, r.fstmb);
    let (secretary, other, delegate) = (&p.secretary, &p.other, &p.delegate);
    let members_path = r.members_path();
    assert_eq!(
        server.get_json(None, &members_path).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        server.get_json(Some(delegate), &members_path).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        server.get_json(Some(other), &members_path).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        server.get_json(Some(secretary), &members_path).await.0,
        StatusCode::OK
    );
    assert_eq!(
        server.get_json(Some(admin), &members_path).await.0,
        StatusCode::OK
    );
    for token in [None, Some(delegate.as_str()), Some(other.as_str())] {
        let (s, _) = r.import(token, fstmb, "dry_run=false", CLEAN).await;
        assert!(
            s == StatusCode::UNAUTHORIZED || s == StatusCode::FORBIDDEN,
            "{s}"
        );
    }
    let export = format!("/api/v1/organizations/{fstmb}/members.csv");
    assert_eq!(
        server
            .client
            .get(server.at(&export))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        server
            .client
            .get(server.at(&export))
            .bearer_auth(other)
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    r.stop().await;
}
on_both_backends!(members_are_for_their_secretaries_and_administrators => sqlite_members_are_for_their_secretaries_and_administrators, postgres_members_are_for_their_secretaries_and_administrators);

/// The pages refuse the same people; a secretary's edit form has membership and term only.
async fn the_registry_pages_refuse_the_same_people(db: &TestDb) {
    let r = Registry::new(db).await;
    let p = r.people().await;
    let (server, fstmb) = (&r.server, r.fstmb);
    let (secretary, other, delegate) = (&p.secretary, &p.other, &p.delegate);
    let status = |path: String, token: Option<String>| async move {
        let mut r = server.client.get(server.at(&path));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        r.send().await.unwrap().status()
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
        .text_as(secretary, &format!("/organizations/{fstmb}/edit"))
        .await;
    assert!(
        edit.contains("org-membership") && !edit.contains("org-name"),
        "a secretary edits membership and term only"
    );
    r.stop().await;
}
on_both_backends!(the_registry_pages_refuse_the_same_people => sqlite_the_registry_pages_refuse_the_same_people, postgres_the_registry_pages_refuse_the_same_people);

/// The secretary may edit membership and term, not the name, and not another organization.
async fn a_secretary_edits_membership_and_term(db: &TestDb) {
    let r = Registry::new(db).await;
    let p = r.people().await;
    let (server, fstmb, csutcb, secretary) = (&r.server, r.fstmb, r.csutcb, &p.secretary);
    let patch = async |org: i64, body: Value| {
        server
            .client
            .patch(server.at(&format!("/api/v1/organizations/{org}")))
            .bearer_auth(secretary)
            .json(&body)
            .send()
            .await
            .unwrap()
            .status()
    };
    assert_eq!(
        patch(fstmb, json!({"membership": 61000, "term_to": "1973-04-30"})).await,
        200
    );
    assert_eq!(patch(fstmb, json!({"name": "Otra"})).await, 403);
    assert_eq!(patch(csutcb, json!({"membership": 1})).await, 403);
    r.stop().await;
}
on_both_backends!(a_secretary_edits_membership_and_term => sqlite_a_secretary_edits_membership_and_term, postgres_a_secretary_edits_membership_and_term);

/// A clean file: the dry run writes nothing; a file changed since its preview is refused; the
/// import writes all rows with one act, which carries no personal data.
async fn a_clean_import_is_previewed_then_written_with_one_act(db: &TestDb) {
    let r = Registry::new(db).await;
    let p = r.people().await;
    let (server, fstmb, secretary) = (&r.server, r.fstmb, &p.secretary);
    let members_path = r.members_path();
    let (s, dry) = r
        .import(Some(secretary), fstmb, "dry_run=true", CLEAN)
        .await;
    assert_eq!(s, StatusCode::OK, "{dry}");
    assert_eq!(dry["imported"], false);
    assert_eq!(dry["count"], 3);
    assert!(
        server
            .get_json(Some(secretary), &members_path)
            .await
            .1
            .as_array()
            .unwrap()
            .is_empty()
    );
    let digest = dry["digest"].as_str().unwrap().to_string();
    let (s, _) = r
        .import(Some(secretary), fstmb, "dry_run=false&digest=0000", CLEAN)
        .await;
    assert_eq!(
        s,
        StatusCode::CONFLICT,
        "a file that changed since its preview is refused"
    );
    let (s, done) = r
        .import(
            Some(secretary),
            fstmb,
            &format!("dry_run=false&digest={digest}"),
            CLEAN,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{done}");
    assert_eq!(done["imported"], true);
    let (_, members) = server.get_json(Some(secretary), &members_path).await;
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
    r.stop().await;
}
on_both_backends!(a_clean_import_is_previewed_then_written_with_one_act => sqlite_a_clean_import_is_previewed_then_written_with_one_act, postgres_a_clean_import_is_previewed_then_written_with_one_act);

/// A file with a problem on every line once [`CLEAN`] is in: an unknown column, a number twice
/// in the file, an existing member's number, a bad email, missing fields.
const BAD: &str = "member_number,name,email,colour\n\
               201,Ana,ana@fstmb.bo,red\n\
               201,Beto,,blue\n\
               101,Carla,,\n\
               202,Dora,dora-at-fstmb,\n\
               203\n";

/// Each problem of a bad file is named by its line; nothing is imported, no act appended.
async fn a_bad_import_names_every_problem_and_writes_nothing(db: &TestDb) {
    let r = Registry::new(db).await;
    let p = r.people().await;
    let (server, fstmb, secretary) = (&r.server, r.fstmb, &p.secretary);
    r.import_clean(secretary).await;
    let acts_before = server
        .get_json(None, "/api/v1/record")
        .await
        .1
        .as_array()
        .unwrap()
        .len();
    let (s, v) = r.import(Some(secretary), fstmb, "dry_run=false", BAD).await;
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
    assert_eq!(
        server
            .get_json(Some(secretary), &r.members_path())
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
    r.stop().await;
}
on_both_backends!(a_bad_import_names_every_problem_and_writes_nothing => sqlite_a_bad_import_names_every_problem_and_writes_nothing, postgres_a_bad_import_names_every_problem_and_writes_nothing);

/// An import names organizations that are unknown or outside the secretary's, and a header
/// with unknown and missing columns.
async fn an_import_names_foreign_organizations_and_bad_columns(db: &TestDb) {
    let r = Registry::new(db).await;
    let p = r.people().await;
    let (fstmb, secretary) = (r.fstmb, &p.secretary);
    let unknown_org =
        "member_number,name,organization\n301,Eva,FSTMB\n302,Fidel,XYZ\n303,Gina,CSUTCB\n";
    let (s, v) = r
        .import(Some(secretary), fstmb, "dry_run=false", unknown_org)
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
    let (s, v) = r
        .import(
            Some(secretary),
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
    r.stop().await;
}
on_both_backends!(an_import_names_foreign_organizations_and_bad_columns => sqlite_an_import_names_foreign_organizations_and_bad_columns, postgres_an_import_names_foreign_organizations_and_bad_columns);

/// The page preview names the rows too (Spanish), and writes nothing.
async fn the_import_page_previews_the_problems(db: &TestDb) {
    let r = Registry::new(db).await;
    let p = r.people().await;
    let (server, fstmb, secretary) = (&r.server, r.fstmb, &p.secretary);
    r.import_clean(secretary).await;
    let html = server
        .text_as(secretary, &format!("/organizations/{fstmb}/import"))
        .await;
    let csrf = csrf_of(&html);
    let res = server
        .client
        .post(server.at(&format!("/organizations/{fstmb}/import")))
        .bearer_auth(secretary)
        .form(&[("csrf", csrf.as_str()), ("csv", BAD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let text = res.text().await.unwrap();
    assert!(
        text.contains("Línea 3") && text.contains("Línea 5"),
        "{text}"
    );
    assert!(!text.contains("confirm-import"));
    r.stop().await;
}
on_both_backends!(the_import_page_previews_the_problems => sqlite_the_import_page_previews_the_problems, postgres_the_import_page_previews_the_problems);

/// The public page shows the count, not the members; the secretary sees them.
async fn the_public_page_shows_the_count_not_the_members(db: &TestDb) {
    let r = Registry::new(db).await;
    let p = r.people().await;
    let (server, fstmb, secretary) = (&r.server, r.fstmb, &p.secretary);
    r.import_clean(secretary).await;
    let anon = server.text(&format!("/organizations/{fstmb}")).await;
    assert!(anon.contains("id=\"member-count\">3<") && !anon.contains("Mamani"));
    let own = server
        .text_as(secretary, &format!("/organizations/{fstmb}"))
        .await;
    assert!(own.contains("Juana Mamani"));
    r.stop().await;
}
on_both_backends!(the_public_page_shows_the_count_not_the_members => sqlite_the_public_page_shows_the_count_not_the_members, postgres_the_public_page_shows_the_count_not_the_members);

/// Correct and remove one member: own secretary yes, another organization's no; a number
/// already taken is refused.
async fn a_member_is_corrected_by_their_secretary_only(db: &TestDb) {
    let r = Registry::new(db).await;
    let p = r.people().await;
    let (server, fstmb) = (&r.server, r.fstmb);
    let (secretary, other, delegate) = (&p.secretary, &p.other, &p.delegate);
    r.import_clean(secretary).await;
    let (_, members) = server.get_json(Some(secretary), &r.members_path()).await;
    let rosa = members[2]["id"].as_i64().unwrap();
    let member_path = format!("/api/v1/organizations/{fstmb}/members/{rosa}");
    let fix =
        json!({"member_number": "103", "name": "Rosa Condori Mamani", "email": "rosa@catavi.bo"});
    let res = server
        .client
        .put(server.at(&member_path))
        .bearer_auth(other)
        .json(&fix)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = server
        .client
        .put(server.at(&member_path))
        .bearer_auth(secretary)
        .json(&fix)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let form = server
        .text_as(
            secretary,
            &format!("/organizations/{fstmb}/members/{rosa}/edit"),
        )
        .await;
    assert!(form.contains("value=\"Rosa Condori Mamani\""), "{form}");
    let dup = json!({"member_number": "101", "name": "Rosa"});
    let res = server
        .client
        .put(server.at(&member_path))
        .bearer_auth(secretary)
        .json(&dup)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let res = server
        .client
        .delete(server.at(&member_path))
        .bearer_auth(delegate)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    r.stop().await;
}
on_both_backends!(a_member_is_corrected_by_their_secretary_only => sqlite_a_member_is_corrected_by_their_secretary_only, postgres_a_member_is_corrected_by_their_secretary_only);

/// Export round trip: the export reads back as the same rows (all now duplicates), and into
/// another organization's fresh list (as administrator, without the organization column).
async fn an_export_reads_back_as_the_same_rows(db: &TestDb) {
    let r = Registry::new(db).await;
    let p = r.people().await;
    let (server, admin, fstmb, smc, secretary) =
        (&r.server, &r.admin, r.fstmb, r.smc, &p.secretary);
    r.import_clean(secretary).await;
    let res = server
        .client
        .get(server.at(&format!("/api/v1/organizations/{fstmb}/members.csv")))
        .bearer_auth(secretary)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let exported = res.text().await.unwrap();
    assert_eq!(
        exported.lines().next(),
        Some("member_number,name,organization,phone,email")
    );
    assert!(
        exported.contains("102,\"Quispe, Pedro\",FSTMB,,"),
        "{exported}"
    );
    let (_, again) = r
        .import(Some(secretary), fstmb, "dry_run=true", &exported)
        .await;
    let dups: Vec<&str> = again["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["value"].as_str().unwrap())
        .collect();
    assert_eq!(dups, ["101", "102", "103"]);
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
    let (s, v) = r.import(Some(admin), smc, "dry_run=false", &rows).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["count"], 3);
    r.stop().await;
}
on_both_backends!(an_export_reads_back_as_the_same_rows => sqlite_an_export_reads_back_as_the_same_rows, postgres_an_export_reads_back_as_the_same_rows);

/// Organizations are exported and imported by administrators (a secretary may not); the export
/// imported again names every short name as taken.
async fn organizations_are_exported_and_imported_by_administrators(db: &TestDb) {
    let r = Registry::new(db).await;
    let p = r.people().await;
    let (server, admin, fstmb, secretary) = (&r.server, &r.admin, r.fstmb, &p.secretary);
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
    let import = async |token: &str, query: &str, body: String| {
        server
            .client
            .post(server.at(&format!("/api/v1/organizations/import?{query}")))
            .bearer_auth(token)
            .body(body)
            .send()
            .await
            .unwrap()
            .status()
    };
    assert_eq!(
        import(secretary, "dry_run=false", new_orgs.into()).await,
        403
    );
    assert_eq!(import(admin, "dry_run=false", new_orgs.into()).await, 200);
    assert_eq!(
        import(admin, "dry_run=true", orgs_csv).await,
        422,
        "re-importing the export names every short name as taken"
    );
    let (_, f) = server
        .get_json(None, &format!("/api/v1/organizations/{fstmb}"))
        .await;
    assert_eq!(f["children"].as_array().unwrap().len(), 3);
    r.stop().await;
}
on_both_backends!(organizations_are_exported_and_imported_by_administrators => sqlite_organizations_are_exported_and_imported_by_administrators, postgres_organizations_are_exported_and_imported_by_administrators);

// ---------------------------------------------------------------------------------------------
// Seat plans
// ---------------------------------------------------------------------------------------------

/// Only administrators create assemblies, save plans and open the plan form.
async fn only_administrators_create_assemblies_and_plan_seats(db: &TestDb) {
    let r = Registry::new(db).await;
    let (server, admin) = (&r.server, &r.admin);
    let (_, secretary) = server
        .account(admin, "sec.fstmb", "secretary", Some(r.fstmb))
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
    r.assemblies().await;
    assert_eq!(r.plan_version("asamblea-1971").await, 0);
    assert_eq!(
        r.put_plan(None, "asamblea-1971", plan(0)).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        r.put_plan(Some(&secretary), "asamblea-1971", plan(0))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let res = server
        .client
        .get(server.at("/assemblies/asamblea-1971/plan"))
        .bearer_auth(&secretary)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    r.stop().await;
}
on_both_backends!(only_administrators_create_assemblies_and_plan_seats => sqlite_only_administrators_create_assemblies_and_plan_seats, postgres_only_administrators_create_assemblies_and_plan_seats);

/// A plan seats the sectors by share, then within labour the leaves only (SMC; FSTMB and COB
/// sit through it); one act `seat_plan.set`.
async fn a_plan_seats_sectors_by_share_and_their_leaves(db: &TestDb) {
    let r = Registry::new(db).await;
    let server = &r.server;
    r.assemblies().await;
    let (s, v) = r.put_plan(Some(&r.admin), "asamblea-1971", plan(0)).await;
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
    r.stop().await;
}
on_both_backends!(a_plan_seats_sectors_by_share_and_their_leaves => sqlite_a_plan_seats_sectors_by_share_and_their_leaves, postgres_a_plan_seats_sectors_by_share_and_their_leaves);

/// Someone else saves version 2; a save still based on version 1 is refused with the current
/// plan.
async fn a_stale_plan_is_refused_with_the_current_one(db: &TestDb) {
    let r = Registry::new(db).await;
    let admin = &r.admin;
    r.assemblies().await;
    let (s, v) = r.put_plan(Some(admin), "asamblea-1971", plan(0)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let mut second = plan(1);
    second["voting_seats"] = json!(20);
    assert_eq!(
        r.put_plan(Some(admin), "asamblea-1971", second.clone())
            .await
            .0,
        StatusCode::OK
    );
    let mut stale = second.clone();
    stale["voting_seats"] = json!(30);
    let (s, v) = r.put_plan(Some(admin), "asamblea-1971", stale).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(v["error"], "error-registry-plan-stale");
    assert_eq!(v["current"]["version"], 2);
    assert_eq!(v["current"]["voting_seats"], 20);
    r.stop().await;
}
on_both_backends!(a_stale_plan_is_refused_with_the_current_one => sqlite_a_stale_plan_is_refused_with_the_current_one, postgres_a_stale_plan_is_refused_with_the_current_one);

/// The plan form based on an old version gets a 409 page with the current plan; based on the
/// current one it saves and goes to the seats page.
async fn a_stale_plan_form_shows_the_current_plan(db: &TestDb) {
    let r = Registry::new(db).await;
    let (server, admin) = (&r.server, &r.admin);
    r.assemblies().await;
    let (s, v) = r.put_plan(Some(admin), "asamblea-1971", plan(0)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let mut second = plan(1);
    second["voting_seats"] = json!(20);
    let (s, v) = r.put_plan(Some(admin), "asamblea-1971", second).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let html = server
        .text_as(admin, "/assemblies/asamblea-1971/plan")
        .await;
    assert!(html.contains("name=\"version\" value=\"2\""));
    let csrf = csrf_of(&html);
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
    let res = server
        .client
        .post(server.at("/assemblies/asamblea-1971/plan"))
        .bearer_auth(admin)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    let text = res.text().await.unwrap();
    assert!(
        text.contains("Otra persona cambió este plan")
            && text.contains("id=\"voting-seats\" value=\"20\""),
        "{text}"
    );
    let form_ok: Vec<(&str, &str)> = form
        .iter()
        .map(|(k, v)| (*k, if *k == "version" { "2" } else { *v }))
        .collect();
    let res = server
        .client
        .post(server.at("/assemblies/asamblea-1971/plan"))
        .bearer_auth(admin)
        .form(&form_ok)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "redirected to the seats page");
    assert!(
        res.url()
            .path()
            .ends_with("/assemblies/asamblea-1971/seats")
    );
    assert_eq!(r.plan_version("asamblea-1971").await, 3);
    r.stop().await;
}
on_both_backends!(a_stale_plan_form_shows_the_current_plan => sqlite_a_stale_plan_form_shows_the_current_plan, postgres_a_stale_plan_form_shows_the_current_plan);

/// Two saves at once from the same version: exactly one wins, the other is told.
async fn of_two_saves_at_once_one_wins(db: &TestDb) {
    let r = Registry::new(db).await;
    let admin = &r.admin;
    r.assemblies().await;
    let (s, v) = r.put_plan(Some(admin), "asamblea-1971", plan(0)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let a = plan(1);
    let mut b = a.clone();
    b["voting_seats"] = json!(12);
    let (ra, rb) = tokio::join!(
        r.put_plan(Some(admin), "asamblea-1971", a),
        r.put_plan(Some(admin), "asamblea-1971", b)
    );
    let mut statuses = [ra.0.as_u16(), rb.0.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409]);
    assert_eq!(r.plan_version("asamblea-1971").await, 2);
    r.stop().await;
}
on_both_backends!(of_two_saves_at_once_one_wins => sqlite_of_two_saves_at_once_one_wins, postgres_of_two_saves_at_once_one_wins);

/// A departmental assembly seats the department's organizations only (Oruro: CSUTCB; FSTMB is
/// a parent, so labour has no one to seat there).
async fn a_departmental_assembly_seats_its_departments_organizations(db: &TestDb) {
    let r = Registry::new(db).await;
    let admin = &r.admin;
    r.assemblies().await;
    let dep = json!({"expected_version": 0, "voting_seats": 5, "method": "hare", "shares": {"peasants": 1}});
    let (s, v) = r.put_plan(Some(admin), "asamblea-oruro", dep).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, seats) = r
        .server
        .get_json(None, "/api/v1/assemblies/asamblea-oruro/seats")
        .await;
    assert_eq!(seats["sectors"][0]["organizations"][0]["id"], r.csutcb);
    let bad = json!({"expected_version": 1, "voting_seats": 5, "method": "hare", "shares": {"labour": 1}});
    let (s, v) = r.put_plan(Some(admin), "asamblea-oruro", bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["error"], "error-registry-plan-empty-sector");
    r.stop().await;
}
on_both_backends!(a_departmental_assembly_seats_its_departments_organizations => sqlite_a_departmental_assembly_seats_its_departments_organizations, postgres_a_departmental_assembly_seats_its_departments_organizations);

/// The API document lists the area's paths.
#[tokio::test]
async fn sqlite_the_api_document_lists_the_registry_paths() {
    let db = TestDb::sqlite().await;
    let server = TestServer::start(db.store.clone()).await;
    let (_, doc) = server.get_json(None, "/api/v1/openapi.json").await;
    for p in [
        "/api/v1/organizations/{id}/members/import",
        "/api/v1/assemblies/{slug}/plan",
        "/api/v1/sectors",
    ] {
        assert!(doc["paths"].get(p).is_some(), "{p}");
    }
    server.stop().await;
    db.cleanup().await;
}

async fn demo_plan(db: &TestDb) {
    load_demo(&db.store).await.unwrap();
    let server = TestServer::start(db.store.clone()).await;
    let admin = server.admin_token(db).await;
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
on_both_backends!(demo_plan => sqlite_demo_plan, postgres_demo_plan);

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

/// The demo, its first administrator, and its plan.
async fn demo_with_plan(db: &TestDb) -> (TestServer, String, Value) {
    load_demo(&db.store).await.unwrap();
    let server = TestServer::start(db.store.clone()).await;
    let admin = server.admin_token(db).await;
    let (_, plan) = server
        .get_json(None, "/api/v1/assemblies/asamblea-popular-1971/plan")
        .await;
    (server, admin, plan)
}

/// The demo's parties hold seats fixed by the sources, with no membership figures: the plan
/// keeps them as fixed seats, so saving the demo's plan again through the form changes nothing.
async fn saving_the_demo_plan_again_changes_nothing(db: &TestDb) {
    let (server, admin, plan) = demo_with_plan(db).await;
    let slug = "asamblea-popular-1971";
    let (_, before) = server
        .get_json(None, &format!("/api/v1/assemblies/{slug}/seats"))
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
    server.stop().await;
}
on_both_backends!(saving_the_demo_plan_again_changes_nothing => sqlite_saving_the_demo_plan_again_changes_nothing, postgres_saving_the_demo_plan_again_changes_nothing);

/// The demo's plan with the parties' seats fixed at 3 for MRE and 2 for the others, PDCR left
/// out; `(plan body for a version and a list of fixed seats, that list)`.
fn parties_fixed(plan: &Value) -> (impl Fn(i64, &[Value]) -> Value, Vec<Value>) {
    let shares: Value = plan["sectors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["seats"].as_i64().unwrap() > 0)
        .map(|s| (s["key"].as_str().unwrap().to_string(), s["seats"].clone()))
        .collect::<serde_json::Map<String, Value>>()
        .into();
    let mre = plan["fixed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["short_name"] == "MRE")
        .unwrap()["organization_id"]
        .clone();
    let mut fixed: Vec<Value> = plan["fixed"].as_array().unwrap().clone();
    for f in fixed.iter_mut() {
        f["seats"] = json!(if f["organization_id"] == mre { 3 } else { 2 });
    }
    fixed.retain(|f| f["short_name"] != "PDCR");
    let body = move |version: i64, fixed: &[Value]| {
        json!({"expected_version": version, "voting_seats": 220, "method": "dhondt", "shares": shares,
               "fixed": fixed.iter().map(|f| json!({"organization_id": f["organization_id"], "seats": f["seats"]})).collect::<Vec<_>>()})
    };
    (body, fixed)
}

/// Through the API: six parties fixed at 2 or 3 (13 seats); PDCR, not fixed and with no
/// members, gets none.
async fn fixed_seats_are_set_through_the_api(db: &TestDb) {
    let (server, admin, plan) = demo_with_plan(db).await;
    let slug = "asamblea-popular-1971";
    let (body, fixed) = parties_fixed(&plan);
    let version = plan["version"].as_i64().unwrap();
    let r = server
        .client
        .put(server.at(&format!("/api/v1/assemblies/{slug}/plan")))
        .bearer_auth(&admin)
        .json(&body(version, &fixed))
        .send()
        .await
        .unwrap();
    let (st, v) = (r.status(), r.json::<Value>().await.unwrap());
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
    server.stop().await;
}
on_both_backends!(fixed_seats_are_set_through_the_api => sqlite_fixed_seats_are_set_through_the_api, postgres_fixed_seats_are_set_through_the_api);

/// Fixed seats that add up to more than the sector has, or that name an organization twice,
/// are refused.
async fn bad_fixed_seats_are_refused(db: &TestDb) {
    let (server, admin, plan) = demo_with_plan(db).await;
    let slug = "asamblea-popular-1971";
    let (body, fixed) = parties_fixed(&plan);
    let version = plan["version"].as_i64().unwrap();
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
    let mut over = fixed.clone();
    over[0]["seats"] = json!(5);
    let (st, v) = put(body(version, &over)).await;
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
    let (st, v) = put(body(version, &twice)).await;
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
on_both_backends!(bad_fixed_seats_are_refused => sqlite_bad_fixed_seats_are_refused, postgres_bad_fixed_seats_are_refused);
