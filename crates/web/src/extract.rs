//! The request extractors every handler uses: [`Form`], [`Json`], [`Path`], [`Query`] and
//! [`Text`] (a UTF-8 body). A value that does not fit is refused through `error.rs` like any
//! other error: under `/api/` as `{"error": …, "message": …, "field": …}` JSON naming the field
//! (and, for a body that is not UTF-8, its `line` and `byte`); elsewhere as a page in the
//! request's language. Never axum's plain-text English rejection.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, OriginalUri, Request};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, PageError};

/// Why a request's input was refused: the status, the message key, and the field when known.
#[derive(Debug)]
pub struct Rejection {
    api: bool,
    status: StatusCode,
    key: &'static str,
    field: Option<String>,
    /// The 1-based line and byte in that line where the body went wrong.
    position: Option<(usize, usize)>,
    /// What the parser said (technical, English), for the API.
    detail: Option<String>,
}

impl Rejection {
    fn new(api: bool, status: StatusCode, key: &'static str) -> Self {
        Self {
            api,
            status,
            key,
            field: None,
            position: None,
            detail: None,
        }
    }

    fn detail(mut self, detail: String) -> Self {
        self.detail = Some(detail);
        self
    }

    fn field(mut self, field: String) -> Self {
        if !field.is_empty() && field != "." {
            self.field = Some(field);
        }
        self
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        if self.api {
            let mut e = ApiError::new(self.status, self.key);
            e.field = self.field;
            e.detail = self.detail;
            if let Some((line, byte)) = self.position {
                e.line = Some(line);
                e.byte = Some(byte);
            }
            e.into_response()
        } else {
            // A page names no internal field and no byte offset: the general message.
            let key = match self.key {
                "error-input-field" => "error-invalid",
                "error-input-json" | "error-input-not-utf8" => "error-input-unreadable",
                other => other,
            };
            PageError::status(self.status, key).into_response()
        }
    }
}

/// Whether the request is for the JSON API (the router nests it under `/api/`, so the URI a
/// nested handler sees has lost that prefix: the original one tells).
fn is_api(parts_uri: &axum::http::Uri, original: Option<&OriginalUri>) -> bool {
    original
        .map(|o| &o.0)
        .unwrap_or(parts_uri)
        .path()
        .starts_with("/api/")
}

fn request_is_api(req: &Request) -> bool {
    is_api(req.uri(), req.extensions().get::<OriginalUri>())
}

fn content_type_is(req: &Request, wanted: &str, suffix: Option<&str>) -> bool {
    let Some(ct) = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == wanted || suffix.is_some_and(|s| essence.ends_with(s))
}

async fn body<S: Send + Sync>(req: Request, state: &S, api: bool) -> Result<Bytes, Rejection> {
    Bytes::from_request(req, state).await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Rejection::new(api, StatusCode::PAYLOAD_TOO_LARGE, "error-input-too-large")
        } else {
            Rejection::new(api, StatusCode::BAD_REQUEST, "error-input-unreadable")
        }
    })
}

/// Deserializes urlencoded pairs, naming the field that did not fit.
fn from_urlencoded<T: DeserializeOwned>(bytes: &[u8], api: bool) -> Result<T, Rejection> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(bytes));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let field = e.path().to_string();
        Rejection::new(api, StatusCode::UNPROCESSABLE_ENTITY, "error-input-field")
            .field(field)
            .detail(e.into_inner().to_string())
    })
}

/// A form (`application/x-www-form-urlencoded` body; the query string on GET).
#[derive(Debug, Clone, Copy, Default)]
pub struct Form<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Rejection> {
        let api = request_is_api(&req);
        if req.method() == Method::GET || req.method() == Method::HEAD {
            let query = req.uri().query().unwrap_or("").to_owned();
            return from_urlencoded(query.as_bytes(), api).map(Form);
        }
        if !content_type_is(&req, "application/x-www-form-urlencoded", None) {
            return Err(Rejection::new(
                api,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "error-input-form-type",
            ));
        }
        let bytes = body(req, state, api).await?;
        from_urlencoded(&bytes, api).map(Form)
    }
}

