//! `/calls/{id}`: a call to action: its text, kind, scope, steps (the current one marked), the
//! demands it serves; the command's k-of-n confirmation buttons for its members (fire, disarm)
//! with how many have confirmed; arm, escalate and lift for the chair and the command; the
//! adherence form for the secretaries of organizations in scope; and the live dashboard: a tile
//! map of the departments coloured by adherence, and tables by department, sector and
//! organization. `?step=N` shows an earlier step's adherence.

use asamblea_app::actions::calls::{may_confirm, may_steer};
use asamblea_app::domain::{Adherence, CallId, CallStatus, OrganizationId};
use asamblea_app::queries::calls::{self, CallView, Dashboard};
use asamblea_app::queries::mandate::{self, DemandView};
use asamblea_rules::tilemap::{self, TileValue};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::my_organizations;
use crate::error::{PageError, render};
use crate::page::PageCtx;
use crate::pages::sessions::who;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "mandate/call.html")]
struct CallPage {
    page: PageCtx,
    c: CallView,
    slug: String,
    /// The assembly's time zone (times are shown in it).
    zone: String,
    member: bool,
    steer: bool,
    demands: Vec<DemandView>,
    dashboard: Dashboard,
    map: String,
    /// The organizations in scope the reader reports for.
    mine: Vec<(OrganizationId, String, String)>,
    live_after: i64,
    adherence: &'static [Adherence],
}

impl CallPage {
    fn is(&self, s: &str) -> bool {
        self.c.call.status.as_str() == s
    }

    fn may_confirm(&self) -> bool {
        may_confirm(self.member) && self.c.call.status == CallStatus::Armed
    }
}

#[derive(Deserialize)]
pub struct StepQuery {
    step: Option<i64>,
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<CallId>,
    Query(q): Query<StepQuery>,
) -> Result<Response, PageError> {
    render_step(&state, page, id, q.step, StatusCode::OK).await
}

/// The call's page with `status` (a refusal shows its notice).
pub async fn render_call(
    state: &AppState,
    page: PageCtx,
    id: CallId,
    status: StatusCode,
) -> Result<Response, PageError> {
    render_step(state, page, id, None, status).await
}

/// The department map of a dashboard: each department's share of joined organizations.
pub fn map_svg(page: &PageCtx, d: &Dashboard) -> String {
    // The file is checked by `asamblea_rules::tilemap`'s tests; a bad one draws no map.
    let tiles = tilemap::parse(tilemap::BOLIVIA).unwrap_or_default();
    let values: Vec<TileValue> = tiles
        .iter()
        .map(|t| match d.department(&t.name) {
            Some(g) => TileValue {
                permille: g.permille(),
                label: g
                    .percent()
                    .map(|p| format!("{p} %"))
                    .unwrap_or_else(|| "—".into()),
                title: page.i18n.t_args(
                    "calls-map-title",
                    &[
                        ("department", t.name.clone().into()),
                        ("joined", g.joined.into()),
                        ("partly", g.partly.into()),
                        ("in_scope", g.in_scope.into()),
                    ],
                ),
            },
            None => TileValue {
                permille: None,
                label: String::new(),
                title: t.name.clone(),
            },
        })
        .collect();
    tilemap::svg(&tiles, &values, &page.i18n.t("calls-map"))
}

async fn render_step(
    state: &AppState,
    page: PageCtx,
    id: CallId,
    step: Option<i64>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let live_after = state
        .store
        .head()
        .await
        .map_err(asamblea_app::AppError::from)?
        .map_or(0, |(p, _)| p);
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let c = calls::call(&state.store, id, now)
        .await?
        .ok_or_else(PageError::not_found)?;
    let assembly_id = c.call.assembly_id;
    let who = who(state, &page, assembly_id).await?;
    let member = match (&page.user, &c.command) {
        (Some(u), Some(cmd)) => cmd.has_member(u.id),
        _ => false,
    };
    let steer = may_steer(who.chair, member);
    let step = step
        .filter(|s| (1..=c.call.current_step).contains(s))
        .unwrap_or(c.call.current_step);
    let dashboard = calls::dashboard(&state.store, &c.call, step).await?;
    let in_scope: Vec<OrganizationId> = dashboard
        .organizations
        .iter()
        .map(|o| o.organization_id)
        .collect();
    let mine = my_organizations(state, &page, assembly_id)
        .await?
        .into_iter()
        .filter(|(o, _, _)| in_scope.contains(o))
        .collect();
    let demands = mandate::demands(&state.store, assembly_id)
        .await?
        .into_iter()
        .filter(|d| c.demand_ids.contains(&d.id))
        .collect();
    let (slug, zone) = asamblea_app::queries::assemblies::list_assemblies(&state.store)
        .await?
        .into_iter()
        .find(|a| a.id == assembly_id)
        .map(|a| (a.slug, a.time_zone))
        .unwrap_or_default();
    let map = map_svg(&page, &dashboard);
    let t = CallPage {
        page,
        c,
        slug,
        zone,
        member,
        steer,
        demands,
        dashboard,
        map,
        mine,
        live_after,
        adherence: Adherence::ALL,
    };
    Ok((status, render(&t)).into_response())
}
