//! `asamblea witness key|check`: a witness of an Asamblea log (c2sp.org/tlog-witness,
//! c2sp.org/tlog-cosignature), run by anyone who wants to make sure the record is never
//! rewritten unseen.
//!
//! `check` fetches the log's checkpoint, verifies it with the log's pinned key, and, if this
//! witness kept an earlier checkpoint of the same log (in its state file), asks the log for the
//! consistency proof from that one and checks it. Only then it keeps the new checkpoint, cosigns
//! it and sends the cosignature to the log. A log whose history changed is refused.
//!
//! Exit codes: 0 cosigned; 1 refused (the log was rewritten or forked: the state file keeps the
//! earlier checkpoint as evidence); 2 anything else (network, files, a bad key).

use asamblea_record::witness::{
    Refusal, Seen, check_step, cosign, decode_proof, split_note, witness_vkey,
};
use asamblea_record::{SigningKey, signing_key_from_hex, signing_key_to_hex};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum WitnessCommand {
    /// Print this witness's verifier key (creating its key file, mode 0600, if it is missing):
    /// give it to the log's administrator, who adds the witness.
    Key {
        /// The witness's key file (hex of a 32-byte Ed25519 seed).
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// The witness's name, e.g. `witness.example.org/asamblea` (no spaces or '+').
        #[arg(long)]
        name: String,
    },
    /// Check the log's latest checkpoint against the one this witness kept, then cosign it.
    Check {
        /// The log's address, e.g. http://127.0.0.1:8080 (the server's base URL).
        #[arg(long, value_name = "URL")]
        log: String,
        /// The log's verifier key (GET /api/v1/record/key), pinned from a source you trust.
        #[arg(long = "log-key", value_name = "VKEY")]
        log_key: String,
        /// The witness's key file (see `asamblea witness key`).
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// The witness's name, as given to `asamblea witness key`.
        #[arg(long)]
        name: String,
        /// The witness's state: the latest checkpoint it checked of each log (created if missing).
        #[arg(long, value_name = "FILE")]
        state: PathBuf,
        /// Do not send the cosignature to the log (print it only).
        #[arg(long)]
        no_submit: bool,
    },
    /// Run this witness as an HTTP server (c2sp.org/tlog-witness): logs push their checkpoints
    /// to `POST /add-checkpoint` with a consistency proof, and get the cosignature back.
    Serve(super::witness_serve::ServeArgs),
}

const OK: i32 = 0;
const REFUSED: i32 = 1;
const FAILED: i32 = 2;

/// What a witness keeps: per log origin, the latest checkpoint it checked.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct State {
    pub(crate) logs: BTreeMap<String, Kept>,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Kept {
    pub(crate) size: u64,
    /// Base64 root hash.
    pub(crate) root: String,
    /// The checkpoint as the log signed it (with this witness's cosignature, when it cosigned).
    pub(crate) checkpoint: String,
}

impl Kept {
    /// What the witness saw of the log `origin`.
    pub(crate) fn seen(&self, origin: &str) -> Result<Seen, String> {
        Ok(Seen {
            origin: origin.to_string(),
            size: self.size,
            root: tlog_root(&self.root)?,
        })
    }
}

pub fn run(cmd: WitnessCommand) -> i32 {
    match cmd {
        WitnessCommand::Key { key, name } => {
            match load_or_create_key(&key, true).and_then(|k| check_name(&name).map(|()| k)) {
                Ok(k) => {
                    println!("{}", witness_vkey(&name, &k.verifying_key()));
                    OK
                }
                Err(e) => fail(&e),
            }
        }
        WitnessCommand::Check {
            log,
            log_key,
            key,
            name,
            state,
            no_submit,
        } => {
            let rt = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(rt) => rt,
                Err(e) => return fail(&format!("cannot start the async runtime: {e}")),
            };
            let args = CheckArgs {
                log: log.trim_end_matches('/').to_string(),
                log_key,
                key,
                name,
                state,
                submit: !no_submit,
            };
            match rt.block_on(check(&args)) {
                Ok(code) => code,
                Err(e) => fail(&e),
            }
        }
        WitnessCommand::Serve(args) => super::witness_serve::run(args),
    }
}

struct CheckArgs {
    log: String,
    log_key: String,
    key: PathBuf,
    name: String,
    state: PathBuf,
    submit: bool,
}

pub(crate) fn fail(msg: &str) -> i32 {
    eprintln!("asamblea witness: {msg}");
    FAILED
}

pub(crate) fn check_name(name: &str) -> Result<(), String> {
    if asamblea_record::witness::name_ok(name) {
        Ok(())
    } else {
        Err(format!(
            "--name {name:?}: a witness name is not empty and has no spaces or '+'"
        ))
    }
}

/// Reads the witness key; creates it (mode 0600) if missing and `create`.
pub(crate) fn load_or_create_key(path: &Path, create: bool) -> Result<SigningKey, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => signing_key_from_hex(text.trim())
            .map_err(|e| format!("the key file {} is not a key: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && create => {
            let key = asamblea_record::generate_signing_key();
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            use std::io::Write;
            options
                .open(path)
                .and_then(|mut f| writeln!(f, "{}", signing_key_to_hex(&key)))
                .map_err(|e| format!("cannot create the key file {}: {e}", path.display()))?;
            eprintln!(
                "asamblea witness: created the key file {} (keep a copy: it is this witness)",
                path.display()
            );
            Ok(key)
        }
        Err(e) => Err(format!("cannot read the key file {}: {e}", path.display())),
    }
}

