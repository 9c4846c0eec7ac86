//! Encrypted ballots (issue 14) under load: the demo assembly's secret ballots set to
//! `encrypted`, the key ceremony run by `asamblea trustee` processes (as trustees run it on their
//! own machines), ballots made on the "device" by this tool with `asamblea-ballot-crypto` or
//! encrypted by the server from a plain choice, and after the close the trustees' decryption
//! (`asamblea trustee follow --once`) and the board's decrypted tally read from its record.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use asamblea_ballot_crypto::SigningKey;
use asamblea_ballot_crypto::ballot::{Manifest, Selections, encrypt_ballot};
use rand::RngCore;
use serde_json::{Value, json};

use crate::Fallible;
use crate::api::Api;

/// How the ballots of a run are cast.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BallotKind {
    /// The assembly's default: the choice sent and kept in plaintext.
    Plaintext,
    /// Encrypted assembly, the ballot made by the voter's device (`ballot_json`, made here before
    /// the run starts, as a phone does before it sends); the server checks its proofs.
    Device,
    /// Encrypted assembly, the plain choice sent; the server encrypts it.
    Server,
}

impl BallotKind {
    pub fn name(self) -> &'static str {
        match self {
            BallotKind::Plaintext => "plaintext",
            BallotKind::Device => "encrypted on the device",
            BallotKind::Server => "encrypted by the server",
        }
    }
    pub fn encrypted(self) -> bool {
        self != BallotKind::Plaintext
    }
}

/// Trustees of the load: few, so the ceremony and the decryption stay short.
pub const TRUSTEES: u32 = 3;
pub const THRESHOLD: u32 = 2;

/// The assembly's key board and the trustees' secret files.
pub struct Trustees {
    pub key_board: String,
    pub secrets: Vec<PathBuf>,
}

/// Sets the assembly `slug`'s secret ballots to encrypted (2 of 3 trustees) and runs the key
/// ceremony with `asamblea trustee` processes; the trustees' secrets go in `dir` (made if
/// missing).
pub async fn set_up(
    api: &Api,
    admin: &str,
    binary: &Path,
    slug: &str,
    dir: &Path,
) -> Fallible<Trustees> {
    let path = format!("/api/v1/assemblies/{slug}/secret-ballots");
    let req = api
        .client
        .put(format!("{}{path}", api.url))
        .bearer_auth(admin)
        .json(
            &json!({"secret_ballots": "encrypted", "trustees": TRUSTEES, "threshold": THRESHOLD}),
        );
    let r = req.send().await.map_err(|e| format!("{path}: {e}"))?;
    let status = r.status();
    let set: Value = r.json().await.unwrap_or(Value::Null);
    if !status.is_success() {
        return Err(format!("{path}: {status} {set}"));
    }
    let key_board = set["key_board"]
        .as_str()
        .ok_or_else(|| format!("no key board in {set}"))?
        .to_string();
    let token = |who: &str| -> Fallible<String> {
        set["tokens"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|p| p[0] == who)
            .and_then(|p| p[1].as_str())
            .map(str::to_string)
            .ok_or_else(|| format!("no token for {who} in {set}"))
    };
    let kb = format!("{}/api/v1/boards/{key_board}", api.url);
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let secrets: Vec<PathBuf> = (1..=TRUSTEES)
        .map(|i| dir.join(format!("trustee-{i}.secret")))
        .collect();
    let mut init = Vec::new();
    for (i, s) in (1..=TRUSTEES).zip(&secrets) {
        let t = token(&format!("trustee-{i}"))?;
        init.push(args(&[
            "trustee",
            "init",
            "--board",
            &kb,
            "--index",
            &i.to_string(),
            "--secret",
            &text(s),
            "--token",
            &t,
        ]));
    }
    all_ok(binary, init).await?;
    for step in ["deal", "check"] {
        let runs = secrets
            .iter()
            .map(|s| args(&["trustee", step, "--board", &kb, "--secret", &text(s)]))
            .collect();
        all_ok(binary, runs).await?;
    }
    let organizer = token("organizer")?;
    all_ok(
        binary,
        vec![args(&[
            "election", "key", "--board", &kb, "--token", &organizer,
        ])],
    )
    .await?;
    Ok(Trustees { key_board, secrets })
}

