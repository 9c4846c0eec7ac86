//! A ballot whose answer was lost (issue 11, defect 7): the voter sends the same form again (the
//! same idempotency key, `cast_key`) and hears that the ballot was recorded, with its receipt,
//! instead of "already voted"; nothing is cast twice. Session votes (page and API) and
//! elections with voting codes (page and API), over HTTP, on SQLite and PostgreSQL.

use crate::common::delegation::{Election, World};
use crate::common::sitting::{SEATED, Sitting};
use crate::common::{Body, get, on_both_backends, post, request};
use asamblea_store::on_read;
use reqwest::StatusCode;
use serde_json::json;

/// The value of the hidden `cast_key` field of the first ballot form in `html`.
fn cast_key_of(html: &str) -> String {
    let at = html
        .find("name=\"cast_key\" value=\"")
        .expect("a cast_key field")
        + 23;
    html[at..].split('"').next().unwrap_or_default().to_string()
}

async fn a_session_ballot_sent_again_gets_its_receipt(db: &asamblea_store::testing::TestDb) {
    let t = Sitting::open(db, SEATED, 6).await;
    let s = &t.s;
    let vote = t
        .open_vote(json!({"item_id": t.item1, "subject": "agenda", "question": "¿Orden del día?", "secret": true}))
        .await;
    let ballot = s.at(&format!("/sessions/votes/{vote}/ballot"));
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    // The page: delegate 0 votes with the form's key; the answer is lost; the browser sends the
    // same form again.
    let item = s
        .text_as(&t.d(0), &format!("/sessions/items/{}", t.item1))
        .await;
    let key = cast_key_of(&item);
    assert!(key.len() >= 32, "{key}");
    let fields = || Body::Form(vec![("choice", "yes".into()), ("cast_key", key.clone())]);
    let (st, location, _) = request(&http, &ballot, "POST", Some(&t.d(0)), &fields()).await;
    assert_eq!(st, 303, "the first ballot is answered as before");
    assert!(location.contains("/sessions/items/"), "{location}");
    let (st, _, again) = request(&http, &ballot, "POST", Some(&t.d(0)), &fields()).await;
    assert_eq!(st, 200, "{again}");
    assert!(again.contains("id=\"ballot-recorded\""), "{again}");
    assert!(
        again.contains("Su voto ya había quedado registrado"),
        "{again}"
    );
    let position: i64 = again
        .split("id=\"receipt-position\">")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .and_then(|p| p.parse().ok())
        .expect("the receipt's position");
    let entry = get(s, &format!("/api/v1/record?after={}&limit=1", position - 1)).await;
    let entry = &entry[0];
    assert_eq!(entry["kind"], "vote.ballots_cast");
    assert_eq!(entry["payload"]["vote_id"], vote);
    assert!(
        entry["actor"].is_null(),
        "a secret ballot's act names nobody"
    );
    assert!(again.contains(entry["hash"].as_str().unwrap()), "{again}");
    // Another key (a page rendered again): "already voted", with the receipt of the act that
    // recorded the ballot (in this secret vote: its position and hash, never the choice).
    let other = Body::Form(vec![("choice", "no".into()), ("cast_key", "x".repeat(32))]);
    let (st, _, already) = request(&http, &ballot, "POST", Some(&t.d(0)), &other).await;
    assert_eq!(st, 409);
    assert!(already.contains("id=\"already-voted\""), "{already}");
    assert!(
        already.contains(&format!("id=\"receipt-position\">{position}<")),
        "{already}"
    );
    assert!(
        already.contains(entry["hash"].as_str().unwrap()),
        "{already}"
    );
    // Someone else sending delegate 0's key learns nothing of it: their own ballot is cast.
    let (st, _, _) = request(&http, &ballot, "POST", Some(&t.d(1)), &fields()).await;
    assert_eq!(st, 303);

    // The API: the same key twice gets the same receipt; at once, too.
    let path = format!("/api/v1/votes/{vote}/ballots");
    let body = json!({"choice": "no", "cast_key": "api-key-0123456789abcdef"});
    let (st, first) = post(s, &t.d(2), &path, body.clone()).await;
    assert_eq!(st, StatusCode::OK, "{first}");
    assert_eq!(first["again"], false);
    let (st, second) = post(s, &t.d(2), &path, body.clone()).await;
    assert_eq!(st, StatusCode::OK, "{second}");
    assert_eq!(second["again"], true);
    assert_eq!(
        (
            &second["record_position"],
            &second["record_hash"],
            &second["voted"]
        ),
        (
            &first["record_position"],
            &first["record_hash"],
            &first["voted"]
        )
    );
    let (st, v) = post(s, &t.d(2), &path, json!({"choice": "no"})).await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("error-ses-already-voted"))
    );
    // ... with the receipt of the first ballot's act (a reload: no key, or another one).
    assert_eq!(
        (&v["record_position"], &v["record_hash"]),
        (&first["record_position"], &first["record_hash"]),
        "{v}"
    );
    assert!(
        v.get("voted").is_none() && !v.to_string().contains("\"choice\""),
        "{v}"
    );
    let body3 = json!({"choice": "yes", "cast_key": "api-key-three-0123456789"});
    let d3 = t.d(3);
    let (a, b) = tokio::join!(
        post(s, &d3, &path, body3.clone()),
        post(s, &d3, &path, body3.clone())
    );
    assert_eq!((a.0, b.0), (StatusCode::OK, StatusCode::OK), "{a:?} {b:?}");
    assert_eq!(a.1["record_position"], b.1["record_position"]);
    assert!(a.1["record_position"].is_i64());
    let mut agains = [a.1["again"].as_bool(), b.1["again"].as_bool()];
    agains.sort();
    assert_eq!(agains, [Some(false), Some(true)]);
    // A malformed key is refused before anything is cast.
    let (st, v) = post(
        s,
        &t.d(4),
        &path,
        json!({"choice": "yes", "cast_key": "short"}),
    )
    .await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("error-cast-key"))
    );
    // Four ballots in all: every retry was answered without casting.
    assert_eq!(get(s, &format!("/api/v1/votes/{vote}")).await["voted"], 4);
    // Their receipts are sealed in the voters' marks, not kept in rows of their own (issue 15:
    // two fewer randomly keyed rows per ballot), and not in clear: no position nor hash of the
    // record reads in them.
    let receipts: i64 = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar(
        "SELECT COUNT(*) FROM cast_receipts").fetch_one(pool).await)
    .unwrap();
    assert_eq!(receipts, 0);
    type Sealed = Option<Vec<u8>>;
    let marks: Vec<(Sealed, Sealed)> = on_read!(db.store, pool => asamblea_store::sqlx::query_as(
        "SELECT answer, participation FROM vote_casts WHERE vote_id = $1").bind(vote).fetch_all(pool).await)
    .unwrap();
    assert_eq!(marks.len(), 4);
    // Every ballot came with a key (delegate 1 sent 0's, sealed for delegate 1 alone).
    assert!(marks.iter().all(|(a, _)| a.is_some()), "{marks:?}");
    let hash = entry["hash"].as_str().unwrap();
    for (answer, participation) in &marks {
        let participation = participation
            .as_deref()
            .expect("every mark's participation");
        for sealed in [answer.as_deref().unwrap_or_default(), participation] {
            let text = String::from_utf8_lossy(sealed);
            assert!(!text.contains(hash) && !text.contains("position"), "{text}");
        }
    }
    t.stop().await;
}
on_both_backends!(a_session_ballot_sent_again_gets_its_receipt => sqlite_a_session_ballot_sent_again_gets_its_receipt, postgres_a_session_ballot_sent_again_gets_its_receipt);

