//! The form posts of the mandate and calls pages. Each checks the CSRF token and the login, runs
//! one action, and redirects back (303). An invalid input or a conflict shows the page again with
//! the reason (422, 409), keeping what was typed in the demand form; any other error is an error
//! page with its status.

use asamblea_app::AppError;
use asamblea_app::actions::calls::{
    arm_call::arm_call,
    confirm_call::{Confirm, confirm_call},
    create_command::{NewCommand, create_command},
    escalate_call::escalate_call,
    issue_call::{NewCall, StepInput, issue_call},
    lift_call::lift_call,
    report_adherence::{AdherenceReport, report_adherence},
};
use asamblea_app::actions::mandate::{
    adopt_platform::{AdoptPlatform, adopt_platform},
    merge_demands::{MergeDemands, merge_demands},
    rank_demands::{RankDemands, rank_demands},
    set_mandate_rule::{MandateRule, set_mandate_rule},
    submit_demand::{NewDemand, submit_demand},
};
use asamblea_app::actions::sessions::propose_motion::{NewMotion, propose_motion};
use asamblea_app::domain::{
    Adherence, CallId, CallKind, CommandId, ConfirmPurpose, DemandId, ItemId, OrganizationId,
    RankingMethod, RankingWeight, ResolutionId, ScopeKind,
};
use asamblea_app::queries::calls::account_ids;
use asamblea_app::queries::mandate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;

use super::assembly;
use super::call::render_call;
use super::mandate_page::{TypedDemand, render_mandate};
use crate::error::PageError;
use crate::form_fields::{Fields, field, form_actor, parse};
use crate::page::PageCtx;
use crate::pages::outcome::redirect_or;
use crate::state::AppState;

/// Redirects to the mandate page on success; on a refusal shows it again with the reason.
async fn back_to_mandate<T>(
    state: &AppState,
    page: PageCtx,
    slug: &str,
    r: Result<T, AppError>,
    to: &str,
    typed: TypedDemand,
) -> Result<Response, PageError> {
    redirect_or(page, r, to, async |page, refusal| {
        render_mandate(
            state,
            page.with_error(refusal.key),
            slug,
            typed,
            refusal.status,
        )
        .await
    })
    .await
}

pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    let a = form_actor(&page, &f)?;
    let assembly = assembly(&state, &slug).await?;
    let typed = TypedDemand {
        organization_id: field(&f, "organization_id").parse().ok(),
        body: field(&f, "body").to_string(),
        category: field(&f, "category").to_string(),
        support: field(&f, "support").to_string(),
    };
    let r = match (typed.organization_id, typed.support.parse::<i64>()) {
        (Some(org), support) if typed.support.is_empty() || support.is_ok() => {
            submit_demand(
                &state.store,
                &a,
                NewDemand {
                    assembly_id: assembly.id,
                    organization_id: org,
                    body: typed.body.clone(),
                    category: typed.category.clone(),
                    support: support.unwrap_or(0),
                },
            )
            .await
        }
        (None, _) => Err(AppError::invalid("organization_id", "error-invalid")),
        _ => Err(AppError::invalid("support", "error-mandate-support")),
    };
    let to = format!("/assemblies/{slug}/mandate#demands");
    back_to_mandate(&state, page, &slug, r, &to, typed).await
}

/// The ranks typed beside each demand (`r<id>` = 1, 2, ...; equal numbers rank equally; empty
/// leaves the demand unranked), as the action's ranks, best first.
fn ranks_of(f: &Fields) -> Result<Vec<Vec<DemandId>>, AppError> {
    let mut by_rank: std::collections::BTreeMap<i64, Vec<DemandId>> = Default::default();
    for (k, v) in f {
        let (Some(id), v) = (
            k.strip_prefix('r').and_then(|n| n.parse::<i64>().ok()),
            v.trim(),
        ) else {
            continue;
        };
        if v.is_empty() {
            continue;
        }
        let rank: i64 = v
            .parse()
            .ok()
            .filter(|r| (1..=1_000).contains(r))
            .ok_or(AppError::invalid("ranks", "error-mandate-rank-number"))?;
        by_rank.entry(rank).or_default().push(DemandId(id));
    }
    Ok(by_rank
        .into_values()
        .map(|mut r| {
            r.sort();
            r
        })
        .collect())
}