/// A JSON body (`application/json`); also the JSON answer of a handler.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Rejection> {
        let api = request_is_api(&req);
        if !content_type_is(&req, "application/json", Some("+json")) {
            return Err(Rejection::new(
                api,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "error-input-json-type",
            ));
        }
        let bytes = body(req, state, api).await?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let field = e.path().to_string();
            let inner = e.into_inner();
            if inner.is_data() {
                Rejection::new(api, StatusCode::UNPROCESSABLE_ENTITY, "error-input-field")
                    .field(field)
                    .detail(inner.to_string())
            } else {
                let mut r = Rejection::new(api, StatusCode::BAD_REQUEST, "error-input-json");
                r.position = Some((inner.line(), inner.column()));
                r
            }
        })?;
        de.end().map_err(|e| {
            let mut r = Rejection::new(api, StatusCode::BAD_REQUEST, "error-input-json");
            r.position = Some((e.line(), e.column()));
            r
        })?;
        Ok(Json(value))
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// Parameters in the route's path. One that does not parse names nothing that exists: 404.
#[derive(Debug, Clone, Copy, Default)]
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Rejection> {
        let api = is_api(&parts.uri, parts.extensions.get::<OriginalUri>());
        // A route with one parameter names it even when the error does not.
        let only = match axum::extract::RawPathParams::from_request_parts(parts, state).await {
            Ok(raw) => {
                let mut keys = raw.iter().map(|(k, _)| k.to_owned());
                match (keys.next(), keys.next()) {
                    (Some(k), None) => Some(k),
                    _ => None,
                }
            }
            Err(_) => None,
        };
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Path(v)),
            Err(e) => {
                use axum::extract::path::ErrorKind;
                use axum::extract::rejection::PathRejection;
                let key = match &e {
                    PathRejection::FailedToDeserializePathParams(d) => match d.kind() {
                        ErrorKind::ParseErrorAtKey { key, .. }
                        | ErrorKind::InvalidUtf8InPathParam { key } => Some(key.clone()),
                        _ => None,
                    },
                    _ => None,
                }
                .or(only);
                let r = Rejection::new(api, StatusCode::NOT_FOUND, "error-not-found");
                Err(match key {
                    Some(k) => r.field(k),
                    None => r,
                })
            }
        }
    }
}

/// The query string.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Rejection> {
        let api = is_api(&parts.uri, parts.extensions.get::<OriginalUri>());
        let query = parts.uri.query().unwrap_or("");
        from_urlencoded(query.as_bytes(), api).map(Query)
    }
}

/// A text body that must be UTF-8 (a CSV or BLT file). One that is not is refused with 400
/// `error-input-not-utf8`, the line and the byte (1-based, in that line) where decoding failed:
/// a file saved as Latin-1 or Windows-1252 says where to look.
#[derive(Debug, Clone, Default)]
pub struct Text(pub String);

impl<S: Send + Sync> FromRequest<S> for Text {
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Rejection> {
        let api = request_is_api(&req);
        let bytes = body(req, state, api).await?;
        match String::from_utf8(bytes.to_vec()) {
            Ok(s) => Ok(Text(s)),
            Err(e) => {
                let mut r = Rejection::new(api, StatusCode::BAD_REQUEST, "error-input-not-utf8");
                r.position = Some(utf8_position(&bytes, e.utf8_error().valid_up_to()));
                Err(r)
            }
        }
    }
}

/// The 1-based line and the 1-based byte within that line of offset `at` in `bytes`.
pub fn utf8_position(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = bytes.get(..at).unwrap_or(bytes);
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    (line, at - line_start + 1)
}

#[cfg(test)]
mod tests {
    use super::utf8_position;

    #[test]
    fn positions_are_one_based_per_line() {
        assert_eq!(utf8_position(b"abc", 0), (1, 1));
        assert_eq!(utf8_position(b"a,b\nJos\xe9", 7), (2, 4));
        assert_eq!(utf8_position(b"x\n\n\xe9", 3), (3, 1));
    }
}
