//! Encryption of a ballot on the voter's device (issue 14, item 4): the WebAssembly module built
//! from `crates/ballot-wasm` (committed as `static/ballot.wasm` by `scripts/build-wasm`, which CI
//! runs with `--check`), the script that drives it (`static/encrypt.js`) and the content security
//! policy that lets a vote page, and only a vote page, compile WebAssembly.
//!
//! A page opts in with a form marked `data-encrypt` (its attributes: see `static/encrypt.js`
//! and `templates/encrypt/panel.html`), `<script src="/static/encrypt.js">`, and [`allow_wasm`]
//! on its response. The module's address carries its SHA-256, so it is cached for a year and a
//! new build is a new address.

use std::sync::LazyLock;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

use crate::extract::Path;
use crate::state::AppState;

/// The voter's WebAssembly (crates/ballot-wasm).
pub const WASM: &[u8] = include_bytes!("../static/ballot.wasm");
const JS: &str = include_str!("../static/encrypt.js");

/// `{first 16 hex digits of the module's SHA-256}.wasm`.
static WASM_FILE: LazyLock<String> =
    LazyLock::new(|| format!("{}.wasm", &hex::encode(Sha256::digest(WASM))[..16]));

/// The module's address for the page's `data-wasm`.
pub fn wasm_path() -> String {
    format!("/static/ballot/{}", *WASM_FILE)
}

/// The policy of a page that runs the module: the server's ([`crate::security::CSP`]) with
/// `'wasm-unsafe-eval'` added to `script-src` (compiling WebAssembly; no JavaScript `eval`).
pub static CSP: LazyLock<String> = LazyLock::new(|| {
    crate::security::CSP.replacen(
        "script-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        1,
    )
});

/// Lets this response's page compile WebAssembly (the headers layer keeps a CSP already set).
pub fn allow_wasm(mut r: Response) -> Response {
    if let Ok(v) = HeaderValue::from_str(&CSP) {
        r.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    r
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/static/encrypt.js", get(script))
        .route("/static/ballot/{file}", get(module))
}

async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        JS,
    )
}

async fn module(Path(file): Path<String>) -> Response {
    if file != *WASM_FILE {
        return StatusCode::NOT_FOUND.into_response();
    }
    (
        [
            (header::CONTENT_TYPE, "application/wasm"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        WASM,
    )
        .into_response()
}
