//! `asamblea record verify|export`.
//!
//! Exit codes: 0 intact / exported; 1 the chain is broken (the first bad position is named on
//! standard error); 2 anything else (cannot open the database or file, bad URL, ...).

use super::db_args::DbArgs;
use asamblea_record::{Broken, VerifyReport, verify_export};
use asamblea_store::{KeySource, Store, StoreError, sqlite_path};
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum RecordCommand {
    /// Recompute the hash chain; exit 0 if intact, 1 naming the first bad position.
    Verify {
        #[command(flatten)]
        db: DbArgs,
        /// Verify an exported file (JSON lines) offline instead of the database.
        #[arg(long, value_name = "FILE")]
        file: Option<std::path::PathBuf>,
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
            RecordCommand::Verify { file: Some(f), .. } => verify_file(&f),
            RecordCommand::Verify { db, file: None } => verify_db(&db).await,
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

fn verify_file(path: &Path) -> i32 {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return fail(&format!("cannot read {}: {e}", path.display())),
    };
    match verify_export(BufReader::new(file)) {
        Ok(report) => {
            println!("{}", describe(&report));
            OK
        }
        Err(b) => broken(&b),
    }
}

/// Opens the store named by the flags; refuses to create a SQLite database that is not there.
/// `key`: where the signing key comes from (`KeySource::None` to verify only).
async fn open(db: &DbArgs, key: KeySource) -> Result<Store, String> {
    let url = db
        .database
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    if url.is_none() {
        let file = sqlite_path(&db.data_dir);
        if !file.is_file() {
            return Err(format!(
                "no Asamblea database at {} (choose one with --data-dir or --database)",
                file.display()
            ));
        }
    }
    Store::open_with_key(url, &db.data_dir, key)
        .await
        .map_err(|e| e.to_string())
}

async fn verify_db(db: &DbArgs) -> i32 {
    let store = match open(db, KeySource::None).await {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    let code = match store.verify().await {
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
    let store = match open(db, db.key_source()).await {
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
