//! `/lang/{code}?back=/path`: choose the interface language (a plain link, no JavaScript).

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::cookies;
use crate::extract::{Path, Query};
use crate::i18n::{LANG_COOKIE, Lang};

#[derive(Deserialize)]
pub struct Back {
    back: Option<String>,
}

pub async fn switch(Path(code): Path<String>, Query(q): Query<Back>) -> Response {
    // Only local paths: never redirect to another site.
    let back = crate::redirect::local_or_home(q.back.as_deref());
    let mut r = Redirect::to(&back).into_response();
    if let Some(lang) = Lang::from_code(&code)
        && let Ok(v) = HeaderValue::from_str(&cookies::set(
            LANG_COOKIE,
            lang.code(),
            Some(365 * 24 * 3600),
            false,
        ))
    {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}
