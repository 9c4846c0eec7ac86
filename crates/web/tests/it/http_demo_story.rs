//! The demo story (`load_demo_story`, told by `serve --demo` after the federation) as a visitor
//! sees it through the real HTTP server: the public record verifies and holds the story's acts;
//! the delegates page shows the FSTPB's delegates and substitutes, the recall and the rejected
//! credential; Resolución N.º 1 and the minutes of the closed session exist; telling the story
//! again appends nothing. On SQLite and, when `ASAMBLEA_TEST_POSTGRES` is set, on PostgreSQL.

use crate::common::{SLUG, TestServer, get, on_both_backends, page, whole_record};
use asamblea_app::demo::load_demo::load_demo;
use asamblea_app::demo::load_demo_story::load_demo_story;
use asamblea_record::{ChainVerifier, Entry, verify_checkpoint};
use asamblea_store::on_read;
use asamblea_store::testing::TestDb;
use serde_json::Value;

/// The whole public record as entries.
async fn record(s: &TestServer) -> Vec<Entry> {
    serde_json::from_value(Value::Array(whole_record(s).await)).unwrap()
}

fn acts<'a>(record: &'a [Entry], kind: &str) -> Vec<&'a Entry> {
    record.iter().filter(|e| e.kind == kind).collect()
}

