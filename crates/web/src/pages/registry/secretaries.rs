//! An administrator makes an account the secretary of an organization, or takes it away.

use asamblea_app::actions::registry::assign_secretary::assign_secretary;
use asamblea_app::domain::{AccountId, OrganizationId};
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

use super::require_registry_manager;
use crate::error::PageError;
use crate::extract::{Form, Path};
use crate::page::PageCtx;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct AssignForm {
    csrf: String,
    account_id: AccountId,
}

pub async fn assign(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<OrganizationId>,
    Form(f): Form<AssignForm>,
) -> Result<Response, PageError> {
    let actor = require_registry_manager(&page)?;
    page.check_csrf(&f.csrf)?;
    assign_secretary(&state.store, &actor, f.account_id, Some(id)).await?;
    Ok(crate::pages::see_other(&format!("/organizations/{id}")))
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    csrf: String,
}

pub async fn remove(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, account)): Path<(OrganizationId, AccountId)>,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, PageError> {
    let actor = require_registry_manager(&page)?;
    page.check_csrf(&f.csrf)?;
    assign_secretary(&state.store, &actor, account, None).await?;
    Ok(crate::pages::see_other(&format!("/organizations/{id}")))
}
