//! The latest platform of an assembly as JSON, CSV and PDF: its items in order, each with its
//! demand, and the resolution and act that adopted it.

use asamblea_app::queries::mandate::{self, PlatformView};
use asamblea_pdf::{Block, ColumnWidths, Document, Table};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::assembly;
use crate::error::PageError;
use crate::page::PageCtx;
use crate::pages::registry::csv_response;
use crate::state::AppState;

/// The latest platform of the assembly `slug` and the assembly's name, or a 404 page.
async fn latest(state: &AppState, slug: &str) -> Result<(String, PlatformView), PageError> {
    let a = assembly(state, slug).await?;
    let p = mandate::platforms(&state.store, a.id)
        .await?
        .into_iter()
        .next()
        .ok_or_else(PageError::not_found)?;
    Ok((a.name, p))
}

pub async fn json(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<PlatformView>, PageError> {
    Ok(Json(latest(&state, &slug).await?.1))
}

pub async fn csv(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let (_, p) = latest(&state, &slug).await?;
    let body = mandate::platform_csv(&p);
    Ok(csv_response(
        &format!("platform-{slug}-{}.csv", p.number),
        body,
    ))
}

pub async fn pdf(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let (name, p) = latest(&state, &slug).await?;
    let t = |k: &str| page.i18n.t(k);
    let mut doc = Document::new(format!("{}: {name}", t("mandate-platform")));
    doc.lang = Some(page.i18n.code().to_string());
    doc.meta.push(page.i18n.t_args(
        "mandate-platform-adopted",
        &[
            ("number", p.number.into()),
            ("resolution", p.resolution_number.into()),
        ],
    ));
    doc.meta.push(
        page.i18n
            .t_args("mandate-act", &[("position", p.act_position.into())]),
    );
    doc.push(Block::Table(Table {
        header: vec!["#".into(), t("mandate-demand"), t("mandate-field-body")],
        rows: p
            .items
            .iter()
            .map(|i| {
                vec![
                    i.position.to_string(),
                    i.demand_id.map(|d| format!("D{d}")).unwrap_or_default(),
                    i.body.clone(),
                ]
            })
            .collect(),
        widths: ColumnWidths::Relative(vec![1.0, 1.5, 10.0]),
    }));
    doc.footer = Some(format!("{} · {}", t("mandate-platform"), p.adopted_at));
    let bytes = asamblea_pdf::render(&doc);
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"platform-{slug}-{}.pdf\"", p.number),
            ),
        ],
        bytes,
    )
        .into_response())
}
