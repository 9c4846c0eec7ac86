//! Pages of the federation area: `/assemblies/{slug}/federation` (the resolutions forwarded to
//! this assembly and the presidium's decisions on them; what this assembly forwarded and what
//! its parent decided; the parent's resolutions with this assembly's decision on each; proxies
//! and the seats substitutes hold) and `/assemblies/{slug}/rollup` (the national roll-up by
//! department and sector, reloading itself). The forms post here and redirect back; a refusal
//! shows the page again with its reason and status.

mod forms;

use asamblea_app::domain::{
    DescentDecision, ForwardKind, ForwardStatus, ItemId, MotionId, ResolutionId,
};
use asamblea_app::queries::federation::{
    self as q, DepartmentRow, ForwardView, ProxyView, SeatHoldView, SectorRow,
};
use asamblea_app::queries::sessions::standing;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::error::{PageError, render};
use crate::page::PageCtx;
use crate::pages::delegates::assembly;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/assemblies/{slug}/federation", get(show))
        .route("/assemblies/{slug}/rollup", get(rollup))
        .route(
            "/assemblies/{slug}/federation/forward/{resolution}",
            post(forms::forward),
        )
        .route(
            "/assemblies/{slug}/federation/forward-motion/{motion}",
            post(forms::forward_motion),
        )
        .route(
            "/assemblies/{slug}/federation/accept/{forward}",
            post(forms::accept),
        )
        .route(
            "/assemblies/{slug}/federation/decline/{forward}",
            post(forms::decline),
        )
        .route("/assemblies/{slug}/federation/merge", post(forms::merge))
        .route(
            "/assemblies/{slug}/federation/descent/{resolution}",
            post(forms::descent),
        )
        .route(
            "/assemblies/{slug}/federation/check-in",
            post(forms::check_in),
        )
        .route(
            "/assemblies/{slug}/federation/proxy",
            post(forms::give_proxy),
        )
        .route(
            "/assemblies/{slug}/federation/proxy/{proxy}/revoke",
            post(forms::revoke_proxy),
        )
}

/// A forward as the page shows it.
struct Line {
    id: i64,
    version: i64,
    pending: bool,
    title: String,
    body: String,
    origin: String,
    evidence: String,
    hash: String,
    vote: String,
    amendments: String,
    status: String,
}

fn line(page: &PageCtx, f: ForwardView) -> Line {
    let i = &page.i18n;
    let vote = f.vote();
    let amendments = f.amendments().len() as i64;
    let status = match f.status {
        _ if f.adopted_above() => i.t("fed-status-adopted"),
        ForwardStatus::Pending => i.t("fed-status-pending"),
        ForwardStatus::Accepted | ForwardStatus::Merged => i.t_args(
            if f.status == ForwardStatus::Accepted {
                "fed-status-accepted"
            } else {
                "fed-status-merged"
            },
            &[(
                "motion",
                f.parent_motion_id.map(|m| m.get()).unwrap_or(0).into(),
            )],
        ),
        ForwardStatus::Declined => i.t_args(
            "fed-status-declined",
            &[("reason", f.reason.clone().unwrap_or_default().into())],
        ),
    };
    Line {
        id: f.id.get(),
        version: f.version,
        pending: f.is_pending(),
        origin: i.t_args(
            match f.kind {
                ForwardKind::Resolution => "fed-origin",
                ForwardKind::Motion => "fed-origin-motion",
            },
            &[
                ("assembly", f.from_name.clone().into()),
                ("number", f.number.into()),
                ("session", f.session_id.get().into()),
                ("motion", f.motion_id.get().into()),
            ],
        ),
        evidence: i.t_args(
            match f.kind {
                ForwardKind::Resolution => "fed-evidence",
                ForwardKind::Motion => "fed-evidence-motion",
            },
            &[("position", f.decided_position.into())],
        ),
        vote: i.t_args(
            match f.kind {
                ForwardKind::Resolution => "fed-vote",
                ForwardKind::Motion => "fed-vote-forward",
            },
            &[
                ("yes", vote["yes"].as_i64().unwrap_or(0).into()),
                ("no", vote["no"].as_i64().unwrap_or(0).into()),
                ("abstain", vote["abstain"].as_i64().unwrap_or(0).into()),
                ("vote", f.vote_id.map(|v| v.get()).unwrap_or(0).into()),
            ],
        ),
        amendments: if amendments > 0 {
            i.t_args("fed-amendments", &[("count", amendments.into())])
        } else {
            String::new()
        },
        status,
        hash: f.decided_hash,
        title: f.title,
        body: f.body,
    }
}

/// A parent's resolution with this assembly's decision, as the page shows it.
struct Down {
    id: ResolutionId,
    number: i64,
    title: String,
    decision: String,
}

