//! `asamblea witness serve`: a witness as an HTTP server (c2sp.org/tlog-witness). A log pushes
//! each new checkpoint to `POST /add-checkpoint` with a consistency proof from the size this
//! witness last cosigned; the witness checks the log's signature and the proof, keeps the
//! checkpoint in its state file (written whole, before it answers), and answers its cosignature
//! line. The answers and their statuses are the specification's: 400 malformed (or `old` larger
//! than the checkpoint), 403 no valid signature of the log, 404 a log it does not know, 409 with
//! its latest cosigned size (`text/x.tlog.size`) when `old` is not that size, 422 inconsistent.
//! The decisions are `asamblea_record::witness::decide`; the state file is the one of
//! `asamblea witness check` (one witness may use both, not at the same moment).
//!
//! `GET /<hex SHA-256 of the origin>/checkpoint` serves the latest checkpoint it cosigned of a
//! log, with its cosignature (the specification's monitoring call).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use asamblea_record::SigningKey;
use asamblea_record::witness::{
    Answer, SIZE_CONTENT_TYPE, cosign, decide, note_origin, parse_add_checkpoint,
};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, State as AxumState};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use sha2::{Digest, Sha256};

use super::witness::{
    Kept, check_name, fail, load_or_create_key, now_seconds, read_state, write_state,
};

/// The largest add-checkpoint body taken (63 proof lines, a checkpoint and its signatures).
const MAX_BODY: usize = 64 * 1024;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on, e.g. 127.0.0.1:7380.
    #[arg(long, value_name = "ADDR")]
    listen: String,
    /// The witness's key file (see `asamblea witness key`; created if missing).
    #[arg(long, value_name = "FILE")]
    key: PathBuf,
    /// The witness's name, as given to `asamblea witness key`.
    #[arg(long)]
    name: String,
    /// The witness's state: the latest checkpoint it cosigned of each log (created if missing).
    #[arg(long, value_name = "FILE")]
    state: PathBuf,
    /// The verifier key of a log this witness accepts (`GET /api/v1/record/key` of an Asamblea
    /// server), pinned from a source you trust; repeat for each log.
    #[arg(long = "log", value_name = "VKEY", required = true)]
    logs: Vec<String>,
}

struct Witness {
    key: SigningKey,
    name: String,
    state_path: PathBuf,
    /// The trusted verifier keys of each log, by origin (the key's name).
    logs: BTreeMap<String, Vec<String>>,
    /// Checking `old` against the state and keeping the new checkpoint happen under this lock,
    /// so two requests never roll each other back.
    state: Mutex<super::witness::State>,
}

pub fn run(args: ServeArgs) -> i32 {
    super::init_logging();
    let witness = match prepare(&args) {
        Ok(w) => Arc::new(w),
        Err(e) => return fail(&e),
    };
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail(&format!("cannot start the async runtime: {e}")),
    };
    match rt.block_on(serve(args.listen, witness)) {
        Ok(()) => 0,
        Err(e) => fail(&e),
    }
}

fn prepare(args: &ServeArgs) -> Result<Witness, String> {
    check_name(&args.name)?;
    let key = load_or_create_key(&args.key, true)?;
    let mut logs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for vkey in &args.logs {
        let vkey = vkey.trim();
        signed_note::StandardVerifier::new(vkey)
            .map_err(|e| format!("--log {vkey:?} is not a log's verifier key: {e}"))?;
        let origin = vkey.split('+').next().unwrap_or_default().to_string();
        logs.entry(origin).or_default().push(vkey.to_string());
    }
    let state = read_state(&args.state)?;
    Ok(Witness {
        key,
        name: args.name.clone(),
        state_path: args.state.clone(),
        logs,
        state: Mutex::new(state),
    })
}

async fn serve(listen: String, witness: Arc<Witness>) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    eprintln!(
        "asamblea witness: {} witnesses {} log(s): {}",
        witness.name,
        witness.logs.len(),
        witness.logs.keys().cloned().collect::<Vec<_>>().join(", ")
    );
    println!("asamblea witness is listening on http://{local}");
    let app = Router::new()
        .route("/add-checkpoint", post(add_checkpoint))
        .route("/{origin_hash}/checkpoint", get(checkpoint))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(witness);
    axum::serve(listener, app)
        .with_graceful_shutdown(super::serve::shutdown_signal())
        .await
        .map_err(|e| format!("server error: {e}"))
}