/// Turns the one mark of `vote` that still carries sealed receipts into what the version before
/// migration 0112 kept: no receipt in the mark, the answer (sent with `key`) and the
/// participation in rows of `cast_receipts`, under SHA-256 of the key and who cast the ballot and
/// under an HMAC of the vote and the delegate with the instance's key.
async fn keep_the_old_way(
    db: &asamblea_store::testing::TestDb,
    vote: i64,
    key: &str,
    (position, hash, voted): (i64, &str, i64),
) {
    use hmac::{Hmac, Mac};
    use sha2::{Digest, Sha256};
    let (delegate, account): (i64, i64) =
        on_read!(db.store, pool => asamblea_store::sqlx::query_as(
        "SELECT d.id, d.account_id FROM vote_casts c JOIN delegates d ON d.id = c.delegate_id \
         WHERE c.vote_id = $1 AND c.answer IS NOT NULL").bind(vote).fetch_one(pool).await)
        .unwrap();
    let mut answer_key = Sha256::new();
    answer_key.update(format!(
        "asamblea-cast-receipt\nvote:{vote}:account:{account}:None\n{key}"
    ));
    let answer_key = hex::encode(answer_key.finalize());
    let instance = db.store.instance_key().expect("the test server's key");
    let mut participation_key = Hmac::<Sha256>::new_from_slice(&instance.to_bytes()).unwrap();
    participation_key.update(
        format!("asamblea participation receipt v1\nvote:{vote}\ndelegate:{delegate}").as_bytes(),
    );
    let participation_key = hex::encode(participation_key.finalize().into_bytes());
    let receipt =
        json!({"vote_id": vote, "position": position, "hash": hash, "index": 0, "voted": voted});
    let participation = json!({"vote_id": vote, "position": position, "hash": hash, "index": 0});
    let mut tx = db.store.begin().await.unwrap();
    asamblea_store::on_tx!(&mut tx, c => asamblea_store::sqlx::query(
        "UPDATE vote_casts SET answer = NULL, participation = NULL WHERE vote_id = $1 AND delegate_id = $2")
        .bind(vote).bind(delegate).execute(&mut **c).await.map(|r| r.rows_affected()))
    .unwrap();
    asamblea_store::on_tx!(&mut tx, c => asamblea_store::sqlx::query(
        "INSERT INTO cast_receipts (key_digest, receipt) VALUES ($1, $2), ($3, $4)")
        .bind(&answer_key).bind(receipt.to_string())
        .bind(&participation_key).bind(participation.to_string())
        .execute(&mut **c).await.map(|r| r.rows_affected()))
    .unwrap();
    tx.commit().await.unwrap();
}

