//! `/organizations/{id}/members/{member}/edit`: correct a member (its organization's
//! secretaries and administrators).

use asamblea_app::actions::registry::add_member::NewMember;
use asamblea_app::actions::registry::update_member::update_member;
use asamblea_app::domain::{MemberId, OrganizationId};
use asamblea_app::queries::registry::member;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::error::{PageError, render};
use crate::extract::{Form, Path};
use crate::page::PageCtx;
use crate::pages::outcome::redirect_or;
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct MemberForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    member_number: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
}

#[derive(Template)]
#[template(path = "registry/member_form.html")]
struct MemberPage {
    page: PageCtx,
    org: OrganizationId,
    id: MemberId,
    v: MemberForm,
    error: Option<String>,
}

pub async fn form(
    State(state): State<AppState>,
    page: PageCtx,
    Path((org, id)): Path<(OrganizationId, MemberId)>,
) -> Result<Response, PageError> {
    let actor = page.actor()?;
    let m = member(&state.store, &actor, org, id)
        .await?
        .ok_or_else(PageError::not_found)?;
    let v = MemberForm {
        csrf: String::new(),
        member_number: m.member_number,
        name: m.name,
        phone: m.phone.unwrap_or_default(),
        email: m.email.unwrap_or_default(),
    };
    Ok(render(&MemberPage {
        page,
        org,
        id,
        v,
        error: None,
    }))
}

pub async fn save(
    State(state): State<AppState>,
    page: PageCtx,
    Path((org, id)): Path<(OrganizationId, MemberId)>,
    Form(f): Form<MemberForm>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    let input = NewMember {
        member_number: f.member_number.clone(),
        name: f.name.clone(),
        phone: Some(f.phone.clone()),
        email: Some(f.email.clone()),
    };
    let r = update_member(&state.store, &actor, org, id, input).await;
    redirect_or(
        page,
        r,
        &format!("/organizations/{org}#members"),
        async |page, refusal| {
            let t = MemberPage {
                page,
                org,
                id,
                v: f,
                error: Some(refusal.message),
            };
            Ok((refusal.status, render(&t)).into_response())
        },
    )
    .await
}
