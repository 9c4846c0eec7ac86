//! Errors as pages (HTML, localized) and as API answers (JSON with a stable `error` key).

use asamblea_app::AppError;
use askama::Template;
use axum::Json;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

use crate::page::PageCtx;
use crate::state::AppState;

/// The status and message key for a domain error.
pub fn classify(e: &AppError) -> (StatusCode, &'static str) {
    match e {
        AppError::Invalid { key, .. } => (StatusCode::UNPROCESSABLE_ENTITY, key),
        AppError::Unauthorized { key } => (StatusCode::UNAUTHORIZED, key),
        AppError::Forbidden => (StatusCode::FORBIDDEN, "error-forbidden"),
        AppError::Throttled => (StatusCode::TOO_MANY_REQUESTS, "error-throttled"),
        AppError::NotFound => (StatusCode::NOT_FOUND, "error-not-found"),
        AppError::Conflict { key } => (StatusCode::CONFLICT, key),
        e if storage_full(e) => (StatusCode::INSUFFICIENT_STORAGE, "error-storage-full"),
        AppError::Store(_) | AppError::Database(_) | AppError::Internal(_) => {
            (StatusCode::INTERNAL_SERVER_ERROR, "error-internal")
        }
    }
}

/// Whether the database refused a write for lack of space (SQLite `SQLITE_FULL`, code 13;
/// PostgreSQL `disk_full`, 53100): nothing of that write was kept (RELIABILITY.md).
fn storage_full(e: &AppError) -> bool {
    let db = match e {
        AppError::Store(asamblea_store::StoreError::Db(d)) | AppError::Database(d) => d,
        _ => return false,
    };
    match db {
        asamblea_store::sqlx::Error::Database(d) => {
            matches!(d.code().as_deref(), Some("13") | Some("53100"))
        }
        _ => false,
    }
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage {
    page: PageCtx,
    title: String,
    message: String,
}

/// An error shown as a page in the request's language. Handlers return it with `?` on an
/// [`AppError`] (the one mapping is [`classify`]); the page itself is rendered by
/// [`render_error_pages`], which knows the request (language, user, form token).
#[derive(Debug, Clone, Copy)]
pub struct PageError {
    pub status: StatusCode,
    pub key: &'static str,
}

impl PageError {
    /// An error page with this status and message key.
    pub fn status(status: StatusCode, key: &'static str) -> Self {
        Self { status, key }
    }

    /// Not found (404).
    pub fn not_found() -> Self {
        Self::status(StatusCode::NOT_FOUND, "error-not-found")
    }
}

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        let (status, key) = classify(&e);
        log_unexpected(status, &e);
        Self { status, key }
    }
}

/// Logs an error that is not the caller's doing (a 5xx), with its cause.
fn log_unexpected(status: StatusCode, e: &AppError) {
    if status.is_server_error() {
        let cause = std::error::Error::source(e).map(ToString::to_string);
        tracing::error!(error = %e, cause = ?cause, "request failed");
    }
}

/// What a [`PageError`] leaves on its response for [`render_error_pages`].
#[derive(Debug, Clone, Copy)]
struct ErrorPageKey(&'static str);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        response.extensions_mut().insert(ErrorPageKey(self.key));
        response
    }
}

/// The layer that renders every [`PageError`] as a page in the request's language, with the
/// request's user and form token, so handlers need no page context to fail.
pub async fn render_error_pages(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let mut kept = Request::new(());
    *kept.uri_mut() = parts.uri.clone();
    *kept.headers_mut() = parts.headers.clone();
    if let Some(token) = parts.extensions.get::<crate::csrf::CsrfToken>() {
        kept.extensions_mut().insert(token.clone());
    }
    let response = next.run(Request::from_parts(parts, body)).await;
    let Some(ErrorPageKey(key)) = response.extensions().get::<ErrorPageKey>().copied() else {
        return response;
    };
    let (mut parts, ()) = kept.into_parts();
    let Ok(page) = PageCtx::from_request_parts(&mut parts, &state).await else {
        // The page itself cannot be built (the database does not answer): the bare status.
        return response;
    };
    let status = response.status();
    let t = MessagePage {
        title: page.i18n.t("error-title"),
        message: page.i18n.t(key),
        page,
    };
    let mut page_response = (status, render(&t)).into_response();
    // Headers the handler set (e.g. a cookie) stay.
    for (name, value) in response.headers() {
        if name != axum::http::header::CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            page_response.headers_mut().append(name, value.clone());
        }
    }
    page_response
}

/// Renders a template; a template error is logged and shown as a plain 500.
pub fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

/// An error of the JSON API: `{"error": "<message key>", "message": "<English text>"}`, with
/// `"field"` (and the parser's `"detail"`) when one field of the input was refused, and `"line"` and `"byte"` (1-based) when
/// the body itself could not be read there.
pub struct ApiError {
    pub status: StatusCode,
    pub key: &'static str,
    pub field: Option<String>,
    /// What a parser said about the refused input (technical, English).
    pub detail: Option<String>,
    pub line: Option<usize>,
    pub byte: Option<usize>,
}

impl ApiError {
    pub fn new(status: StatusCode, key: &'static str) -> Self {
        Self {
            status,
            key,
            field: None,
            detail: None,
            line: None,
            byte: None,
        }
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        let (status, key) = classify(&e);
        log_unexpected(status, &e);
        Self::new(status, key)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        use crate::i18n::{Arg, I18n, Lang};
        let field = self.field.clone().unwrap_or_default();
        let message = I18n::new(Lang::En).t_args(
            self.key,
            &[
                ("field", Arg::Str(field)),
                (
                    "line",
                    Arg::Num(i64::try_from(self.line.unwrap_or(0)).unwrap_or(0)),
                ),
                (
                    "byte",
                    Arg::Num(i64::try_from(self.byte.unwrap_or(0)).unwrap_or(0)),
                ),
            ],
        );
        let mut body = json!({"error": self.key, "message": message});
        if let Some(field) = self.field {
            body["field"] = json!(field);
        }
        if let Some(detail) = self.detail {
            body["detail"] = json!(detail);
        }
        if let (Some(line), Some(byte)) = (self.line, self.byte) {
            body["line"] = json!(line);
            body["byte"] = json!(byte);
        }
        (self.status, Json(body)).into_response()
    }
}
