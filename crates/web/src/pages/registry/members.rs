//! Members of an organization: add, remove, export as CSV (its secretaries and administrators).

use asamblea_app::actions::registry::add_member::{NewMember, add_member};
use asamblea_app::actions::registry::remove_member::remove_member;
use asamblea_app::domain::{MemberId, OrganizationId};
use asamblea_app::queries::registry::{members_csv, organization};
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

use super::csv_response;
use super::organization::render_page;
use crate::error::PageError;
use crate::extract::{Form, Path};
use crate::page::PageCtx;
use crate::pages::outcome::redirect_or;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct MemberForm {
    csrf: String,
    member_number: String,
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
}

pub async fn add(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<OrganizationId>,
    Form(f): Form<MemberForm>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    let input = NewMember {
        member_number: f.member_number,
        name: f.name,
        phone: Some(f.phone),
        email: Some(f.email),
    };
    let r = add_member(&state.store, &actor, id, input).await;
    redirect_or(
        page,
        r,
        &format!("/organizations/{id}#members"),
        async |page, refusal| {
            render_page(
                &state,
                page,
                id,
                Default::default(),
                refusal.status,
                Some(refusal.message),
            )
            .await
        },
    )
    .await
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    csrf: String,
}

pub async fn remove(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, member)): Path<(OrganizationId, MemberId)>,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    remove_member(&state.store, &actor, id, member).await?;
    Ok(crate::pages::see_other(&format!(
        "/organizations/{id}#members"
    )))
}

pub async fn export(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<OrganizationId>,
) -> Result<Response, PageError> {
    let actor = page.actor()?;
    let body = members_csv(&state.store, &actor, id).await?;
    let short = organization(&state.store, id)
        .await
        .ok()
        .flatten()
        .map(|o| o.short_name)
        .unwrap_or_default();
    let safe: String = short
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    Ok(csv_response(&format!("members-{safe}.csv"), body))
}