async fn demo_story(db: &TestDb) {
    assert!(load_demo(&db.store).await.unwrap());
    assert!(load_demo_story(&db.store).await.unwrap());
    let s = TestServer::start(db.store.clone()).await;

    // The public record verifies, up to the signed head.
    let entries = record(&s).await;
    let mut chain = ChainVerifier::new();
    for e in &entries {
        chain.push(e).unwrap();
    }
    let head = get(&s, "/api/v1/record/head").await;
    assert_eq!(head["position"], chain.finish().last_position);
    assert_eq!(head["hash"], chain.finish().last_hash);
    if !head["checkpoint"].is_null() {
        verify_checkpoint(&serde_json::from_value(head["checkpoint"].clone()).unwrap()).unwrap();
    }
    assert_eq!(
        db.store.verify().await.unwrap().last_position,
        chain.finish().last_position
    );

    // The story's acts.
    let closed = acts(&entries, "election.closed");
    assert_eq!(closed.len(), 2, "an election with codes and a paper count");
    let by_codes = closed
        .iter()
        .find(|e| e.payload["paper_count"] == false)
        .unwrap();
    assert_eq!(by_codes.payload["voters"], 12);
    assert_eq!(
        by_codes.payload["result"]["substitutes"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert!(closed.iter().any(|e| e.payload["paper_count"] == true));
    let rejected = acts(&entries, "delegate.rejected");
    assert_eq!(rejected.len(), 1);
    assert!(
        rejected[0].payload["reason"]
            .as_str()
            .unwrap()
            .contains("trabajador de base")
    );
    let recalled = acts(&entries, "delegate.recalled");
    assert_eq!(recalled.len(), 1);
    assert_eq!(recalled[0].payload["via"], "governing_body");
    let seated = acts(&entries, "delegate.substitute_seated");
    assert_eq!(seated.len(), 1);
    assert_eq!(
        seated[0].payload["replaces"],
        recalled[0].payload["delegate_id"]
    );
    assert_eq!(seated[0].payload["accredited"], true);
    assert_eq!(acts(&entries, "delegate.checked_in").len(), 7);
    let resolution = acts(&entries, "resolution.adopted");
    assert_eq!(resolution.len(), 1);
    assert_eq!(resolution[0].payload["number"], 1);
    let votes = acts(&entries, "vote.closed");
    assert_eq!(votes.len(), 4);
    let secret = votes.iter().find(|e| e.payload["secret"] == true).unwrap();
    assert_eq!(secret.payload["result"]["passed"], true);
    assert!(votes.iter().any(|e| e.payload["result"]["passed"] == false));
    let secret_id = secret.payload["vote_id"].clone();
    let batches = acts(&entries, "vote.ballots_cast");
    assert!(!batches.is_empty());
    for e in batches {
        if e.payload["vote_id"] == secret_id {
            assert!(
                e.actor.is_none()
                    && e.payload.get("choice").is_none()
                    && e.payload.get("casts").is_none(),
                "{e:?}"
            );
        }
    }
    assert_eq!(acts(&entries, "session.closed").len(), 1);

    // The election's result is public, with the ballot box.
    let eid = by_codes.payload["election_id"].as_i64().unwrap();
    let election = get(&s, &format!("/api/v1/elections/{eid}")).await;
    assert_eq!(election["status"], "closed");
    // Its count is worth showing: a surplus transferred and candidates excluded, in Spanish.
    let count_page = page(&s, &format!("/elections/{eid}")).await;
    for text in ["se transfiere el excedente de", "se excluye a"] {
        assert!(count_page.contains(text), "the STV count shows {text}");
    }

    // The FSTPB's delegates: six seated (the substitute among them), one recalled, substitute 2.
    let oil = by_codes.payload["organization_id"].as_i64().unwrap();
    let list = get(
        &s,
        &format!("/api/v1/assemblies/{SLUG}/delegates?organization_id={oil}"),
    )
    .await;
    let list = list.as_array().unwrap();
    let count = |position: &str, status: &str| {
        list.iter()
            .filter(|d| d["position"] == position && d["status"] == status)
            .count()
    };
    assert_eq!(count("titular", "accredited"), 6, "{list:?}");
    assert_eq!(count("titular", "recalled"), 1, "{list:?}");
    assert_eq!(count("substitute", "accredited"), 1, "{list:?}");
    let html = page(&s, &format!("/assemblies/{SLUG}/delegates")).await;
    for text in [
        "FSTPB",
        "FTGB",
        "Suplente n.º 2",
        "Revocado",
        "Credencial rechazada",
        "Credencial aceptada",
        "Rosa Vaca Justiniano",
    ] {
        assert!(html.contains(text), "the delegates page shows {text}");
    }
    page(&s, &format!("/assemblies/{SLUG}/presence")).await;
    let recalled_id = recalled[0].payload["delegate_id"].as_i64().unwrap();
    assert!(
        page(&s, &format!("/delegates/{recalled_id}"))
            .await
            .contains("Resolución del directorio")
    );

    // Resolución N.º 1, with the adopted amendment merged and the rejected one left out.
    let resolutions = get(&s, &format!("/api/v1/assemblies/{SLUG}/resolutions")).await;
    assert_eq!(resolutions.as_array().unwrap().len(), 1);
    let body = resolutions[0]["body"].as_str().unwrap();
    assert!(body.contains("campos petroleros"), "{body}");
    assert!(!body.contains("comité de huelga"), "{body}");
    assert!(
        page(&s, &format!("/assemblies/{SLUG}/sessions"))
            .await
            .contains("Resolución N.º 1")
    );

    // The minutes of the closed session cite its closing act.
    let sid = resolutions[0]["session_id"].as_i64().unwrap();
    let closing = acts(&entries, "session.closed")[0];
    assert_eq!(closing.payload["session_id"], sid);
    let minutes = page(&s, &format!("/sessions/{sid}/minutes")).await;
    assert!(
        minutes.contains(&closing.hash),
        "the minutes name the closing hash"
    );
    for text in [
        "Resolución N.º 1",
        "Informe de la comisión de poderes",
        "Tesis política",
        "Huelga general en caso de golpe",
    ] {
        assert!(minutes.contains(text), "the minutes show {text}");
    }

    // No demo person can log in: no password, and the cards' codes were never kept.
    let passwords: i64 = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar(
        "SELECT COUNT(*) FROM accounts WHERE password_hash IS NOT NULL").fetch_one(pool).await)
    .unwrap();
    assert_eq!(passwords, 0);

    // Telling it again changes nothing.
    assert!(!load_demo(&db.store).await.unwrap());
    assert!(!load_demo_story(&db.store).await.unwrap());
    assert_eq!(record(&s).await.len(), entries.len());
    s.stop().await;
}

on_both_backends!(demo_story => sqlite_demo_story, postgres_demo_story);
