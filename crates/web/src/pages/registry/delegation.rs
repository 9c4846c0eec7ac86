//! An administrator makes an organization the delegation of a departmental assembly to the
//! national one (issue 12): the national plan then gives it seats, filled by an election among
//! the departmental assembly's seated delegates. The form is on the organization's page.

use asamblea_app::actions::federation::set_delegation::{SetDelegation, set_delegation};
use asamblea_app::domain::OrganizationId;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

use super::organization::render_page;
use super::require_registry_manager;
use crate::error::PageError;
use crate::extract::{Form, Path};
use crate::page::PageCtx;
use crate::pages::outcome::refusal;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct DelegationForm {
    csrf: String,
    assembly: String,
}

pub async fn set(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<OrganizationId>,
    Form(f): Form<DelegationForm>,
) -> Result<Response, PageError> {
    let actor = require_registry_manager(&page)?;
    page.check_csrf(&f.csrf)?;
    let input = SetDelegation {
        assembly: f.assembly,
    };
    match set_delegation(&state.store, &actor, id, input).await {
        Ok(()) => Ok(crate::pages::see_other(&format!("/organizations/{id}"))),
        Err(e) => {
            let r = refusal(&page, e)?;
            render_page(
                &state,
                page,
                id,
                Default::default(),
                r.status,
                Some(r.message),
            )
            .await
        }
    }
}
