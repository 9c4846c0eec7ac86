//! `POST /sessions/votes/{id}/hall-code`: a teller gives a present delegate without a phone a
//! one-time code for the hall's shared device (`/hall/vote`) in an open encrypted secret vote
//! (`asamblea_app::actions::hall::issue_hall_code`). The answer shows the code once, never
//! cached; a refusal shows the item page with its reason.

use asamblea_app::actions::hall::issue_hall_code::{IssueHallCode, issue_hall_code};
use asamblea_app::domain::{DelegateId, VoteId};
use asamblea_app::queries::sessions::view;
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::item::render_item;
use crate::error::{PageError, render};
use crate::extract::{Form, Path};
use crate::form_fields::{Fields, field, form_actor};
use crate::page::PageCtx;
use crate::pages::outcome::refusal;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "sessions/hall_code.html")]
struct CodePage {
    page: PageCtx,
    title: String,
    delegate: String,
    code: String,
    back: String,
}

pub async fn issue(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<VoteId>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    let a = form_actor(&page, &f)?;
    let v = view::vote(&state.store, id)
        .await?
        .ok_or_else(PageError::not_found)?;
    let delegate_id = field(&f, "delegate_id").parse().map(DelegateId);
    let r = match delegate_id {
        Ok(delegate_id) => {
            issue_hall_code(&state.store, &a, id, &IssueHallCode { delegate_id }).await
        }
        Err(_) => Err(asamblea_app::AppError::invalid(
            "delegate_id",
            "error-hall-delegate",
        )),
    };
    let back = match v.item_id {
        Some(item) => format!("/sessions/items/{item}"),
        None => format!("/sessions/votes/{id}"),
    };
    match r {
        Ok(code) => {
            let delegate = match delegate_id {
                Ok(d) => view::seated(&state.store, v.assembly_id)
                    .await?
                    .into_iter()
                    .find(|s| s.id == d)
                    .map(|s| format!("{} · {}", s.name, s.organization))
                    .unwrap_or_default(),
                Err(_) => String::new(),
            };
            let title = super::vote_title(&page, &v);
            let mut r = render(&CodePage {
                page,
                title,
                delegate,
                code,
                back,
            });
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            Ok(r)
        }
        Err(e) => {
            let refused = refusal(&page, e)?;
            match v.item_id {
                Some(item) => {
                    render_item(&state, page.with_error(refused.key), item, refused.status).await
                }
                None => Ok((refused.status, refused.message).into_response()),
            }
        }
    }
}
