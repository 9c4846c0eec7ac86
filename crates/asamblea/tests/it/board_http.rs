//! A secret election whose board is a real server on loopback (issue 14): `asamblea election`
//! and 5 `asamblea trustee` processes (3 needed to decrypt) talk to it over HTTP, each step with
//! its own board token; every publication and ballot is an act on the server's record (a
//! ballot's act names its tracking code, no voter); the server refuses a second ballot of one
//! credential, a ballot under an unissued credential, a ballot after the tally, a document under
//! another publisher's token and a decryption share with a false proof (that refusal on the
//! record, naming the trustee); trustee 4 is absent and trustee 5's share refused, so trustees
//! 1-3 decrypt; the record downloaded from the board passes `asamblea verify-election`.

use std::collections::HashMap;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::boards_setup::{Api, all_ok, args, fix_key, ok, serve, trustees_deal};
use crate::common::{BIN, asamblea, text};
use crate::serve_process::{Server, setup_admin};

fn refused(args: &[&str]) -> String {
    let o = asamblea(args);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "asamblea {args:?}\n{out}\n{err}");
    err
}

#[tokio::test(flavor = "multi_thread")]
async fn a_3_of_5_election_on_a_servers_board_ends_in_a_verified_record() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = Server::start(&["--data-dir", data.to_str().unwrap()]);
    election_on(&server, &dir).await;
    no_key_on_the_server(&dir, &data);
}

