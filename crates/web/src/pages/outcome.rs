//! The outcome of a form post: on success a 303 to a page; on a refusal (invalid input, or the
//! state moved on) the same page again with the refusal's message and status (422, 409); any other
//! error as an error page.

use asamblea_app::AppError;
use axum::http::StatusCode;
use axum::response::Response;

use crate::error::{PageError, classify};
use crate::page::PageCtx;
use crate::pages::see_other;

/// A refusal a page shows on itself.
pub struct Refusal {
    /// 422 for invalid input, 409 for a conflict.
    pub status: StatusCode,
    /// The message key.
    pub key: &'static str,
    /// The message in the reader's language.
    pub message: String,
}

/// An invalid input or a conflict as a [`Refusal`]; any other error as an error page.
pub fn refusal(page: &PageCtx, e: AppError) -> Result<Refusal, PageError> {
    match e {
        AppError::Invalid { .. } | AppError::Conflict { .. } => {
            let (status, key) = classify(&e);
            Ok(Refusal {
                status,
                key,
                message: page.i18n.t(key),
            })
        }
        e => Err(PageError::from(e)),
    }
}

/// 303 to `to` on success; on a refusal, `again` renders the page with it; other errors as pages.
pub async fn redirect_or<T>(
    page: PageCtx,
    r: Result<T, AppError>,
    to: &str,
    again: impl AsyncFnOnce(PageCtx, Refusal) -> Result<Response, PageError>,
) -> Result<Response, PageError> {
    match r {
        Ok(_) => Ok(see_other(to)),
        Err(e) => {
            let refusal = refusal(&page, e)?;
            again(page, refusal).await
        }
    }
}
