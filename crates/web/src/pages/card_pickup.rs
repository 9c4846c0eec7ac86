//! `/card`: a person collects a new credential card on their own phone. The phone asks (a secret
//! kept in a cookie, a pickup number on the screen), the credentials commission or an
//! administrator approves the number, the phone collects the login code: shown here once, to
//! nobody else (`asamblea_app::actions::accounts::card_pickup`).

use asamblea_app::actions::accounts::card_pickup::{
    CollectCard, collect_card, pickup_status, start_card_pickup,
};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::cookies;
use crate::error::{PageError, render};
use crate::extract::Form;
use crate::page::PageCtx;
use crate::pages::outcome::refusal;
use crate::pages::see_other;
use crate::state::AppState;

const PICKUP_COOKIE: &str = "asamblea_pickup";

#[derive(Template)]
#[template(path = "card_pickup.html")]
struct PickupPage {
    page: PageCtx,
    number: Option<String>,
    code: Option<String>,
    error: Option<String>,
}

async fn show_page(
    state: &AppState,
    page: PageCtx,
    headers: &HeaderMap,
    error: Option<String>,
) -> Result<Response, PageError> {
    let number = match cookies::get(headers, PICKUP_COOKIE) {
        Some(secret) => pickup_status(&state.store, &secret)
            .await?
            .filter(|p| !p.collected)
            .map(|p| p.number),
        None => None,
    };
    Ok(render(&PickupPage {
        page,
        number,
        code: None,
        error,
    }))
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    show_page(&state, page, &headers, None).await
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    csrf: String,
}

pub async fn start(
    State(state): State<AppState>,
    page: PageCtx,
    axum::extract::ConnectInfo(addr): axum::extract::ConnectInfo<std::net::SocketAddr>,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, PageError> {
    page.check_csrf(&f.csrf)?;
    let pickup = start_card_pickup(&state.store, &addr.ip().to_string()).await?;
    let mut r = see_other("/card");
    let cookie = cookies::set(
        PICKUP_COOKIE,
        &pickup.secret,
        Some(3600),
        state.secure_cookies,
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(r)
}

pub async fn collect(
    State(state): State<AppState>,
    page: PageCtx,
    headers: HeaderMap,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, PageError> {
    page.check_csrf(&f.csrf)?;
    let Some(secret) = cookies::get(&headers, PICKUP_COOKIE) else {
        return show_page(&state, page, &headers, None).await;
    };
    match collect_card(&state.store, &CollectCard { secret }).await {
        Ok(card) => {
            let mut r = render(&PickupPage {
                page,
                number: None,
                code: Some(card.card_code),
                error: None,
            })
            .into_response();
            for c in [
                cookies::clear(PICKUP_COOKIE),
                super::session_cookie(&card.token, state.secure_cookies),
            ] {
                if let Ok(v) = HeaderValue::from_str(&c) {
                    r.headers_mut().append(header::SET_COOKIE, v);
                }
            }
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            Ok(r)
        }
        Err(e) => {
            let refusal = refusal(&page, e)?;
            let again = show_page(&state, page, &headers, Some(refusal.message)).await?;
            Ok((refusal.status, again).into_response())
        }
    }
}
