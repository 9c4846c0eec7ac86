//! Errors as pages (HTML, localized) and as API answers (JSON with a stable `error` key).

use asamblea_app::AppError;
use askama::Template;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

use crate::page::PageCtx;

/// The status and message key for a domain error.
pub fn classify(e: &AppError) -> (StatusCode, &'static str) {
    match e {
        AppError::Invalid { key, .. } => (StatusCode::UNPROCESSABLE_ENTITY, key),
        AppError::Unauthorized { key } => (StatusCode::UNAUTHORIZED, key),
        AppError::Forbidden => (StatusCode::FORBIDDEN, "error-forbidden"),
        AppError::Throttled => (StatusCode::TOO_MANY_REQUESTS, "error-throttled"),
        AppError::NotFound => (StatusCode::NOT_FOUND, "error-not-found"),
        AppError::Conflict { key } => (StatusCode::CONFLICT, key),
        AppError::Store(_) | AppError::Database(_) | AppError::Internal(_) => {
            (StatusCode::INTERNAL_SERVER_ERROR, "error-internal")
        }
    }
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage {
    page: PageCtx,
    title: String,
    message: String,
}

/// An error shown as a page in the request's language.
pub struct PageError {
    /// Boxed: the context is large, and errors travel through every handler's `Result`.
    pub page: Box<PageCtx>,
    pub status: StatusCode,
    pub key: &'static str,
}

impl PageError {
    pub fn new(page: &PageCtx, status: StatusCode, key: &'static str) -> Self {
        Self {
            page: Box::new(page.clone()),
            status,
            key,
        }
    }
    pub fn from_app(page: &PageCtx, e: AppError) -> Self {
        if matches!(classify(&e).0, StatusCode::INTERNAL_SERVER_ERROR) {
            tracing::error!(error = %e, "request failed");
        }
        let (status, key) = classify(&e);
        Self::new(page, status, key)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let t = MessagePage {
            title: self.page.i18n.t("error-title"),
            message: self.page.i18n.t(self.key),
            page: *self.page,
        };
        (self.status, render(&t)).into_response()
    }
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

/// An error of the JSON API: `{"error": "<message key>", "message": "<English text>"}`.
pub struct ApiError {
    pub status: StatusCode,
    pub key: &'static str,
}

impl ApiError {
    pub fn new(status: StatusCode, key: &'static str) -> Self {
        Self { status, key }
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        let (status, key) = classify(&e);
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = %e, "api request failed");
        }
        Self { status, key }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let message = crate::i18n::I18n::new(crate::i18n::Lang::En).t(self.key);
        (
            self.status,
            Json(json!({"error": self.key, "message": message})),
        )
            .into_response()
    }
}
