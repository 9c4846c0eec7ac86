//! `/now`, "my assembly now": where a delegate lands after logging in with their card. For each
//! assembly where the account holds a delegate's mandate or an office: the session in progress,
//! its current item (with the way to ask to speak) and the open votes (with the way to vote).
//! Live: refreshed on each act of the (first) assembly, like the session pages.

use asamblea_app::queries::assemblies::{AssemblySummary, list_assemblies};
use asamblea_app::queries::sessions::Standing;
use asamblea_app::queries::sessions::mine::{MyAssembly, my_assemblies};
use asamblea_app::queries::sessions::view::{self, ItemView, SessionView, SpeakerView, VoteView};
use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::{live_after, who};
use crate::error::{PageError, render};
use crate::page::PageCtx;
use crate::state::AppState;

/// One assembly of the reader, as it is now.
pub struct Now {
    pub a: MyAssembly,
    pub who: Standing,
    /// The open session, if one is.
    pub s: Option<SessionView>,
    pub item: Option<ItemView>,
    /// Who has the floor on the current item.
    pub floor: Option<SpeakerView>,
    /// The session's open votes.
    pub votes: Vec<VoteView>,
}

#[derive(Template)]
#[template(path = "sessions/my_now.html")]
struct NowPage {
    page: PageCtx,
    mine: Vec<Now>,
    /// Every assembly, for an account that belongs to none.
    others: Vec<AssemblySummary>,
    live_after: i64,
}

pub async fn show(State(state): State<AppState>, page: PageCtx) -> Result<Response, PageError> {
    let account = page.require_user()?.clone();
    let live_after = live_after(&state).await?;
    let mut mine = Vec::new();
    for a in my_assemblies(&state.store, account.id).await? {
        let who = who(&state, &page, a.id).await?;
        let s = view::current_session(&state.store, a.id)
            .await?
            .filter(SessionView::is_open);
        let (mut item, mut floor, mut votes) = (None, None, Vec::new());
        if let Some(s) = &s {
            if let Some(i) = s.current_item_id {
                item = view::item(&state.store, i).await?.filter(ItemView::is_open);
            }
            if let Some(i) = &item {
                floor = view::speakers(&state.store, i.id, s.first_time_first)
                    .await?
                    .0;
            }
            votes = view::votes(&state.store, s.id)
                .await?
                .into_iter()
                .filter(VoteView::is_open)
                .collect();
        }
        mine.push(Now {
            a,
            who,
            s,
            item,
            floor,
            votes,
        });
    }
    let others = if mine.is_empty() {
        list_assemblies(&state.store).await?
    } else {
        Vec::new()
    };
    Ok(render(&NowPage {
        page,
        mine,
        others,
        live_after,
    }))
}