pub async fn rank(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    let a = form_actor(&page, &f)?;
    let assembly = assembly(&state, &slug).await?;
    let r = async {
        let input = RankDemands {
            assembly_id: assembly.id,
            organization_id: parse::<OrganizationId>(&f, "organization_id")?,
            ranks: ranks_of(&f)?,
        };
        rank_demands(&state.store, &a, input).await
    }
    .await;
    let to = format!("/assemblies/{slug}/mandate#ranking");
    back_to_mandate(&state, page, &slug, r, &to, TypedDemand::default()).await
}

pub async fn merge(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    let a = form_actor(&page, &f)?;
    let assembly = assembly(&state, &slug).await?;
    let mut ids: Vec<DemandId> = f
        .keys()
        .filter_map(|k| k.strip_prefix('d').and_then(|n| n.parse().ok()))
        .map(DemandId)
        .collect();
    ids.sort();
    let input = MergeDemands {
        assembly_id: assembly.id,
        demand_ids: ids,
        body: field(&f, "body").to_string(),
        category: field(&f, "category").to_string(),
    };
    let r = merge_demands(&state.store, &a, input).await;
    let to = format!("/assemblies/{slug}/mandate#demands");
    back_to_mandate(&state, page, &slug, r, &to, TypedDemand::default()).await
}

pub async fn rule(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    let a = form_actor(&page, &f)?;
    let assembly = assembly(&state, &slug).await?;
    let r = async {
        let input = MandateRule {
            assembly_id: assembly.id,
            method: parse::<RankingMethod>(&f, "method")?,
            weighting: parse::<RankingWeight>(&f, "weighting")?,
        };
        set_mandate_rule(&state.store, &a, input).await
    }
    .await;
    let to = format!("/assemblies/{slug}/mandate#ranking");
    back_to_mandate(&state, page, &slug, r, &to, TypedDemand::default()).await
}

/// The chair proposes the platform as a motion on the open item: the current ranking, one
/// paragraph per demand with its tag; the motion is then amended and voted like any other.
pub async fn propose(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    let a = form_actor(&page, &f)?;
    let assembly = assembly(&state, &slug).await?;
    let ranking = mandate::ranking(&state.store, assembly.id).await?;
    let title = page.i18n.t("mandate-motion-title");
    let r = async {
        let item_id = parse::<ItemId>(&f, "item_id")?;
        let input = NewMotion {
            item_id,
            parent_id: None,
            parent_version: None,
            title: Some(title),
            body: ranking.draft_text(),
            op: None,
            paragraph: None,
            by_delegation: false,
        };
        propose_motion(&state.store, &a, input)
            .await
            .map(|_| item_id)
    }
    .await;
    let to = match &r {
        Ok(item) => format!("/sessions/items/{item}"),
        Err(_) => String::new(),
    };
    back_to_mandate(&state, page, &slug, r, &to, TypedDemand::default()).await
}

pub async fn adopt(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    let a = form_actor(&page, &f)?;
    let r = async {
        let input = AdoptPlatform {
            resolution_id: parse::<ResolutionId>(&f, "resolution_id")?,
        };
        adopt_platform(&state.store, &a, input).await
    }
    .await;
    let to = format!("/assemblies/{slug}/mandate#platform");
    back_to_mandate(&state, page, &slug, r, &to, TypedDemand::default()).await
}

#[derive(Deserialize)]
pub struct CommandForm {
    csrf: String,
    name: String,
    resolution_id: String,
    /// Usernames, separated by commas or spaces.
    members: String,
    threshold: String,
    window_minutes: String,
    #[serde(default)]
    kinds: Option<String>,
}