/// Issue 14's acceptance: with every file of the server in hand (its SQLite database, the WAL,
/// anything in its data directory) nothing decrypts a ballot. The keys are the trustees': each
/// one's secret polynomial, the shares it received, its key share `x_j` and the election's
/// secret key `x` (never assembled anywhere); none of them, as 32 raw bytes or in hex, is in
/// any of the server's files. (The linking attacks of `app`'s and `web`'s tests would pair board
/// ballots with their order of casting, but the ballots are ciphertexts under a key the server
/// never held.)
fn no_key_on_the_server(dir: &tempfile::TempDir, data: &std::path::Path) {
    use asamblea_ballot_crypto::Scalar;
    let scalar = |v: &Value| -> Scalar {
        let mut b = [0u8; 32];
        hex::decode_to_slice(v.as_str().unwrap(), &mut b).unwrap();
        Option::from(Scalar::from_canonical_bytes(b)).unwrap()
    };
    let mut keys: Vec<Scalar> = Vec::new();
    let mut x = Scalar::ZERO;
    for i in 1..=5 {
        let file = dir.path().join(format!("trustee-{i}.secret"));
        let s: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        keys.push(scalar(&s["ceremony_secret"]));
        let coefficients: Vec<Scalar> = s["coefficients"]
            .as_array()
            .unwrap()
            .iter()
            .map(scalar)
            .collect();
        x += coefficients[0];
        keys.extend(&coefficients);
        let received: Vec<Scalar> = s["received"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| scalar(&r["share"]))
            .collect();
        keys.push(received.iter().sum());
        keys.extend(received);
    }
    keys.push(x);
    let raw: std::collections::HashSet<[u8; 32]> = keys.iter().map(|k| k.to_bytes()).collect();
    let hexed: std::collections::HashSet<Vec<u8>> =
        raw.iter().map(|k| hex::encode(k).into_bytes()).collect();
    // The scan finds what is there: the election's public key is on the board, in hex.
    let record: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("record.json")).unwrap())
            .unwrap();
    let public = record["manifest"]["public_key"]
        .as_str()
        .unwrap()
        .as_bytes()
        .to_vec();
    let mut public_seen = false;
    let mut files = vec![data.to_path_buf()];
    let mut read = 0;
    while let Some(p) = files.pop() {
        if p.is_dir() {
            files.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let bytes = std::fs::read(&p).unwrap();
        read += bytes.len();
        public_seen |= bytes.windows(64).any(|w| w == public.as_slice());
        let found = bytes.windows(32).any(|w| raw.contains(w))
            || bytes.windows(64).any(|w| hexed.contains(w));
        assert!(
            !found,
            "a trustee's key is in the server's file {}",
            p.display()
        );
    }
    assert!(
        public_seen,
        "the election's public key is in the server's files"
    );
    assert!(
        read > 100_000,
        "the server's files were read ({read} bytes)"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_a_3_of_5_election_on_a_servers_board_ends_in_a_verified_record() {
    let db = asamblea_store::testing::TestDb::postgres().await;
    let dir = tempfile::tempdir().unwrap();
    election_on(&serve(&db), &dir).await;
    db.cleanup().await;
}

async fn election_on(server: &Server, dir: &tempfile::TempDir) {
    let api = Api::new(server);
    let client = &api.client;
    let admin = setup_admin(client, server).await;
    let board = format!("{}/api/v1/boards/congreso-2026", server.url);
    let b = board.as_str();
    let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();

    // Without an administrator's token no board is opened.
    let tokens_out = path("tokens.txt");
    let open = [
        "election",
        "new",
        "--board",
        b,
        "--id",
        "congreso-2026",
        "--title",
        "Congreso",
        "--trustees",
        "5",
        "--threshold",
        "3",
        "--question",
        "Delegada|choose_one|Ana,Beto,Carla",
        "--tokens-out",
        &tokens_out,
    ];
    let err = refused(&open);
    assert!(err.contains("401"), "{err}");
    let second = ["--question", "Huelga|yes_no_abstain|sí,no,abstención"];
    ok(&[&open[..], &["--token", &admin], &second].concat());
    let tokens: HashMap<String, String> = std::fs::read_to_string(path("tokens.txt"))
        .unwrap()
        .lines()
        .map(|l| {
            let (who, tok) = l.split_once(' ').unwrap();
            (who.to_string(), tok.to_string())
        })
        .collect();
    assert_eq!(tokens.len(), 7, "{tokens:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path("tokens.txt"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "the board's tokens are private");
    }

    // Trustee 2's token cannot publish as trustee 1.
    let err = refused(&[
        "trustee",
        "init",
        "--board",
        b,
        "--index",
        "1",
        "--token",
        &tokens["trustee-2"],
        "--secret",
        &path("wrong.secret"),
    ]);
    assert!(err.contains("401"), "{err}");
    assert!(
        !dir.path().join("wrong.secret").exists(),
        "a refused trustee keeps no secret"
    );

    // The ceremony: five trustee processes at a time, each step (after `init` the token lives
    // in the trustee's own secret file).
    let secret = |i: u32| path(&format!("trustee-{i}.secret"));
    let checks = trustees_deal(b, &tokens, &secret, 5);
    assert!(
        checks
            .iter()
            .all(|o| o.contains("5 shares checked, 0 complaint(s)")),
        "{checks:?}"
    );
    // A second dealing is refused: a board's documents are published once.
    let err = refused(&["trustee", "deal", "--board", b, "--secret", &secret(1)]);
    assert!(err.contains("409"), "{err}");

    let out = fix_key(b, &tokens);
    assert!(
        out.contains("election key fixed by trustees [1, 2, 3, 4, 5]"),
        "{out}"
    );
    ok(&[
        "election",
        "credentials",
        "--board",
        b,
        "--token",
        &tokens["authority"],
        "--count",
        "5",
        "--out",
        &path("codes.txt"),
    ]);
    let codes: Vec<String> = std::fs::read_to_string(path("codes.txt"))
        .unwrap()
        .lines()
        .map(String::from)
        .collect();

    // Voters: no token, only their credential.
    let votes = ["1,0,0;1,0,0", "0,1,0;1,0,0", "1,0,0;0,1,0"];
    let cast = all_ok(
        codes
            .iter()
            .zip(votes)
            .map(|(c, v)| {
                args(&[
                    "election",
                    "vote",
                    "--board",
                    b,
                    "--credential",
                    c,
                    "--choices",
                    v,
                ])
            })
            .collect(),
    );
    let mut tracking: Vec<String> = cast
        .iter()
        .map(|o| o.trim().rsplit(' ').next().unwrap().to_string())
        .collect();
    // The fourth voter has no program: the page encrypts for them (and says the server sees
    // the choices). A mistyped credential is refused and the form keeps the choices.
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let form = browser
        .get(format!("{}/boards/congreso-2026/vote", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 200);
    let html = form.text().await.unwrap();
    assert!(html.contains("id=\"server-encrypts\""), "{html}");
    let csrf = html
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let post = |credential: String| {
        let browser = browser.clone();
        let url = format!("{}/boards/congreso-2026/vote", server.url);
        let csrf = csrf.clone();
        async move {
            browser
                .post(url)
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("q_0", "blank"),
                    ("q_1", "2"),
                    ("credential", credential.as_str()),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let wrong = post("zz".repeat(32)).await;
    assert_eq!(wrong.status(), 422);
    let html = wrong.text().await.unwrap();
    assert!(html.contains("id=\"page-error\""), "{html}");
    assert!(
        html.contains("id=\"q-1-2\" required checked"),
        "the choice is kept: {html}"
    );
    let done = post(codes[3].clone()).await;
    assert_eq!(done.status(), 200);
    let html = done.text().await.unwrap();
    let code = html
        .split("id=\"tracking-code\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    tracking.push(code.clone());
    let page = api
        .text(&format!("{}/boards/congreso-2026?code={code}", server.url))
        .await;
    assert!(page.contains("id=\"board-found\""), "{page}");
    let page = api
        .text(&format!(
            "{}/boards/congreso-2026?code={}",
            server.url,
            "ab".repeat(32)
        ))
        .await;
    assert!(page.contains("id=\"board-not-found\""), "{page}");
    challenge_checked_elsewhere(server, &browser, b, &codes[4], &csrf).await;
    let err = refused(&[
        "election",
        "vote",
        "--board",
        b,
        "--credential",
        &codes[0],
        "--choices",
        "0,1,0;0,1,0",
    ]);
    assert!(err.contains("409") && err.contains("already cast"), "{err}");
    let stranger = "11".repeat(32);
    let err = refused(&[
        "election",
        "vote",
        "--board",
        b,
        "--credential",
        &stranger,
        "--choices",
        "1,0,0;1,0,0",
    ]);
    assert!(err.contains("422") && err.contains("not issued"), "{err}");
    // A ballot whose proof is false, signed again by an issued credential not used yet: refused
    // with the reason (its proofs are checked before the write transaction), and nothing of it
    // kept (the tally below counts 4 ballots, and that credential casts nothing after it).
    let mut seed = [0u8; 32];
    hex::decode_to_slice(&codes[4], &mut seed).unwrap();
    let key = asamblea_ballot_crypto::SigningKey::from_bytes(&seed);
    let mut false_proof = api
        .ballot_of(b, &key, vec![vec![1, 0, 0], vec![1, 0, 0]])
        .await;
    false_proof.answers[0].choice_proofs[1].responses[0] += asamblea_ballot_crypto::Scalar::ONE;
    false_proof.signature =
        ed25519_dalek::Signer::sign(&key, &false_proof.signed_bytes()).to_bytes();
    let r = client
        .post(format!("{b}/ballots"))
        .json(&false_proof)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let why = r.text().await.unwrap();
    assert!(why.contains("question 0, choice 1: false proof"), "{why}");
    // A tracking code is found on the board.
    api.on_board(b, &tracking[2..3]).await;

    let out = ok(&[
        "election",
        "tally",
        "--board",
        b,
        "--token",
        &tokens["organizer"],
    ]);
    assert!(out.contains("4 ballots counted, 0 refused"), "{out}");
    let err = refused(&[
        "election",
        "vote",
        "--board",
        b,
        "--credential",
        &codes[4],
        "--choices",
        "1,0,0;1,0,0",
    ]);
    assert!(err.contains("the ballot box is closed"), "{err}");

    // Trustee 5 sends trustee 1's share as its own, re-labelled: its proof fails against its key.
    ok(&["trustee", "decrypt", "--board", b, "--secret", &secret(1)]);
    let mut forged = api.json(&format!("{b}/share-1")).await;
    forged["trustee"] = json!(5);
    let (status, why) = api
        .publish(b, "share-5", &tokens["trustee-5"], &forged)
        .await;
    assert_eq!(status, 422);
    assert!(
        why["detail"].as_str().unwrap().contains("trustee 5"),
        "{why}"
    );
    // Trustee 4 is absent; trustees 2 and 3 decrypt.
    all_ok(
        [2u32, 3]
            .iter()
            .map(|i| args(&["trustee", "decrypt", "--board", b, "--secret", &secret(*i)]))
            .collect(),
    );

    let out = ok(&[
        "election",
        "publish",
        "--board",
        b,
        "--token",
        &tokens["organizer"],
        "--out",
        &path("record.json"),
    ]);
    assert!(out.contains("result [[2, 1, 0], [2, 1, 1]]"), "{out}");

    // The record downloaded from the board is accepted by the independent verifier.
    let (_, vout) = api.verified_record(b, &path("downloaded.json")).await;
    assert!(
        vout.contains("ok  result: decrypted from the shares of trustees [1, 2, 3]"),
        "{vout}"
    );

    // The server's record: the board's acts, no ballot naming anyone.
    let entries = api.record(1000).await;
    let kinds = |k: &str| {
        entries
            .iter()
            .filter(|e| e["kind"] == k)
            .collect::<Vec<_>>()
    };
    assert_eq!(kinds("board.opened").len(), 1);
    let cast_acts = kinds("board.ballot_cast");
    assert_eq!(cast_acts.len(), 4);
    for e in &cast_acts {
        assert!(e["actor"].is_null(), "{e}");
        let keys: Vec<&String> = e["payload"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["election_id", "tracking_code"], "{e}");
        assert!(tracking.contains(&e["payload"]["tracking_code"].as_str().unwrap().to_string()));
    }
    let refusals = kinds("board.refused");
    assert_eq!(refusals.len(), 1, "{refusals:?}");
    assert_eq!(refusals[0]["payload"]["publisher"], "trustee-5");
    let published: Vec<&str> = kinds("board.published")
        .iter()
        .map(|e| e["payload"]["document"].as_str().unwrap())
        .collect();
    for name in [
        "trustee-1",
        "dealing-5",
        "check-3",
        "ceremony",
        "manifest",
        "credentials",
        "tally",
        "share-3",
        "record",
    ] {
        assert!(published.contains(&name), "{name} in {published:?}");
    }
    assert!(!published.contains(&"share-4") && !published.contains(&"share-5"));
}

/// A ballot challenged with `vote --audit` (never cast): its block is checked by the board's
/// audit page (the server, a second device) and by `election audit` reading standard input;
/// a block whose shown choice was changed is refused by both.
async fn challenge_checked_elsewhere(
    server: &Server,
    browser: &reqwest::Client,
    board: &str,
    credential: &str,
    csrf: &str,
) {
    let out = ok(&[
        "election",
        "vote",
        "--board",
        board,
        "--credential",
        credential,
        "--choices",
        "0,0,1;0,1,0",
        "--audit",
    ]);
    let block = &out[out.find('{').unwrap()..];
    let code = serde_json::from_str::<Value>(block).unwrap()["tracking_code"]
        .as_str()
        .unwrap()
        .to_string();
    let url = format!("{}/boards/congreso-2026/audit", server.url);
    let check = |text: String| {
        let (browser, url) = (browser.clone(), url.clone());
        async move {
            let r = browser
                .post(url)
                .form(&[("csrf", csrf), ("challenge", text.as_str())])
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let (status, html) = check(block.to_string()).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("id=\"audit-verified\""), "{html}");
    assert!(
        html.contains(&format!("id=\"audit-code\">{code}<")),
        "{html}"
    );
    let mut lie: Value = serde_json::from_str(block).unwrap();
    lie["selections"][0] = json!([1, 0, 0]);
    let (status, html) = check(lie.to_string()).await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("id=\"audit-refused\""), "{html}");
    assert!(html.contains("question 1, choice 1"), "{html}");
    let (status, html) = check("{\n\"format\": ".into()).await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("line 2, column"), "{html}");

    // The CLI, from standard input, against the manifest over HTTP.
    let manifest = format!("{board}/manifest");
    let audit = |text: String| {
        let mut child = Command::new(BIN)
            .args(["election", "audit", "--manifest", &manifest])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let o = audit(block.to_string());
    let (stdout, err) = text(&o);
    assert!(o.status.success(), "{stdout}{err}");
    assert!(
        stdout.contains(&format!("tracking code {code}")),
        "{stdout}"
    );
    // Against a server, the CLI sends the verified challenge to the board (noted already by
    // the audit page above: the board says so again).
    assert!(stdout.contains("the board noted the challenge"), "{stdout}");
    let o = audit(lie.to_string());
    assert_eq!(o.status.code(), Some(1), "{:?}", text(&o));
    // The challenged ballot sent to the board is refused: it can never be cast.
    let ballot = serde_json::from_str::<Value>(block).unwrap()["ballot"].clone();
    let r = browser
        .post(format!("{board}/ballots"))
        .json(&ballot)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 409);
    let answer = r.text().await.unwrap();
    assert!(answer.contains("error-board-challenged"), "{answer}");
    // The challenged ballot was never cast: its code is listed as challenged.
    let page = browser
        .get(format!("{}/boards/congreso-2026?code={code}", server.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("id=\"board-challenged-found\""), "{page}");
    assert!(page.contains("id=\"board-challenged\""), "{page}");
}
