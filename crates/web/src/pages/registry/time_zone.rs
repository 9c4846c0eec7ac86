//! `POST /assemblies/{slug}/time-zone`: an administrator sets, from the seat plan page, the time
//! zone the assembly's times are shown in. A refusal shows the plan page with its message and
//! the zone as typed.

use std::collections::HashMap;

use asamblea_app::actions::registry::set_time_zone::{TimeZoneInput, set_time_zone};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;

use super::plan::plan_page;
use super::require_registry_manager;
use crate::error::PageError;
use crate::page::PageCtx;
use crate::pages::outcome::redirect_or;
use crate::state::AppState;

#[derive(serde::Deserialize)]
pub struct TimeZoneForm {
    csrf: String,
    #[serde(default)]
    time_zone: String,
}

pub async fn save(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
    Form(f): Form<TimeZoneForm>,
) -> Result<Response, PageError> {
    let actor = require_registry_manager(&page)?;
    page.check_csrf(&f.csrf)?;
    let input = TimeZoneInput {
        time_zone: f.time_zone.clone(),
    };
    let result = set_time_zone(&state.store, &actor, &slug, input).await;
    let to = format!("/assemblies/{slug}/plan");
    let typed = HashMap::from([("time_zone".to_string(), f.time_zone)]);
    redirect_or(page, result, &to, async |page, refusal| {
        plan_page(
            &state,
            page,
            &slug,
            Some(&typed),
            refusal.status,
            Some(refusal.message),
        )
        .await
    })
    .await
}
