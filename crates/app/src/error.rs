//! Errors of actions and queries. User-facing text is chosen by the web layer from `key`, which is
//! a Fluent message id, so the domain stays free of any language.

use asamblea_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input is not acceptable; `field` names the form field, `key` the message id.
    #[error("invalid {field}: {key}")]
    Invalid {
        field: &'static str,
        key: &'static str,
    },
    /// Not logged in, or the credentials are wrong.
    #[error("unauthorized: {key}")]
    Unauthorized { key: &'static str },
    /// Logged in, but this actor may not do this.
    #[error("forbidden")]
    Forbidden,
    /// Too many failed attempts; try again later.
    #[error("too many attempts")]
    Throttled,
    #[error("not found")]
    NotFound,
    /// The state changed under the request (e.g. a stale form); `key` says how.
    #[error("conflict: {key}")]
    Conflict { key: &'static str },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("internal: {0}")]
    Internal(String),
}

impl AppError {
    pub fn invalid(field: &'static str, key: &'static str) -> Self {
        AppError::Invalid { field, key }
    }
}