#[derive(Template)]
#[template(path = "federation/federation.html")]
struct FederationPage {
    page: PageCtx,
    slug: String,
    name: String,
    parent: Option<String>,
    chair: bool,
    inbox: Vec<Line>,
    sent: Vec<Line>,
    forwardable: Vec<(ResolutionId, i64, String)>,
    /// Motions the assembly voted to forward, not forwarded yet.
    forwardable_motions: Vec<(MotionId, i64, String)>,
    items: Vec<(ItemId, String)>,
    descent: Vec<Down>,
    proxies_on: bool,
    proxies: Vec<ProxyView>,
    /// The reader's own delegate id, if they are one of the assembly's delegates.
    me: Option<i64>,
    my_proxy: Option<ProxyView>,
    candidates: Vec<(i64, String, String)>,
    holds: Vec<SeatHoldView>,
    /// The reader's accredited delegate (titular or substitute) not yet in the hall: they may
    /// check themself in.
    may_check_in: bool,
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    render_federation(&state, page, &slug, StatusCode::OK).await
}

/// The federation page of assembly `slug` with `status` (a refusal shows it again with 409/422).
pub(crate) async fn render_federation(
    state: &AppState,
    page: PageCtx,
    slug: &str,
    status: StatusCode,
) -> Result<Response, PageError> {
    let a = assembly(state, slug).await?;
    let st = standing(&state.store, page.user.as_ref(), a.id).await?;
    let parent = q::parent(&state.store, a.id).await?.map(|(_, n)| n);
    let inbox = q::inbox(&state.store, a.id)
        .await?
        .into_iter()
        .map(|f| line(&page, f))
        .collect();
    let sent = q::sent(&state.store, a.id)
        .await?
        .into_iter()
        .map(|f| line(&page, f))
        .collect();
    let (forwardable, forwardable_motions) = if st.chair {
        (
            q::forwardable(&state.store, a.id).await?,
            q::forwardable_motions(&state.store, a.id).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let items = if st.chair {
        q::open_items(&state.store, a.id).await?
    } else {
        Vec::new()
    };
    let descent = q::descent(&state.store, a.id)
        .await?
        .into_iter()
        .map(|r| Down {
            id: r.resolution_id,
            number: r.number,
            title: r.title,
            decision: match r.decision {
                None => page.i18n.t("fed-decision-none"),
                Some(DescentDecision::Objected) => page.i18n.t_args(
                    "fed-decision-objected",
                    &[("reason", r.reason.unwrap_or_default().into())],
                ),
                Some(d) => page.i18n.t(&format!("fed-decision-{}", d.as_str())),
            },
        })
        .collect();
    let settings = q::settings(&state.store, a.id).await?;
    let proxies_on = settings.proxies != asamblea_app::domain::ProxyScope::Off;
    let proxies = q::proxies(&state.store, a.id).await?;
    let me = st.me.as_ref().map(|m| m.id);
    let my_proxy = me.and_then(|id| proxies.iter().find(|p| p.delegator_id == id).cloned());
    let candidates = match me {
        Some(id) if proxies_on && my_proxy.is_none() => q::proxy_candidates(&state.store, a.id, id)
            .await?
            .into_iter()
            .map(|(d, n, o)| (d.get(), n, o))
            .collect(),
        _ => Vec::new(),
    };
    let may_check_in = match &page.user {
        Some(u) => matches!(
            q::my_seat(&state.store, a.id, u.id).await?,
            Some((_, false))
        ),
        None => false,
    };
    let mut holds = Vec::new();
    for s in asamblea_app::queries::sessions::view::sessions_of(&state.store, a.id).await? {
        if s.is_open() {
            holds.extend(
                q::seat_holds(&state.store, s.id)
                    .await?
                    .into_iter()
                    .filter(|h| h.ended_at.is_none()),
            );
        }
    }
    Ok((
        status,
        render(&FederationPage {
            page,
            slug: a.slug,
            name: a.name,
            parent,
            chair: st.chair,
            inbox,
            sent,
            forwardable,
            forwardable_motions,
            items,
            descent,
            proxies_on,
            proxies,
            me: me.map(|m| m.get()),
            my_proxy,
            candidates,
            holds,
            may_check_in,
        }),
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "federation/rollup.html")]
struct RollupPage {
    page: PageCtx,
    slug: String,
    name: String,
    departments: Vec<DepartmentRow>,
    sectors: Vec<SectorRow>,
}

impl RollupPage {
    fn quorum(&self, d: &DepartmentRow) -> String {
        self.page.i18n.t_args(
            if d.quorum_met {
                "fed-quorum-met"
            } else {
                "fed-quorum-short"
            },
            &[(
                "required",
                i64::try_from(d.quorum_required).unwrap_or(i64::MAX).into(),
            )],
        )
    }
}

pub async fn rollup(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let a = assembly(&state, &slug).await?;
    let r = q::rollup(&state.store, a.id).await?;
    let mut resp = render(&RollupPage {
        page,
        slug: a.slug,
        name: a.name,
        departments: r.departments,
        sectors: r.sectors,
    })
    .into_response();
    resp.headers_mut()
        .insert("refresh", HeaderValue::from_static("15"));
    Ok(resp)
}
