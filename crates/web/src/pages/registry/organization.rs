//! `/organizations/{id}`: an organization (public), its members for its secretaries and
//! administrators, and the forms to add members and assign secretaries.

use asamblea_app::Actor;
use asamblea_app::actions::registry::assign_secretary::may_become_secretary;
use asamblea_app::actions::registry::may_act_for;
use asamblea_app::domain::{AccountId, OrganizationId};
use asamblea_app::queries::accounts::list_accounts;
use asamblea_app::queries::federation::{delegation_choices, delegation_of};
use asamblea_app::queries::registry::{
    Member, Organization, Secretary, children, members_page, organization, secretaries,
};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{kind_label, manages_registry};
use crate::error::{PageError, render};
use crate::extract::{Path, Query};
use crate::page::PageCtx;
use crate::state::AppState;

pub struct Link {
    pub id: OrganizationId,
    pub short_name: String,
    pub name: String,
}

pub struct AccountOption {
    pub id: AccountId,
    pub label: String,
}

#[derive(Template)]
#[template(path = "registry/organization.html")]
struct OrganizationPage {
    page: PageCtx,
    org: Organization,
    kind: String,
    sector: String,
    parent: Option<Link>,
    children: Vec<Link>,
    /// A page of members, when the reader acts for the organization.
    members: Option<Vec<Member>>,
    /// How many members pass the search, the search, and the links to the pages around.
    matching: i64,
    find: String,
    newer: Option<String>,
    older: Option<String>,
    secretaries: Vec<Secretary>,
    can_act: bool,
    admin: bool,
    accounts: Vec<AccountOption>,
    error: Option<String>,
    /// Calls and platforms announced to the organization (the mandate area's block).
    announcements: String,
    /// The departmental assembly (slug, name) this organization is the delegation of.
    delegation_of: Option<(String, String)>,
    /// For administrators: the departmental assemblies it could stand for.
    delegation_choices: Vec<(String, String)>,
}

/// Members listed per page.
const PER_PAGE: i64 = 100;

/// Which members the page lists: `?find=…&from=…` (an offset, in steps of [`PER_PAGE`]).
#[derive(Debug, Default, Deserialize)]
pub struct MemberList {
    #[serde(default)]
    find: String,
    #[serde(default)]
    from: i64,
}

impl MemberList {
    fn link(&self, id: OrganizationId, from: i64) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        if !self.find.trim().is_empty() {
            q.append_pair("find", self.find.trim());
        }
        q.append_pair("from", &from.to_string());
        format!("/organizations/{id}?{}#members", q.finish())
    }
}

/// Renders the page, with an optional error in the member form.
pub(crate) async fn render_page(
    state: &AppState,
    page: PageCtx,
    id: OrganizationId,
    list: MemberList,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, PageError> {
    let org = organization(&state.store, id)
        .await?
        .ok_or_else(PageError::not_found)?;
    let parent = match org.parent_id {
        Some(p) => organization(&state.store, p).await?.map(|o| Link {
            id: o.id,
            short_name: o.short_name,
            name: o.name,
        }),
        None => None,
    };
    let children = children(&state.store, id)
        .await?
        .into_iter()
        .map(|o| Link {
            id: o.id,
            short_name: o.short_name,
            name: o.name,
        })
        .collect();
    let actor = page.user.clone().map(Actor::Account);
    let can_act = actor.as_ref().is_some_and(|a| may_act_for(a, id));
    let from = list.from.max(0);
    let (members, matching) = match (&actor, can_act) {
        (Some(a), true) => {
            let (rows, matching) =
                members_page(&state.store, a, id, &list.find, from, PER_PAGE).await?;
            (Some(rows), matching)
        }
        _ => (None, 0),
    };
    let newer = (from > 0).then(|| list.link(id, (from - PER_PAGE).max(0)));
    let older = (from + PER_PAGE < matching).then(|| list.link(id, from + PER_PAGE));
    let admin = manages_registry(&page);
    let secretaries = secretaries(&state.store, id).await?;
    let accounts = if admin {
        list_accounts(&state.store)
            .await?
            .into_iter()
            .filter(|a| may_become_secretary(a, id))
            .map(|a| AccountOption {
                id: a.id,
                label: format!("{} ({})", a.display_name, a.username),
            })
            .collect()
    } else {
        Vec::new()
    };
    let kind = kind_label(&page.i18n, org.kind);
    let sector = page.i18n.name_or("sector", &org.sector, &org.sector_name);
    let announcements = crate::pages::mandate::announcements_for(state, &page, id).await?;
    let delegation_of = delegation_of(&state.store, id).await?;
    let delegation_choices = if admin && delegation_of.is_none() && org.member_count == 0 {
        delegation_choices(&state.store).await?
    } else {
        Vec::new()
    };
    let t = OrganizationPage {
        announcements,
        delegation_of,
        delegation_choices,
        page,
        org,
        kind,
        sector,
        parent,
        children,
        members,
        matching,
        find: list.find,
        newer,
        older,
        secretaries,
        can_act,
        admin,
        accounts,
        error,
    };
    Ok((status, render(&t)).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<OrganizationId>,
    Query(list): Query<MemberList>,
) -> Result<Response, PageError> {
    render_page(&state, page, id, list, StatusCode::OK, None).await
}
