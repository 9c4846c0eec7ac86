//! `/assemblies/new`: an administrator creates a national or departmental assembly.

use asamblea_app::AppError;
use asamblea_app::actions::registry::create_assembly::{NewAssembly, create_assembly};
use asamblea_app::domain::AssemblyLevel;
use asamblea_app::queries::assemblies::list_assemblies;
use asamblea_app::queries::registry::list_departments;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::require_registry_manager;
use crate::error::{PageError, render};
use crate::extract::Form;
use crate::page::PageCtx;
use crate::pages::outcome::redirect_or;
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct AssemblyForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    parent: String,
    #[serde(default)]
    time_zone: String,
}

impl AssemblyForm {
    /// Whether the form asks for a departmental assembly (else national).
    fn departmental(&self) -> bool {
        matches!(self.level(), Ok(AssemblyLevel::Departmental))
    }

    fn level(&self) -> Result<AssemblyLevel, AppError> {
        self.level
            .trim()
            .to_lowercase()
            .parse()
            .map_err(|_| AppError::invalid("level", "error-registry-level"))
    }
}

pub struct Parent {
    pub slug: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "registry/assembly_form.html")]
struct AssemblyPage {
    page: PageCtx,
    v: AssemblyForm,
    departments: Vec<String>,
    parents: Vec<Parent>,
    error: Option<String>,
}

async fn assembly_page(
    state: &AppState,
    page: PageCtx,
    v: AssemblyForm,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, PageError> {
    let departments = list_departments(&state.store).await?;
    let parents = list_assemblies(&state.store)
        .await?
        .into_iter()
        .filter(|a| a.level == AssemblyLevel::National)
        .map(|a| Parent {
            slug: a.slug,
            name: a.name,
        })
        .collect();
    let t = AssemblyPage {
        page,
        v,
        departments,
        parents,
        error,
    };
    Ok((status, render(&t)).into_response())
}

pub async fn form(State(state): State<AppState>, page: PageCtx) -> Result<Response, PageError> {
    require_registry_manager(&page)?;
    let v = AssemblyForm {
        level: AssemblyLevel::National.as_str().into(),
        ..Default::default()
    };
    assembly_page(&state, page, v, StatusCode::OK, None).await
}

pub async fn create(
    State(state): State<AppState>,
    page: PageCtx,
    Form(f): Form<AssemblyForm>,
) -> Result<Response, PageError> {
    let actor = require_registry_manager(&page)?;
    page.check_csrf(&f.csrf)?;
    let r = match f.level() {
        Ok(level) => {
            let input = NewAssembly {
                slug: f.slug.clone(),
                name: f.name.clone(),
                level,
                department: Some(f.department.clone()),
                parent: Some(f.parent.clone()),
                time_zone: Some(f.time_zone.clone()),
            };
            create_assembly(&state.store, &actor, input).await
        }
        Err(e) => Err(e),
    };
    let to = format!("/assemblies/{}/plan", f.slug.trim().to_lowercase());
    redirect_or(page, r, &to, async |page, refusal| {
        assembly_page(&state, page, f, refusal.status, Some(refusal.message)).await
    })
    .await
}
