//! `asamblea record verify|export`.
//!
//! Exit codes: 0 intact / exported; 1 the chain is broken (the first bad position is named on
//! standard error); 2 anything else (cannot open the database or file, bad URL, ...).

use super::db_args::DbArgs;
use asamblea_record::{Broken, VerifyReport, verify_export_with};
use asamblea_store::{Store, StoreError, VerifyKeyOrigin, default_key_path, sqlite_path};
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum RecordCommand {
    /// Recompute the hash chain, the tree and every checkpoint; exit 0 if intact, 1 naming the
    /// first bad position. Writes nothing (the database is opened read-only).
    Verify {
        #[command(flatten)]
        db: DbArgs,
        /// Verify an exported file (JSON lines) offline instead of the database (needs --key;
        /// the export must end with a checkpoint signed with it).
        #[arg(long, value_name = "FILE")]
        file: Option<std::path::PathBuf>,
        /// The instance's key, pinned: its verifier key (`asamblea/…+…+…`, from
        /// GET /api/v1/record/key) or its public key in hex. Default for the database: the key
        /// the database records (else, for a database no server has upgraded yet, the key it
        /// still keeps, or the key file's).
        #[arg(long, value_name = "KEY")]
        key: Option<String>,
        /// An earlier checkpoint (signed note) kept outside the database, as a file or an
        /// http:// URL (e.g. …/api/v1/record/checkpoint saved earlier); the record must still
        /// contain exactly the entries it signed. Repeatable.
        #[arg(long, value_name = "FILE|URL")]
        against: Vec<String>,
    },
    /// Write the record as JSON lines, ending with a signed checkpoint.
    Export {
        #[command(flatten)]
        db: DbArgs,
        /// Output file (default: standard output).
        #[arg(long, short, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
    },
}

const OK: i32 = 0;
const BROKEN: i32 = 1;
const FAILED: i32 = 2;

pub fn run(cmd: RecordCommand) -> i32 {
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail(&format!("cannot start the async runtime: {e}")),
    };
    rt.block_on(async {
        match cmd {
            RecordCommand::Verify {
                db,
                file,
                key,
                against,
            } => {
                let notes = match read_notes(&against).await {
                    Ok(n) => n,
                    Err(e) => return fail(&e),
                };
                match file {
                    Some(f) => verify_file(&f, key.as_deref(), &notes),
                    None => verify_db(&db, key.as_deref(), &notes).await,
                }
            }
            RecordCommand::Export { db, output } => export(&db, output.as_deref()).await,
        }
    })
}

/// Prints one line on standard error and returns the failure exit code.
fn fail(msg: &str) -> i32 {
    eprintln!("asamblea: {}", one_line(msg));
    FAILED
}

fn broken(b: &Broken) -> i32 {
    eprintln!("asamblea: {}", one_line(&b.to_string()));
    BROKEN
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn describe(r: &VerifyReport) -> String {
    let mut s = format!(
        "record intact: {} entries, head {} ({})",
        r.entries, r.last_position, r.last_hash
    );
    if let Some(cp) = &r.checkpoint {
        s.push_str(&format!(
            "; checkpoint at {} signed by {}",
            cp.position, cp.public_key
        ));
    }
    s
}

/// Reads each earlier checkpoint note from a file or an http:// URL.
async fn read_notes(sources: &[String]) -> Result<Vec<String>, String> {
    let mut notes = Vec::new();
    for source in sources {
        let note = if source.starts_with("http://") || source.starts_with("https://") {
            let response = reqwest::get(source)
                .await
                .map_err(|e| format!("cannot fetch {source}: {e}"))?;
            if !response.status().is_success() {
                return Err(format!("cannot fetch {source}: {}", response.status()));
            }
            response
                .text()
                .await
                .map_err(|e| format!("cannot fetch {source}: {e}"))?
        } else {
            std::fs::read_to_string(source).map_err(|e| format!("cannot read {source}: {e}"))?
        };
        notes.push(note);
    }
    Ok(notes)
}

fn verify_file(path: &Path, key: Option<&str>, against: &[String]) -> i32 {
    let Some(key) = key else {
        return fail(
            "verify --file needs --key (the instance's verifier key or public key, from a source \
             you trust): without it a rewritten export re-signed with another key would pass",
        );
    };
    let Some(public) = asamblea_record::tree::public_key_of(key) else {
        return fail(&format!(
            "--key {key} is neither a verifier key nor a hex public key"
        ));
    };
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return fail(&format!("cannot read {}: {e}", path.display())),
    };
    let mut tree = asamblea_record::tree::TreeBuilder::default();
    let report = match verify_export_with(BufReader::new(file), |e| {
        tree.push(e).map_err(|err| Broken {
            position: e.position,
            reason: asamblea_record::BreakReason::Unhashable {
                detail: err.to_string(),
            },
        })
    }) {
        Ok(report) => report,
        Err(b) => return broken(&b),
    };
    let bad = |detail: String| {
        broken(&Broken {
            position: report.last_position,
            reason: asamblea_record::BreakReason::BadCheckpoint { detail },
        })
    };
    match &report.checkpoint {
        None => return bad("the export ends without its checkpoint line (truncated?)".into()),
        Some(cp) if cp.public_key != public => {
            return bad(format!(
                "the export's checkpoint is signed by {} and not by the pinned key {public}",
                cp.public_key
            ));
        }
        Some(_) => {}
    }
    if !key.contains('+') && !against.is_empty() {
        return fail("--against needs --key as a verifier key (name+id+key)");
    }
    if let Err(e) = asamblea_record::tree::check_against(&tree, against, key) {
        return bad(e);
    }
    println!("{}", describe(&report));
    OK
}