pub async fn command(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
    Form(f): Form<CommandForm>,
) -> Result<Response, PageError> {
    let a = page.form_actor(&f.csrf)?;
    let assembly = assembly(&state, &slug).await?;
    let r = async {
        let names: Vec<&str> = f
            .members
            .split([',', ' ', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let member_ids = account_ids(&state.store, &names)
            .await?
            .ok_or(AppError::invalid("member_ids", "error-call-members"))?;
        let kinds = match f.kinds.as_deref().map(str::trim) {
            None | Some("") => CallKind::ALL.to_vec(),
            Some(k) => vec![
                k.parse::<CallKind>()
                    .map_err(|_| AppError::invalid("kinds", "error-invalid"))?,
            ],
        };
        let input = NewCommand {
            assembly_id: assembly.id,
            resolution_id: f
                .resolution_id
                .trim()
                .parse()
                .map_err(|_| AppError::invalid("resolution_id", "error-call-resolution"))?,
            name: f.name.clone(),
            member_ids,
            threshold: f.threshold.trim().parse().unwrap_or(0),
            window_minutes: f.window_minutes.trim().parse().unwrap_or(0),
            kinds,
        };
        create_command(&state.store, &a, input).await
    }
    .await;
    let to = format!("/assemblies/{slug}/calls#commands");
    redirect_or(page, r, &to, async |page, refusal| {
        super::calls::render_list(&state, page.with_error(refusal.key), &slug, refusal.status).await
    })
    .await
}

/// The steps typed one per line ("24", "48: si no hay respuesta en 24 horas", "indefinida: hasta
/// la derrota del golpe"), or on one line separated by commas ("24, 48, indefinida"): hours (a
/// word that is not a number makes the step indefinite), then after a colon the condition that
/// starts it.
fn steps_of(raw: &str) -> Vec<StepInput> {
    let lines: Vec<&str> = if raw.contains('\n') {
        raw.lines().collect()
    } else {
        raw.split(',').collect()
    };
    lines
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            let (hours, condition) = match s.split_once(':') {
                Some((h, c)) => (h.trim(), Some(c.trim()).filter(|c| !c.is_empty())),
                None => (s, None),
            };
            StepInput {
                hours: hours.parse().ok(),
                starts_at: None,
                condition: condition.map(str::to_string),
            }
        })
        .collect()
}

/// The demands ticked in the call form (`demand-<id>`).
fn demands_of(f: &Fields) -> Vec<DemandId> {
    f.keys()
        .filter_map(|k| k.strip_prefix("demand-").and_then(|n| n.parse().ok()))
        .map(DemandId)
        .collect()
}

pub async fn issue(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    let a = form_actor(&page, &f)?;
    let assembly = assembly(&state, &slug).await?;
    let r = async {
        let scope_kind = parse::<ScopeKind>(&f, "scope_kind")?;
        let scope_ids: Vec<i64> = if scope_kind == ScopeKind::Everyone {
            Vec::new()
        } else {
            f.keys()
                .filter_map(|k| {
                    k.strip_prefix(&format!("{}-", scope_kind.as_str()))
                        .and_then(|n| n.parse().ok())
                })
                .collect()
        };
        let opt_id = |name: &'static str| -> Result<Option<i64>, AppError> {
            match field(&f, name) {
                "" => Ok(None),
                s => s
                    .parse()
                    .map(Some)
                    .map_err(|_| AppError::invalid(name, "error-invalid")),
            }
        };
        let input = NewCall {
            assembly_id: assembly.id,
            command_id: opt_id("command_id")?.map(CommandId),
            resolution_id: opt_id("resolution_id")?.map(ResolutionId),
            kind: parse::<CallKind>(&f, "kind")?,
            scope_kind,
            scope_ids,
            title: field(&f, "title").to_string(),
            body: field(&f, "body").to_string(),
            demand_ids: demands_of(&f),
            starts_at: Some(field(&f, "starts_at").to_string()),
            steps: steps_of(field(&f, "steps")),
            prepared: field(&f, "prepared") == "1",
        };
        issue_call(&state.store, &a, input).await
    }
    .await;
    let to = match &r {
        Ok(id) => format!("/calls/{id}"),
        Err(_) => String::new(),
    };
    redirect_or(page, r, &to, async |page, refusal| {
        super::calls::render_list(&state, page.with_error(refusal.key), &slug, refusal.status).await
    })
    .await
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    csrf: String,
}

