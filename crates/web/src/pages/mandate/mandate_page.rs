//! `/assemblies/{slug}/mandate`: the assembly's platform (the latest adopted, with its exports
//! and the acts that made it), the ranking of the current demands with the explanation of the
//! count, every demand with its supporters and what was merged into what, and the forms:
//! secretaries submit and rank demands for their organization; the chair merges demands, chooses
//! the counting rule, proposes the platform as a motion and records the adopted platform.

use asamblea_app::domain::{OrganizationId, RankingMethod, RankingWeight};
use asamblea_app::queries::assemblies::AssemblySummary;
use asamblea_app::queries::mandate::{self, DemandView, PlatformView, Ranking};
use asamblea_app::queries::sessions::Standing;
use asamblea_app::queries::sessions::view::{self, ItemView, ResolutionView};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::{assembly, my_organizations};
use crate::error::{PageError, render};
use crate::page::PageCtx;
use crate::pages::sessions::who;
use crate::state::AppState;

/// What the demand form held when it was refused (shown again as typed).
#[derive(Debug, Clone, Default)]
pub struct TypedDemand {
    pub organization_id: Option<OrganizationId>,
    pub body: String,
    pub category: String,
    pub support: String,
}

#[derive(Template)]
#[template(path = "mandate/mandate.html")]
struct MandatePage {
    page: PageCtx,
    assembly: AssemblySummary,
    who: Standing,
    platform: Option<PlatformView>,
    ranking: Ranking,
    demands: Vec<DemandView>,
    mine: Vec<(OrganizationId, String, String)>,
    /// The open item a platform motion can be proposed on.
    item: Option<ItemView>,
    resolutions: Vec<ResolutionView>,
    typed: TypedDemand,
    methods: &'static [RankingMethod],
    weightings: &'static [RankingWeight],
}

impl MandatePage {
    /// The message explaining the count of the assembly's method.
    fn explanation_key(&self) -> &'static str {
        match self.ranking.rule.method {
            RankingMethod::Schulze => "mandate-explanation-schulze",
            RankingMethod::Approval => "mandate-explanation-approval",
        }
    }

    /// Whether the refused demand form had chosen this organization.
    fn chosen(&self, id: &OrganizationId) -> bool {
        self.typed.organization_id == Some(*id)
    }

    fn current(&self) -> Vec<&DemandView> {
        self.demands.iter().filter(|d| d.is_current()).collect()
    }
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    render_mandate(&state, page, &slug, TypedDemand::default(), StatusCode::OK).await
}

/// The mandate page with `status` (a refusal shows its notice and keeps `typed`).
pub async fn render_mandate(
    state: &AppState,
    page: PageCtx,
    slug: &str,
    typed: TypedDemand,
    status: StatusCode,
) -> Result<Response, PageError> {
    let assembly = assembly(state, slug).await?;
    let id = assembly.id;
    let who = who(state, &page, id).await?;
    let platform = mandate::platforms(&state.store, id)
        .await?
        .into_iter()
        .next();
    let ranking = mandate::ranking(&state.store, id).await?;
    let demands = mandate::demands(&state.store, id).await?;
    let mine = my_organizations(state, &page, id).await?;
    let mut item = None;
    if let Some(s) = view::current_session(&state.store, id).await?
        && s.is_open()
        && let Some(i) = s.current_item_id
    {
        item = view::item(&state.store, i).await?.filter(ItemView::is_open);
    }
    let resolutions = if who.chair {
        view::resolutions(&state.store, id).await?
    } else {
        Vec::new()
    };
    let t = MandatePage {
        page,
        assembly,
        who,
        platform,
        ranking,
        demands,
        mine,
        item,
        resolutions,
        typed,
        methods: RankingMethod::ALL,
        weightings: RankingWeight::ALL,
    };
    Ok((status, render(&t)).into_response())
}