/// The trustees (as many as the threshold) decrypt every closed board under the key at `url`.
pub async fn decrypt(binary: &Path, url: &str, t: &Trustees) -> Fallible<Vec<String>> {
    let kb = format!("{url}/api/v1/boards/{}", t.key_board);
    let runs = t.secrets[..THRESHOLD as usize]
        .iter()
        .map(|s| {
            args(&[
                "trustee",
                "follow",
                "--board",
                &kb,
                "--secret",
                &text(s),
                "--once",
            ])
        })
        .collect();
    all_ok(binary, runs).await
}

/// A board's decrypted tally from its record: each choice's label and count.
pub async fn decrypted(api: &Api, board: &str) -> Fallible<Vec<(String, i64)>> {
    let path = format!("/api/v1/boards/{board}/record");
    let record = api.get_ok("", &path).await?;
    let labels = record["manifest"]["questions"][0]["choices"]
        .as_array()
        .ok_or_else(|| format!("{path}: no choices in the manifest"))?;
    let counts = record["result"][0]
        .as_array()
        .ok_or_else(|| format!("{path}: no decrypted result"))?;
    if labels.len() != counts.len() {
        return Err(format!(
            "{path}: {} choices, {} counts",
            labels.len(),
            counts.len()
        ));
    }
    Ok(labels
        .iter()
        .zip(counts)
        .map(|(l, c)| {
            (
                l.as_str().unwrap_or_default().to_string(),
                c.as_i64().unwrap_or(-1),
            )
        })
        .collect())
}

/// A board's manifest.
pub async fn manifest(api: &Api, board: &str) -> Fallible<Manifest> {
    // Read from the text: the manifest's fields borrow from it.
    let path = format!("{}/api/v1/boards/{board}/manifest", api.url);
    let text = async {
        api.client
            .get(&path)
            .send()
            .await?
            .error_for_status()?
            .text()
            .await
    }
    .await
    .map_err(|e| format!("{path}: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("the manifest of board {board}: {e}"))
}

/// Ballots as a voter's device makes them (a fresh credential each), for `marks` (the index of
/// the one choice marked, in the manifest's order), on as many threads as there are cores.
pub async fn device_ballots(manifest: &Manifest, marks: Vec<usize>) -> Fallible<Vec<String>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = marks.len().div_ceil(threads).max(1);
    let mut tasks = Vec::new();
    for part in marks.chunks(chunk) {
        let (m, part) = (manifest.clone(), part.to_vec());
        tasks.push(tokio::task::spawn_blocking(move || {
            part.iter()
                .map(|&k| device_ballot(&m, k))
                .collect::<Fallible<Vec<String>>>()
        }));
    }
    let mut out = Vec::with_capacity(marks.len());
    for t in tasks {
        out.extend(t.await.map_err(|e| format!("encrypting ballots: {e}"))??);
    }
    Ok(out)
}

fn device_ballot(m: &Manifest, mark: usize) -> Fallible<String> {
    let choices = m.questions.first().map_or(0, |q| q.choices.len());
    let sel: Selections = vec![(0..choices).map(|i| u64::from(i == mark)).collect()];
    let mut seed = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    let (ballot, _) = encrypt_ballot(
        m,
        &SigningKey::from_bytes(&seed),
        &sel,
        &mut rand::rngs::OsRng,
    )
    .map_err(|e| format!("encrypting a ballot: {e}"))?;
    serde_json::to_string(&ballot).map_err(|e| e.to_string())
}

fn args(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

fn text(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// Runs `asamblea ARGS` for each list at once; each must succeed. Their outputs.
async fn all_ok(binary: &Path, runs: Vec<Vec<String>>) -> Fallible<Vec<String>> {
    let mut children = Vec::new();
    for a in runs {
        let child = tokio::process::Command::new(binary)
            .args(&a)
            .env_remove("ASAMBLEA_BOARD_TOKEN")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        children.push((a, child));
    }
    let mut outs = Vec::new();
    for (a, c) in children {
        let o = c
            .wait_with_output()
            .await
            .map_err(|e| format!("asamblea {}: {e}", a.join(" ")))?;
        let out = String::from_utf8_lossy(&o.stdout).into_owned();
        if !o.status.success() {
            return Err(format!(
                "asamblea {} failed: {out}{}",
                a[..2].join(" "),
                String::from_utf8_lossy(&o.stderr)
            ));
        }
        outs.push(out);
    }
    Ok(outs)
}
