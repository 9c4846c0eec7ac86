//! `/assemblies/{slug}/plan`: an administrator sets the seat plan. The form carries the version
//! it was based on; if someone else saved meanwhile the save is refused (409) and the page shows
//! the current plan.

use std::collections::{BTreeMap, HashMap};

use asamblea_app::AppError;
use asamblea_app::actions::registry::set_seat_plan::{FixedSeats, SeatPlanInput, set_seat_plan};
use asamblea_app::domain::{ApportionMethod, OrganizationId, QuorumBasis};
use asamblea_app::queries::assemblies::assembly_by_slug;
use asamblea_app::queries::registry::{SeatPlan, plan_candidates, seat_plan};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::require_registry_manager;
use crate::error::{PageError, render};
use crate::extract::{Form, Path};
use crate::page::PageCtx;
use crate::pages::outcome::redirect_or;
use crate::state::AppState;

pub struct ShareRow {
    pub key: String,
    pub label: String,
    pub colour: String,
    pub share: String,
    pub seats: i64,
}

/// An organization of the fixed-seats table: its seats as typed or stored (empty: apportioned).
pub struct FixedRow {
    pub id: OrganizationId,
    pub label: String,
    pub seats: String,
}

pub struct MethodOption {
    pub value: &'static str,
    pub label: String,
}

#[derive(Template)]
#[template(path = "registry/plan.html")]
struct PlanPage {
    page: PageCtx,
    plan: SeatPlan,
    voting: String,
    attached: String,
    fraternal: String,
    minimum: String,
    method: String,
    methods: Vec<MethodOption>,
    shares: Vec<ShareRow>,
    /// Organizations with fixed seats, then the others (to fix one, pick it in the new row).
    fixed: Vec<FixedRow>,
    others: Vec<FixedRow>,
    hemicycle: String,
    /// The assembly's quorum basis, and every basis with its label.
    quorum_basis: String,
    bases: Vec<MethodOption>,
    /// The zone typed (after a refusal) or stored.
    time_zone: String,
    /// How the assembly keeps its secret ballots.
    secret: Option<asamblea_app::queries::assemblies::SecretBallotsState>,
    error: Option<String>,
}