/// Redirects to the call's page; on a refusal shows it with the reason.
async fn back_to_call<T>(
    state: &AppState,
    page: PageCtx,
    id: CallId,
    r: Result<T, AppError>,
) -> Result<Response, PageError> {
    let to = format!("/calls/{id}");
    redirect_or(page, r, &to, async |page, refusal| {
        render_call(state, page.with_error(refusal.key), id, refusal.status).await
    })
    .await
}

pub async fn arm(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<CallId>,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, PageError> {
    let a = page.form_actor(&f.csrf)?;
    let r = arm_call(&state.store, &a, id).await;
    back_to_call(&state, page, id, r).await
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    csrf: String,
    purpose: ConfirmPurpose,
}

pub async fn confirm(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<CallId>,
    Form(f): Form<ConfirmForm>,
) -> Result<Response, PageError> {
    let a = page.form_actor(&f.csrf)?;
    let r = confirm_call(&state.store, &a, id, Confirm { purpose: f.purpose }).await;
    back_to_call(&state, page, id, r).await
}

pub async fn escalate(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<CallId>,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, PageError> {
    let a = page.form_actor(&f.csrf)?;
    let r = escalate_call(&state.store, &a, id).await;
    back_to_call(&state, page, id, r).await
}

pub async fn lift(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<CallId>,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, PageError> {
    let a = page.form_actor(&f.csrf)?;
    let r = lift_call(&state.store, &a, id).await;
    back_to_call(&state, page, id, r).await
}

pub async fn adherence(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<CallId>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    let a = form_actor(&page, &f)?;
    let r = async {
        let members = match field(&f, "members") {
            "" => 0,
            s => s
                .parse()
                .map_err(|_| AppError::invalid("members", "error-call-members-count"))?,
        };
        let input = AdherenceReport {
            organization_id: parse::<OrganizationId>(&f, "organization_id")?,
            step: None,
            status: parse::<Adherence>(&f, "status")?,
            members,
            places: field(&f, "places").to_string(),
        };
        report_adherence(&state.store, &a, id, input).await
    }
    .await;
    back_to_call(&state, page, id, r).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_typed_beside_demands() {
        let f: Fields = [
            ("r3", "1"),
            ("r1", "2"),
            ("r2", "2"),
            ("r9", ""),
            ("csrf", "x"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(
            ranks_of(&f).unwrap(),
            vec![vec![DemandId(3)], vec![DemandId(1), DemandId(2)]]
        );
        let bad: Fields = [("r3".to_string(), "x".to_string())].into_iter().collect();
        assert!(ranks_of(&bad).is_err());
    }

    #[test]
    fn steps_typed_as_hours() {
        let s = steps_of("24, 48, indefinida");
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].hours, Some(24));
        assert_eq!(s[2].hours, None);
        let s = steps_of(
            "24\r\n48: si el golpe no es derrotado, en 24 horas\r\nindefinida: hasta la derrota\r\n",
        );
        assert_eq!(s.len(), 3);
        assert_eq!(s[1].hours, Some(48));
        assert_eq!(
            s[1].condition.as_deref(),
            Some("si el golpe no es derrotado, en 24 horas")
        );
        assert_eq!(s[2].hours, None);
        assert_eq!(s[2].condition.as_deref(), Some("hasta la derrota"));
        assert_eq!(s[0].condition, None);
    }
}