/// A vote open across the upgrade that sealed receipts in marks (migration 0112): a ballot cast
/// before it kept its receipts in rows of `cast_receipts` ([`keep_the_old_way`]). Sent again
/// with its key after the upgrade, through the API or the page, it hears that it was recorded,
/// with its receipt, not "already voted"; sent with another key, "already voted" with the act
/// that recorded it.
async fn a_ballot_cast_before_receipts_were_sealed_in_marks_gets_its_receipt(
    db: &asamblea_store::testing::TestDb,
) {
    let t = Sitting::open(db, SEATED, 6).await;
    let s = &t.s;
    let vote = t
        .open_vote(json!({"item_id": t.item1, "subject": "agenda", "question": "¿Orden del día?", "secret": true}))
        .await;
    let path = format!("/api/v1/votes/{vote}/ballots");
    let key = "kept-before-0123456789abcdef";
    let body = json!({"choice": "yes", "cast_key": key});
    let (st, first) = post(s, &t.d(0), &path, body.clone()).await;
    assert_eq!(st, StatusCode::OK, "{first}");
    let position = first["record_position"].as_i64().unwrap();
    let hash = first["record_hash"].as_str().unwrap();
    keep_the_old_way(
        db,
        vote,
        key,
        (position, hash, first["voted"].as_i64().unwrap()),
    )
    .await;

    let (st, again) = post(s, &t.d(0), &path, body).await;
    assert_eq!(st, StatusCode::OK, "{again}");
    assert_eq!(again["again"], true, "{again}");
    assert_eq!(
        (
            &again["record_position"],
            &again["record_hash"],
            &again["voted"]
        ),
        (
            &first["record_position"],
            &first["record_hash"],
            &first["voted"]
        )
    );
    let (st, already) = post(s, &t.d(0), &path, json!({"choice": "no"})).await;
    assert_eq!(
        (st, already["error"].as_str()),
        (StatusCode::CONFLICT, Some("error-ses-already-voted"))
    );
    assert_eq!(
        (&already["record_position"], &already["record_hash"]),
        (&first["record_position"], &first["record_hash"]),
        "{already}"
    );

    // The page: delegate 1 votes with the form's key before the upgrade, and sends the same form
    // again after it.
    let ballot = s.at(&format!("/sessions/votes/{vote}/ballot"));
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page_key = "y".repeat(32);
    let fields = || {
        Body::Form(vec![
            ("choice", "no".into()),
            ("cast_key", page_key.clone()),
        ])
    };
    let (st, _, _) = request(&http, &ballot, "POST", Some(&t.d(1)), &fields()).await;
    assert_eq!(st, 303);
    let (_, _, sealed) = request(&http, &ballot, "POST", Some(&t.d(1)), &fields()).await;
    let position_on = |page: &str| -> i64 {
        page.split("id=\"receipt-position\">")
            .nth(1)
            .and_then(|r| r.split('<').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("the receipt's position: {page}"))
    };
    let page_position = position_on(&sealed);
    let entry = get(
        s,
        &format!("/api/v1/record?after={}&limit=1", page_position - 1),
    )
    .await;
    let page_hash = entry[0]["hash"].as_str().unwrap().to_string();
    keep_the_old_way(db, vote, &page_key, (page_position, &page_hash, 2)).await;
    let (st, _, again) = request(&http, &ballot, "POST", Some(&t.d(1)), &fields()).await;
    assert_eq!(st, 200, "{again}");
    assert!(
        again.contains("Su voto ya había quedado registrado"),
        "{again}"
    );
    assert_eq!(position_on(&again), page_position);
    assert!(again.contains(&page_hash), "{again}");
    assert_eq!(get(s, &format!("/api/v1/votes/{vote}")).await["voted"], 2);
    t.stop().await;
}
on_both_backends!(a_ballot_cast_before_receipts_were_sealed_in_marks_gets_its_receipt => sqlite_a_ballot_cast_before_receipts_were_sealed_in_marks_gets_its_receipt, postgres_a_ballot_cast_before_receipts_were_sealed_in_marks_gets_its_receipt);