/// Refuses a SQLite database that is not there (rather than creating one).
fn sqlite_exists(db: &DbArgs) -> Result<(), String> {
    let url = db
        .database
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    let file = sqlite_path(&db.data_dir);
    if url.is_none() && !file.is_file() {
        return Err(format!(
            "no Asamblea database at {} (choose one with --data-dir or --database)",
            file.display()
        ));
    }
    Ok(())
}

/// Opens the store named by the flags (to export: with its signing key); refuses to create a
/// SQLite database that is not there.
async fn open(db: &DbArgs) -> Result<Store, String> {
    sqlite_exists(db)?;
    Store::open_with_key(db.database.as_deref(), &db.data_dir, db.key_source())
        .await
        .map_err(|e| e.to_string())
}

/// Verifies the database without writing anything to it or beside it (see
/// [`Store::open_to_verify`]); says on standard error where the checked key came from when it
/// is not the recorded one.
async fn verify_db(db: &DbArgs, key: Option<&str>, against: &[String]) -> i32 {
    if let Err(e) = sqlite_exists(db) {
        return fail(&e);
    }
    let url = db.database.as_deref();
    let (store, origin) = match Store::open_to_verify(url, &db.data_dir, &db.key_source()).await {
        Ok(opened) => opened,
        Err(e) => return fail(&e.to_string()),
    };
    if key.is_none() {
        match &origin {
            VerifyKeyOrigin::LegacyInDatabase => eprintln!(
                "asamblea: note: this database still keeps its signing key (written by an \
                 Asamblea older than the key file); its checkpoints were checked with that key's \
                 public key {}, which anyone able to write the database could also sign with, so \
                 check against a checkpoint kept elsewhere (--against) or a pinned --key; start \
                 `asamblea serve` once to move the key to {} (this command wrote nothing)",
                store.public_key_hex(),
                db.signing_key
                    .clone()
                    .unwrap_or_else(|| default_key_path(&db.data_dir))
                    .display()
            ),
            VerifyKeyOrigin::KeyFile(path) => eprintln!(
                "asamblea: note: this database records no public key yet; its checkpoints were \
                 checked with the key file {}",
                path.display()
            ),
            VerifyKeyOrigin::Recorded | VerifyKeyOrigin::Unknown => {}
        }
    }
    // A hex public key is turned into the verifier key the notes are signed with.
    let vkey = key.map(|k| match asamblea_record::tree::public_key_of(k) {
        Some(hex) if !k.contains('+') => {
            asamblea_record::tree::verifier_key_from_hex(&hex).unwrap_or_else(|| k.to_string())
        }
        _ => k.to_string(),
    });
    let code = match store.verify_log(vkey.as_deref(), against).await {
        Ok(report) => {
            println!("{}", describe(&report));
            OK
        }
        Err(StoreError::Broken(b)) => broken(&b),
        Err(e) => fail(&e.to_string()),
    };
    store.close().await;
    code
}

async fn export(db: &DbArgs, output: Option<&Path>) -> i32 {
    let store = match open(db).await {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    let result = match output {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => export_to(&store, BufWriter::new(f), Some(path.to_path_buf())).await,
            Err(e) => fail(&format!("cannot write {}: {e}", path.display())),
        },
        None => export_to(&store, std::io::stdout().lock(), None).await,
    };
    store.close().await;
    result
}

async fn export_to<W: Write>(store: &Store, w: W, path: Option<PathBuf>) -> i32 {
    match store.export(w).await {
        Ok(report) => {
            let to = path
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "standard output".to_string());
            eprintln!("asamblea: exported {} entries to {to}", report.entries);
            OK
        }
        Err(StoreError::Broken(b)) => broken(&b),
        Err(e) => fail(&e.to_string()),
    }
}
