//! `/assemblies/{slug}/presence`: who is in the hall and whether there is quorum (public). The
//! page asks the browser to reload itself every 15 seconds (a `Refresh` header: no script).

use asamblea_app::queries::delegates::presence::{Presence, presence};
use askama::Template;
use axum::extract::State;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};

use super::assembly;
use crate::error::{PageError, render};
use crate::extract::Path;
use crate::page::PageCtx;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "delegates/presence.html")]
struct PresencePage {
    page: PageCtx,
    slug: String,
    name: String,
    p: Presence,
    summary: String,
    quorum: String,
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let a = assembly(&state, &slug).await?;
    let p = presence(&state.store, a.id).await?;
    let summary = page.i18n.t_args(
        "dlg-presence-summary",
        &[("present", p.present.into()), ("seated", p.seated.into())],
    );
    let quorum = page.i18n.t_args(
        if p.quorum_met {
            "dlg-presence-quorum-met"
        } else {
            "dlg-presence-quorum-not-met"
        },
        &[
            ("required", p.quorum_required.into()),
            ("members", p.quorum_members.into()),
            (
                "basis",
                page.i18n
                    .t(&super::super::sessions::quorum_members_key(p.quorum_basis))
                    .into(),
            ),
        ],
    );
    let mut r = render(&PresencePage {
        page,
        slug: a.slug,
        name: a.name,
        p,
        summary,
        quorum,
    })
    .into_response();
    r.headers_mut()
        .insert("refresh", HeaderValue::from_static("15"));
    Ok(r)
}
