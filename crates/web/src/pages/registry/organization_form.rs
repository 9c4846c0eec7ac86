//! `/organizations/new` (administrators) and `/organizations/{id}/edit` (administrators; an
//! organization's secretary edits its membership and term only).

use asamblea_app::AppError;
use asamblea_app::actions::registry::create_organization::{
    OrganizationInput, create_organization,
};
use asamblea_app::actions::registry::may_act_for;
use asamblea_app::actions::registry::update_organization::{
    OrganizationPatch, update_organization,
};
use asamblea_app::domain::{OrganizationId, OrganizationKind};
use asamblea_app::queries::registry::{
    list_departments, list_organizations, list_sectors, organization,
};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{kind_label, manages_registry, require_registry_manager};
use crate::error::{PageError, render};
use crate::extract::{Form, Path};
use crate::page::PageCtx;
use crate::pages::outcome::{redirect_or, refusal};
use crate::state::AppState;

pub struct Choice {
    pub value: String,
    pub label: String,
}

/// The submitted (or current) values, as typed.
#[derive(Deserialize, Default, Clone)]
pub struct OrgForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    short_name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    sector: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    membership: String,
    #[serde(default)]
    term_from: String,
    #[serde(default)]
    term_to: String,
}

#[derive(Template)]
#[template(path = "registry/organization_form.html")]
struct FormPage {
    page: PageCtx,
    title: String,
    action: String,
    /// Every field (administrators), or only membership and term (secretaries).
    full: bool,
    v: OrgForm,
    kinds: Vec<Choice>,
    sectors: Vec<Choice>,
    parents: Vec<Choice>,
    departments: Vec<String>,
    error: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn form_page(
    state: &AppState,
    page: PageCtx,
    title_key: &str,
    action: String,
    full: bool,
    exclude: Option<OrganizationId>,
    v: OrgForm,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, PageError> {
    let sectors = list_sectors(&state.store)
        .await?
        .into_iter()
        .map(|s| Choice {
            label: page.i18n.name_or("sector", &s.key, &s.name),
            value: s.key,
        })
        .collect();
    let parents = list_organizations(&state.store)
        .await?
        .into_iter()
        .filter(|o| Some(o.id) != exclude)
        .map(|o| Choice {
            value: o.id.to_string(),
            label: format!("{}{} – {}", "· ".repeat(o.depth), o.short_name, o.name),
        })
        .collect();
    let departments = list_departments(&state.store).await?;
    let kinds = OrganizationKind::ALL
        .iter()
        .map(|&k| Choice {
            value: k.as_str().to_string(),
            label: kind_label(&page.i18n, k),
        })
        .collect();
    let t = FormPage {
        title: page.i18n.t(title_key),
        page,
        action,
        full,
        v,
        kinds,
        sectors,
        parents,
        departments,
        error,
    };
    Ok((status, render(&t)).into_response())
}

/// The kind as chosen in the form.
fn kind(raw: &str) -> Result<OrganizationKind, AppError> {
    raw.trim()
        .to_lowercase()
        .parse()
        .map_err(|_| AppError::invalid("kind", "error-registry-kind"))
}

/// The parent as chosen in the form (empty or 0: none).
fn parent(raw: &str) -> Option<OrganizationId> {
    raw.trim()
        .parse::<OrganizationId>()
        .ok()
        .filter(|p| p.get() > 0)
}

fn membership(raw: &str) -> Result<i64, AppError> {
    let t = raw.trim().replace(['.', ' '], "");
    if t.is_empty() {
        return Ok(0);
    }
    t.parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .ok_or(AppError::invalid("membership", "error-registry-membership"))
}

pub async fn new_form(State(state): State<AppState>, page: PageCtx) -> Result<Response, PageError> {
    require_registry_manager(&page)?;
    let v = OrgForm {
        kind: OrganizationKind::Union.as_str().into(),
        ..Default::default()
    };
    form_page(
        &state,
        page,
        "registry-organization-new",
        "/organizations/new".into(),
        true,
        None,
        v,
        StatusCode::OK,
        None,
    )
    .await
}

pub async fn create(
    State(state): State<AppState>,
    page: PageCtx,
    Form(f): Form<OrgForm>,
) -> Result<Response, PageError> {
    let actor = require_registry_manager(&page)?;
    page.check_csrf(&f.csrf)?;
    let result = async {
        let input = OrganizationInput {
            name: f.name.clone(),
            short_name: f.short_name.clone(),
            kind: kind(&f.kind)?,
            sector: f.sector.clone(),
            department: Some(f.department.clone()),
            parent_id: parent(&f.parent_id),
            membership: membership(&f.membership)?,
            term_from: Some(f.term_from.clone()),
            term_to: Some(f.term_to.clone()),
        };
        create_organization(&state.store, &actor, input).await
    }
    .await;
    match result {
        Ok(id) => Ok(crate::pages::see_other(&format!("/organizations/{id}"))),
        Err(e) => {
            let refusal = refusal(&page, e)?;
            form_page(
                &state,
                page,
                "registry-organization-new",
                "/organizations/new".into(),
                true,
                None,
                f,
                refusal.status,
                Some(refusal.message),
            )
            .await
        }
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<OrganizationId>,
) -> Result<Response, PageError> {
    let actor = page.actor()?;
    if !may_act_for(&actor, id) {
        return Err(PageError::status(StatusCode::FORBIDDEN, "error-forbidden"));
    }
    let o = organization(&state.store, id)
        .await?
        .ok_or_else(PageError::not_found)?;
    let v = OrgForm {
        csrf: String::new(),
        name: o.name,
        short_name: o.short_name,
        kind: o.kind.as_str().to_string(),
        sector: o.sector,
        department: o.department.unwrap_or_default(),
        parent_id: o.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        membership: o.membership.to_string(),
        term_from: o.term_from.unwrap_or_default(),
        term_to: o.term_to.unwrap_or_default(),
    };
    let full = manages_registry(&page);
    form_page(
        &state,
        page,
        "registry-organization-edit",
        format!("/organizations/{id}/edit"),
        full,
        Some(id),
        v,
        StatusCode::OK,
        None,
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<OrganizationId>,
    Form(f): Form<OrgForm>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    // Refuse before reading the form: an invalid field must not show the edit form to someone
    // the edit page refuses.
    if !may_act_for(&actor, id) {
        return Err(PageError::status(StatusCode::FORBIDDEN, "error-forbidden"));
    }
    let full = manages_registry(&page);
    let result = async {
        let mut patch = OrganizationPatch {
            membership: Some(membership(&f.membership)?),
            term_from: Some(f.term_from.clone()),
            term_to: Some(f.term_to.clone()),
            ..Default::default()
        };
        if full {
            patch.name = Some(f.name.clone());
            patch.short_name = Some(f.short_name.clone());
            patch.kind = Some(kind(&f.kind)?);
            patch.sector = Some(f.sector.clone());
            patch.department = Some(f.department.clone());
            patch.parent_id = Some(parent(&f.parent_id).unwrap_or(OrganizationId(0)));
        }
        update_organization(&state.store, &actor, id, patch).await
    }
    .await;
    redirect_or(
        page,
        result,
        &format!("/organizations/{id}"),
        async |page, refusal| {
            form_page(
                &state,
                page,
                "registry-organization-edit",
                format!("/organizations/{id}/edit"),
                full,
                Some(id),
                f,
                refusal.status,
                Some(refusal.message),
            )
            .await
        },
    )
    .await
}