fn text(status: StatusCode, content_type: &'static str, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// Why a request gets no cosignature: the protocol's answer, or the witness's own failure (500).
enum Refused {
    Answer(Answer),
    Internal(String),
}

impl From<Answer> for Refused {
    fn from(a: Answer) -> Self {
        Refused::Answer(a)
    }
}

async fn add_checkpoint(AxumState(w): AxumState<Arc<Witness>>, body: String) -> Response {
    match add(&w, &body) {
        Ok(line) => text(StatusCode::OK, "text/plain; charset=utf-8", line),
        Err(Refused::Internal(m)) => {
            eprintln!("asamblea witness: {m}");
            text(
                StatusCode::INTERNAL_SERVER_ERROR,
                "text/plain; charset=utf-8",
                "the witness cannot keep its state; nothing was cosigned\n".into(),
            )
        }
        Err(Refused::Answer(answer)) => {
            let status = StatusCode::from_u16(answer.status()).unwrap_or(StatusCode::BAD_REQUEST);
            match answer {
                Answer::Conflict(size) => text(status, SIZE_CONTENT_TYPE, format!("{size}\n")),
                Answer::BadRequest(m)
                | Answer::Forbidden(m)
                | Answer::UnknownLog(m)
                | Answer::Unprocessable(m) => {
                    if status == StatusCode::UNPROCESSABLE_ENTITY {
                        // Possibly evidence of a log's misbehaviour (the spec allows logging it).
                        eprintln!("asamblea witness: REFUSED: {m}\n{body}");
                    }
                    text(status, "text/plain; charset=utf-8", format!("{m}\n"))
                }
            }
        }
    }
}

/// Decides, keeps and cosigns; the cosignature line, or the answer that refuses.
fn add(w: &Witness, body: &str) -> Result<String, Refused> {
    let req = parse_add_checkpoint(body).map_err(Answer::BadRequest)?;
    let origin = note_origin(&req.note).unwrap_or_default();
    let vkeys = w.logs.get(origin).cloned().unwrap_or_default();
    let mut state = w
        .state
        .lock()
        .map_err(|_| Refused::Internal("the state's lock is poisoned".into()))?;
    let kept = match state.logs.get(origin) {
        Some(k) => Some(k.seen(origin).map_err(Refused::Internal)?),
        None => None,
    };
    let (new, note_body) = decide(&req, &vkeys, kept.as_ref())?;
    let now = now_seconds().map_err(Refused::Internal)?;
    let line = cosign(&w.key, &w.name, note_body.as_bytes(), now);
    let previous = state.logs.insert(
        new.origin.clone(),
        Kept {
            size: new.size,
            root: new.root.to_string(),
            checkpoint: format!("{}{line}", req.note),
        },
    );
    if let Err(e) = write_state(&w.state_path, &state) {
        // Not kept, so not cosigned: put the memory back as the file is.
        match previous {
            Some(p) => state.logs.insert(new.origin.clone(), p),
            None => state.logs.remove(&new.origin),
        };
        return Err(Refused::Internal(e));
    }
    eprintln!(
        "asamblea witness: cosigned {} at {} entries (old {})",
        new.origin, new.size, req.old
    );
    Ok(line)
}

async fn checkpoint(
    AxumState(w): AxumState<Arc<Witness>>,
    Path(origin_hash): Path<String>,
) -> Response {
    let found = w.state.lock().ok().and_then(|state| {
        state
            .logs
            .iter()
            .find(|(origin, _)| hex::encode(Sha256::digest(origin.as_bytes())) == origin_hash)
            .map(|(_, k)| k.checkpoint.clone())
    });
    match found {
        Some(note) => text(StatusCode::OK, "text/plain; charset=utf-8", note),
        None => text(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            "this witness has cosigned no checkpoint of that log\n".into(),
        ),
    }
}