pub(crate) fn read_state(path: &Path) -> Result<State, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text)
            .map_err(|e| format!("the state file {} is damaged: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State::default()),
        Err(e) => Err(format!(
            "cannot read the state file {}: {e}",
            path.display()
        )),
    }
}

/// Writes the state file whole or not at all (a new file renamed over the old one).
pub(crate) fn write_state(path: &Path, state: &State) -> Result<(), String> {
    let tmp = path.with_extension("tmp");
    let text = serde_json::to_string_pretty(state).map_err(|e| e.to_string())?;
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::File::open(&tmp)?.sync_all())
        .and_then(|()| std::fs::rename(&tmp, path))
        .and_then(|()| sync_parent(path))
        .map_err(|e| format!("cannot write the state file {}: {e}", path.display()))
}

/// Makes a rename in `path`'s directory durable (unix; elsewhere nothing to do).
fn sync_parent(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}

async fn get_text(client: &reqwest::Client, url: &str) -> Result<String, String> {
    let response = client
        .get(url)
        .send()
        .await
        .map_err(|e| format!("cannot fetch {url}: {e}"))?;
    if !response.status().is_success() {
        return Err(format!("cannot fetch {url}: {}", response.status()));
    }
    response
        .text()
        .await
        .map_err(|e| format!("cannot fetch {url}: {e}"))
}

#[derive(Deserialize)]
struct ProofBody {
    proof: Vec<String>,
}

async fn check(args: &CheckArgs) -> Result<i32, String> {
    check_name(&args.name)?;
    let key = load_or_create_key(&args.key, false)?;
    let mut state = read_state(&args.state)?;
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .map_err(|e| e.to_string())?;

    let note = get_text(&client, &format!("{}/api/v1/record/checkpoint", args.log)).await?;
    let opened = asamblea_record::tree::open_note(&note, args.log_key.trim())
        .map_err(|e| Refusal::BadSignature(e).to_string())?;
    let (body, _) = split_note(&note).ok_or("the checkpoint is not a signed note")?;
    let new = Seen {
        origin: opened.origin.clone(),
        size: opened.size,
        root: opened.root,
    };
    let kept = match state.logs.get(&new.origin) {
        Some(k) => Some(k.seen(&new.origin)?),
        None => None,
    };
    let proof = match &kept {
        Some(k) if k.size > 0 && new.size > k.size => {
            let url = format!(
                "{}/api/v1/record/proof/consistency?old={}&size={}",
                args.log, k.size, new.size
            );
            let text = get_text(&client, &url).await?;
            let body: ProofBody = serde_json::from_str(&text)
                .map_err(|e| format!("the consistency proof from {url} is malformed: {e}"))?;
            decode_proof(&body.proof).map_err(|e| e.to_string())?
        }
        _ => Vec::new(),
    };
    if let Err(refusal) = check_step(kept.as_ref(), &new, &proof) {
        eprintln!("asamblea witness: {refusal}");
        if let Some(k) = state.logs.get(&new.origin) {
            eprintln!(
                "asamblea witness: the checkpoint this witness kept ({}):\n{}",
                args.state.display(),
                k.checkpoint
            );
        }
        eprintln!("asamblea witness: the checkpoint the log shows now:\n{note}");
        return Ok(REFUSED);
    }

    // Keep the new checkpoint before giving out the cosignature (c2sp.org/tlog-witness: persist,
    // then answer).
    let line = cosign(&key, &args.name, body.as_bytes(), now_seconds()?);
    let cosigned = format!("{body}\n{}{line}", signature_lines(&note));
    state.logs.insert(
        new.origin.clone(),
        Kept {
            size: new.size,
            root: new.root.to_string(),
            checkpoint: cosigned.clone(),
        },
    );
    write_state(&args.state, &state)?;
    print!("{cosigned}");
    let from = match &kept {
        Some(k) => format!("consistent with the {} entries seen before", k.size),
        None => "first checkpoint seen of this log".to_string(),
    };
    eprintln!(
        "asamblea witness: cosigned {} at {} entries ({from})",
        new.origin, new.size
    );
    if args.submit {
        let url = format!("{}/api/v1/record/cosignatures", args.log);
        let response = client
            .post(&url)
            .header("content-type", "text/plain; charset=utf-8")
            .body(cosigned)
            .send()
            .await
            .map_err(|e| format!("cannot send the cosignature to {url}: {e}"))?;
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        if !status.is_success() {
            return Err(format!(
                "the log did not take the cosignature ({status}): {} (is this witness added by \
                 an administrator of the log?)",
                text.trim()
            ));
        }
        eprintln!("asamblea witness: the log kept the cosignature");
    }
    Ok(OK)
}

/// Seconds since 1970 (a cosignature's timestamp, never 0).
pub(crate) fn now_seconds() -> Result<u64, String> {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| format!("the clock is before 1970: {e}"))
        .map(|d| d.as_secs().max(1))
}

/// The signature lines of a note (each with its newline).
fn signature_lines(note: &str) -> String {
    split_note(note)
        .map(|(_, sigs)| sigs.iter().map(|s| format!("{s}\n")).collect())
        .unwrap_or_default()
}

fn tlog_root(b64: &str) -> Result<asamblea_record::tree::Hash, String> {
    asamblea_record::tree::Hash::parse_hash(b64)
        .map_err(|_| format!("the state file's root {b64} is not a hash"))
}
