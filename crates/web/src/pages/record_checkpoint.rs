//! `/record/checkpoint`: the record's latest signed tree head (size, root, the signed note), the
//! log's verifier key, the witnesses and the latest checkpoint they cosigned; and
//! `/record/how-to-verify`: in plain words, how anyone keeps a checkpoint and checks the record
//! later (`asamblea record verify`, `asamblea witness`), and what each proves and does not.

use asamblea_app::actions::witnesses::may_manage_witnesses;
use asamblea_app::queries::assemblies::home_time_zone;
use asamblea_app::queries::witnesses::{cosignatures, latest_cosigned};
use asamblea_record::witness::{parse_checkpoint, split_note};
use askama::Template;
use axum::extract::State;
use axum::response::Response;

use crate::error::{PageError, render};
use crate::page::PageCtx;
use crate::pages::admin_witnesses::{WitnessRow, rfc3339, witness_rows};
use crate::state::AppState;

/// A checkpoint as the page shows it.
struct Head {
    size: u64,
    root: String,
    /// The note with the cosignatures it has.
    note: String,
}

/// One witness's cosignature: who, when (local time), on what size.
struct Cosig {
    witness: String,
    at: String,
    size: i64,
}

#[derive(Template)]
#[template(path = "record_checkpoint.html")]
struct CheckpointPage {
    page: PageCtx,
    head: Option<Head>,
    vkey: String,
    witnesses: Vec<WitnessRow>,
    /// Whether to link to `/admin/witnesses`.
    manage: bool,
    cosigned: Option<Head>,
    cosigs: Vec<Cosig>,
}

fn head_of(note: String) -> Option<Head> {
    let (body, _) = split_note(&note)?;
    let seen = parse_checkpoint(body).ok()?;
    Some(Head {
        size: seen.size,
        root: seen.root.to_string(),
        note,
    })
}

pub async fn checkpoint(
    State(state): State<AppState>,
    page: PageCtx,
) -> Result<Response, PageError> {
    let store = &state.store;
    let latest = store
        .latest_note()
        .await
        .map_err(asamblea_app::AppError::from)?;
    let head = match latest {
        Some(n) => {
            let cosigs = cosignatures(store, n.position).await?;
            head_of(asamblea_app::queries::witnesses::with_cosignatures(
                &n.note, &cosigs,
            ))
        }
        None => None,
    };
    let zone = home_time_zone(store).await?;
    let (cosigned, cosigs) = match latest_cosigned(store).await? {
        Some((note, list)) => (
            head_of(note),
            list.into_iter()
                .map(|c| Cosig {
                    at: page.i18n.date_time(&rfc3339(c.signed_at), &zone),
                    witness: c.witness,
                    size: c.position,
                })
                .collect(),
        ),
        None => (None, Vec::new()),
    };
    let manage = page
        .user
        .as_ref()
        .is_some_and(|u| may_manage_witnesses(&asamblea_app::Actor::Account(u.clone())));
    Ok(render(&CheckpointPage {
        head,
        vkey: store.verifier_key(),
        witnesses: witness_rows(&state, &page).await?,
        manage,
        cosigned,
        cosigs,
        page,
    }))
}

#[derive(Template)]
#[template(path = "record_how_to_verify.html")]
struct GuidePage {
    page: PageCtx,
    vkey: String,
}

pub async fn how_to_verify(State(state): State<AppState>, page: PageCtx) -> Response {
    render(&GuidePage {
        vkey: state.store.verifier_key(),
        page,
    })
}
