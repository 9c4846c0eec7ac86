//! How much a request may send: [`GENERAL`] everywhere, [`IMPORT`] where a register is
//! imported (a federation's members, 200,000 rows and more). A body declared larger than its
//! limit is read to the end and thrown away before the answer: a client still sending when the
//! server answers 413 and closes would see the connection reset instead of the reason (what a
//! secretary saw before). The answer is the usual error: JSON under `/api/`, a page elsewhere.
//! A body that does not declare its length is cut at the limit by [`Limited`], and the extractor
//! answers 413 (`extract.rs`). A body that stops arriving for [`BODY_IDLE`] is cut too.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use http_body_util::Limited;
use std::time::Duration;
use tower_http::timeout::TimeoutBody;

use crate::error::{ApiError, PageError};

/// Bytes any request may send.
pub const GENERAL: usize = 1024 * 1024;
/// Bytes an import (`…/import`, `…/import/confirm`, `…/import/upload`) may send: a register of about 400,000 members.
pub const IMPORT: usize = 32 * 1024 * 1024;
/// A body larger than its limit is read and dropped up to this many bytes, for this long, so that
/// its sender reads the 413; beyond, the connection is closed.
const DRAIN_AT_MOST: usize = 256 * 1024 * 1024;
const DRAIN_FOR: Duration = Duration::from_secs(60);
/// A body that sends nothing for this long is cut (a slow client holding a connection by sending
/// its body a byte at a time, or not at all); a slow but moving upload goes on.
pub const BODY_IDLE: Duration = Duration::from_secs(15);

/// The limit for a request, and the message that refuses a body over it.
pub fn limit_for(method: &Method, path: &str) -> (usize, &'static str) {
    if ["/import", "/import/confirm", "/import/upload"]
        .iter()
        .any(|end| path.ends_with(end))
    {
        (IMPORT, "error-import-too-large")
    } else if method == Method::PUT && is_board_document(path) {
        (crate::api::DOCUMENT_LIMIT, "error-input-too-large")
    } else {
        (GENERAL, "error-input-too-large")
    }
}

/// `/api/v1/boards/{id}/{name}`: a secret election board's document (issue 14).
fn is_board_document(path: &str) -> bool {
    path.strip_prefix("/api/v1/boards/")
        .is_some_and(|rest| rest.split('/').count() == 2)
}

/// The middleware: refuses a body over its path's limit with a clear 413.
pub async fn limit_bodies(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let (limit, key) = limit_for(req.method(), &path);
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        drain(req.into_body()).await;
        return too_large(path.starts_with("/api/"), limit, key);
    }
    let (parts, body) = req.into_parts();
    let body = TimeoutBody::new(BODY_IDLE, Limited::new(body, limit));
    next.run(Request::from_parts(parts, Body::new(body))).await
}

/// Reads and drops what the client sends, within [`DRAIN_AT_MOST`] and [`DRAIN_FOR`].
async fn drain(body: Body) {
    let mut stream = body.into_data_stream();
    let mut read = 0usize;
    let _ = tokio::time::timeout(DRAIN_FOR, async {
        while let Some(Ok(chunk)) = stream.next().await {
            read += chunk.len();
            if read > DRAIN_AT_MOST {
                break;
            }
        }
    })
    .await;
}

/// The 413: the API says the limit in bytes; a page says it in words.
pub fn too_large(api: bool, limit: usize, key: &'static str) -> Response {
    if api {
        let mut e = ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, key);
        e.detail = Some(format!("at most {limit} bytes may be sent to this address"));
        e.into_response()
    } else {
        PageError::status(StatusCode::PAYLOAD_TOO_LARGE, key).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_and_board_documents_get_larger_limits() {
        let post = |p: &str| limit_for(&Method::POST, p).0;
        assert_eq!(post("/api/v1/organizations/3/members/import"), IMPORT);
        assert_eq!(post("/organizations/3/import/confirm"), IMPORT);
        assert_eq!(post("/organizations/3/import"), IMPORT);
        assert_eq!(post("/organizations/3/import/upload"), IMPORT);
        assert_eq!(post("/sessions/3/motions"), GENERAL);
        assert_eq!(post("/organizations/3/importer"), GENERAL);
        let put = |p: &str| limit_for(&Method::PUT, p).0;
        assert_eq!(put("/api/v1/boards/e1/tally"), crate::api::DOCUMENT_LIMIT);
        assert_eq!(post("/api/v1/boards/e1/ballots"), GENERAL);
        assert_eq!(put("/api/v1/boards/e1"), GENERAL);
    }
}