async fn a_voting_code_sent_again_hears_it_was_recorded(db: &asamblea_store::testing::TestDb) {
    let w = World::new(db).await;
    let e = Election::nominated(&w, db).await;
    let codes = e.codes(&w).await;

    // The API: the same code and key twice.
    let body =
        json!({"code": codes[0], "choices": e.ranking(0), "cast_key": "election-key-0123456789"});
    let (st, first) = w.post(None, "/api/v1/vote", body.clone()).await;
    assert_eq!(st, 200, "{first}");
    assert_eq!(first["again"], false);
    let (st, second) = w.post(None, "/api/v1/vote", body).await;
    assert_eq!(st, 200, "{second}");
    assert_eq!(second["again"], true);
    assert_eq!(second["election_id"], e.eid);
    // The same code with another key, or none: already voted.
    let (st, v) = w
        .post(
            None,
            "/api/v1/vote",
            json!({"code": codes[0], "choices": e.ranking(1)}),
        )
        .await;
    assert_eq!(
        (st.as_u16(), v["error"].as_str()),
        (409, Some("dlg-error-already-voted"))
    );

    // The page: the ballot form carries a key; sent twice, the second answer says it was
    // recorded the first time.
    let (st, _, ballot) = request(
        &w.http,
        &w.server.at("/vote"),
        "POST",
        None,
        &Body::Form(vec![("code", codes[1].clone())]),
    )
    .await;
    assert_eq!(st, 200, "{ballot}");
    let key = cast_key_of(&ballot);
    let mut fields = vec![("code", codes[1].clone()), ("cast_key", key)];
    let ranks: Vec<(String, String)> = e
        .ranking(2)
        .iter()
        .enumerate()
        .map(|(i, c)| (format!("rank_{c}"), (i + 1).to_string()))
        .collect();
    let ranks: Vec<(&'static str, String)> = ranks
        .into_iter()
        .map(|(k, v)| (&*Box::leak(k.into_boxed_str()), v))
        .collect();
    fields.extend(ranks);
    let cast = w.server.at("/vote/cast");
    let (st, _, done) = request(&w.http, &cast, "POST", None, &Body::Form(fields.clone())).await;
    assert_eq!(st, 200, "{done}");
    assert!(done.contains("id=\"vote-done\""), "{done}");
    assert!(!done.contains("vote-done-again"), "{done}");
    let (st, _, again) = request(&w.http, &cast, "POST", None, &Body::Form(fields)).await;
    assert_eq!(st, 200, "{again}");
    assert!(again.contains("id=\"vote-done-again\""), "{again}");
    assert!(again.contains("ya había quedado registrado"), "{again}");
    let live = w.get(&format!("/api/v1/elections/{}", e.eid)).await;
    assert_eq!(live["voted"], 2, "two ballots, each counted once");
    w.stop().await;
}
on_both_backends!(a_voting_code_sent_again_hears_it_was_recorded => sqlite_a_voting_code_sent_again_hears_it_was_recorded, postgres_a_voting_code_sent_again_hears_it_was_recorded);