/// Renders the plan; `typed` (the submitted values) replaces the stored ones in the inputs.
pub(super) async fn plan_page(
    state: &AppState,
    page: PageCtx,
    slug: &str,
    typed: Option<&HashMap<String, String>>,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, PageError> {
    let plan = seat_plan(&state.store, slug)
        .await?
        .ok_or_else(PageError::not_found)?;
    let field = |name: &str, stored: i64| -> String {
        typed
            .and_then(|t| t.get(name).cloned())
            .unwrap_or_else(|| stored.to_string())
    };
    let shares: Vec<ShareRow> = plan
        .sectors
        .iter()
        .map(|s| {
            // A plan saved before shares existed (the demo) has seats but no shares: offer the
            // seats as weights, which reproduce them.
            let stored = if s.share == 0 { s.seats } else { s.share };
            ShareRow {
                key: s.key.clone(),
                label: page.i18n.name_or("sector", &s.key, &s.name),
                colour: s.colour.clone(),
                share: field(&format!("share.{}", s.key), stored),
                seats: s.seats,
            }
        })
        .collect();
    let groups: Vec<(&str, u32, &str)> = shares
        .iter()
        .filter(|s| s.seats > 0)
        .map(|s| {
            (
                s.label.as_str(),
                u32::try_from(s.seats).unwrap_or(0),
                s.colour.as_str(),
            )
        })
        .collect();
    let hemicycle = if groups.is_empty() {
        String::new()
    } else {
        asamblea_rules::hemicycle::hemicycle_svg(&groups, Some(&plan.name))
    };
    let methods = ApportionMethod::ALL
        .iter()
        .map(|m| MethodOption {
            value: m.as_str(),
            label: page.i18n.name_or("method", m.as_str(), m.as_str()),
        })
        .collect();
    let voting = field("voting_seats", plan.voting_seats);
    let attached = field("attached_seats", plan.attached_seats);
    let fraternal = field("fraternal_seats", plan.fraternal_seats);
    let minimum = field(
        "min_seats_per_organization",
        plan.min_seats_per_organization,
    );
    let method = typed
        .and_then(|t| t.get("method").cloned())
        .unwrap_or_else(|| plan.method.as_str().to_string());
    let candidates = plan_candidates(&state.store, slug).await?;
    let (mut fixed, mut others) = (Vec::new(), Vec::new());
    for c in candidates {
        let stored = plan
            .fixed
            .iter()
            .find(|f| f.organization_id == c.id)
            .map(|f| f.seats.to_string());
        let typed_seats = typed.and_then(|t| t.get(&format!("fixed.{}", c.id)).cloned());
        let row = FixedRow {
            id: c.id,
            label: format!(
                "{} ({})",
                c.short_name,
                shares
                    .iter()
                    .find(|r| r.key == c.sector)
                    .map_or(c.sector.as_str(), |r| r.label.as_str())
            ),
            seats: typed_seats.clone().or(stored.clone()).unwrap_or_default(),
        };
        if stored.is_some() || typed_seats.is_some() {
            fixed.push(row);
        } else {
            others.push(row);
        }
    }
    let assembly = assembly_by_slug(&state.store, slug).await?;
    let quorum_basis = assembly
        .as_ref()
        .map(|a| a.quorum_basis.as_str().to_string())
        .unwrap_or_default();
    let time_zone = typed
        .and_then(|t| t.get("time_zone").cloned())
        .or_else(|| assembly.map(|a| a.time_zone))
        .unwrap_or_default();
    let bases = QuorumBasis::ALL
        .iter()
        .map(|b| MethodOption {
            value: b.as_str(),
            label: page
                .i18n
                .t(&format!("quorum-basis-{}", b.as_str().replace('_', "-"))),
        })
        .collect();
    let t = PlanPage {
        page,
        plan,
        voting,
        attached,
        fraternal,
        minimum,
        method,
        methods,
        shares,
        fixed,
        others,
        hemicycle,
        quorum_basis,
        bases,
        time_zone,
        secret: asamblea_app::queries::assemblies::secret_ballots(&state.store, slug).await?,
        error,
    };
    Ok((status, render(&t)).into_response())
}

pub async fn form(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    require_registry_manager(&page)?;
    plan_page(&state, page, &slug, None, StatusCode::OK, None).await
}

fn number(f: &HashMap<String, String>, name: &'static str) -> Result<i64, AppError> {
    let raw = f.get(name).map(|s| s.trim()).unwrap_or("");
    if raw.is_empty() {
        return Ok(0);
    }
    raw.parse::<i64>()
        .map_err(|_| AppError::invalid(name, "error-registry-plan-number"))
}

pub async fn save(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let actor = require_registry_manager(&page)?;
    page.check_csrf(f.get("csrf").map(String::as_str).unwrap_or(""))?;
    let result = async {
        let mut shares = BTreeMap::new();
        for (k, v) in &f {
            if let Some(key) = k.strip_prefix("share.") {
                let v = v.trim();
                let n = if v.is_empty() {
                    0
                } else {
                    v.parse::<i64>()
                        .map_err(|_| AppError::invalid("shares", "error-registry-plan-number"))?
                };
                shares.insert(key.to_string(), n);
            }
        }
        // Fixed seats: `fixed.<organization id>` (empty: no longer fixed), and the new row.
        let mut fixed = Vec::new();
        for (k, v) in &f {
            if let Some(id) = k
                .strip_prefix("fixed.")
                .and_then(|i| i.parse::<OrganizationId>().ok())
                && !v.trim().is_empty()
            {
                let n = v
                    .trim()
                    .parse::<i64>()
                    .map_err(|_| AppError::invalid("fixed", "error-registry-plan-number"))?;
                fixed.push(FixedSeats {
                    organization_id: id,
                    seats: n,
                });
            }
        }
        let new_org = f.get("fixed_new_org").map(|s| s.trim()).unwrap_or("");
        let new_seats = f.get("fixed_new_seats").map(|s| s.trim()).unwrap_or("");
        if !new_org.is_empty() && !new_seats.is_empty() {
            let id = new_org
                .parse::<OrganizationId>()
                .map_err(|_| AppError::invalid("fixed", "error-registry-plan-fixed"))?;
            let n = new_seats
                .parse::<i64>()
                .map_err(|_| AppError::invalid("fixed", "error-registry-plan-number"))?;
            fixed.push(FixedSeats {
                organization_id: id,
                seats: n,
            });
        }
        fixed.sort();
        let input = SeatPlanInput {
            expected_version: number(&f, "version")?,
            voting_seats: number(&f, "voting_seats")?,
            attached_seats: number(&f, "attached_seats")?,
            fraternal_seats: number(&f, "fraternal_seats")?,
            min_seats_per_organization: number(&f, "min_seats_per_organization")?,
            method: f
                .get("method")
                .and_then(|m| m.parse::<ApportionMethod>().ok())
                .ok_or(AppError::invalid("method", "error-registry-plan-method"))?,
            shares,
            fixed,
        };
        set_seat_plan(&state.store, &actor, &slug, input).await
    }
    .await;
    let to = format!("/assemblies/{slug}/seats");
    redirect_or(page, result, &to, async |page, refusal| {
        // A conflict: someone else saved first, so show their plan, not the typed values.
        let typed = (refusal.status != StatusCode::CONFLICT).then_some(&f);
        plan_page(
            &state,
            page,
            &slug,
            typed,
            refusal.status,
            Some(refusal.message),
        )
        .await
    })
    .await
}
